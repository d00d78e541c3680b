"""Practice for chapter 2: a gradient by hand, its length, and the way down."""

# Text shown to readers writes minus and times as the typographic − and ×.
# ruff: noqa: RUF001

import numpy as np

import nabla
from nabla.grading import ASSIGNMENTS, Mistake
from nabla.practice.draw import integers, polynomial
from nabla.practice.partial_derivatives import MIXED_TERM, POWER_RULE
from nabla.practice.posing import Practice, hint_of, question
from nabla.practice.text import answer, root, squares, variable, vector

GRAD_F, MAX_RATE, DOWNHILL = (ASSIGNMENTS["gradient"].question(q) for q in ("q2", "q4", "q5"))

SHAPES = (
    ((2, 0), (2, 1), (0, 2)),
    ((3, 0), (1, 1), (0, 2)),
    ((1, 0), (1, 2), (0, 3)),
    ((2, 0), (1, 2), (0, 1)),
)
QUADRATICS = (((2, 0), (1, 1), (0, 2)), ((2, 0), (1, 0), (0, 2)), ((2, 0), (1, 1), (0, 1)))


def _call(shapes):
    return lambda rng, k: (polynomial(rng, shapes), integers(rng, 2, -3, 3))


def _fields(f, x):
    g = f.gradient(x)
    return {
        "f": f.text(),
        "x": vector(x),
        "d1": f.partial(0).text(),
        "d2": f.partial(1).text(),
        "g": vector(g),
        "squares": squares(g),
        "norm": answer(np.linalg.norm(g)),
        "length": root(g @ g),
        "down": answer(nabla.steepest_descent_direction(g)),
    }


GRADIENT = Practice(
    question(
        "gradient",
        "the gradient of a polynomial at a point, by hand",
        reference=lambda f, x: f.gradient(x),
        draw=_call(SHAPES),
        hint=(
            "find both partial derivatives, each with the other variable held fixed, and "
            "write them as one vector (∂f/∂x₁, ∂f/∂x₂)."
        ),
        mistakes=[
            Mistake(hint_of(GRAD_F, "wrong order"), answer=lambda f, x: f.gradient(x)[::-1]),
            Mistake(hint_of(GRAD_F, "check the sign"), answer=lambda f, x: -f.gradient(x)),
            Mistake(MIXED_TERM, answer=lambda f, x: f.unmixed.gradient(x)),
            Mistake(
                POWER_RULE,
                answer=lambda f, x: np.array([f.partial(i, power_rule=False)(x) for i in (0, 1)]),
            ),
        ],
    ),
    title="A gradient by hand",
    prompt="Let f(x₁, x₂) = {f}. Find the gradient ∇f at {x}.",
    solution=f"∂f/∂{variable(0)} = {{d1}} and ∂f/∂{variable(1)} = {{d2}}, so ∇f{{x}} = {{g}}.",
    fields=_fields,
)


def _norm(f, x):
    return float(np.linalg.norm(f.gradient(x)))


STEEPEST_RATE = Practice(
    question(
        "steepest-rate",
        "the steepest rate of climb of a polynomial at a point",
        reference=_norm,
        draw=_call(QUADRATICS),
        hint=MAX_RATE.hint,
        mistakes=[
            Mistake(hint_of(MAX_RATE, "squared length"), answer=lambda f, x: _norm(f, x) ** 2),
            Mistake(
                hint_of(MAX_RATE, "adding the components"),
                answer=lambda f, x: float(f.gradient(x).sum()),
            ),
        ],
    ),
    title="The steepest climb",
    prompt="Let f(x₁, x₂) = {f}. At {x}, how fast does f grow along the steepest way up?",
    solution="∇f{x} = {g}, and the steepest rate is its length: √({squares}) {norm}.",
    fields=_fields,
)

DESCENT_DIRECTION = Practice(
    question(
        "descent-direction",
        "the unit direction of fastest decrease of a polynomial at a point",
        reference=lambda f, x: nabla.steepest_descent_direction(f.gradient(x)),
        draw=_call(QUADRATICS),
        hint="fastest decrease is along minus the gradient; divide it by its length.",
        mistakes=[
            Mistake(
                hint_of(DOWNHILL, "ascent instead of descent"),
                answer=lambda f, x: nabla.unit_vector(f.gradient(x)),
            ),
            Mistake(hint_of(DOWNHILL, "not normalised"), answer=lambda f, x: -f.gradient(x)),
        ],
    ),
    title="The way down",
    prompt="Let f(x₁, x₂) = {f}. Find the unit vector along which f decreases fastest at {x}.",
    solution="∇f{x} = {g}, of length {length}. Fastest descent is along −∇f / ‖∇f‖ {down}.",
    fields=_fields,
)

QUESTIONS = (GRADIENT, STEEPEST_RATE, DESCENT_DIRECTION)
