"""Exercises 6: gradient descent, one step by hand, a loop in code, a stable learning rate.

The three points' problem of chapter 5's exercises (:mod:`nabla.examples`): f(w) = 1/2 ||Xw - y||^2
with X = [[1, 0], [1, 1], [1, 3]], y = (1, 2, 6), started at w = (0, 0); its minimiser is
(5/7, 12/7).
"""

import numpy as np

from nabla.descent import gradient_descent
from nabla.examples import THREE_POINTS_MINIMISER as W_STAR
from nabla.examples import THREE_POINTS_SPECTRUM as SPECTRUM
from nabla.examples import TWO_POINTS_START as W0
from nabla.examples import three_points_gradient
from nabla.grading.assignments.common import LOOSE
from nabla.grading.functions import QuadraticGradient
from nabla.grading.spec import Assignment, Mistake, Question

LR = 0.1
N_ITER = 500
TARGET = 1e-6
G0 = three_points_gradient(W0)
"""The gradient at the start, (-9, -20)."""


def _descend(grad_f, x0, lr, n_iter, *, sign=1.0):
    x = np.array(x0, dtype=float)
    for _ in range(n_iter):
        x = x - sign * lr * grad_f(x)
    return x


def _descent_call(rng, k):
    n = int(rng.integers(2, 5))
    grad_f = QuadraticGradient.draw(rng, n)
    lr = float(rng.uniform(0.2, 0.9) / grad_f.eigenvalues[-1])
    return grad_f, rng.uniform(-3.0, 3.0, n), lr, int(rng.integers(3, 13))


def _error_after(lr):
    run = gradient_descent(three_points_gradient, W0, lr=float(lr), n_iter=N_ITER)
    return np.inf if run.diverged else float(np.linalg.norm(run.x - W_STAR))


def _good_lr(value):
    return value.shape == () and 0 < value < 1e3 and _error_after(value) <= TARGET


OFF_BY_ONE = (
    "off-by-one in the number of steps: take exactly n_iter steps "
    "(for t in range(n_iter)) and return x after the last one; you took one step too {}."
)

Q1 = Question(
    id="q1",
    name="w1",
    task="the first gradient-descent step from w = (0, 0) with lr = 0.1, by hand",
    reference=lambda: W0 - LR * G0,
    hint="compute the gradient of this loss at w0 first, then move against it, scaled by lr.",
    mistakes=(
        Mistake(
            "ascent instead of descent: you added lr * grad f; descent subtracts it.",
            answer=lambda: W0 + LR * G0,
        ),
        Mistake("scale the step by the learning rate lr = 0.1.", answer=lambda: W0 - G0),
        Mistake("that is the gradient at w0, not the new point w1.", answer=lambda: G0),
    ),
)

Q2 = Question(
    id="q2",
    name="descend",
    task="descend(grad_f, x0, lr, n_iter): x after n_iter gradient-descent steps",
    reference=_descend,
    draw=_descent_call,
    hint=(
        "check one step on paper: it moves x against the gradient at the current x, scaled "
        "by lr; then count that you take exactly n_iter of them from x0."
    ),
    keeps_inputs=True,
    mistakes=(
        Mistake(
            "ascent instead of descent (a sign error): the update is x - lr * grad_f(x).",
            answer=lambda g, x0, lr, n: _descend(g, x0, lr, n, sign=-1.0),
        ),
        Mistake(OFF_BY_ONE.format("few"), answer=lambda g, x0, lr, n: _descend(g, x0, lr, n - 1)),
        Mistake(OFF_BY_ONE.format("many"), answer=lambda g, x0, lr, n: _descend(g, x0, lr, n + 1)),
        Mistake(
            "x never moves: assign the update back to x inside the loop.",
            answer=lambda g, x0, lr, n: np.array(x0),
        ),
    ),
)

