"""Exercises 4: the gradient is orthogonal to the level set; contour spacing.

g(x1, x2) = x1^2 + 4 x2^2 (``nabla.examples.ellipse``); its level set g = 8 passes
through p = (2, 1), where grad g = (4, 8). Question 5 uses orthogonality for a Lagrange
multiplier: the largest 2 x1 + x2 on g = 8.
"""

import functools

import numpy as np

from nabla.crossings import nearest_on_level
from nabla.examples import ELLIPSE_POINT, ellipse, ellipse_gradient
from nabla.grading.assignments.common import LOOSE, NOT_UNIT, is_unit, orthogonal, parallel, unit
from nabla.grading.judging import close
from nabla.grading.spec import Assignment, Mistake, Question

GRAD_G = ellipse_gradient(ELLIPSE_POINT)
DC = 0.1


def _grad_2d(rng, k):
    return (rng.standard_normal(2) * 3,)


def _grad_and_dc(rng, k):
    sign = 1.0 if k % 2 == 0 else -1.0
    return rng.standard_normal(int(rng.integers(2, 6))) * 2, sign * float(rng.uniform(0.01, 1.0))


def _spacing(grad, dc):
    return abs(dc) / float(np.linalg.norm(grad))


@functools.cache
def _exact_spacing():
    """The true distance from p to g = 8 + DC, found along rays without derivatives."""
    return nearest_on_level(ellipse, ELLIPSE_POINT, 8.0 + DC, r_max=0.5).distance


INVERTED = (
    "the spacing shrinks where the slope is steep: divide the change in level by the "
    "length of the gradient, do not multiply."
)
SQUARED = "divide by the length of the gradient, not by its square."

Q1 = Question(
    id="q1",
    name="normal_at_p",
    task="the unit normal to the level curve g = 8 at p = (2, 1), pointing to larger g",
    reference=lambda: unit(GRAD_G),
    rtol=LOOSE,
    hint="the gradient of g at p is orthogonal to the level curve through p; normalise it.",
    mistakes=(
        Mistake(
            "your normal points to smaller values of g; the gradient points to larger ones.",
            test=lambda v: parallel(v, -GRAD_G, LOOSE),
        ),
        Mistake(NOT_UNIT, test=lambda v: parallel(v, GRAD_G, LOOSE)),
        Mistake(
            "that direction is tangent to the level curve; the normal is along the gradient.",
            test=lambda v: orthogonal(v, GRAD_G, LOOSE),
        ),
    ),
)

Q2 = Question(
    id="q2",
    name="unit_tangent",
    task="unit_tangent(grad): a unit vector tangent to the level curve with gradient grad (2-D)",
    reference=lambda grad: unit([-grad[1], grad[0]]),
    accept=lambda v, grad: is_unit(v) and orthogonal(v, grad),
    draw=_grad_2d,
    hint="turn the gradient by 90 degrees, (a, b) -> (-b, a), and normalise.",
    mistakes=(
        Mistake(NOT_UNIT, test=lambda v, grad: orthogonal(v, grad)),
        Mistake(
            "that is the normal direction, along the gradient; the tangent makes a right "
            "angle with it.",
            test=lambda v, grad: parallel(v, grad) or parallel(v, -grad),
        ),
    ),
)

Q3 = Question(
    id="q3",
    name="spacing_at_p",
    task="the first-order estimate of the distance from p to the level curve g = 8.1",
    reference=lambda: _spacing(GRAD_G, DC),
    accept=lambda v: any(close(v, d, LOOSE, 0.0) for d in (_spacing(GRAD_G, DC), _exact_spacing())),
    rtol=LOOSE,
    hint="contours c and c + dc lie about dc / ||grad g|| apart.",
    mistakes=(
        Mistake(INVERTED, answer=lambda: DC * float(np.linalg.norm(GRAD_G))),
        Mistake(SQUARED, answer=lambda: DC / float(GRAD_G @ GRAD_G)),
    ),
)

Q4 = Question(
    id="q4",
    name="contour_spacing",
    task="contour_spacing(grad, dc): the distance to the level c + dc, to first order",
    reference=_spacing,
    draw=_grad_and_dc,
    hint="the distance is |dc| / ||grad||.",
    mistakes=(
        Mistake(
            "a distance is never negative, but dc can be: use its absolute value.",
            answer=lambda grad, dc: dc / float(np.linalg.norm(grad)),
        ),
        Mistake(INVERTED, answer=lambda grad, dc: abs(dc) * float(np.linalg.norm(grad))),
        Mistake(SQUARED, answer=lambda grad, dc: abs(dc) / float(grad @ grad)),
    ),
)

OBJECTIVE = np.array([2.0, 1.0])
"""Question 5 maximises f(x) = 2 x1 + x2 on the level curve g = 8."""


def _constrained_maximiser():
    """Where grad f = lambda grad g on g = 8: x = (1/lambda, 1/(8 lambda)), lambda > 0."""
    lam = np.sqrt((1 + 1 / 16) / 8)
    return np.array([1 / lam, 1 / (8 * lam)])


Q5 = Question(
    id="q5",
    name="x_best",
    task="the point of the level curve g = 8 where f(x) = 2 x1 + x2 is largest (Lagrange)",
    reference=_constrained_maximiser,
    rtol=LOOSE,
    hint=(
        "at the best point the level curve of f touches g = 8, so grad f = lambda grad g: "
        "write x in terms of lambda, then put it into g(x) = 8."
    ),
    mistakes=(
        Mistake(
            "that is where f is smallest on the curve (lambda < 0); the largest value needs "
            "lambda > 0.",
            answer=lambda: -_constrained_maximiser(),
        ),
        Mistake(
            "that point lies along grad f, but not on the curve g = 8: the gradients must be "
            "parallel at a point of the curve, where grad g = (2 x1, 8 x2).",
            test=lambda v: v.shape == (2,) and parallel(v, OBJECTIVE, LOOSE),
        ),
    ),
)

ASSIGNMENT = Assignment(name="level-sets", title="Level sets", questions=(Q1, Q2, Q3, Q4, Q5))
