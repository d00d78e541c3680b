"""Level sets against shapes whose geometry is known exactly.

f = ||x||^2: the level c is the circle of radius sqrt(c), so the levels c and c + dc lie
sqrt(c + dc) - sqrt(c) apart while the prediction is dc / ||grad f|| = dc / (2 sqrt c); their
relative difference is (sqrt(1 + dc/c) - 1) / 2 ~ dc / (4c). f = a . x: planes exactly
|dc| / ||a|| apart. The text's hill f = x1^2 + 3 x1 x2 + x2^3 has gradient
(2 x1 + 3 x2, 3 x1 + 3 x2^2).
"""

import math

import nabla
import numpy as np
import pytest
from nabla.examples import POINT, hill, hill_gradient


def sphere(x):
    return float(x @ x)


def cross(a, b):
    return a[0] * b[1] - a[1] * b[0]


POINTS = np.random.default_rng(0).uniform(-3, 3, (40, 2))


@pytest.mark.parametrize("use_grad_f", [False, True])
def test_tangent_is_orthogonal_to_the_gradient(use_grad_f):
    for x in POINTS:
        g = hill_gradient(x)
        t = nabla.tangent(hill, x, grad_f=hill_gradient if use_grad_f else None)
        assert np.linalg.norm(t) == pytest.approx(1.0, abs=1e-14)
        assert abs(t @ g) <= 1e-9 * np.linalg.norm(g)
        assert cross(g, t) > 0  # counter-clockwise of the gradient


@pytest.mark.parametrize("n", [2, 3, 5, 10])
def test_tangent_basis_spans_the_orthogonal_complement(n):
    g = np.random.default_rng(n).standard_normal(n)
    basis = nabla.tangent_basis(g)
    assert basis.shape == (n - 1, n)
    np.testing.assert_allclose(basis @ g, 0, atol=1e-14 * np.linalg.norm(g))
    np.testing.assert_allclose(basis @ basis.T, np.eye(n - 1), atol=1e-14)


def test_level_curve_points_lie_on_the_level():
    x = POINT
    points = nabla.level_curve(hill, x, step=0.05, n_points=40)
    assert points.shape == (40, 2)
    np.testing.assert_array_equal(points[0], x)
    np.testing.assert_allclose([hill(p) for p in points], 15.0, rtol=1e-12)
    gaps = np.linalg.norm(np.diff(points, axis=0), axis=1)
    np.testing.assert_allclose(gaps, 0.05, rtol=0.01)  # one step along the curve each


@pytest.mark.parametrize("use_grad_f", [False, True])
def test_level_curve_of_a_circle(use_grad_f):
    """A tangent step of length s from radius r, pulled back radially, turns by atan(s / r)."""
    grad_f = (lambda v: 2 * v) if use_grad_f else None
    points = nabla.level_curve(sphere, [2.0, 0.0], step=0.1, n_points=30, grad_f=grad_f)
    np.testing.assert_allclose(np.hypot(*points.T), 2.0, rtol=1e-12)
    angles = np.unwrap(np.arctan2(points[:, 1], points[:, 0]))
    np.testing.assert_allclose(angles, np.arange(30) * math.atan(0.1 / 2), atol=1e-9)


MINIMUM = np.array([-2.25, 1.5])  # a local minimum: grad f = 0 there; f = -27/16


def test_project_to_level_reaches_the_level():
    for x in POINTS[np.linalg.norm(POINTS - MINIMUM, axis=1) > 1]:
        for c in (hill(x) - 1.0, hill(x) + 0.5, hill(x) + 3.0):
            p = nabla.project_to_level(hill, x, c)
            assert abs(hill(p) - c) <= 1e-12 * max(1.0, abs(c))


def test_project_to_circle_is_radial():
    x = np.array([3.0, 4.0])
    for c in (1.0, 24.0, 26.0, 100.0):
        np.testing.assert_allclose(nabla.project_to_level(sphere, x, c), x / 5 * math.sqrt(c))


