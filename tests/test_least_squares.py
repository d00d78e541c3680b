"""The least-squares loss, its gradient and its minimiser, on random problems.

References: the gradient of 1/2 ||Xw - y||^2 by central differences, the minimiser by
numpy's SVD-based lstsq.
"""

import nabla
import numpy as np
import pytest


@pytest.mark.parametrize(("m", "n"), [(2, 2), (5, 3), (40, 7)])
def test_gradient_is_the_derivative_of_the_loss(m, n):
    rng = np.random.default_rng(m * n)
    X, y, w = rng.standard_normal((m, n)), rng.standard_normal(m), rng.standard_normal(n)
    numerical = nabla.gradient(lambda v: nabla.least_squares_loss(v, X, y), w)
    exact = nabla.least_squares_gradient(w, X, y)
    np.testing.assert_allclose(exact, numerical, rtol=1e-7, atol=1e-7 * np.abs(exact).max())


def test_loss_is_half_the_squared_residual():
    rng = np.random.default_rng(1)
    X, y, w = rng.standard_normal((6, 2)), rng.standard_normal(6), rng.standard_normal(2)
    r = nabla.residual(w, X, y)
    np.testing.assert_array_equal(r, X @ w - y)
    assert nabla.least_squares_loss(w, X, y) == pytest.approx(0.5 * np.sum(r**2), rel=1e-14)


@pytest.mark.parametrize(("m", "n"), [(3, 3), (20, 4)])
def test_normal_equations_agree_with_lstsq(m, n):
    rng = np.random.default_rng(m + n)
    X, y = rng.standard_normal((m, n)), rng.standard_normal(m)
    w = nabla.normal_equations(X, y)
    np.testing.assert_allclose(w, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-10)
    np.testing.assert_allclose(nabla.least_squares_gradient(w, X, y), 0.0, atol=1e-10)


def test_a_rank_deficient_x_is_refused_with_the_way_out():
    X = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])  # the second column is twice the first
    with pytest.raises(ValueError, match=r"rank 1 but 2 columns.*np.linalg.lstsq"):
        nabla.normal_equations(X, [1.0, 2.0, 3.0])
