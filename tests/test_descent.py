"""gradient_descent on the text's least-squares problem, checked step by step.

X = [[1, 1], [1, 2]], y = (2, 5): grad f(w) = X^T X w - X^T y = [[2, 3], [3, 5]] w - (7, 12),
minimiser w* = (-1, 3), Hessian eigenvalues (7 ± sqrt 45) / 2.
"""

import math

import nabla
import numpy as np
import pytest
from nabla.examples import X_TWO_POINTS, Y_TWO_POINTS

H = np.array([[2.0, 3.0], [3.0, 5.0]])
B = np.array([7.0, 12.0])
W_STAR = np.array([-1.0, 3.0])
LAMBDA_MAX = (7 + math.sqrt(45)) / 2


def grad(w):
    return H @ w - B


def by_hand(w0, lr, steps):
    path = [np.asarray(w0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * grad(path[-1]))
    return np.array(path)


def test_path_is_the_update_rule():
    run = nabla.gradient_descent(grad, [0.0, 0.0], lr=0.1, n_iter=25)
    assert run.path.shape == (26, 2)
    assert run.n_iter == 25
    assert not run.converged
    assert not run.diverged
    np.testing.assert_allclose(run.path, by_hand([0.0, 0.0], 0.1, 25), rtol=1e-13, atol=1e-14)
    np.testing.assert_array_equal(run.x, run.path[-1])


def test_path_shape_in_higher_dimension():
    run = nabla.gradient_descent(lambda x: 2 * x, np.ones(7), lr=0.25, n_iter=3)
    assert run.path.shape == (4, 7)
    np.testing.assert_allclose(run.path[:, 0], [1.0, 0.5, 0.25, 0.125])


def test_converges_to_the_normal_equations_solution():
    run = nabla.gradient_descent(grad, [0.0, 0.0], lr=2 / 7, n_iter=10_000, tol=1e-10)
    assert run.converged
    assert not run.diverged
    assert run.n_iter < 10_000
    assert run.path.shape == (run.n_iter + 1, 2)
    assert np.linalg.norm(grad(run.x)) <= 1e-10
    assert np.linalg.norm(grad(run.path[-2])) > 1e-10  # it stopped at the first such iterate
    least_squares = nabla.normal_equations(X_TWO_POINTS, Y_TWO_POINTS)
    np.testing.assert_allclose(run.x, least_squares, atol=1e-9)
    np.testing.assert_allclose(run.x, W_STAR, atol=1e-9)


def test_already_converged_takes_no_step():
    run = nabla.gradient_descent(grad, W_STAR, lr=0.1, n_iter=5, tol=1e-12)
    assert run.converged
    assert run.n_iter == 0
    np.testing.assert_array_equal(run.path, [W_STAR])


def test_not_converged_when_tol_not_reached():
    run = nabla.gradient_descent(grad, [0.0, 0.0], lr=0.1, n_iter=3, tol=1e-10)
    assert not run.converged
    assert run.n_iter == 3


@pytest.mark.parametrize("factor", [1.01, 1.2, 2.0, 10.0])
def test_diverges_above_2_over_lambda_max(factor):
    run = nabla.gradient_descent(grad, [0.0, 0.0], lr=factor * 2 / LAMBDA_MAX, n_iter=100_000)
    assert run.diverged
    assert not run.converged
    assert run.n_iter < 100_000
    assert np.all(np.isfinite(run.path))
    assert np.linalg.norm(run.path[-1]) > 1e6  # it really blew up before stopping
    assert run.path.shape == (run.n_iter + 1, 2)


def test_just_below_2_over_lambda_max_converges():
    run = nabla.gradient_descent(
        grad, [0.0, 0.0], lr=0.99 * 2 / LAMBDA_MAX, n_iter=100_000, tol=1e-8
    )
    assert run.converged
    assert not run.diverged


def test_default_divergence_is_a_factor_of_the_start_size():
    """x doubles each step (grad = -x, lr = 1): from 1 it stops before passing 1e12 * 1,
    from 1000 before passing 1e12 * 1000."""
    assert nabla.descent.DIVERGENCE_FACTOR == 1e12
    for x0, last in ((1.0, 2.0**39), (1000.0, 1000.0 * 2.0**39)):  # 2^40 > 1e12 > 2^39
        run = nabla.gradient_descent(lambda x: -x, [x0], lr=1.0, n_iter=100)
        assert run.diverged
        assert run.path[-1, 0] == last


def test_max_norm_counts_as_diverged():
    run = nabla.gradient_descent(lambda x: -x, [1.0], lr=1.0, n_iter=50, max_norm=100.0)
    np.testing.assert_array_equal(run.path[:, 0], [1, 2, 4, 8, 16, 32, 64])
    assert run.diverged


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_non_finite_gradient_stops_with_diverged(bad):
    def sometimes_bad(w):
        return np.array([bad, 0.0]) if w[0] > 0.5 else grad(w)

    run = nabla.gradient_descent(sometimes_bad, [0.0, 0.0], lr=0.1, n_iter=100, tol=1e-12)
    # by hand: w1 = (0.7, 1.2) already has w[0] > 0.5
    assert run.diverged
    assert not run.converged
    assert run.n_iter == 1
    np.testing.assert_allclose(run.path, [[0.0, 0.0], [0.7, 1.2]])
    assert np.all(np.isfinite(run.path))


def test_callback_once_per_step():
    calls = []
    run = nabla.gradient_descent(
        grad, [0.0, 0.0], lr=0.1, n_iter=6, callback=lambda t, x: calls.append((t, x.copy()))
    )
    assert [t for t, _ in calls] == [1, 2, 3, 4, 5, 6]
    np.testing.assert_allclose([x for _, x in calls], by_hand([0.0, 0.0], 0.1, 6)[1:], rtol=1e-13)
    assert len(calls) == run.n_iter


def test_callback_stops_with_the_run():
    calls = []
    run = nabla.gradient_descent(
        grad, [0.0, 0.0], lr=2 / 7, n_iter=1000, tol=1e-6, callback=lambda t, x: calls.append(t)
    )
    assert calls == list(range(1, run.n_iter + 1))


def test_zero_steps_returns_x0():
    run = nabla.gradient_descent(grad, [0.5, -2.0], lr=0.1, n_iter=0)
    np.testing.assert_array_equal(run.path, [[0.5, -2.0]])
    np.testing.assert_array_equal(run.x, [0.5, -2.0])
    assert (run.n_iter, run.converged, run.diverged) == (0, False, False)


def test_inputs_are_not_modified():
    w0 = np.array([0.0, 0.0])

    def grad_that_scribbles(w):
        g = grad(w)
        w[:] = 99.0  # a careless grad_f must not corrupt the path
        return g

    run = nabla.gradient_descent(grad_that_scribbles, w0, lr=0.1, n_iter=3)
    np.testing.assert_array_equal(w0, [0.0, 0.0])
    np.testing.assert_allclose(run.path, by_hand([0.0, 0.0], 0.1, 3), rtol=1e-13)
