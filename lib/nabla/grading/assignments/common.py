"""Hints and helpers shared by the assignments."""

import numpy as np

from nabla.grading.judging import close

SIGN = "check the sign."
NOT_UNIT = (
    "your direction is not normalised: a direction u must have length 1, so divide the "
    "vector by its norm (np.linalg.norm)."
)
ASCENT = (
    "ascent instead of descent: that direction points uphill; descent goes the opposite way, "
    "along minus the gradient."
)
LOOSE = 1e-3
"""Tolerance for numbers worked out by hand (4 significant digits suffice)."""


def unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def is_unit(value, tol=1e-6):
    return value.ndim == 1 and abs(float(np.linalg.norm(value)) - 1.0) <= tol


def parallel(value, g, tol=1e-6):
    """value is a positive multiple of g (both non-zero)."""
    value = np.asarray(value, dtype=float)
    if value.shape != np.shape(g) or not np.any(value):
        return False
    return close(unit(value), unit(g), tol, tol)


def orthogonal(value, g, tol=1e-6):
    """value is a non-zero vector at a right angle to g."""
    value = np.asarray(value, dtype=float)
    if value.shape != np.shape(g) or not np.any(value):
        return False
    return abs(float(unit(value) @ unit(g))) <= tol
