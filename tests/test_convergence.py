"""nabla.convergence: the closed form by eigenvectors against real gradient_descent runs.

On the text's problem H = X^T X = [[2, 3], [3, 5]], b = X^T y = (7, 12), w* = (-1, 3); the
eigenvalues are (7 -+ sqrt 45) / 2 with eigenvectors along (3, lambda - 2).
"""

import math

import nabla
import numpy as np
import pytest
from nabla.convergence import distances, error_modes, first_within

H = np.array([[2.0, 3.0], [3.0, 5.0]])
B = np.array([7.0, 12.0])
W_STAR = np.array([-1.0, 3.0])
L_MIN, L_MAX = (7 - math.sqrt(45)) / 2, (7 + math.sqrt(45)) / 2
LRS = [0.01, 0.1, 0.2, 2 / 7, 0.29, 0.3, 0.4]


def run(w0, lr, steps, h=H, b=B):
    return nabla.gradient_descent(lambda w: h @ w - b, w0, lr=lr, n_iter=steps)


def test_modes_of_the_text_problem_are_analytic():
    modes = error_modes(H, [0.0, 0.0], W_STAR)
    np.testing.assert_allclose(modes.eigenvalues, [L_MIN, L_MAX], rtol=1e-13)
    for k, lam in enumerate((L_MIN, L_MAX)):
        v = np.array([3.0, lam - 2.0]) / math.hypot(3.0, lam - 2.0)  # first entry > 0
        np.testing.assert_allclose(modes.eigenvectors[:, k], v, rtol=1e-12, atol=1e-15)
        assert modes.components[k] == pytest.approx(v @ (np.zeros(2) - W_STAR), rel=1e-12)
    np.testing.assert_allclose(modes.eigenvectors @ modes.components, -W_STAR, atol=1e-14)


@pytest.mark.parametrize("lr", LRS)
def test_closed_form_iterates_are_the_run(lr):
    path = run([0.0, 0.0], lr, 40).path
    modes = error_modes(H, [0.0, 0.0], W_STAR)
    scale = np.abs(path).max()
    np.testing.assert_allclose(modes.iterates(lr, 40), path, rtol=0, atol=1e-12 * max(1, scale))
    np.testing.assert_allclose(
        modes.distances(lr, 40), distances(path, W_STAR), rtol=1e-10, atol=1e-13
    )


@pytest.mark.parametrize("lr", [0.1, 2 / 7])
@pytest.mark.parametrize("tol", [1e-1, 1e-3, 1e-6])
def test_predicted_steps_to_tolerance_are_the_measured_ones(lr, tol):
    measured = first_within(distances(run([0.0, 0.0], lr, 3000).path, W_STAR), tol)
    predicted = first_within(error_modes(H, [0.0, 0.0], W_STAR).distances(lr, 3000), tol)
    assert measured is not None
    assert measured == predicted
    # and the slowest modes alone explain it: |c| r^t <= tol once the others are gone
    # (at lr = 2/7 both modes shrink at the same rate, so both count)
    modes = error_modes(H, [0.0, 0.0], W_STAR)
    rates = np.abs(1 - lr * modes.eigenvalues)
    slow = rates >= rates.max() - 1e-9
    size = np.linalg.norm(modes.components[slow])
    alone = math.log(tol / size) / math.log(rates.max())
    assert abs(measured - alone) <= 2


def test_random_spd_in_higher_dimension():
    rng = np.random.default_rng(7)
    for n in (3, 5, 8):
        M = rng.standard_normal((n, n))
        h = M @ M.T + 0.5 * np.eye(n)
        b = rng.standard_normal(n)
        w_star = np.linalg.solve(h, b)
        w0 = rng.uniform(-2, 2, n)
        lr = 1.0 / np.linalg.eigvalsh(h)[-1]
        path = run(w0, lr, 25, h, b).path
        modes = error_modes(h, w0, w_star)
        np.testing.assert_allclose(modes.iterates(lr, 25), path, atol=1e-10)
        np.testing.assert_allclose(modes.eigenvectors.T @ modes.eigenvectors, np.eye(n), atol=1e-12)
        first_rows = modes.eigenvectors[np.argmax(np.abs(modes.eigenvectors) > 1e-12, axis=0)]
        assert np.all(np.diag(first_rows) > 0)


def test_unstable_lr_overflows_to_inf_without_warning():
    d = error_modes(H, [0.0, 0.0], W_STAR).distances(1.0, 2000)
    assert d.shape == (2001,)
    assert np.isinf(d[-1])
    assert first_within(d, 1e-3) is None


def test_zero_steps():
    modes = error_modes(H, [0.5, 0.5], W_STAR)
    np.testing.assert_allclose(modes.iterates(0.1, 0), [[0.5, 0.5]], atol=1e-15)
    assert modes.distances(0.1, 0) == pytest.approx([np.linalg.norm([1.5, -2.5])], rel=1e-14)


def test_first_within():
    assert first_within([5.0, 4.0, 1.0], 1.0) == 2
    assert first_within([0.1], 1.0) == 0
    assert first_within([np.nan, np.inf, 2.0, 0.5], 1.0) == 3
    assert first_within([3.0, 2.0], 1.0) is None


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: first_within([], 1.0), "non-empty 1-D"),
        (lambda: first_within([[1.0]], 1.0), "non-empty 1-D"),
        (lambda: first_within(["a"], 1.0), "array of numbers"),
        (lambda: first_within([1.0], 0.0), "tol must be finite and > 0"),
        (lambda: distances([[0.0, 0.0]], [0.0]), r"target must have shape \(2,\)"),
        (lambda: distances([0.0, 0.0], [0.0, 0.0]), "path must be a non-empty 2-D"),
        (lambda: error_modes([[1.0, 2.0], [0.0, 1.0]], [0.0, 0.0], W_STAR), "symmetric"),
        (lambda: error_modes([[1.0, 0.0], [0.0, -1.0]], [0.0, 0.0], W_STAR), "positive definite"),
        (lambda: error_modes(H, [0.0, 0.0, 0.0], W_STAR), r"x0 must have shape \(2,\)"),
        (lambda: error_modes(H, [0.0, 0.0], [np.nan, 0.0]), "x_star must be finite"),
        (lambda: error_modes(H, [0.0, 0.0], W_STAR).distances(-0.1, 3), "lr must be finite"),
        (lambda: error_modes(H, [0.0, 0.0], W_STAR).iterates(0.1, -1), "n_iter must be >= 0"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
