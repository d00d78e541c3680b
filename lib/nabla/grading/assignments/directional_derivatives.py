"""Exercises 3: directional derivatives and their extremes.

At (2, -0.5) the running example has gradient (2.5, 6.75), of length sqrt(51.8125).
"""

import numpy as np

from nabla.examples import EXERCISE_POINT, hill, hill_gradient
from nabla.examples import HILL_DIRECTION as V
from nabla.grading.assignments.common import (
    LOOSE,
    NOT_UNIT,
    SIGN,
    is_unit,
    orthogonal,
    parallel,
    unit,
)
from nabla.grading.spec import Assignment, Mistake, Question

GRAD = hill_gradient(EXERCISE_POINT)


def _grad_and_direction(rng, k):
    n = int(rng.integers(2, 6))
    scale = rng.choice([rng.uniform(0.1, 0.5), rng.uniform(2.0, 5.0)])
    return rng.standard_normal(n) * 2, unit(rng.standard_normal(n)) * float(scale)


def _grad(rng, k):
    return (rng.standard_normal(int(rng.integers(2, 6))) * 3,)


def _rate(grad, v):
    return float(grad @ v / np.linalg.norm(v))


LARGEST = (
    "that is the largest rate, reached along the gradient itself; the rate along another "
    "direction depends on the angle theta between them: ||grad f|| cos(theta)."
)

Q1 = Question(
    id="q1",
    name="rate_along_v",
    task="the rate of change of f at (2, -0.5) in the direction of v = (3, 4)",
    reference=lambda: _rate(GRAD, V),
    rtol=LOOSE,
    hint="D_u f = grad f . u, with u the unit vector pointing the way v points.",
    mistakes=(
        Mistake(NOT_UNIT, answer=lambda: float(GRAD @ V)),
        Mistake(SIGN, answer=lambda: -_rate(GRAD, V)),
        Mistake(LARGEST, answer=lambda: float(np.linalg.norm(GRAD))),
    ),
)

Q2 = Question(
    id="q2",
    name="rate_along",
    task="rate_along(grad, v), the rate of change in the direction of any non-zero v",
    reference=_rate,
    draw=_grad_and_direction,
    hint="normalise v to a unit vector u, then take the dot product with the gradient.",
    mistakes=(
        Mistake(NOT_UNIT, answer=lambda grad, v: float(grad @ v)),
        Mistake(SIGN, answer=lambda grad, v: -_rate(grad, v)),
        Mistake(LARGEST, answer=lambda grad, v: float(np.linalg.norm(grad))),
    ),
)

Q3 = Question(
    id="q3",
    name="min_rate",
    task="the smallest directional derivative of f at (2, -0.5) over all unit directions",
    reference=lambda: -float(np.linalg.norm(GRAD)),
    rtol=LOOSE,
    hint="D_u f = ||grad f|| cos(theta): which angle theta makes it smallest?",
    mistakes=(
        Mistake(
            "that is the largest rate, along the gradient; the smallest is along the opposite "
            "direction (check the sign).",
            answer=lambda: float(np.linalg.norm(GRAD)),
        ),
        Mistake(
            "0 is the rate along the level curve, at a right angle to the gradient; rates can "
            "be negative, and the smallest is below 0.",
            answer=lambda: 0.0,
        ),
        Mistake(
            "that is minus the squared length of the gradient: take the square root.",
            answer=lambda: -float(GRAD @ GRAD),
        ),
    ),
)

Q4 = Question(
    id="q4",
    name="u_flat",
    task="a unit direction at (2, -0.5) along which f does not change, to first order",
    reference=lambda: unit([-GRAD[1], GRAD[0]]),
    accept=lambda v: is_unit(v, LOOSE) and orthogonal(v, GRAD, LOOSE),
    hint="the rate grad f . u is zero when u is at a right angle to the gradient.",
    mistakes=(
        Mistake(NOT_UNIT, test=lambda v: orthogonal(v, GRAD, LOOSE)),
        Mistake(
            "that direction is along the gradient, where the rate is largest in size; f stays "
            "flat at a right angle to the gradient.",
            test=lambda v: parallel(v, GRAD, LOOSE) or parallel(v, -GRAD, LOOSE),
        ),
    ),
)


def _extremes(grad):
    return np.array([unit(grad), -unit(grad)])


Q5 = Question(
    id="q5",
    name="steepest_directions",
    task="steepest_directions(grad): the unit directions of fastest increase and decrease",
    reference=_extremes,
    draw=_grad,
    hint="return np.array([u_up, u_down]): both of length 1, along plus and minus the gradient.",
    mistakes=(
        Mistake(
            "the rows are swapped: the first is the direction of fastest increase.",
            answer=lambda grad: _extremes(grad)[::-1],
        ),
        Mistake(NOT_UNIT, answer=lambda grad: np.array([grad, -grad])),
        Mistake(
            "your second row points uphill too; the fastest decrease is along minus the gradient.",
            answer=lambda grad: np.array([unit(grad), unit(grad)]),
        ),
    ),
)

CURVE_AT_1 = np.array([2.0, 3.0])
"""r(1) for the curve r(t) = (1 + t^2, 3t)."""
VELOCITY_AT_1 = np.array([2.0, 3.0])
"""r'(1) = (2t, 3) at t = 1."""

Q6 = Question(
    id="q6",
    name="rate_on_curve",
    task="the rate of change of f along the curve r(t) = (1 + t^2, 3t) at t = 1 (chain rule)",
    reference=lambda: float(hill_gradient(CURVE_AT_1) @ VELOCITY_AT_1),
    rtol=LOOSE,
    hint="by the chain rule, d/dt f(r(t)) = grad f(r(t)) . r'(t): find r(1) and r'(1) first.",
    mistakes=(
        Mistake(
            "the chain rule takes the velocity r'(t) as it is, length included: do not divide "
            "it by its norm.",
            answer=lambda: _rate(hill_gradient(CURVE_AT_1), VELOCITY_AT_1),
        ),
        Mistake(
            "take the gradient where the curve is at t = 1, at r(1), not at r(0).",
            answer=lambda: float(hill_gradient(np.array([1.0, 0.0])) @ VELOCITY_AT_1),
        ),
        Mistake(
            "that is the largest rate at r(1), along the gradient; the curve moves along r'(1).",
            answer=lambda: float(np.linalg.norm(hill_gradient(CURVE_AT_1))),
        ),
        Mistake(
            "that is the value of f at r(1); the question asks how fast it changes.",
            answer=lambda: float(hill(CURVE_AT_1)),
        ),
    ),
)

ASSIGNMENT = Assignment(
    name="directional-derivatives",
    title="Directional derivatives",
    questions=(Q1, Q2, Q3, Q4, Q5, Q6),
)
