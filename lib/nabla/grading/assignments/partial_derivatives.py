"""Exercises 1: partial derivatives by hand, in code, by a difference quotient, and their limits.

f is the running example f(x1, x2) = x1^2 + 3 x1 x2 + x2^3 (``nabla.examples.hill``).
"""

import numpy as np

from nabla.examples import EXERCISE_POINT, hill_gradient
from nabla.grading.assignments.common import LOOSE
from nabla.grading.functions import SmoothFunction
from nabla.grading.judging import close
from nabla.grading.spec import Assignment, Mistake, Question


def _point(rng, k):
    return (rng.uniform(-3.0, 3.0, 2),)


def _df_dx2(x):
    return 3 * x[0] + 3 * x[1] ** 2


def _unit(n, i):
    e = np.zeros(n)
    e[i] = 1.0
    return e


def _forward(f, x, i, h):
    return (f(x + h * _unit(x.size, i)) - f(x)) / h


def _central(f, x, i, h):
    e = _unit(x.size, i)
    return (f(x + h * e) - f(x - h * e)) / (2 * h)


def _difference_call(rng, k):
    n = int(rng.integers(2, 5))
    f = SmoothFunction.draw(rng, n)
    return f, rng.uniform(-2.0, 2.0, n), int(rng.integers(n)), float(10 ** rng.uniform(-3, -1))


def _estimate_call(rng, k):
    return _difference_call(rng, k)[:3]


def _exact(f, x, i):
    return float(f.gradient(x)[i])


def _step_too_large(value, f, x, i):
    """The error has the sign and size of a forward difference's truncation error."""
    error = float(value) - _exact(f, x, i)
    if close(value, _exact(f, x, i), 1e-6, 1e-6):
        return False
    implied_h = 2 * error / f.second_partial(x, i)
    return 1e-7 < implied_h < 2.0


def _other_coordinate(value, f, x, i):
    g = f.gradient(x)
    return any(close(value, g[j], 1e-6, 1e-6) for j in range(x.size) if j != i)


Q1 = Question(
    id="q1",
    name="df_dx1",
    task="the partial derivative of f with respect to x1 at (2, -0.5), by hand",
    reference=lambda: float(hill_gradient(EXERCISE_POINT)[0]),
    hint=(
        "treat x2 as a constant (x2 = -0.5), differentiate each of the three terms with "
        "respect to x1, then substitute x1 = 2."
    ),
    mistakes=(
        Mistake(
            "that is the partial derivative with respect to x2. Hold x2 fixed and vary x1.",
            answer=lambda: float(hill_gradient(EXERCISE_POINT)[1]),
        ),
        Mistake(
            "the term 3 x1 x2 depends on x1 too: with x2 held fixed it is a constant times x1.",
            answer=lambda: 2 * float(EXERCISE_POINT[0]),
        ),
        Mistake("check the sign.", answer=lambda: -float(hill_gradient(EXERCISE_POINT)[0])),
    ),
)

Q2 = Question(
    id="q2",
    name="df_dx2",
    task="a function df_dx2(x) returning the partial derivative of f with respect to x2",
    reference=_df_dx2,
    draw=_point,
    hint="hold x1 fixed and differentiate each term of f with respect to x2.",
    mistakes=(
        Mistake(
            "your function returns the partial derivative with respect to x1; "
            "x[0] is x1 and x[1] is x2.",
            answer=lambda x: 2 * x[0] + 3 * x[1],
        ),
        Mistake(
            "the term 3 x1 x2 depends on x2 too: with x1 held fixed it is a constant times x2.",
            answer=lambda x: 3 * x[1] ** 2,
        ),
        Mistake(
            "check the power rule on the term x2^3.",
            answer=lambda x: 3 * x[0] + 2 * x[1] ** 2,
        ),
        Mistake("check the power rule on the term x2^3.", answer=lambda x: 3 * x[0] + x[1] ** 3),
        Mistake("check the sign.", answer=lambda x: -_df_dx2(x)),
    ),
)

Q3 = Question(
    id="q3",
    name="forward_difference",
    task="forward_difference(f, x, i, h), the forward difference quotient along x_i",
    reference=_forward,
    draw=_difference_call,
    hint=(
        "build x + h e_i (a copy of x with h added to coordinate i only), evaluate f there "
        "and at x, subtract and divide by h."
    ),
    mistakes=(
        Mistake(
            "that is the central difference (it steps both ways, to x + h e_i and x - h e_i); "
            "the forward difference steps one way only.",
            answer=_central,
        ),
        Mistake(
            "check the sign: it is f at the nudged point minus f at x.",
            answer=lambda f, x, i, h: -_forward(f, x, i, h),
        ),
        Mistake(
            "missing factor 2: divide by the step h, not by 2h.",
            answer=lambda f, x, i, h: _forward(f, x, i, h) / 2,
        ),
        Mistake(
            "you nudged every coordinate; add h to coordinate i only (x + h e_i).",
            answer=lambda f, x, i, h: (f(x + h) - f(x)) / h,
        ),
        Mistake(
            "divide the difference of the two values of f by the step h.",
            answer=lambda f, x, i, h: f(x + h * _unit(x.size, i)) - f(x),
        ),
    ),
)

Q4 = Question(
    id="q4",
    name="partial_estimate",
    task="partial_estimate(f, x, i), a difference quotient accurate to 1e-6",
    reference=_exact,
    draw=_estimate_call,
    rtol=1e-6,
    atol=1e-6,
    hint=(
        "your estimate is off by more than 1e-6. A step that is too large leaves truncation "
        "error, one that is too small leaves rounding error; see the step rule above."
    ),
    mistakes=(
        Mistake(
            "forward difference with too large a step: the error has the sign and size of the "
            "truncation error h/2 * d2f/dx_i2. Shrink the step until the truncation error "
            "h/2 * |d2f/dx_i2| and the rounding error eps * |f| / h are about equal.",
            test=_step_too_large,
        ),
        Mistake(
            "your estimate is the partial derivative along another coordinate: "
            "coordinates count from 0, so e_i has its 1 at index i.",
            test=_other_coordinate,
        ),
    ),
)

U_CREASE = np.array([3.0, 4.0]) / 5.0


def crease(x):
    """g(x1, x2) = x1^2 x2 / (x1^2 + x2^2), and g(0, 0) = 0: partials at 0, no gradient there."""
    x1, x2 = x
    return 0.0 if x1 == x2 == 0 else x1**2 * x2 / (x1**2 + x2**2)


Q5 = Question(
    id="q5",
    name="rate_crease",
    task="the rate of change of g at the origin along u = (3, 4)/5",
    # g(t u) = t g(u) for every t, so the limit of (g(t u) - g(0)) / t is g(u)
    reference=lambda: crease(U_CREASE),
    rtol=LOOSE,
    hint="take the limit of (g(t u) - g(0)) / t as t goes to 0, with u = (3, 4)/5.",
    mistakes=(
        Mistake(
            "both partial derivatives of g are 0 at the origin, but g is not differentiable "
            "there, so the gradient's dot product with u does not give this rate: take the limit "
            "of (g(t u) - g(0)) / t.",
            answer=lambda: 0.0,
        ),
        Mistake(
            "(3, 4) has length 5: the rate along a direction uses the unit vector (3, 4)/5.",
            answer=lambda: crease(5 * U_CREASE),
        ),
    ),
)

ASSIGNMENT = Assignment(
    name="partial-derivatives", title="Partial derivatives", questions=(Q1, Q2, Q3, Q4, Q5)
)
