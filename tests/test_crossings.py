"""Crossings of level sets, found from values of f alone, against shapes known exactly.

f = ||x||^2: a ray x + r u meets the circle ||p||^2 = c at r = -x.u + sqrt((x.u)^2 - ||x||^2 + c);
the nearest point of that circle to x is radial, at distance |sqrt(c) - ||x|||. f = a . x: the
level c is a line |c - a.x| / ||a|| away, and a circle around a point of it meets it at the two
points +-radius along the line. f = x1 x2 has a saddle at 0, where the level 0 is two crossing
lines. The hill's gradient is (2 x1 + 3 x2, 3 x1 + 3 x2^2).
"""

import math

import nabla
import numpy as np
import pytest
from nabla.crossings import circle_crossings, level_chord, nearest_on_level, ray_crossing
from nabla.examples import hill, hill_gradient


def sphere(x):
    return float(x @ x)


RNG = np.random.default_rng(4)


def test_ray_meets_a_circle_where_the_quadratic_says():
    for _ in range(50):
        x = RNG.uniform(-1, 1, 2)
        u = nabla.unit_vector(RNG.standard_normal(2))
        c = RNG.uniform(2.5, 9.0)  # x is inside the circle of radius sqrt(c)
        b = x @ u
        exact = -b + math.sqrt(b * b - x @ x + c)
        assert ray_crossing(sphere, x, u, c, r_max=5.0) == pytest.approx(exact, rel=1e-14)


def test_ray_takes_the_first_crossing():
    def f(v):
        return math.sin(v[0])

    r = ray_crossing(f, [0.0, 0.0], [1.0, 0.0], 0.5, r_max=3.0)
    assert r == pytest.approx(math.pi / 6, rel=1e-14)  # not 5 pi / 6


def test_ray_from_the_level_and_a_ray_that_never_arrives():
    assert ray_crossing(sphere, [3.0, 4.0], [1.0, 0.0], 25.0, r_max=1.0) == 0.0
    assert ray_crossing(sphere, [0.0, 0.0], [0.0, 1.0], 25.0, r_max=4.9) == math.inf
    assert ray_crossing(sphere, [0.0, 0.0], [0.0, 1.0], -1.0, r_max=100.0) == math.inf


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"u": [1.0, 1.0]}, "unit vector"),
        ({"u": [1.0, 0.0, 0.0]}, "shape of x"),
        ({"r_max": 0.0}, "r_max"),
        ({"n_scan": 0}, "n_scan"),
        ({"c": math.nan}, "c must be"),
    ],
)
def test_ray_bad_input(kwargs, match):
    args = {"u": [1.0, 0.0], "c": 4.0, "r_max": 3.0} | kwargs
    with pytest.raises(ValueError, match=match):
        ray_crossing(sphere, [0.0, 0.0], args.pop("u"), args.pop("c"), **args)


def test_ray_through_a_non_finite_value_is_an_error():
    with pytest.raises(ValueError, match="finite"):
        ray_crossing(lambda v: math.inf if v[0] > 0.5 else 0.0, [0.0], [1.0], 10.0, r_max=1.0)


@pytest.mark.parametrize("x", [[3.0, 4.0], [0.3, -0.4], [-1.0, 2.0]])
@pytest.mark.parametrize("c", [0.5, 4.0, 30.0])
def test_nearest_point_of_a_circle_is_radial(x, c):
    x = np.array(x)
    p = nearest_on_level(sphere, x, c, r_max=6.0)
    assert p.converged
    assert p.distance == pytest.approx(abs(math.sqrt(c) - np.linalg.norm(x)), rel=1e-12)
    np.testing.assert_allclose(p.point, x / np.linalg.norm(x) * math.sqrt(c), rtol=1e-7)
    assert math.cos(math.radians(p.angle)) * (p.point - x)[0] >= 0


def test_nearest_point_of_a_line():
    a = np.array([5.0, -12.0])  # ||a|| = 13
    p = nearest_on_level(lambda v: float(a @ v), [1.0, 1.0], 6.0, r_max=2.0)
    assert p.distance == pytest.approx(13.0 / 13.0, rel=1e-12)
    np.testing.assert_allclose(p.point, [1.0, 1.0] + a / 13.0, rtol=1e-7)


@pytest.mark.parametrize("dc", [0.5, 0.05, -0.05])
@pytest.mark.parametrize("x", [[1.0, 2.0], [-1.0, 0.5], [0.5, -0.8]])
def test_nearest_point_agrees_with_contour_spacing(x, dc):
    """Two methods, one with the gradient and Newton steps, one from rays alone."""
    x = np.array(x)
    ref = nearest_on_level(hill, x, hill(x) + dc, r_max=1.0)
    s = nabla.contour_spacing(hill, x, dc)
    assert s.measured == pytest.approx(ref.distance, rel=1e-10)
    np.testing.assert_allclose(s.foot, ref.point, rtol=1e-6)


def test_nearest_point_bad_input():
    with pytest.raises(ValueError, match="2 components"):
        nearest_on_level(sphere, [1.0, 0.0, 0.0], 4.0, r_max=1.0)
    with pytest.raises(ValueError, match="on the level"):
        nearest_on_level(sphere, [3.0, 4.0], 25.0, r_max=1.0)
    with pytest.raises(ValueError, match="no point"):
        nearest_on_level(sphere, [3.0, 4.0], 100.0, r_max=1.0)
    with pytest.raises(ValueError, match="n_angles"):
        nearest_on_level(sphere, [3.0, 4.0], 36.0, r_max=1.0, n_angles=4)


