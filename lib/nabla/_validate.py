"""Argument checks shared by the numerical modules.

Every public function validates its input here, so a bad argument fails with a
message that names it instead of a traceback from deep inside numpy.
"""

import numbers

import numpy as np


def callable_arg(f, name="f"):
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")
    return f


def _numbers(x, name, ndim, dtype=float):
    """``x`` as a non-empty array of ``ndim`` dimensions (a copy), or a message naming it."""
    kind = f"{ndim}-D"
    try:
        arr = np.array(x, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a {kind} array of numbers: {exc}") from None
    if arr.ndim != ndim or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty {kind} array, got shape {arr.shape}")
    return arr


def vector(x, name="x", *, dtype=float, finite=True):
    """Return ``x`` as a 1-D float array of shape (n,) with n >= 1, finite unless told."""
    arr = _numbers(x, name, 1, dtype)
    if finite and not np.isfinite(arr).all():
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise ValueError(f"{name} must be finite, but {name}[{bad}] = {arr[bad]}")
    return arr


def matrix(X, name="X"):
    """Return ``X`` as a finite 2-D float array, not empty."""
    arr = _numbers(X, name, 2)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


def real(value, name):
    """A finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    return float(value)


def positive(value, name):
    """A finite real number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number > 0, got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return float(value)


def count(value, name):
    """An integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return int(value)


def index(i, n, name="i"):
    if isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i < n:
        raise ValueError(f"{name} must be an integer in [0, {n}), got {i!r}")
    return int(i)


def choice(value, options, name):
    if value not in options:
        raise ValueError(f"{name} must be one of {sorted(options)}, got {value!r}")
    return value


def direction(v, name):
    """``v / ||v||`` for a finite non-zero vector v."""
    v = vector(v, name)
    norm = np.linalg.norm(v)
    if norm == 0:
        raise ValueError(f"{name} must not be the zero vector: it has no direction")
    return v / norm


def unit(u, name="u", *, atol=1e-8):
    u = vector(u, name)
    norm = float(np.linalg.norm(u))
    if abs(norm - 1.0) > atol:
        raise ValueError(
            f"{name} must be a unit vector but has norm {norm:.6g}; "
            f"normalise it first with {name} / np.linalg.norm({name}) "
            "(or nabla.unit_vector)"
        )
    return u


def scalar_output(f, point, where, *, complex_step=False):
    """f(point) as a float (a complex for the complex step), checked; ``where`` names the point
    in the message, such as ``"at x + h e_0 (differentiating with respect to x[0])"``."""
    out = np.asarray(f(point))
    if out.ndim != 0:
        raise ValueError(f"f must return a scalar, got an array of shape {out.shape} {where}")
    try:
        val = complex(out) if complex_step else float(out)
    except (TypeError, ValueError):
        raise ValueError(f"f must return a real number, got {out!r} {where}") from None
    if not np.isfinite(val):
        raise ValueError(f"f returned {val} {where}; f must be finite near x")
    return val
