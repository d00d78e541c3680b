"""Directions: unit vectors, directional derivatives, steepest descent.

For a unit vector u, D_u f(x) = grad f(x) . u = ||grad f(x)|| cos(theta), where
theta is the angle between u and the gradient.
"""

import numpy as np

from nabla import _validate
from nabla.partials import METHODS, relative_step


def unit_vector(v):
    """v / ||v||, the unit vector pointing the same way as v.

    Parameters
    ----------
    v : array_like, shape (n,)

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ValueError
        If v is not a finite 1-D array or is the zero vector.

    Examples
    --------
    >>> unit_vector([8.0, 15.0]) * 17
    array([ 8., 15.])
    """
    return _validate.direction(v, "v")


def steepest_descent_direction(grad):
    """The unit vector of steepest descent, -grad / ||grad||.

    Examples
    --------
    >>> steepest_descent_direction([8.0, 15.0]) * 17
    array([ -8., -15.])
    """
    return -_validate.direction(grad, "grad")


def angle_between(u, v):
    """The angle between two non-zero vectors, in degrees, in [0, 180].

    Examples
    --------
    >>> float(angle_between([1.0, 0.0], [0.0, 2.0]))
    90.0
    """
    cos = _validate.direction(u, "u") @ _validate.direction(v, "v")
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def direction_at_angle(grad, theta_deg):
    """The unit vector at angle theta (degrees, counter-clockwise) from a 2-D gradient.

    Examples
    --------
    >>> direction_at_angle([8.0, 15.0], 180.0) * 17
    array([ -8., -15.])
    """
    g = _validate.direction(grad, "grad")
    if g.size != 2:
        raise ValueError(f"grad must have 2 components, got {g.size}")
    t = np.radians(theta_deg)
    c, s = np.cos(t), np.sin(t)
    return np.array([c * g[0] - s * g[1], s * g[0] + c * g[1]])


def directional_derivative(f, x, u, *, h=None, method="central"):
    """D_u f(x), the rate of change of f at x along the unit vector u.

    Computed as the derivative of the one-variable function
    t -> f(x + t u) at t = 0, so it costs two evaluations of f (central)
    whatever the dimension. The quotient divides by h itself: x + h u is
    not represented exactly along every coordinate at once.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for x of shape (n,).
    x : array_like, shape (n,)
    u : array_like, shape (n,)
        A unit vector: ||u|| = 1 within 1e-8.
    h : float, optional
        Step along u. Default: t * ``max(1, max(abs(x)))`` with the relative
        step t of the method.
    method : {"central", "forward", "complex"}

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If f is not callable.
    ValueError
        If x or u is not a finite 1-D array, their shapes differ, u is not
        of unit length, h <= 0 or the method is unknown.

    Examples
    --------
    >>> f = lambda x: x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 3
    >>> round(directional_derivative(f, [1.0, 2.0], [8 / 17, 15 / 17]), 6)
    17.0
    """
    _validate.callable_arg(f)
    x = _validate.vector(x)
    u = _validate.unit(u)
    if u.shape != x.shape:
        raise ValueError(f"u must have the shape of x {x.shape}, got {u.shape}")
    _validate.choice(method, METHODS, "method")
    if h is None:
        h = relative_step(np.max(np.abs(x)), method)
    h = _validate.positive(h, "h")
    complex_step = method == "complex"

    def value(point, where):
        return _validate.scalar_output(f, point, where, complex_step=complex_step)

    if complex_step:
        return value(x + 1j * h * u, "at x + i h u (differentiating along u)").imag / h
    f_up = value(x + h * u, "at x + h u (differentiating along u)")
    if method == "forward":
        return (f_up - value(x, "at x")) / h
    return (f_up - value(x - h * u, "at x - h u (differentiating along u)")) / (2 * h)