def test_circle_around_a_point_of_a_line():
    a = nabla.unit_vector([1.0, 2.0])
    x = np.array([0.4, -0.2])  # a . x = 0: x is on the level 0
    points = circle_crossings(lambda v: float(a @ v), x, 0.3)
    along = np.array([-a[1], a[0]])
    np.testing.assert_allclose(
        sorted(map(tuple, points)),
        sorted(map(tuple, [x + 0.3 * along, x - 0.3 * along])),
        atol=1e-14,
    )


def test_circle_around_a_point_of_a_circle():
    """Circles of radius R and s, centres R apart, meet at distance s^2 / 2R from x inwards."""
    big, s = 2.0, 0.5
    x = np.array([big, 0.0])
    points = circle_crossings(sphere, x, s)
    depth = s * s / (2 * big)
    expected = [
        [big - depth, math.sqrt(s * s - depth**2)],
        [big - depth, -math.sqrt(s * s - depth**2)],
    ]
    np.testing.assert_allclose(points, expected, atol=1e-14)


def test_saddle_minimum_and_a_chosen_level():
    assert len(circle_crossings(lambda v: v[0] * v[1], [0.0, 0.0], 0.1)) == 4
    assert len(circle_crossings(sphere, [0.0, 0.0], 0.1)) == 0
    assert len(circle_crossings(sphere, [0.0, 0.0], 0.1, c=0.01**2)) == 0  # r^2 = 0.01 > c
    assert len(circle_crossings(sphere, [1.0, 0.0], 0.1, c=1.0)) == 2


def test_circle_in_a_plane_of_three_dimensions():
    plane = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    points = circle_crossings(lambda v: v[2], [0.0, 5.0, 0.0], 0.2, plane=plane)
    np.testing.assert_allclose(points, [[0.2, 5.0, 0.0], [-0.2, 5.0, 0.0]], atol=1e-15)


def test_bad_plane():
    with pytest.raises(ValueError, match="orthonormal"):
        circle_crossings(sphere, [1.0, 0.0, 0.0], 0.1, plane=[[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]])
    with pytest.raises(ValueError, match="shape"):
        circle_crossings(sphere, [1.0, 0.0, 0.0], 0.1, plane=[[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="at least 2"):
        circle_crossings(sphere, [1.0], 0.1)


def test_chord_of_the_hill_turns_into_the_tangent_like_radius_squared():
    points = RNG.uniform([-4.0, -1.0], [1.5, 3.0], (30, 2))
    points = points[np.linalg.norm(hill_gradient(points), axis=1) > 1.0]
    for x in points:
        g = nabla.unit_vector(hill_gradient(x))
        cosines = [abs(level_chord(hill, x, r) @ g) for r in (1e-1, 1e-2, 1e-3)]
        assert cosines[2] <= 1e-5
        if cosines[0] > 1e-8:  # above rounding: the error falls a hundredfold per decade
            assert cosines[1] / cosines[0] == pytest.approx(0.01, rel=0.2)


def test_chords_in_random_planes_are_orthogonal_to_the_gradient_in_3d():
    def f(v):
        return v[0] ** 2 + 2 * v[1] ** 2 + 3 * v[2] ** 2 + v[0] * v[1] * v[2]

    for _ in range(20):
        x = RNG.uniform(0.5, 1.5, 3)
        grad = np.array([2 * x[0] + x[1] * x[2], 4 * x[1] + x[0] * x[2], 6 * x[2] + x[0] * x[1]])
        plane = np.linalg.qr(RNG.standard_normal((3, 2)))[0].T
        chord = level_chord(f, x, 1e-3, plane=plane)
        assert abs(chord @ nabla.unit_vector(grad)) <= 1e-5
        assert np.allclose(plane.T @ (plane @ chord), chord)  # the chord lies in the plane


def test_chord_at_a_saddle_or_a_minimum_is_an_error():
    with pytest.raises(ValueError, match="in 4 points"):
        level_chord(hill, [0.0, 0.0], 0.1)
    with pytest.raises(ValueError, match="in 0 points"):
        level_chord(hill, [-2.25, 1.5], 0.1)


def test_a_vectorized_f_gives_the_same_answers_in_fewer_calls():
    """The batched samples are the points the one-at-a-time scan visits, so every answer is
    the same to the last bit. A chord then costs under a quarter of the calls (the
    bisections still take one point at a time)."""
    calls = []

    def f(v):
        calls.append(np.shape(v))
        return hill(v)

    for x in ([1.0, 2.0], [0.8, -0.6], [-1.0, 0.5]):
        calls.clear()
        chord = level_chord(f, x, 1e-2)
        one_at_a_time = len(calls)
        calls.clear()
        assert np.array_equal(chord, level_chord(f, x, 1e-2, vectorized=True))
        assert (360, 2) in calls
        assert len(calls) < one_at_a_time / 4
        c = hill(np.array(x)) + 0.1
        near = nearest_on_level(f, x, c, r_max=1.0, n_angles=64)
        batched = nearest_on_level(f, x, c, r_max=1.0, n_angles=64, vectorized=True)
        assert (near.distance, near.angle) == (batched.distance, batched.angle)


def test_a_vectorized_f_must_map_a_batch_to_one_value_a_row():
    with pytest.raises(ValueError, match=r"f must map a batch of shape \(360, 2\) to 360 real"):
        level_chord(np.sum, [1.0, 0.0], 0.1, vectorized=True)  # one number for the batch
    values = lambda v: np.where(v[..., 0] > 0.5, np.inf, v[..., 0])  # noqa: E731
    with pytest.raises(ValueError, match="f returned inf"):  # read before any crossing
        ray_crossing(values, [0.0], [1.0], 10.0, r_max=1.0, vectorized=True)
    assert ray_crossing(values, [0.0], [1.0], 0.25, r_max=1.0, vectorized=True) == 0.25
