"""Practice for chapter 5: the least-squares loss, its gradient and its minimiser on new data."""

# Text shown to readers writes minus and times as the typographic − and ×.
# ruff: noqa: RUF001

import numpy as np

import nabla
from nabla.grading import ASSIGNMENTS, Mistake
from nabla.practice.draw import integers
from nabla.practice.posing import Practice, hint_of, posed, question
from nabla.practice.text import answer, dot, squares, vector

LOSS, GRADIENT, MINIMISER = (ASSIGNMENTS["least-squares"].question(q) for q in ("q1", "q3", "q4"))


def design(t):
    """X with rows (1, t_j): the line w1 + w2 t."""
    return np.column_stack([np.ones(len(t)), t])


def matrix(X):
    """``[(1, 0), (1, 2)]``: a matrix as its rows."""
    return "[" + ", ".join(vector(row) for row in X) + "]"


def _data_call(m):
    def draw(rng, k):
        t = rng.choice(np.arange(-2, 4), m, replace=False).astype(float)
        return integers(rng, 2, -2, 2, zero=True), design(t), integers(rng, m, -3, 5, zero=True)

    return draw


def _fields(w, X, y):
    r = nabla.residual(w, X, y)
    return {
        "X": matrix(X),
        "y": vector(y),
        "w": vector(w),
        "Xw": vector(X @ w),
        "r": vector(r),
        "squares": squares(r),
        "loss": answer(nabla.least_squares_loss(w, X, y)),
        "columns": "(" + ", ".join(dot(c, r) for c in X.T) + ")",
        "gradient": answer(nabla.least_squares_gradient(w, X, y)),
    }


DATA = "X = {X}, y = {y} and w = {w}"
LOSS_AT = Practice(
    posed(LOSS, "loss", _data_call(3)),
    title="The loss at a point",
    prompt=f"For {DATA}, compute the least-squares loss f(w) = ½‖Xw − y‖².",
    solution="The residual is Xw − y = {Xw} − {y} = {r}, so f(w) = ½ ({squares}) {loss}.",
    fields=_fields,
)

GRADIENT_AT = Practice(
    posed(GRADIENT, "ls-gradient", _data_call(2)),
    title="The gradient at a point",
    prompt=f"For {DATA}, compute the gradient of the least-squares loss ½‖Xw − y‖² at w.",
    solution=(
        "The residual is r = Xw − y = {r}, and ∇f(w) = Xᵀr, each column of X dotted with r: "
        "{columns} {gradient}."
    ),
    fields=_fields,
)


def _fit_call(rng, k):
    t = np.sort(rng.choice(np.arange(-2, 5), 3, replace=False)).astype(float)
    return design(t), integers(rng, 3, -3, 6, zero=True)


def _fit_fields(X, y):
    return {
        "points": ", ".join(vector(p) for p in zip(X[:, 1], y, strict=True)),
        "XtX": matrix(X.T @ X),
        "Xty": vector(X.T @ y),
        "w": answer(nabla.normal_equations(X, y)),
    }


LINE = Practice(
    question(
        "line-fit",
        "the least-squares line through three points, by the normal equations",
        reference=nabla.normal_equations,
        draw=_fit_call,
        hint=MINIMISER.hint,
        mistakes=[
            Mistake(
                hint_of(MINIMISER, "wrong order"),
                answer=lambda X, y: nabla.normal_equations(X, y)[::-1],
            ),
            Mistake(
                "that line passes through the first two points only; least squares weighs all "
                "of them: solve Xᵀ X w = Xᵀ y with every row.",
                answer=lambda X, y: np.linalg.solve(X[:2], y[:2]),
            ),
        ],
    ),
    title="The best line",
    prompt=(
        "Fit the line y = w₁ + w₂ t to the points (t, y) = {points} by least squares "
        "(X has rows (1, t)). Find the minimiser w = (w₁, w₂)."
    ),
    solution="Xᵀ X = {XtX} and Xᵀ y = {Xty}; solving Xᵀ X w = Xᵀ y gives w {w}.",
    fields=_fit_fields,
)

QUESTIONS = (LOSS_AT, GRADIENT_AT, LINE)