def test_project_to_an_unreachable_level_fails():
    with pytest.raises(ValueError, match="no point"):
        nabla.project_to_level(sphere, [3.0, 4.0], -1.0)
    # Beside the saddle, the level below it lies across the saddle: the gradient steps from
    # here do not cross over, and the answer is an error, not a point off the level.
    with pytest.raises(ValueError, match="no point"):
        nabla.project_to_level(hill, [-2.19, 1.33], -2.6)


@pytest.mark.parametrize("x", [[3.0, 4.0], [0.5, -0.2], [1.0, 1.0, 1.0]])
@pytest.mark.parametrize("dc", [0.5, 1e-1, 1e-2, 1e-3, -1e-2])
def test_circle_spacing_is_exact(x, dc):
    x = np.array(x)
    c = x @ x
    s = nabla.contour_spacing(sphere, x, dc)
    assert s.measured == pytest.approx(abs(math.sqrt(c + dc) - math.sqrt(c)), rel=1e-8)
    assert s.predicted == pytest.approx(abs(dc) / (2 * math.sqrt(c)), rel=1e-9)
    np.testing.assert_allclose(s.foot, x * math.sqrt((c + dc) / c), rtol=1e-10)


def test_circle_prediction_error_shrinks_linearly_in_dc():
    x = np.array([3.0, 4.0])  # c = 25
    for dc in (1.0, 0.1, 0.01, 0.001):
        exact = (math.sqrt(1 + dc / 25) - 1) / 2  # relative error of the prediction
        rel = nabla.contour_spacing(sphere, x, dc).rel_error
        assert rel == pytest.approx(exact, rel=1e-4)
        assert rel == pytest.approx(dc / 100, rel=0.01)


def test_plane_spacing_is_exactly_the_prediction():
    a = np.array([3.0, -4.0, 12.0])  # ||a|| = 13
    for dc in (13.0, 0.5, -2.0):
        s = nabla.contour_spacing(lambda v: float(a @ v), np.array([1.0, 1.0, 1.0]), dc)
        assert s.measured == pytest.approx(abs(dc) / 13, rel=1e-9)
        assert s.predicted == pytest.approx(abs(dc) / 13, rel=1e-9)


def test_hill_spacing_converges_to_the_prediction():
    """No closed form for the hill, but the foot must be the nearest point of the level."""
    x = POINT
    rel_errors = []
    for dc in (0.4, 0.04, 0.004):
        s = nabla.contour_spacing(hill, x, dc)
        assert hill(s.foot) == pytest.approx(15.0 + dc, rel=1e-12)
        offset, normal = s.foot - x, hill_gradient(s.foot)
        size = np.linalg.norm(offset) * np.linalg.norm(normal)
        assert abs(cross(offset, normal)) <= 1e-9 * size
        assert s.predicted == pytest.approx(dc / 17, rel=1e-9)
        rel_errors.append(s.rel_error)
    ratios = np.array(rel_errors[1:]) / rel_errors[:-1]
    np.testing.assert_allclose(ratios, 0.1, rtol=0.1)


def test_spacing_settles_with_the_exact_gradient():
    """With central differences the foot of a circle can keep moving by about 1e-12 (the
    differences' own error) and never settle to FOOT_TOL; with the exact gradient it does."""
    x = np.array([0.5, -0.2])
    assert not nabla.contour_spacing(sphere, x, 0.1).converged
    exact = nabla.contour_spacing(sphere, x, 0.1, grad_f=lambda v: 2 * v)
    assert exact.converged
    assert exact.measured == pytest.approx(math.sqrt(0.39) - math.sqrt(0.29), rel=1e-12)


def test_spacing_says_when_its_search_did_not_settle():
    """On the hill the foot moves for a few rounds before it settles; one round is too few."""
    x, dc = POINT, 0.4
    settled = nabla.contour_spacing(hill, x, dc)
    cut_short = nabla.contour_spacing(hill, x, dc, max_iter=1)
    assert settled.converged
    assert not cut_short.converged
    assert not nabla.contour_spacing(hill, x, dc, max_iter=0).converged
    assert hill(cut_short.foot) == pytest.approx(15.0 + dc, rel=1e-12)  # on the level, not nearest
    assert cut_short.measured > settled.measured
