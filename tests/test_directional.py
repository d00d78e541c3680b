"""Directions and directional derivatives, against analytic answers.

D_u f = grad f . u = ||grad f|| cos(theta); for the hill at (1, 2), grad f = (8, 15).
"""

import nabla
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis.extra import numpy as hnp
from nabla.examples import POINT, hill

from .quadratics import SETTINGS, TOL, coords, quadratics


@SETTINGS
@given(quadratics(), hnp.arrays(float, 6, elements=coords))
def test_directional_derivative_is_largest_along_the_gradient(problem, v):
    f, g, x, scale = problem
    norm = np.linalg.norm(g)
    assume(x.size >= 2 and norm >= 1e-3 * scale)
    tol = 2 * TOL["central"] * scale
    along = nabla.unit_vector(g)
    assert abs(nabla.directional_derivative(f, x, along) - norm) <= tol
    assert abs(nabla.directional_derivative(f, x, -along) + norm) <= tol
    basis = nabla.tangent_basis(g)
    np.testing.assert_allclose(basis @ basis.T, np.eye(x.size - 1), atol=1e-12)
    for perpendicular in basis:
        assert abs(nabla.directional_derivative(f, x, perpendicular)) <= tol
    v = v[: x.size]
    assume(np.linalg.norm(v) > 1e-3)
    u = nabla.unit_vector(v)
    d = nabla.directional_derivative(f, x, u)
    assert abs(d - g @ u) <= tol  # D_u f = grad f . u = ||grad f|| cos(theta)
    assert d <= norm + tol


def test_unit_vector_and_its_refusals():
    np.testing.assert_allclose(nabla.unit_vector([3.0, -4.0]), [0.6, -0.8], rtol=1e-15)
    with pytest.raises(ValueError, match="v must not be the zero vector"):
        nabla.unit_vector([0.0, 0.0])
    with pytest.raises(ValueError, match="grad must not be the zero vector"):
        nabla.steepest_descent_direction([0.0, 0.0])


@pytest.mark.parametrize("theta", [0.0, 30.0, -90.0, 135.0, 180.0])
def test_direction_at_angle_turns_the_gradient(theta):
    grad = np.array([8.0, 15.0])
    u = nabla.direction_at_angle(grad, theta)
    assert np.linalg.norm(u) == pytest.approx(1.0, rel=1e-15)
    assert nabla.angle_between(u, grad) == pytest.approx(abs(theta), abs=1e-6)
    cross = grad[0] * u[1] - grad[1] * u[0]
    assert np.sign(cross) == np.sign(theta) or abs(theta) in (0.0, 180.0)


def test_angle_between_is_symmetric_and_ignores_length():
    assert nabla.angle_between([1.0, 0.0], [-3.0, 0.0]) == 180.0
    assert nabla.angle_between([1.0, 1.0], [0.0, 5.0]) == pytest.approx(45.0, rel=1e-14)
    assert nabla.angle_between([0.0, 5.0], [1.0, 1.0]) == pytest.approx(45.0, rel=1e-14)


@pytest.mark.parametrize("method", ["forward", "central"])
def test_default_step_along_u_follows_the_step_rule_of_the_largest_coordinate(method):
    """h = t * max(1, max|x_i|): the points tried lie that far from x along u."""
    x, u = np.array([1.0, -2000.0]), np.array([0.6, 0.8])
    tried = []

    def f(v):
        tried.append(v.copy())
        return float(v @ v)

    nabla.directional_derivative(f, x, u, method=method)
    h = nabla.default_step([2000.0], method)[0]
    distances = sorted(np.linalg.norm(p - x) for p in tried)
    np.testing.assert_allclose(distances[-1], h, rtol=1e-9)


@pytest.mark.parametrize("method", ["forward", "central", "complex"])
def test_rates_at_the_worked_point(method):
    for u, rate in (([1.0, 0.0], 8.0), ([0.6, 0.8], 16.8), ([-15 / 17, 8 / 17], 0.0)):
        d = nabla.directional_derivative(hill, POINT, u, method=method)
        assert d == pytest.approx(rate, abs=17 * TOL[method])
