"""Level sets {x : f(x) = c}: points on them, their tangents, their spacing.

The numbers behind two facts: grad f(x) is orthogonal to the level set
through x, and the level sets c and c + dc lie about dc / ||grad f(x)|| apart.
Gradients are central differences (:func:`~nabla.partials.gradient`) unless a
``grad_f`` is given.
"""

from dataclasses import dataclass

import numpy as np

from nabla import _validate
from nabla.directional import unit_vector
from nabla.partials import gradient

FOOT_TOL = 1e-13
""":func:`contour_spacing` has found the nearest point when its last move was at most
``FOOT_TOL * max(1, ||p||)``. With central-difference gradients (no ``grad_f``) the point
can keep moving by up to about 1e-11 of its size, the differences' own error, and the
search then ends after ``max_iter`` rounds with ``converged=False``."""


def _callables(f, grad_f):
    _validate.callable_arg(f)
    if grad_f is not None:
        _validate.callable_arg(grad_f, "grad_f")


def _grad(f, grad_f, x):
    g = gradient(f, x) if grad_f is None else np.asarray(grad_f(x), dtype=float)
    if g.shape != x.shape or not np.all(np.isfinite(g)):
        raise ValueError(f"grad_f must return finite values of shape {x.shape} at x = {x}")
    if not np.any(g):
        raise ValueError(f"grad f is zero at x = {x}: the level set has no tangent there")
    return g


def tangent_basis(grad):
    """An orthonormal basis of the directions orthogonal to grad, shape (n - 1, n).

    In 2-D the single row is grad turned 90 degrees counter-clockwise.

    Examples
    --------
    >>> tangent_basis([8.0, 15.0]) * 17
    array([[-15.,   8.]])
    """
    g = _validate.direction(grad, "grad")
    if g.size == 2:
        return np.array([[-g[1], g[0]]])
    q, _ = np.linalg.qr(np.column_stack([g, np.eye(g.size)]))
    return q[:, 1 : g.size].T


def tangent(f, x, *, grad_f=None):
    """The unit tangent of the level curve of a 2-D f through x.

    Examples
    --------
    >>> f = lambda x: x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 3
    >>> (tangent(f, [1.0, 2.0]) * 17).round(6)
    array([-15.,   8.])
    """
    _callables(f, grad_f)
    x = _validate.vector(x)
    if x.size != 2:
        raise ValueError(f"x must have 2 components for a level curve, got {x.size}")
    return tangent_basis(_grad(f, grad_f, x))[0]


def project_to_level(f, x, c, *, grad_f=None, tol=1e-12, max_iter=50):
    """The point near x where f = c, reached by Newton steps along the gradient.

    Parameters
    ----------
    f : callable
    x : array_like, shape (n,)
        The starting point.
    c : float
        The level.
    grad_f : callable, optional
    tol : float
        Stop when ``abs(f(p) - c) <= tol * max(1, abs(c))``.

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ValueError
        If no such point is found within ``max_iter`` steps.

    Examples
    --------
    >>> p = project_to_level(lambda x: x @ x, [1.0, 1.0], 8.0)
    >>> p.round(12)
    array([2., 2.])
    """
    _callables(f, grad_f)
    p = _validate.vector(x)
    c = _validate.real(c, "c")
    for _ in range(max_iter):
        gap = float(f(p)) - c
        if abs(gap) <= tol * max(1.0, abs(c)):
            return p
        g = _grad(f, grad_f, p)
        p = p - gap * g / (g @ g)
    raise ValueError(f"no point with f = {c} found near x = {x}; try a closer level c")


def level_curve(f, x, *, step, n_points, grad_f=None):
    """Points along the level curve of a 2-D f through x, shape (n_points, 2).

    Each point lies ``step`` further along the curve (counter-clockwise of
    the gradient): a step along the tangent, then a Newton correction back
    onto the level f(x).

    Examples
    --------
    >>> pts = level_curve(lambda x: x @ x, [1.0, 0.0], step=0.1, n_points=5)
    >>> bool(np.allclose(np.hypot(*pts.T), 1.0))
    True
    """
    _callables(f, grad_f)
    x = _validate.vector(x)
    _validate.positive(step, "step")
    n_points = _validate.count(n_points, "n_points")
    c = float(f(x))
    points = [x]
    while len(points) < n_points:
        p = points[-1]
        points.append(
            project_to_level(f, p + step * tangent(f, p, grad_f=grad_f), c, grad_f=grad_f)
        )
    return np.array(points[:n_points])


@dataclass(frozen=True)
class ContourSpacing:
    """The distance from x to the level f(x) + dc, measured and predicted.

    Attributes
    ----------
    measured : float
        The distance from x to the nearest point ``foot`` with f = f(x) + dc.
    predicted : float
        ``abs(dc) / norm(grad f(x))``.
    foot : ndarray, shape (n,)
    converged : bool
        The search for ``foot`` settled (its last move was at most :data:`FOOT_TOL`
        relative) within ``max_iter`` rounds; if not, ``foot`` is the last point reached.
    """

    measured: float
    predicted: float
    foot: np.ndarray
    converged: bool

    @property
    def rel_error(self):
        """``abs(predicted - measured) / measured``."""
        return abs(self.predicted - self.measured) / self.measured


def contour_spacing(f, x, dc, *, grad_f=None, max_iter=100):
    """Measure how far the level f(x) + dc lies from x, and compare with dc / ||grad f||.

    The nearest point p on the level set satisfies p - x parallel to
    grad f(p); it is found by alternating a projection of the offset onto
    grad f(p) with a Newton correction onto the level, for at most ``max_iter``
    rounds (the result says whether it settled).

    Raises
    ------
    ValueError
        If dc is zero or not finite, or no nearby point on the level is found.

    Examples
    --------
    >>> s = contour_spacing(lambda x: x @ x, [3.0, 4.0], 0.1)
    >>> round(s.predicted, 6), round(s.measured, 6), s.converged
    (0.01, 0.00999, True)
    """
    _callables(f, grad_f)
    x = _validate.vector(x)
    if _validate.real(dc, "dc") == 0:
        raise ValueError("dc must be non-zero: the level f(x) + dc is then the level of x")
    max_iter = _validate.count(max_iter, "max_iter")
    g = _grad(f, grad_f, x)
    level = float(f(x)) + dc
    p = project_to_level(f, x, level, grad_f=grad_f)
    converged = False
    for _ in range(max_iter):
        n = unit_vector(_grad(f, grad_f, p))
        q = project_to_level(f, x + ((p - x) @ n) * n, level, grad_f=grad_f)
        converged = np.linalg.norm(q - p) <= FOOT_TOL * max(1.0, np.linalg.norm(p))
        p = q
        if converged:
            break
    return ContourSpacing(
        measured=float(np.linalg.norm(p - x)),
        predicted=abs(dc) / float(np.linalg.norm(g)),
        foot=p,
        converged=bool(converged),
    )
