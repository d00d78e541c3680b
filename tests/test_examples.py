"""The worked examples (nabla.examples), and the text's worked figures, each against its
hand-computed value.

f(x1, x2) = x1^2 + 3 x1 x2 + x2^3 at (1, 2): df/dx1 = 2 x1 + 3 x2 = 8, df/dx2 = 3 x1 + 3 x2^2 = 15,
||grad f|| = sqrt(64 + 225) = 17. Regression through (1, 2) and (2, 5): X = [[1, 1], [1, 2]],
y = (2, 5), X^T X = [[2, 3], [3, 5]], X^T y = (7, 12), w = (-1, 3) (the line y = 3x - 1).
"""

import nabla
import numpy as np
import pytest
from nabla import examples
from nabla.examples import POINT, X_TWO_POINTS, Y_TWO_POINTS, hill

GRAD = np.array([8.0, 15.0])
TOL = {"forward": 1e-6, "central": 1e-9, "complex": 1e-14}


def test_example_data_is_the_text():
    assert POINT.tolist() == [1.0, 2.0]
    assert X_TWO_POINTS.tolist() == [[1.0, 1.0], [1.0, 2.0]]
    assert Y_TWO_POINTS.tolist() == [2.0, 5.0]
    assert hill(POINT) == 1 + 3 * 2 + 8


@pytest.mark.parametrize("vectorized", [False, True])
@pytest.mark.parametrize("method", ["forward", "central", "complex"])
def test_gradient_8_15(method, vectorized):
    g = nabla.gradient(hill, POINT, method=method, vectorized=vectorized)
    np.testing.assert_allclose(g, GRAD, rtol=TOL[method])
    for i in range(2):
        assert nabla.partial(hill, POINT, i, method=method) == pytest.approx(GRAD[i], TOL[method])


def test_norm_17_and_descent_direction():
    g = nabla.gradient(hill, POINT)
    assert np.linalg.norm(g) == pytest.approx(17.0, rel=1e-10)
    np.testing.assert_allclose(nabla.steepest_descent_direction(g), [-8 / 17, -15 / 17], rtol=1e-10)
    np.testing.assert_allclose(nabla.unit_vector([8.0, 15.0]), [8 / 17, 15 / 17], rtol=1e-15)


@pytest.mark.parametrize(
    ("u", "expected"),
    [
        ([1.0, 0.0], 8.0),
        ([0.0, 1.0], 15.0),
        ([8 / 17, 15 / 17], 17.0),
        ([-15 / 17, 8 / 17], 0.0),
        ([-8 / 17, -15 / 17], -17.0),
    ],
    ids=["e1", "e2", "gradient", "perpendicular", "opposite"],
)
@pytest.mark.parametrize("method", ["forward", "central", "complex"])
def test_directional_derivatives(u, expected, method):
    d = nabla.directional_derivative(hill, POINT, u, method=method)
    assert d == pytest.approx(expected, abs=17 * TOL[method])


def test_normal_equations_pieces():
    X, y = X_TWO_POINTS, Y_TWO_POINTS
    np.testing.assert_array_equal(X.T @ X, [[2.0, 3.0], [3.0, 5.0]])
    np.testing.assert_array_equal(X.T @ y, [7.0, 12.0])
    np.testing.assert_allclose(nabla.normal_equations(X, y), [-1.0, 3.0], rtol=1e-12)
    assert nabla.least_squares_loss([-1.0, 3.0], X, y) == pytest.approx(0.0, abs=1e-24)
    assert nabla.least_squares_loss([0.0, 0.0], X, y) == 0.5 * (2**2 + 5**2)


