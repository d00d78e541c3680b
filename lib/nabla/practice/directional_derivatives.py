"""Practice for chapter 3: the rate along a direction, at an angle, and the smallest rate."""

# Text shown to readers writes minus and times as the typographic − and ×.
# ruff: noqa: RUF001

import numpy as np

import nabla
from nabla.grading import ASSIGNMENTS, Mistake
from nabla.practice.draw import integers, pick, polynomial
from nabla.practice.posing import Practice, hint_of, posed, question
from nabla.practice.text import answer, dot, number, root, squares, vector

RATE_ALONG, MIN_RATE = (ASSIGNMENTS["directional-derivatives"].question(q) for q in ("q2", "q3"))
QUADRATICS = (((2, 0), (1, 1), (0, 2)), ((2, 0), (1, 0), (0, 2)), ((2, 0), (1, 1), (0, 1)))
DIRECTIONS = ((3, 4), (4, -3), (-3, 4), (5, 12), (-12, 5), (1, 1), (1, -2), (2, 1), (-1, 3))
COSINES = {30: "√3/2", 60: "1/2", 120: "−1/2", 135: "−√2/2", 150: "−√3/2"}
"""The angles asked about, with their cosines as written by hand."""


def _rate_call(rng, k):
    v = np.array(pick(rng, DIRECTIONS), dtype=float)
    return polynomial(rng, QUADRATICS), integers(rng, 2, -3, 3), v


def _norm(f, x):
    return float(np.linalg.norm(f.gradient(x)))


def _at(f, x):
    """The text fields of f and its gradient at x."""
    g = f.gradient(x)
    return {"f": f.text(), "x": vector(x), "g": vector(g), "squares": squares(g)}


def _rate_fields(f, x, v):
    return {
        **_at(f, x),
        "v": vector(v),
        "nv": root(v @ v),
        "dot": dot(f.gradient(x), v),
        "ans": answer(nabla.directional_derivative(f, x, nabla.unit_vector(v))),
    }


RATE = Practice(
    posed(
        RATE_ALONG,
        "rate-along",
        _rate_call,
        convert=lambda f, x, v: (f.gradient(x), v),
        task="the rate of change of a polynomial at a point along a direction v",
    ),
    title="A rate along a direction",
    prompt="Let f(x₁, x₂) = {f}. At what rate does f change at {x} in the direction of v = {v}?",
    solution=(
        "∇f{x} = {g} and ‖v‖ = {nv}, so along u = v / ‖v‖ the rate is ∇f · u = "
        "({dot}) / {nv} {ans}."
    ),
    fields=_rate_fields,
)


def _angle_call(rng, k):
    return polynomial(rng, QUADRATICS), integers(rng, 2, -3, 3), float(pick(rng, tuple(COSINES)))


def _at_angle(f, x, theta):
    g = f.gradient(x)
    return float(g @ nabla.direction_at_angle(g, theta))


def _angle_fields(f, x, theta):
    return {
        **_at(f, x),
        "theta": number(theta),
        "cos": COSINES[theta] if theta < 90 else f"({COSINES[theta]})",
        "ans": answer(_at_angle(f, x, theta)),
    }


AT_ANGLE = Practice(
    question(
        "rate-at-angle",
        "the rate of change along a unit vector at a given angle from the gradient",
        reference=_at_angle,
        draw=_angle_call,
        hint="the rate along a unit vector u is ‖∇f‖ cos θ, θ the angle between u and ∇f.",
        mistakes=[
            Mistake(hint_of(RATE_ALONG, "largest rate"), answer=lambda f, x, t: _norm(f, x)),
            Mistake(
                "the rate is ‖∇f‖ cos θ, with θ measured from the gradient: cos, not sin.",
                answer=lambda f, x, t: _norm(f, x) * np.sin(np.radians(t)),
            ),
            Mistake(
                "multiply by the length of the gradient: the rate is ‖∇f‖ cos θ, not cos θ.",
                answer=lambda f, x, t: np.cos(np.radians(t)),
            ),
        ],
    ),
    title="A rate at an angle",
    prompt=(
        "Let f(x₁, x₂) = {f}. A unit vector u makes an angle of {theta}° with ∇f{x}. "
        "At what rate does f change at {x} along u?"
    ),
    solution=(
        "∇f{x} = {g}, of length √({squares}), so the rate is ‖∇f‖ cos {theta}° = "
        "√({squares}) × {cos} {ans}."
    ),
    fields=_angle_fields,
)

SMALLEST = Practice(
    question(
        "smallest-rate",
        "the smallest directional derivative of a polynomial at a point",
        reference=lambda f, x: -_norm(f, x),
        draw=lambda rng, k: (polynomial(rng, QUADRATICS), integers(rng, 2, -3, 3)),
        hint=MIN_RATE.hint,
        mistakes=[
            Mistake(hint_of(MIN_RATE, "that is the largest rate"), answer=_norm),
            Mistake(hint_of(MIN_RATE, "0 is the rate"), answer=lambda f, x: 0.0),
            Mistake(hint_of(MIN_RATE, "squared length"), answer=lambda f, x: -(_norm(f, x) ** 2)),
        ],
    ),
    title="The smallest rate",
    prompt=(
        "Let f(x₁, x₂) = {f}. Over all unit directions u, what is the smallest rate of change "
        "of f at {x}?"
    ),
    solution=(
        "∇f{x} = {g}. The rate ‖∇f‖ cos θ is smallest at θ = 180°, against the gradient: "
        "−√({squares}) {ans}."
    ),
    fields=lambda f, x: {**_at(f, x), "ans": answer(-_norm(f, x))},
)

QUESTIONS = (RATE, AT_ANGLE, SMALLEST)
