"""Checking a hand-written gradient against central differences."""

from dataclasses import dataclass

import numpy as np

from nabla import _validate
from nabla.partials import gradient

FLOOR_FRACTION = 1e-3
"""A coordinate's error is relative to its size, but never to less than this fraction of
the largest component (a component that should be 0 is judged on the gradient's scale)."""
FLOOR_MIN = 1e-12
"""The floor when every component is 0 (or nearly): the error is then absolute."""


@dataclass(frozen=True)
class GradientCheck:
    """The verdict of :func:`check_gradient`.

    Attributes
    ----------
    ok : bool
        True when every coordinate agrees within ``rtol``.
    max_rel_error : float
        The largest entry of ``rel_errors``.
    rel_errors : ndarray, shape (n,)
        Per coordinate, ``abs(a_i - n_i) / max(abs(a_i), abs(n_i), floor)``
        with ``floor = FLOOR_FRACTION * max(abs(a), abs(n))`` (1e-3 of the largest
        component, and at least ``FLOOR_MIN`` = 1e-12).
    worst : int
        The coordinate with the largest relative error.
    analytic, numerical : ndarray, shape (n,)
        The gradient under test and the central-difference estimate.
    """

    ok: bool
    max_rel_error: float
    rel_errors: np.ndarray
    worst: int
    analytic: np.ndarray
    numerical: np.ndarray


def check_gradient(f, grad_f, x, *, rtol=1e-5, h=None):
    """Compare grad_f(x) with the central-difference gradient of f at x.

    The error of each coordinate is relative to its own size, floored at a
    thousandth of the largest component so that a component which should be
    zero is judged against the gradient's scale rather than against
    rounding noise. Unlike an absolute norm of the difference, the verdict
    does not depend on the units of f or the dimension.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    grad_f : callable
        ``grad_f(x) -> ndarray of shape (n,)``, the gradient under test.
    x : array_like, shape (n,)
    rtol : float
        Largest accepted relative error per coordinate.
    h : float or array_like, optional
        Passed to :func:`~nabla.partials.gradient`.

    Returns
    -------
    GradientCheck

    Raises
    ------
    TypeError
        If f or grad_f is not callable.
    ValueError
        If x is not a finite 1-D array, rtol <= 0, or grad_f returns an
        array of the wrong shape or with non-finite entries.

    Examples
    --------
    >>> f = lambda x: x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 3
    >>> right = lambda x: [2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2]
    >>> wrong = lambda x: [2 * x[0] + 3 * x[1], 3 * x[0] + 2 * x[1] ** 2]
    >>> check_gradient(f, right, [1.0, 2.0]).ok
    True
    >>> result = check_gradient(f, wrong, [1.0, 2.0])
    >>> result.ok, result.worst
    (False, 1)
    """
    _validate.callable_arg(f)
    _validate.callable_arg(grad_f, "grad_f")
    x = _validate.vector(x)
    rtol = _validate.positive(rtol, "rtol")
    analytic = np.asarray(grad_f(x.copy()), dtype=float)
    if analytic.shape != x.shape:
        raise ValueError(f"grad_f must return shape {x.shape}, got {analytic.shape}")
    if not np.all(np.isfinite(analytic)):
        raise ValueError("grad_f returned a non-finite value")
    numerical = gradient(f, x, h=h)
    size = np.maximum(np.abs(analytic), np.abs(numerical))
    floor = max(FLOOR_FRACTION * float(size.max()), FLOOR_MIN)
    rel = np.abs(analytic - numerical) / np.maximum(size, floor)
    worst = int(np.argmax(rel))
    return GradientCheck(
        ok=bool(rel[worst] <= rtol),
        max_rel_error=float(rel[worst]),
        rel_errors=rel,
        worst=worst,
        analytic=analytic,
        numerical=numerical,
    )
