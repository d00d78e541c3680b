"""Where a level set meets a ray or a circle, found from values of f alone.

A reference for the facts about level sets that never uses a derivative. Each
point is found by looking for a change of sign of f - c and bisecting it, so
it depends only on where f takes the value c:

- :func:`ray_crossing`: how far a ray from x travels before it meets the
  level c;
- :func:`nearest_on_level`: the nearest point of a 2-D level set, the
  shortest such ray over all directions;
- :func:`circle_crossings` and :func:`level_chord`: where a small circle
  around x meets the level set through x, and the chord joining the two
  points. As the radius shrinks, the chord turns into the tangent.
"""

import math
from dataclasses import dataclass

import numpy as np

from nabla import _validate

GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0
MAX_HALVINGS = 200
"""Bisection stops when the bracket cannot shrink in floating point, which takes about
53 + log2(bracket / root) halvings: 200 get there unless the root is 1e44 times smaller
than the bracket."""
ANGLE_TOL = 1e-12
""":func:`nearest_on_level` has found the direction once the golden-section bracket is this
narrow, in radians."""
MAX_GOLDEN_STEPS = 200
"""Golden-section steps at most (each shrinks the bracket by 0.618: 60 reach ANGLE_TOL)."""
ORTHONORMAL_ATOL = 1e-10
"""Rows of a ``plane`` count as orthonormal when their Gram matrix is I within this."""


def _gap(f, point, c):
    value = float(f(point))
    if not math.isfinite(value):
        raise ValueError(f"f returned {value} at {point}; f must be finite along the search")
    return value - c


def _gaps(f, points, c, vectorized):
    """f - c at each row of ``points`` in turn, checked as it is used; with ``vectorized``,
    from one call of f on all the rows (a value past the crossing is then computed but never
    read, so it may be anything)."""
    if not vectorized:
        return (_gap(f, point, c) for point in points)
    values = np.asarray(f(points))
    if values.shape != (len(points),) or values.dtype.kind not in "biuf":
        raise ValueError(
            f"with vectorized=True, f must map a batch of shape {points.shape} to "
            f"{len(points)} real numbers, got {values.dtype} of shape {values.shape}"
        )
    return (_gap(lambda _, v=v: v, point, c) for v, point in zip(values, points, strict=True))


def _bisect(gap, lo, hi, gap_lo):
    """Shrink [lo, hi], on which gap changes sign, until it cannot shrink further."""
    for _ in range(MAX_HALVINGS):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        g = gap(mid)
        if g == 0.0:
            return mid
        if (g < 0.0) == (gap_lo < 0.0):
            lo, gap_lo = mid, g
        else:
            hi = mid
    return 0.5 * (lo + hi)


def ray_crossing(f, x, u, c, *, r_max, n_scan=256, vectorized=False):
    """The distance along the unit vector u from x to the first point where f = c.

    f(x + r u) - c is sampled at ``n_scan`` equal steps of r in (0, r_max];
    the first step across which it changes sign is bisected to the
    precision of a float. A crossing and a return within one step go unseen.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for x of shape (n,).
    x : array_like, shape (n,)
    u : array_like, shape (n,)
        A unit vector.
    c : float
        The level.
    r_max : float
        How far to look, in the units of x; > 0.
    n_scan : int
        Samples along the ray before bisecting; >= 1.
    vectorized : bool
        f also maps a batch of shape (m, n) to m values: the samples then take one call
        (the bisection still calls f at one point at a time).

    Returns
    -------
    float
        r >= 0 with f(x + r u) = c (within rounding); 0.0 if f(x) = c, and
        ``math.inf`` if f - c keeps its sign up to ``r_max``.

    Raises
    ------
    TypeError
        If f is not callable.
    ValueError
        If an argument is invalid or f returns a non-finite value.

    Examples
    --------
    >>> round(ray_crossing(lambda x: x @ x, [0.0, 0.0], [0.6, 0.8], 4.0, r_max=5.0), 12)
    2.0
    >>> ray_crossing(lambda x: x @ x, [0.0, 0.0], [1.0, 0.0], 4.0, r_max=1.0)
    inf
    """
    _validate.callable_arg(f)
    x = _validate.vector(x)
    u = _validate.unit(u)
    if u.shape != x.shape:
        raise ValueError(f"u must have the shape of x {x.shape}, got {u.shape}")
    c = _validate.real(c, "c")
    r_max = _validate.positive(r_max, "r_max")
    n_scan = _validate.count(n_scan, "n_scan")
    if n_scan < 1:
        raise ValueError("n_scan must be >= 1")

    def gap(r):
        return _gap(f, x + r * u, c)

    radii = r_max * np.arange(n_scan + 1) / n_scan
    gaps = _gaps(f, x + radii[:, None] * u, c, vectorized)
    lo, gap_lo = 0.0, next(gaps)
    if gap_lo == 0.0:
        return 0.0
    for hi, gap_hi in zip(radii[1:].tolist(), gaps, strict=True):
        if gap_hi == 0.0:
            return hi
        if (gap_hi < 0.0) != (gap_lo < 0.0):
            return _bisect(gap, lo, hi, gap_lo)
        lo, gap_lo = hi, gap_hi
    return math.inf


