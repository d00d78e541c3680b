"""Numbers and polynomials as a reader sees them in a practice question.

Text uses the typographic minus (U+2212) and Unicode sub- and superscripts, so a
question reads like the book and needs no typesetting when it changes in the page.
"""

from fractions import Fraction

import numpy as np

MINUS = "\u2212"
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUP = {1: "", 2: "²", 3: "³", 4: "⁴"}
SIGNIFICANT = 4
"""Significant digits of a rounded number, as many as the page asks for (they always pass);
a rounded number is shown after "≈"."""


def _text(v):
    """v as text and whether that text is exact: a decimal of up to 6 places, a fraction
    with a denominator up to 100, else rounded to :data:`SIGNIFICANT` digits."""
    tol = 1e-12 * max(1.0, abs(v))
    if abs(v) <= tol:
        return "0", True
    for places in range(7):
        if abs(round(v, places) - v) <= tol:
            return f"{v:.{places}f}".replace("-", MINUS), True
    frac = Fraction(v).limit_denominator(100)
    if abs(float(frac) - v) <= tol:
        return f"{frac.numerator}/{frac.denominator}".replace("-", MINUS), True
    return _rounded(v), False


def _rounded(v):
    places = max(0, SIGNIFICANT - 1 - int(np.floor(np.log10(abs(v)))))
    return f"{v:.{places}f}".replace("-", MINUS)


def number(v):
    """A number as the text writes it: exact when it is a short decimal or a simple
    fraction, else rounded to :data:`SIGNIFICANT` digits (write "≈" before it, or use
    :func:`answer`).

    Examples
    --------
    >>> number(-3.5), number(2 / 7), number(np.sqrt(2)), number(-0.0), number(1.1**3)
    ('−3.5', '2/7', '1.414', '0', '1.331')
    >>> number(np.sqrt(2) / 100), number(-1000 * np.sqrt(2))
    ('0.01414', '−1414')
    """
    return _text(float(v))[0]


def answer(v):
    """A result with its relation sign: ``= 16.8``, ``= 2/7 ≈ 0.2857`` or ``≈ 1.414``.

    Examples
    --------
    >>> answer(16.8), answer(2 / 7), answer(np.array([0.6, -0.8])), answer(np.sqrt(2))
    ('= 16.8', '= 2/7 ≈ 0.2857', '= (0.6, −0.8)', '≈ 1.414')
    """
    v = np.asarray(v, dtype=float)
    if v.ndim:
        exact = all(_text(float(c))[1] for c in v)
        return ("= " if exact else "≈ ") + vector(v)
    text, exact = _text(float(v))
    if not exact:
        return f"≈ {text}"
    return f"= {text} ≈ {_rounded(float(v))}" if "/" in text else f"= {text}"


def vector(v):
    """``(8, 15)``.

    Examples
    --------
    >>> vector([8.0, -15.0])
    '(8, −15)'
    """
    return "(" + ", ".join(number(c) for c in v) + ")"


def factor(v):
    """A number as a factor in a product: parenthesised when negative."""
    text = number(v)
    return f"({text})" if text.startswith(MINUS) else text


def dot(a, b):
    """A dot product written out.

    Examples
    --------
    >>> dot([8.0, -15.0], [3.0, 4.0])
    '8·3 + (−15)·4'
    """
    return " + ".join(f"{factor(c)}·{factor(d)}" for c, d in zip(a, b, strict=True))


def squares(v):
    """A squared length written out.

    Examples
    --------
    >>> squares([8.0, -15.0])
    '8² + (−15)²'
    """
    return " + ".join(f"{factor(c)}²" for c in v)


def root(s):
    """The square root of a whole number ``s``: ``13`` when it is whole, else ``√5``.

    Examples
    --------
    >>> root(169.0), root(5.0)
    ('13', '√5')
    """
    r = round(float(s) ** 0.5)
    return number(r) if r * r == round(s) else f"√{number(s)}"


def variable(i):
    """x₁ for i = 0 (coordinates count from 0 in code, from 1 in the text)."""
    return f"x{i + 1}".translate(SUB)


class Polynomial:
    """f(x₁, x₂) = sum of c x₁^p x₂^q over its terms (c, p, q), with exact partial derivatives.

    Examples
    --------
    >>> f = Polynomial([(2, 2, 0), (-1, 1, 1), (3, 0, 1)])
    >>> f.text(), f(np.array([1.0, 2.0])), f.gradient(np.array([1.0, 2.0]))
    ('2x₁² − x₁x₂ + 3x₂', 6.0, array([2., 2.]))
    >>> f.substituted(np.array([1.0, -2.0]))
    '2·1² − 1·(−2) + 3·(−2)'
    """

    def __init__(self, terms):
        self.terms = tuple((float(c), int(p), int(q)) for c, p, q in terms if c != 0)

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        return float(sum(c * x[0] ** p * x[1] ** q for c, p, q in self.terms))

    def partial(self, i, *, power_rule=True):
        """∂f/∂x_i as a polynomial; ``power_rule=False`` forgets to bring the exponent down
        (a reader's slip)."""
        terms = []
        for c, *powers in self.terms:
            if powers[i]:
                scale = powers[i] if power_rule else 1
                powers[i] -= 1
                terms.append((c * scale, *powers))
        return Polynomial(terms)

    def gradient(self, x):
        """The exact gradient at x, shape (2,)."""
        return np.array([self.partial(0)(x), self.partial(1)(x)])

    @property
    def mixed(self):
        """The terms that hold both variables."""
        return Polynomial([t for t in self.terms if t[1] and t[2]])

    @property
    def unmixed(self):
        """The terms that hold one variable or none."""
        return Polynomial([t for t in self.terms if not (t[1] and t[2])])

    @staticmethod
    def _join(parts):
        """``[(c, text of the term without its sign), ...]`` as one signed sum."""
        text = ""
        for c, body in parts:
            sign = MINUS if c < 0 else "+"
            text += f" {sign} {body}" if text else (MINUS if c < 0 else "") + body
        return text or "0"

    def text(self):
        """The formula, e.g. ``3x₁² − x₁x₂``."""
        parts = []
        for c, p, q in self.terms:
            powers = "".join(variable(i) + SUP[n] for i, n in enumerate((p, q)) if n)
            coef = number(abs(c)) if abs(c) != 1 or not powers else ""
            parts.append((c, coef + powers))
        return self._join(parts)

    def substituted(self, x):
        """The formula with the numbers of x put in, e.g. ``3·2² − 2·(−1)``."""
        parts = []
        for c, p, q in self.terms:
            factors = [factor(x[i]) + SUP[n] for i, n in enumerate((p, q)) if n]
            factors = [number(abs(c))] * (abs(c) != 1 or not factors) + factors
            parts.append((c, "·".join(factors)))
        return self._join(parts)
