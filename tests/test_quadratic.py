"""quadratic_spectrum on the text's Hessian X^T X = [[2, 3], [3, 5]], and against real runs.

Its characteristic polynomial is l^2 - 7 l + 1, so l = (7 ± sqrt 45) / 2; the eigenvector of l
is (3, l - 2).
"""

import math

import nabla
import numpy as np
import pytest

H = np.array([[2.0, 3.0], [3.0, 5.0]])
B = np.array([7.0, 12.0])
W_STAR = np.array([-1.0, 3.0])
L_MIN, L_MAX = (7 - math.sqrt(45)) / 2, (7 + math.sqrt(45)) / 2
SPECTRUM = nabla.quadratic_spectrum(H)


def eigenvector(lam):
    v = np.array([3.0, lam - 2.0])
    return v / np.linalg.norm(v)


def test_eigenvalues_are_analytic():
    np.testing.assert_allclose(SPECTRUM.eigenvalues, [L_MIN, L_MAX], rtol=1e-13)
    for lam in (L_MIN, L_MAX):
        np.testing.assert_allclose(H @ eigenvector(lam), lam * eigenvector(lam), rtol=1e-13)


def test_derived_quantities():
    assert SPECTRUM.condition_number == pytest.approx((7 + math.sqrt(45)) ** 2 / 4, rel=1e-12)
    assert SPECTRUM.max_stable_lr == pytest.approx(4 / (7 + math.sqrt(45)), rel=1e-13)
    assert SPECTRUM.best_lr == pytest.approx(2 / 7, rel=1e-13)


def test_contraction():
    kappa = SPECTRUM.condition_number
    assert SPECTRUM.contraction(2 / 7) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)
    assert SPECTRUM.contraction(0.1) == pytest.approx(1 - 0.1 * L_MIN, rel=1e-13)
    assert SPECTRUM.contraction(0.29) == pytest.approx(0.29 * L_MAX - 1, rel=1e-12)  # > 2/7
    assert SPECTRUM.contraction(SPECTRUM.max_stable_lr) == pytest.approx(1.0, rel=1e-13)
    assert SPECTRUM.steps_to_reduce(1.001 * SPECTRUM.max_stable_lr, 0.5) == math.inf
    assert SPECTRUM.steps_to_reduce(0.1, 1.0) == 0


def run(w0, lr, steps):
    return nabla.gradient_descent(lambda w: H @ w - B, w0, lr=lr, n_iter=steps).path


@pytest.mark.parametrize("lr", [0.05, 0.1, 2 / 7, 0.29])
@pytest.mark.parametrize("factor", [1e-1, 1e-3, 1e-6])
def test_steps_to_reduce_holds_for_a_real_run(lr, factor):
    k = SPECTRUM.steps_to_reduce(lr, factor)
    rng = np.random.default_rng(0)
    for w0 in [np.zeros(2), *rng.uniform(-10, 10, (5, 2))]:
        path = run(w0, lr, k)
        errors = np.linalg.norm(path - W_STAR, axis=1)
        assert errors[k] <= factor * errors[0] * (1 + 1e-9)
        # and each step shrinks the error by at most the contraction factor
        assert np.all(errors[1:] <= SPECTRUM.contraction(lr) * errors[:-1] * (1 + 1e-9))


@pytest.mark.parametrize("lr", [0.05, 0.1, 2 / 7, 0.29])
def test_steps_to_reduce_is_tight(lr):
    """From the slowest eigenvector the bound is attained: one step fewer is not enough."""
    factor = 1e-3
    k = SPECTRUM.steps_to_reduce(lr, factor)
    slowest = max((L_MIN, L_MAX), key=lambda lam: abs(1 - lr * lam))
    w0 = W_STAR + 10 * eigenvector(slowest)
    errors = np.linalg.norm(run(w0, lr, k) - W_STAR, axis=1)
    assert errors[k - 1] > factor * errors[0]
    assert errors[k] <= factor * errors[0] * (1 + 1e-9)


def test_random_spd_trace_and_determinant():
    rng = np.random.default_rng(3)
    for n in (2, 3, 5, 8):
        M = rng.standard_normal((n, n))
        A = M @ M.T + 0.1 * np.eye(n)
        s = nabla.quadratic_spectrum(A)
        assert np.all(np.diff(s.eigenvalues) >= 0)
        assert s.eigenvalues.sum() == pytest.approx(np.trace(A), rel=1e-12)
        assert np.prod(s.eigenvalues) == pytest.approx(np.linalg.det(A), rel=1e-9)
