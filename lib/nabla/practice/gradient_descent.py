"""Practice for chapter 6: descent steps by hand, and the largest stable learning rate."""

# Text shown to readers writes minus and times as the typographic − and ×.
# ruff: noqa: RUF001

import numpy as np

import nabla
from nabla.grading import ASSIGNMENTS, Mistake
from nabla.practice.draw import integers, pick, polynomial
from nabla.practice.least_squares import design, matrix
from nabla.practice.posing import Practice, hint_of, posed, question
from nabla.practice.text import answer, number, vector

FIRST_STEP, DESCEND, LR_MAX = (
    ASSIGNMENTS["gradient-descent"].question(q) for q in ("q1", "q2", "q3")
)
LR = 0.1  # the learning rate the graded hint for a missing lr names
QUADRATICS = (((2, 0), (0, 2), (1, 0)), ((2, 0), (0, 2), (0, 1)), ((2, 0), (1, 1), (0, 2)))


def _step_call(rng, k):
    t = rng.choice(np.arange(-2, 4), 2, replace=False).astype(float)
    return integers(rng, 2, -2, 2, zero=True), design(t), integers(rng, 2, -3, 5, zero=True)


def _first_step(w0, X, y):
    run = nabla.gradient_descent(
        lambda w: nabla.least_squares_gradient(w, X, y), w0, lr=LR, n_iter=1
    )
    return run.x


def _gradient(w0, X, y):
    return nabla.least_squares_gradient(w0, X, y)


def _step_fields(w0, X, y):
    g = _gradient(w0, X, y)
    return {
        "X": matrix(X),
        "y": vector(y),
        "w0": vector(w0),
        "r": vector(nabla.residual(w0, X, y)),
        "g": vector(g),
        "step": vector(LR * g),
        "w1": answer(_first_step(w0, X, y)),
    }


ONE_STEP = Practice(
    question(
        "one-step",
        "one gradient-descent step on a least-squares loss, by hand",
        reference=_first_step,
        draw=_step_call,
        hint=FIRST_STEP.hint,
        mistakes=[
            Mistake(
                hint_of(FIRST_STEP, "ascent instead of descent"),
                answer=lambda w0, X, y: w0 + LR * _gradient(w0, X, y),
            ),
            Mistake(
                hint_of(FIRST_STEP, "scale the step"),
                answer=lambda w0, X, y: w0 - _gradient(w0, X, y),
            ),
            Mistake(hint_of(FIRST_STEP, "the gradient at w0"), answer=_gradient),
        ],
    ),
    title="One step down",
    prompt=(
        "Take one step of gradient descent on f(w) = ½‖Xw − y‖², with X = {X} and y = {y}, "
        f"from w₀ = {{w0}} with learning rate lr = {LR}. Where is w₁?"
    ),
    solution=(
        "The residual is Xw₀ − y = {r}, so ∇f(w₀) = Xᵀ (Xw₀ − y) = {g}, and "
        f"w₁ = w₀ − {LR} ∇f(w₀) = {{w0}} − {{step}} {{w1}}."
    ),
    fields=_step_fields,
)


def _descent_call(rng, k):
    f = polynomial(rng, QUADRATICS, low=1, high=3)
    return f, integers(rng, 2, -3, 3), pick(rng, (0.1, 0.25)), 2


def _descent_fields(f, x0, lr, n_iter):
    x1 = x0 - lr * f.gradient(x0)
    return {
        "f": f.text(),
        "x0": vector(x0),
        "lr": number(lr),
        "d1": f.partial(0).text(),
        "d2": f.partial(1).text(),
        "g0": vector(f.gradient(x0)),
        "x1": vector(x1),
        "g1": vector(f.gradient(x1)),
        "x2": answer(x1 - lr * f.gradient(x1)),
    }


TWO_STEPS = Practice(
    posed(
        DESCEND,
        "two-steps",
        _descent_call,
        convert=lambda f, x0, lr, n_iter: (f.gradient, x0, lr, n_iter),
        task="two gradient-descent steps on a quadratic, by hand",
    ),
    title="Two steps down",
    prompt=(
        "Let f(x₁, x₂) = {f}. Take two steps of gradient descent from {x0} with learning rate "
        "lr = {lr}. Where are you after the second step?"
    ),
    solution=(
        "∇f = ({d1}, {d2}). First step: ∇f{x0} = {g0}, so x = {x0} − {lr} ∇f = {x1}. "
        "Second step: ∇f{x1} = {g1}, so x = {x1} − {lr} ∇f {x2}."
    ),
    fields=_descent_fields,
)


def _spread_call(rng, k):
    m = int(rng.integers(2, 6))
    half = rng.choice(np.arange(1, 5), m // 2, replace=False)
    return (design(np.sort(np.concatenate([-half, half, [0] * (m % 2)]).astype(float))),)


def _eigenvalues(X):
    return nabla.quadratic_spectrum(X.T @ X).eigenvalues


def _spread_fields(X):
    low, high = _eigenvalues(X)
    return {
        "t": ", ".join(number(t) for t in X[:, 1]),
        "XtX": matrix(X.T @ X),
        "low": number(low),
        "high": number(high),
        "lr": answer(2 / high),
    }


LARGEST_LR = Practice(
    question(
        "largest-lr",
        "the learning rate below which descent on a least-squares loss converges",
        reference=lambda X: nabla.quadratic_spectrum(X.T @ X).max_stable_lr,
        draw=_spread_call,
        hint=LR_MAX.hint,
        mistakes=[
            Mistake(hint_of(LR_MAX, "missing factor 2"), answer=lambda X: 1 / _eigenvalues(X)[-1]),
            Mistake(hint_of(LR_MAX, "largest eigenvalue"), answer=lambda X: 2 / _eigenvalues(X)[0]),
        ],
    ),
    title="The largest stable learning rate",
    prompt=(
        "Gradient descent minimises f(w) = ½‖Xw − y‖² for the line w₁ + w₂ t through points at "
        "t = {t} (X has rows (1, t)). It converges from every start, whatever y, exactly when "
        "the learning rate is below a threshold. What is that threshold?"
    ),
    solution=(
        "The t sum to 0, so Xᵀ X = {XtX} is diagonal, with eigenvalues {low} and {high}. A step "
        "multiplies the error along an eigenvector by 1 − lr λ, which shrinks while "
        "|1 − lr λ| < 1 for both: lr < 2 / λₘₐₓ {lr}."
    ),
    fields=_spread_fields,
)

QUESTIONS = (ONE_STEP, TWO_STEPS, LARGEST_LR)
