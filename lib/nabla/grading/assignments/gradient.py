"""Exercises 2: the gradient by hand and in code, its length and its opposite.

f is the running example f(x1, x2) = x1^2 + 3 x1 x2 + x2^3, at the point (2, -0.5).
"""

import numpy as np

from nabla.examples import EXERCISE_POINT, hill_gradient
from nabla.grading.assignments.common import ASCENT, LOOSE, NOT_UNIT, SIGN, parallel, unit
from nabla.grading.functions import SmoothFunction
from nabla.grading.spec import Assignment, Mistake, Question


def _point(rng, k):
    return (rng.uniform(-3.0, 3.0, 2),)


def _central_call(rng, k):
    n = int(rng.integers(2, 5))
    f = SmoothFunction.draw(rng, n)
    return f, rng.uniform(-2.0, 2.0, n), float(10 ** rng.uniform(-3, -1))


def _difference(f, x, h, *, central=True):
    g = np.empty(x.size)
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h) if central else (f(x + e) - f(x)) / h
    return g


GRAD = hill_gradient(EXERCISE_POINT)

Q1 = Question(
    id="q1",
    name="grad_at_point",
    task="the gradient of f at (2, -0.5), by hand",
    reference=lambda: GRAD,
    hint="collect the two partial derivatives at (2, -0.5) into one vector (df/dx1, df/dx2).",
    mistakes=(
        Mistake(
            "the components are in the wrong order: the first is df/dx1.",
            answer=lambda: GRAD[::-1],
        ),
        Mistake(SIGN, answer=lambda: -GRAD),
    ),
)

Q2 = Question(
    id="q2",
    name="grad_f",
    task="a function grad_f(x) returning the gradient of f, shape (2,)",
    reference=hill_gradient,
    draw=_point,
    hint="return np.array([df/dx1, df/dx2]), each partial derivative written in terms of x.",
    mistakes=(
        Mistake(
            "check the sign: the gradient points uphill, and you returned its negative.",
            answer=lambda x: -hill_gradient(x),
        ),
        Mistake(
            "the components are in the wrong order: the first is df/dx1.",
            answer=lambda x: hill_gradient(x)[::-1],
        ),
        Mistake(
            "your gradient is twice the right one: a factor 2 too many.",
            answer=lambda x: 2 * hill_gradient(x),
        ),
        Mistake(
            "your gradient is half the right one: a missing factor 2.",
            answer=lambda x: hill_gradient(x) / 2,
        ),
    ),
)

Q3 = Question(
    id="q3",
    name="central_gradient",
    task="central_gradient(f, x, h), the gradient by central differences",
    reference=_difference,
    draw=_central_call,
    hint=(
        "for each coordinate i, evaluate f at x + h e_i and x - h e_i, subtract, divide by 2h, "
        "and return the n results as one array."
    ),
    mistakes=(
        Mistake(
            "missing factor 2: x + h e_i and x - h e_i lie 2h apart, so divide by 2h.",
            answer=lambda f, x, h: 2 * _difference(f, x, h),
        ),
        Mistake(
            "that is the forward difference; the central one steps both ways, "
            "to x + h e_i and to x - h e_i.",
            answer=lambda f, x, h: _difference(f, x, h, central=False),
        ),
        Mistake(
            "check the sign: subtract f(x - h e_i) from f(x + h e_i).",
            answer=lambda f, x, h: -_difference(f, x, h),
        ),
    ),
)

Q4 = Question(
    id="q4",
    name="max_rate",
    task="the steepest rate of climb of f at (2, -0.5)",
    reference=lambda: float(np.linalg.norm(GRAD)),
    rtol=LOOSE,
    hint="the steepest rate of climb is the length (Euclidean norm) of the gradient.",
    mistakes=(
        Mistake(
            "that is the squared length of the gradient: take the square root.",
            answer=lambda: float(GRAD @ GRAD),
        ),
        Mistake(
            "adding the components does not give a length: use the Euclidean norm.",
            answer=lambda: float(GRAD.sum()),
        ),
    ),
)

Q5 = Question(
    id="q5",
    name="u_descent",
    task="the unit vector of fastest decrease of f at (2, -0.5)",
    reference=lambda: -unit(GRAD),
    rtol=LOOSE,
    hint="start from the gradient at (2, -0.5); fastest decrease is along minus the gradient.",
    mistakes=(
        Mistake(ASCENT, test=lambda v: parallel(v, GRAD, LOOSE)),
        Mistake(NOT_UNIT, test=lambda v: parallel(v, -GRAD, LOOSE)),
    ),
)

ASSIGNMENT = Assignment(name="gradient", title="The gradient", questions=(Q1, Q2, Q3, Q4, Q5))