def test_one_descent_step():
    X, y = X_TWO_POINTS, Y_TWO_POINTS
    w0 = np.zeros(2)
    np.testing.assert_array_equal(nabla.least_squares_gradient(w0, X, y), [-7.0, -12.0])
    numerical = nabla.gradient(lambda w: nabla.least_squares_loss(w, X, y), w0)
    np.testing.assert_allclose(numerical, [-7.0, -12.0], rtol=1e-9)
    run = nabla.gradient_descent(
        lambda w: nabla.least_squares_gradient(w, X, y), w0, lr=0.1, n_iter=1
    )
    np.testing.assert_allclose(run.path, [[0.0, 0.0], [0.7, 1.2]], rtol=1e-15)
    assert run.n_iter == 1
    assert not run.diverged


RNG_POINTS = np.random.default_rng(7).uniform(-3, 3, (6, 2))


@pytest.mark.parametrize(
    ("f", "grad_f"),
    [
        (examples.hill, examples.hill_gradient),
        (examples.ellipse, examples.ellipse_gradient),
        (examples.two_points_loss, examples.two_points_gradient),
    ],
    ids=["hill", "ellipse", "two points"],
)
def test_exact_gradients_match_differences(f, grad_f):
    for x in RNG_POINTS:
        np.testing.assert_allclose(grad_f(x), nabla.gradient(f, x), rtol=1e-8, atol=1e-8)


def test_batches_give_one_value_per_point():
    for f, grad_f in (
        (hill, examples.hill_gradient),
        (examples.ellipse, examples.ellipse_gradient),
    ):
        assert f(RNG_POINTS).shape == (6,)
        np.testing.assert_array_equal(grad_f(RNG_POINTS), [grad_f(x) for x in RNG_POINTS])


def test_rosenbrock_gradient_matches_the_complex_step():
    x = np.random.default_rng(8).uniform(-1.5, 1.5, 7)
    exact = nabla.gradient(examples.rosenbrock, x, method="complex")
    np.testing.assert_allclose(examples.rosenbrock_gradient(x), exact, rtol=1e-13)


def test_hill_hessian_is_the_derivative_of_the_gradient():
    for x in RNG_POINTS:
        rows = [nabla.gradient(lambda v, i=i: examples.hill_gradient(v)[i], x) for i in range(2)]
        np.testing.assert_allclose(examples.hill_hessian(x), rows, rtol=1e-8, atol=1e-8)


def test_hill_critical_points():
    """grad f = 0 at both; f = -27/16 at the minimum, where the Hessian is positive definite."""
    minimum, saddle = examples.HILL_MINIMUM, examples.HILL_SADDLE
    for p in (minimum, saddle):
        np.testing.assert_array_equal(examples.hill_gradient(p), [0.0, 0.0])
    assert hill(minimum) == -27 / 16
    assert np.all(np.linalg.eigvalsh(examples.hill_hessian(minimum)) > 0)
    assert np.linalg.det(examples.hill_hessian(saddle)) < 0


def test_two_point_minimiser_and_spectrum():
    """w* = (-1, 3); X^T X = [[2, 3], [3, 5]] has trace 7 and determinant 1."""
    np.testing.assert_allclose(examples.TWO_POINTS_MINIMISER, [-1.0, 3.0], rtol=0, atol=3e-15)
    spectrum = examples.TWO_POINTS_SPECTRUM
    root = np.sqrt(45.0)
    np.testing.assert_allclose(spectrum.eigenvalues, [(7 - root) / 2, (7 + root) / 2], rtol=1e-14)
    assert spectrum.best_lr == pytest.approx(2 / 7, rel=1e-15)
    assert examples.two_points_loss(examples.TWO_POINTS_START) == 14.5


def test_the_ellipse_and_the_direction_of_the_exercises():
    assert examples.ellipse(examples.ELLIPSE_POINT) == 8.0
    np.testing.assert_array_equal(examples.ellipse_gradient(examples.ELLIPSE_POINT), [4.0, 8.0])
    assert np.linalg.norm(examples.HILL_DIRECTION) == 5.0


def test_example_arrays_are_read_only():
    with pytest.raises(ValueError, match="read-only"):
        examples.POINT[0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        examples.X_TWO_POINTS[0, 0] += 1.0