Q3 = Question(
    id="q3",
    name="lr_max",
    task="the largest learning rate for which descent on the three points' loss converges",
    reference=lambda: SPECTRUM.max_stable_lr,
    rtol=LOOSE,
    hint=(
        "each step multiplies the error along an eigenvector of X^T X with eigenvalue lambda "
        "by (1 - lr * lambda); it shrinks only while |1 - lr * lambda| < 1."
    ),
    mistakes=(
        Mistake(
            "missing factor 2: |1 - lr * lambda| < 1 allows lr up to 2 / lambda.",
            answer=lambda: SPECTRUM.max_stable_lr / 2,
        ),
        Mistake(
            "the largest eigenvalue of X^T X sets the limit, not the smallest.",
            answer=lambda: 2 / SPECTRUM.eigenvalues[0],
        ),
    ),
)

Q4 = Question(
    id="q4",
    name="lr",
    task=f"a learning rate that takes descent from (0, 0) to within {TARGET:g} of w* in "
    f"{N_ITER} steps",
    reference=lambda: SPECTRUM.best_lr,
    accept=_good_lr,
    hint=f"try a few values: run {N_ITER} steps and measure the distance to w*.",
    mistakes=(
        Mistake("a learning rate is positive.", test=lambda v: v.shape == () and v <= 0),
        Mistake(
            "too large: descent oscillates and diverges, because |1 - lr * lambda_max| > 1.",
            test=lambda v: v.shape == () and v >= SPECTRUM.max_stable_lr,
        ),
        Mistake(
            f"stable, but too slow: after {N_ITER} steps the error is still above {TARGET:g}. "
            "The worst factor |1 - lr * lambda| per step sets the pace; make it smaller.",
            test=lambda v: v.shape == () and 0 < v < SPECTRUM.max_stable_lr,
        ),
    ),
)


def _spectrum_call(rng, k):
    lam_min = float(rng.uniform(0.1, 2.0))
    return lam_min, lam_min * float(10 ** rng.uniform(0.5, 3.0)), float(10 ** -rng.uniform(2, 9))


def _step_ratio(lam_min, lam_max, shrink):
    """ln(shrink) / ln(q), q = (kappa - 1) / (kappa + 1) the worst factor at the best rate."""
    return np.log(shrink) / np.log((lam_max - lam_min) / (lam_max + lam_min))


def _steps_needed(lam_min, lam_max, shrink):
    return int(np.ceil(_step_ratio(lam_min, lam_max, shrink)))


def _whole_steps_past(value, lam_min, lam_max, shrink):
    """A whole number of steps, the first at or past the ratio (rounding-safe at integers)."""
    ratio = _step_ratio(lam_min, lam_max, shrink)
    value = np.asarray(value, dtype=float)
    return value.shape == () and value == np.round(value) and ratio - 1e-9 <= value < ratio + 1


Q5 = Question(
    id="q5",
    name="steps_needed",
    task="steps_needed(lam_min, lam_max, shrink): worst-case steps at the best fixed rate to "
    "shrink the error by the factor shrink",
    reference=_steps_needed,
    draw=_spectrum_call,
    accept=_whole_steps_past,
    hint=(
        "at the best fixed rate every component shrinks at least by the factor "
        "q = max |1 - lr * lambda| per step; find the smallest t with q^t <= shrink."
    ),
    mistakes=(
        Mistake(
            "a count of steps is a whole number: round the ratio of logarithms up.",
            answer=lambda a, b, s: float(_step_ratio(a, b, s)),
        ),
        Mistake(
            "round up, not down: after that many steps the error must already be small enough.",
            answer=lambda a, b, s: int(np.floor(_step_ratio(a, b, s))),
        ),
        Mistake(
            "that is the count at lr = 1 / lambda_max, whose worst factor is 1 - 1/kappa; the "
            "best fixed rate 2 / (lambda_min + lambda_max) does better.",
            answer=lambda a, b, s: int(np.ceil(np.log(s) / np.log(1 - a / b))),
        ),
    ),
)

ASSIGNMENT = Assignment(
    name="gradient-descent", title="Gradient descent", questions=(Q1, Q2, Q3, Q4, Q5)
)
