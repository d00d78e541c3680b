"""Right answers to the practice questions, computed apart from :mod:`nabla.practice`.

Each rule takes a variant's arguments and answers the question its own way: difference
quotients from :func:`nabla.partial` and :func:`nabla.gradient` instead of the exact
derivatives, numpy's least squares and eigenvalues instead of the normal equations.
"""

import math
import re
from fractions import Fraction

import nabla
import numpy as np


def _loss(X, y):
    return lambda w: 0.5 * np.sum((X @ w - y) ** 2)


def _two_steps(f, x0, lr, n_iter):
    x = np.array(x0, dtype=float)
    for _ in range(n_iter):
        x = x - lr * nabla.gradient(f, x)
    return x


def _turned(g):
    return np.array([-g[1], g[0]]) / np.linalg.norm(g)


EXPECTED = {
    "partial": lambda f, x, i: nabla.partial(f, x, i),
    "forward-difference": lambda f, x, i, h: nabla.partial(f, x, i, h=h, method="forward"),
    "central-difference": lambda f, x, i, h: nabla.partial(f, x, i, h=h, method="central"),
    "gradient": nabla.gradient,
    "steepest-rate": lambda f, x: np.linalg.norm(nabla.gradient(f, x)),
    "descent-direction": lambda f, x: -nabla.unit_vector(nabla.gradient(f, x)),
    "rate-along": lambda f, x, v: nabla.directional_derivative(f, x, v / np.linalg.norm(v)),
    "rate-at-angle": lambda f, x, theta: (
        np.linalg.norm(nabla.gradient(f, x)) * np.cos(np.radians(theta))
    ),
    "smallest-rate": lambda f, x: -np.linalg.norm(nabla.gradient(f, x)),
    "unit-normal": lambda g, p: nabla.unit_vector(nabla.gradient(g, p)),
    "unit-tangent": lambda g, p: _turned(nabla.gradient(g, p)),
    "contour-spacing": lambda g, p, dc: nabla.contour_spacing(g, p, dc).predicted,
    "loss": lambda w, X, y: _loss(X, y)(w),
    "ls-gradient": lambda w, X, y: nabla.gradient(_loss(X, y), w),
    "line-fit": lambda X, y: np.linalg.lstsq(X, y, rcond=None)[0],
    "one-step": lambda w0, X, y: w0 - 0.1 * nabla.gradient(_loss(X, y), w0),
    "two-steps": _two_steps,
    "largest-lr": lambda X: 2 / np.linalg.eigvalsh(X.T @ X).max(),
}
"""Practice key -> ``rule(*args)``, the right answer (for unit-tangent, one of the two)."""


def as_fractions(value):
    """``value`` typed as fractions with the typographic minus, ``−7/2`` or ``[−7/2 3]``, when
    its entries are fractions with denominators up to 1000; else None."""
    parts = []
    for v in np.ravel(value):
        frac = Fraction(float(v)).limit_denominator(1000)
        if abs(float(frac) - v) > 1e-9 * max(1.0, abs(v)):
            return None
        parts.append(str(frac).replace("-", "\u2212"))
    return parts[0] if np.ndim(value) == 0 else "[" + " ".join(parts) + "]"


def typed(value, *, brackets=True):
    """``value`` as a reader would type it, to ten significant digits."""
    value = np.asarray(value, dtype=float)
    if not value.ndim:
        return f"{float(value):.10g}"
    text = ", ".join(f"{v:.10g}" for v in value)
    return f"({text})" if brackets else text


def spaced(text):
    """``text`` with spaces around brackets, commas, slashes and signs: ``( 8 , - 15 )``."""
    text = re.sub(r"\s*([()\[\],/])\s*", r" \1 ", text)
    return re.sub(r"(^|[(\[,/]\s*)([-\u2212])", r"\1\2 ", text.strip())


def surd(value, *, word=False):
    """``value`` written with square roots, ``2√3`` or ``−√5/5`` (``sqrt(5)`` with ``word``),
    when each entry is a rational times the root of a whole number; else None."""
    parts = []
    for v in np.ravel(value):
        square = Fraction(float(v) ** 2).limit_denominator(10**4)
        if abs(math.sqrt(square) - abs(v)) > 1e-12 * max(1.0, abs(v)):
            return None
        # |v| = √(p/q) = √(p q) / q, and p q = a² b with b free of squares
        a, b, q = 1, square.numerator * square.denominator, square.denominator
        for k in range(2, math.isqrt(b) + 1):
            while b % (k * k) == 0:
                a, b = a * k, b // (k * k)
        a, q = a // math.gcd(a, q), q // math.gcd(a, q)
        root = ("sqrt(%d)" if word else "√%d") % b if b > 1 else ""
        text = (str(a) if a > 1 or not root else "") + root + (f"/{q}" if q > 1 else "")
        parts.append("0" if v == 0 else ("\u2212" if v < 0 else "") + text)
    return parts[0] if np.ndim(value) == 0 else "(" + ", ".join(parts) + ")"
