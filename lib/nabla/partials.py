"""Partial derivatives and gradients by finite differences.

Three difference formulas, one step rule:

- ``"forward"``: (f(x + h e_i) - f(x)) / h, error O(h);
- ``"central"``: (f(x + h e_i) - f(x - h e_i)) / 2h, error O(h^2);
- ``"complex"``: Im f(x + i h e_i) / h, the complex step: no subtraction, so no
  cancellation; f must accept complex input.

The default step is relative, ``h_i = t * max(1, abs(x_i))``, with t = eps^(1/2) for
forward and eps^(1/3) for central differences: each balances the truncation
error of its formula against the rounding error of the subtraction. The
quotient divides by the step the machine actually represents, (x_i + h_i) - x_i,
not by the h that was asked for.
"""

import numpy as np

from nabla import _validate

EPS = np.finfo(float).eps
METHODS = ("forward", "central", "complex")
RELATIVE_STEP = {"forward": EPS ** (1 / 2), "central": EPS ** (1 / 3), "complex": 1e-20}
CHUNK_BYTES = 8 * 2**20
"""Largest batch of perturbed points passed to a vectorised f in one call (8 MB).

Measured at n = 1000 (benchmarks/README.md): one 16 MB batch is memory-bound, and batches
under 4 MB are slowed, in a fresh process, by the page faults of f's temporaries, which
numpy backs with huge pages only from 4 MB on; 8 MB chunks are fast in both cases."""


def relative_step(scale, method):
    """The step rule, ``t * max(1, scale)``: t is the method's relative step (RELATIVE_STEP)
    and ``scale`` the size of the coordinate (an array: one step per entry)."""
    return RELATIVE_STEP[method] * np.maximum(1.0, scale)


def default_step(x, method="central"):
    """The default relative step ``h_i = t * max(1, abs(x_i))`` for each coordinate.

    Parameters
    ----------
    x : array_like, shape (n,)
        The point.
    method : {"forward", "central", "complex"}

    Returns
    -------
    ndarray, shape (n,)
        The step for each coordinate, in the units of x.

    Examples
    --------
    >>> default_step([0.0, 1000.0], "forward")
    array([1.49011612e-08, 1.49011612e-05])
    """
    x = _validate.vector(x)
    _validate.choice(method, METHODS, "method")
    return relative_step(np.abs(x), method)


def _steps(x, h, method):
    if h is None:
        return relative_step(np.abs(x), method)
    try:
        arr = np.broadcast_to(np.asarray(h, dtype=float), x.shape)
    except (TypeError, ValueError):
        raise ValueError(f"h must be a number or an array of shape {x.shape}, got {h!r}") from None
    if not np.all(np.isfinite(arr) & (arr > 0)):
        raise ValueError(f"h must be finite and > 0, got {h!r}")
    return arr.astype(float)


def _value(f, point, where, method):
    return _validate.scalar_output(f, point, where, complex_step=method == "complex")


def _at(i, sign="+"):
    return f"at x {sign} h e_{i} (differentiating with respect to x[{i}])"


def _step_too_small(i, h_i, x_i):
    return ValueError(
        f"h = {h_i:g} is too small to change x[{i}] = {x_i:g} in floating point; "
        f"use h > {np.spacing(abs(x_i)):g}"
    )


def _coordinate(f, x, i, h_i, method, f0=None):
    """One partial derivative by the chosen difference formula."""
    if method == "complex":
        point = x.astype(complex)
        point[i] += 1j * h_i
        return _value(f, point, _at(i, "+ i"), method).imag / h_i
    up = x.copy()
    up[i] = x[i] + h_i
    h_up = up[i] - x[i]
    if h_up == 0:
        raise _step_too_small(i, h_i, x[i])
    f_up = _value(f, up, _at(i), method)
    if method == "forward":
        return (f_up - f0) / h_up
    down = x.copy()
    down[i] = x[i] - h_i
    f_down = _value(f, down, _at(i, "-"), method)
    return (f_up - f_down) / (h_up + (x[i] - down[i]))


def partial(f, x, i, *, h=None, method="central"):
    """The partial derivative of f with respect to x_i at x.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for x of shape (n,).
    x : array_like, shape (n,)
        The point; finite.
    i : int
        The coordinate, 0 <= i < n.
    h : float, optional
        The step along e_i, in the units of x_i. Default: the relative step
        of :func:`default_step`.
    method : {"central", "forward", "complex"}

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If f is not callable.
    ValueError
        If x is not a finite 1-D array, i is out of range, h <= 0, the
        method is unknown, or f returns a non-scalar or non-finite value.

    Examples
    --------
    >>> f = lambda x: x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 3
    >>> round(partial(f, [1.0, 2.0], 0), 8), round(partial(f, [1.0, 2.0], 1), 8)
    (8.0, 15.0)
    """
    _validate.callable_arg(f)
    x = _validate.vector(x)
    i = _validate.index(i, x.size)
    _validate.choice(method, METHODS, "method")
    h_i = _steps(x, h, method)[i]
    f0 = _value(f, x, "at x", method) if method == "forward" else None
    return float(_coordinate(f, x, i, h_i, method, f0))