@dataclass(frozen=True)
class NearestPoint:
    """The result of :func:`nearest_on_level`.

    Attributes
    ----------
    distance : float
        The distance from x to the level set.
    point : ndarray, shape (2,)
        The point of the level set at that distance.
    angle : float
        The direction from x to ``point``, in degrees counter-clockwise from
        the x1 axis.
    converged : bool
        The golden-section search narrowed the direction to :data:`ANGLE_TOL` radians
        within :data:`MAX_GOLDEN_STEPS` steps.
    """

    distance: float
    point: np.ndarray
    angle: float
    converged: bool


def nearest_on_level(f, x, c, *, r_max, n_angles=720, n_scan=64, vectorized=False):
    """The point of the level set f = c of a 2-D f nearest to x, found along rays.

    A ray leaves x every ``360 / n_angles`` degrees (:func:`ray_crossing`
    with ``n_scan`` samples); around the shortest, the direction is refined
    by golden-section search until the angle stops changing. No derivative
    of f is used, so the result is a reference for methods that use one,
    such as :func:`~nabla.level_sets.contour_spacing`. The distance is
    flat in the angle at its minimum, so it comes out to about full
    precision while the angle and the point are good to about 1e-8
    relative.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for x of shape (2,).
    x : array_like, shape (2,)
    c : float
        The level; f(x) != c.
    r_max : float
        How far to look, > 0.
    n_angles : int
        Directions scanned before refining; >= 8.
    n_scan : int
        Samples along each ray.
    vectorized : bool
        As in :func:`ray_crossing`.

    Returns
    -------
    NearestPoint

    Raises
    ------
    ValueError
        If x has not 2 components, f(x) = c, or no ray meets the level
        within ``r_max``.

    Examples
    --------
    >>> p = nearest_on_level(lambda x: x @ x, [3.0, 4.0], 36.0, r_max=2.0)
    >>> round(p.distance, 12), p.point.round(6), p.converged
    (1.0, array([3.6, 4.8]), True)
    """
    _validate.callable_arg(f)
    x = _validate.vector(x)
    if x.size != 2:
        raise ValueError(f"x must have 2 components, got {x.size}")
    c = _validate.real(c, "c")
    if _gap(f, x, c) == 0.0:
        raise ValueError(f"f(x) = c = {c}: x is on the level, at distance 0")
    n_angles = _validate.count(n_angles, "n_angles")
    if n_angles < 8:
        raise ValueError(f"n_angles must be >= 8, got {n_angles}")

    def reach(theta):
        u = np.array([math.cos(theta), math.sin(theta)])
        return ray_crossing(f, x, u, c, r_max=r_max, n_scan=n_scan, vectorized=vectorized)

    step = 2.0 * math.pi / n_angles
    reaches = [reach(k * step) for k in range(n_angles)]
    best = int(np.argmin(reaches))
    if not math.isfinite(reaches[best]):
        raise ValueError(f"no point with f = {c} within r_max = {r_max} of x = {x}")
    a, b = (best - 1) * step, (best + 1) * step
    p, q = b - GOLDEN * (b - a), a + GOLDEN * (b - a)
    reach_p, reach_q = reach(p), reach(q)
    for _ in range(MAX_GOLDEN_STEPS):
        if reach_p <= reach_q:
            b, q, reach_q = q, p, reach_p
            p = b - GOLDEN * (b - a)
            reach_p = reach(p)
        else:
            a, p, reach_p = p, q, reach_q
            q = a + GOLDEN * (b - a)
            reach_q = reach(q)
        if b - a <= ANGLE_TOL:
            break
    theta, distance = (p, reach_p) if reach_p <= reach_q else (q, reach_q)
    if distance > reaches[best]:
        theta, distance = best * step, reaches[best]
    point = x + distance * np.array([math.cos(theta), math.sin(theta)])
    return NearestPoint(
        distance=float(distance),
        point=point,
        angle=math.degrees(theta) % 360.0,
        converged=b - a <= ANGLE_TOL,
    )


