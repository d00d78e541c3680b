"""Exercises 5: the least-squares loss, its gradient derived and coded, its minimiser.

The data (:mod:`nabla.examples`): the points (0, 1), (1, 2), (3, 6), so
X = [[1, 0], [1, 1], [1, 3]] and y = (1, 2, 6); f(w) = 1/2 ||Xw - y||^2.
"""

import numpy as np

from nabla.examples import THREE_POINTS_MINIMISER, TWO_POINTS_START, three_points_gradient
from nabla.grading.assignments.common import SIGN
from nabla.grading.spec import Assignment, Mistake, Question
from nabla.least_squares import least_squares_gradient, least_squares_loss


def _problem(rng, k):
    """Square, non-symmetric X for the first two calls (a transposed X gives a wrong
    value there); tall X (more examples than features) for the others."""
    n = int(rng.integers(2, 4))
    m = n if k < 2 else n + int(rng.integers(1, 4))
    return rng.standard_normal(n), rng.standard_normal((m, n)), rng.standard_normal(m)


def _residual(w, X, y):
    return X @ w - y


NO_MEAN = "the loss here is a sum over the examples, not a mean: no division by m."
FACTOR_2 = (
    "a factor 2 too many: differentiating the square gives a 2, and the 1/2 in the loss cancels it."
)
TRANSPOSED = (
    "transposed X: the residual Xw - y has one entry per example (shape (m,)), and X^T "
    "turns it into one entry per feature (shape (n,)). Check where you need X and where X^T."
)

Q1 = Question(
    id="q1",
    name="loss",
    task="loss(w, X, y) = 1/2 ||Xw - y||^2",
    reference=least_squares_loss,
    draw=_problem,
    hint="compute the residual r = Xw - y, then return half the sum of its squares.",
    mistakes=(
        Mistake(
            "missing factor 1/2: the loss is 1/2 ||Xw - y||^2.",
            answer=lambda w, X, y: 2 * least_squares_loss(w, X, y),
        ),
        Mistake(NO_MEAN, answer=lambda w, X, y: least_squares_loss(w, X, y) / len(y)),
        Mistake(NO_MEAN, answer=lambda w, X, y: 2 * least_squares_loss(w, X, y) / len(y)),
        Mistake(
            "square the norm: the loss is 1/2 ||Xw - y||^2, not 1/2 ||Xw - y||.",
            answer=lambda w, X, y: 0.5 * float(np.linalg.norm(_residual(w, X, y))),
        ),
    ),
)

GRAD_W0 = three_points_gradient(TWO_POINTS_START)

Q2 = Question(
    id="q2",
    name="grad_at_zero",
    task="the gradient of the loss at w = (0, 0) for the three points' X and y, by hand",
    reference=lambda: GRAD_W0,
    hint="evaluate X^T (Xw - y) at w = (0, 0): the residual there is -y.",
    mistakes=(
        Mistake(SIGN + " The residual is Xw - y, which is -y at w = 0.", answer=lambda: -GRAD_W0),
        Mistake(FACTOR_2, answer=lambda: 2 * GRAD_W0),
    ),
)

Q3 = Question(
    id="q3",
    name="ls_gradient",
    task="ls_gradient(w, X, y) = X^T (Xw - y), shape (n,)",
    reference=least_squares_gradient,
    draw=_problem,
    hint="compute the residual r = Xw - y (shape (m,)) and return X^T r (shape (n,)).",
    mistakes=(
        Mistake(
            SIGN + " The residual is Xw - y, not y - Xw.",
            answer=lambda w, X, y: -least_squares_gradient(w, X, y),
        ),
        Mistake(FACTOR_2, answer=lambda w, X, y: 2 * least_squares_gradient(w, X, y)),
        Mistake(TRANSPOSED, answer=lambda w, X, y: X @ _residual(w, X, y)),
        Mistake(TRANSPOSED, answer=lambda w, X, y: X.T @ (X.T @ w - y)),
        Mistake(NO_MEAN, answer=lambda w, X, y: least_squares_gradient(w, X, y) / len(y)),
    ),
)

Q4 = Question(
    id="q4",
    name="w_star",
    task="the minimiser w of the loss for the three points' X and y",
    reference=lambda: THREE_POINTS_MINIMISER,
    rtol=1e-3,
    hint="set the gradient to zero and solve the normal equations X^T X w = X^T y.",
    mistakes=(
        Mistake(
            "the components are in the wrong order: w1 multiplies the first column of X.",
            answer=lambda: THREE_POINTS_MINIMISER[::-1],
        ),
    ),
)

ASSIGNMENT = Assignment(
    name="least-squares", title="The least-squares gradient", questions=(Q1, Q2, Q3, Q4)
)