def gradient(f, x, *, h=None, method="central", vectorized=False):
    """The gradient of f at x, one partial derivative per coordinate.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for x of shape (n,). With ``vectorized=True``,
        ``f(X)`` takes a batch X of shape (m, n) and returns shape (m,).
    x : array_like, shape (n,)
        The point; finite.
    h : float or array_like of shape (n,), optional
        Steps in the units of x. Default: :func:`default_step`.
    method : {"central", "forward", "complex"}
        Central costs 2n evaluations of f, forward n + 1, complex n.
    vectorized : bool
        Send all perturbed points through f in one call per chunk of at
        most ``CHUNK_BYTES`` (8 MB) instead of one call per point.

    Returns
    -------
    ndarray, shape (n,)
        Never a scalar, even when n = 1.

    Raises
    ------
    TypeError
        If f is not callable.
    ValueError
        If x is not a finite 1-D array, h <= 0, the method is unknown, or f
        returns a value of the wrong shape or a non-finite value (the message
        names the coordinate being differentiated).

    Examples
    --------
    >>> f = lambda x: x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 3
    >>> gradient(f, [1.0, 2.0]).round(8)
    array([ 8., 15.])
    >>> gradient(f, [1.0, 2.0], method="complex")
    array([ 8., 15.])
    """
    _validate.callable_arg(f)
    x = _validate.vector(x)
    _validate.choice(method, METHODS, "method")
    steps = _steps(x, h, method)
    if vectorized:
        return _batched_gradient(f, x, steps, method, custom_h=h is not None)
    f0 = _value(f, x, "at x", method) if method == "forward" else None
    return np.array([_coordinate(f, x, i, steps[i], method, f0) for i in range(x.size)])


def _batch_values(f, points, first=None, k=1):
    """f over a batch whose row r moves coordinate ``first + r % k`` (first None: x itself)."""
    out = np.asarray(f(points))
    if out.shape != (len(points),):
        raise ValueError(
            f"with vectorized=True, f must map a batch of shape {points.shape} "
            f"to shape ({len(points)},), got shape {out.shape}"
        )
    kind = "complex" if points.dtype.kind == "c" else "real"
    if out.dtype.kind not in ("biufc" if kind == "complex" else "biuf"):
        raise ValueError(
            f"with vectorized=True, f must return {kind} numbers, got dtype {out.dtype}"
        )
    if not np.isfinite(out).all():
        bad = int(np.flatnonzero(~np.isfinite(out))[0])
        where = "at x" if first is None else _at(first + bad % k, "-" if bad >= k else "+")
        raise ValueError(f"f returned {out[bad]} {where}; f must be finite near x")
    return out


def _batched_gradient(f, x, steps, method, custom_h=True):
    """All perturbed points through f, one call per chunk of at most CHUNK_BYTES.

    Row r of a chunk for coordinates a, ..., b - 1 is x with x[a + r] moved up (and row
    k + r, for central differences, x with x[a + r] moved down).
    """
    n, central = x.size, method == "central"
    if method == "complex":
        up, dtype = x + 1j * steps, complex
    else:
        up, dtype = x + steps, float
        span = up - x  # the step actually represented; never 0 at the default step
        if custom_h and not span.all():
            i = int(np.flatnonzero(span == 0)[0])
            raise _step_too_small(i, steps[i], x[i])
        if central:
            down = x - steps
            span += x - down  # the represented distance from x - h to x + h
    rows = 2 if central else 1
    per_chunk = max(1, CHUNK_BYTES // (rows * n * np.dtype(dtype).itemsize))
    f0 = _batch_values(f, x[None, :])[0] if method == "forward" else None
    grad = np.empty(n)
    for a in range(0, n, per_chunk):
        b = min(n, a + per_chunk)
        k = b - a
        moved = np.arange(k)  # row r moves coordinate a + r
        points = np.empty((rows * k, n), dtype)
        points[:] = x
        points[moved, a + moved] = up[a:b]
        if central:
            points[k + moved, a + moved] = down[a:b]
        values = _batch_values(f, points, a, k)
        if method == "complex":
            grad[a:b] = values.imag / steps[a:b]
        elif central:
            grad[a:b] = (values[:k] - values[k:]) / span[a:b]
        else:
            grad[a:b] = (values - f0) / span[a:b]
    return grad