def _plane(plane, n):
    if plane is None:
        if n < 2:
            raise ValueError("x must have at least 2 components for a circle around it")
        return np.eye(n)[:2]
    basis = _validate.matrix(plane, "plane")
    if basis.shape != (2, n):
        raise ValueError(f"plane must have shape (2, {n}), got {basis.shape}")
    if not np.allclose(basis @ basis.T, np.eye(2), atol=ORTHONORMAL_ATOL):
        raise ValueError("the rows of plane must be orthonormal")
    return basis


def circle_crossings(f, x, radius, *, c=None, plane=None, n_angles=360, vectorized=False):
    """The points where a circle around x meets the level set f = c, shape (k, n).

    The circle is x + radius (cos t a + sin t b) for the orthonormal rows a,
    b of ``plane``. f - c is sampled at ``n_angles`` equal angles t, and
    each change of sign between neighbours is bisected in t.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for x of shape (n,).
    x : array_like, shape (n,)
        The centre, n >= 2.
    radius : float
        > 0, in the units of x.
    c : float, optional
        The level; by default f(x), the level set through x.
    plane : array_like, shape (2, n), optional
        Two orthonormal rows spanning the plane of the circle; by default
        the first two coordinate axes.
    n_angles : int
        Samples around the circle, >= 8; two crossings closer than
        ``2 pi / n_angles`` radians can be missed.
    vectorized : bool
        As in :func:`ray_crossing`: the samples round the circle take one call.

    Returns
    -------
    ndarray, shape (k, n)
        In order of increasing angle t in [0, 2 pi).

    Raises
    ------
    ValueError
        If an argument is invalid or f returns a non-finite value.

    Examples
    --------
    >>> circle_crossings(lambda x: x[0] + x[1], [0.0, 0.0], 2.0 ** 0.5).round(12)
    array([[-1.,  1.],
           [ 1., -1.]])
    """
    _validate.callable_arg(f)
    x = _validate.vector(x)
    radius = _validate.positive(radius, "radius")
    basis = _plane(plane, x.size)
    c = float(f(x)) if c is None else _validate.real(c, "c")
    n_angles = _validate.count(n_angles, "n_angles")
    if n_angles < 8:
        raise ValueError(f"n_angles must be >= 8, got {n_angles}")

    def at(t):
        return x + radius * (math.cos(t) * basis[0] + math.sin(t) * basis[1])

    def gap(t):
        return _gap(f, at(t), c)

    angles = 2.0 * math.pi * np.arange(n_angles + 1) / n_angles
    circle = x + radius * (
        np.cos(angles[:-1, None]) * basis[0] + np.sin(angles[:-1, None]) * basis[1]
    )
    gaps = list(_gaps(f, circle, c, vectorized))
    gaps.append(gaps[0])
    found = []
    for k in range(n_angles):
        g0, g1 = gaps[k], gaps[k + 1]
        if g0 == 0.0:
            found.append(float(angles[k]))
        elif g1 != 0.0 and (g0 < 0.0) != (g1 < 0.0):
            found.append(_bisect(gap, float(angles[k]), float(angles[k + 1]), g0))
    return np.array([at(t) for t in found]).reshape(len(found), x.size)


def level_chord(f, x, radius, *, plane=None, n_angles=360, vectorized=False):
    """The unit chord of the level set through x, across a circle of the given radius.

    The circle around x meets a smooth level curve through x in two
    points, one on either side; the chord from the first (in angle) to the
    second tends to a tangent of the level set as the radius shrinks, with
    an angle error of order radius squared.

    Parameters
    ----------
    f : callable
    x : array_like, shape (n,)
    radius : float
    plane : array_like, shape (2, n), optional
        As in :func:`circle_crossings`. In 3-D and above the chord is a
        tangent of the curve where the level set cuts this plane.
    n_angles : int
    vectorized : bool

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ValueError
        If the circle does not meet the level set in exactly two points:
        near a point where grad f = 0 it can meet it in none (a minimum) or
        in four (a saddle, where two branches of the level set cross).

    Examples
    --------
    >>> level_chord(lambda x: x[1] - x[0] ** 2, [0.0, 0.0], 0.1).round(3)
    array([-1.,  0.])
    """
    points = circle_crossings(f, x, radius, plane=plane, n_angles=n_angles, vectorized=vectorized)
    if len(points) != 2:
        raise ValueError(
            f"the circle of radius {radius} around x = {np.asarray(x)} meets the level set "
            f"through x in {len(points)} points, not 2: the level set is not a single "
            "smooth curve at this scale (is grad f zero nearby?)"
        )
    chord = points[1] - points[0]
    return chord / np.linalg.norm(chord)
