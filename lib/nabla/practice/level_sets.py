"""Practice for chapter 4: the normal and the tangent of a level curve, and contour spacing."""

# Text shown to readers writes minus and times as the typographic − and ×.
# ruff: noqa: RUF001

import numpy as np

import nabla
from nabla.grading import ASSIGNMENTS, Mistake
from nabla.practice.draw import integers, pick, polynomial
from nabla.practice.posing import Practice, hint_of, posed, question
from nabla.practice.text import Polynomial, answer, number, squares, vector

NORMAL, TANGENT, SPACING = (ASSIGNMENTS["level-sets"].question(q) for q in ("q1", "q2", "q4"))
SHAPES = (((2, 0), (0, 2)), ((2, 0), (1, 1), (0, 2)), ((2, 0), (0, 1)), ((1, 0), (0, 2)))


EXERCISE = Polynomial([(1, 2, 0), (4, 0, 2)])  # the graded exercises' g, never drawn here


def _curve_call(rng, k):
    g = polynomial(rng, SHAPES, low=1, high=4)
    while g.terms == EXERCISE.terms:
        g = polynomial(rng, SHAPES, low=1, high=4)
    return g, integers(rng, 2, -2, 2)


def _turned(g):
    """g turned by 90 degrees counter-clockwise, unnormalised."""
    return np.array([-g[1], g[0]])


def _fields(g, p, dc=0.0):
    grad = g.gradient(p)
    return {
        "g": g.text(),
        "p": vector(p),
        "c": number(g(p)),
        "c2": number(g(p) + dc),
        "dc": number(abs(dc)),
        "grad": vector(grad),
        "squares": squares(grad),
        "normal": answer(nabla.unit_vector(grad)),
        "tangent": answer(nabla.tangent_basis(grad)[0]),
        "spacing": answer(abs(dc) / np.linalg.norm(grad)),
    }


UNIT_NORMAL = Practice(
    question(
        "unit-normal",
        "the unit normal to a level curve, pointing to larger values",
        reference=lambda g, p: nabla.unit_vector(g.gradient(p)),
        draw=_curve_call,
        hint=NORMAL.hint,
        mistakes=[
            Mistake(
                hint_of(NORMAL, "smaller values"),
                answer=lambda g, p: -nabla.unit_vector(g.gradient(p)),
            ),
            Mistake(hint_of(NORMAL, "not normalised"), answer=lambda g, p: g.gradient(p)),
            Mistake(
                hint_of(NORMAL, "tangent to the level curve"),
                answer=lambda g, p: nabla.tangent_basis(g.gradient(p))[0],
            ),
        ],
    ),
    title="The normal to a level curve",
    prompt=(
        "The level curve g(x₁, x₂) = {c} of g(x₁, x₂) = {g} passes through p = {p}. Find the "
        "unit normal to it at p that points towards larger values of g."
    ),
    solution=(
        "The gradient is orthogonal to the level curve and points uphill: ∇g{p} = {grad}, of "
        "length √({squares}). The unit normal is ∇g / ‖∇g‖ {normal}."
    ),
    fields=_fields,
)


def _tangents(g, p):
    t = nabla.tangent_basis(g.gradient(p))[0]
    return [t, -t]


UNIT_TANGENT = Practice(
    posed(
        TANGENT,
        "unit-tangent",
        _curve_call,
        convert=lambda g, p: (g.gradient(p),),
        task="a unit tangent to a level curve",
    ),
    title="The tangent to a level curve",
    prompt="Find a unit vector tangent to the level curve of g(x₁, x₂) = {g} through p = {p}.",
    solution=(
        "The tangent is at a right angle to ∇g{p} = {grad}: turn it by 90°, (a, b) → (−b, a), "
        "and divide by its length √({squares}): {tangent}, or its opposite."
    ),
    fields=_fields,
    answers=_tangents,
    wrong={
        0: lambda g, p: [_turned(g.gradient(p)), -_turned(g.gradient(p))],
        1: lambda g, p: [nabla.unit_vector(g.gradient(p)), -nabla.unit_vector(g.gradient(p))],
    },
)


def _spacing_call(rng, k):
    return (*_curve_call(rng, k), -pick(rng, (0.1, 0.2, 0.5)))


CONTOUR_SPACING = Practice(
    posed(
        SPACING,
        "contour-spacing",
        _spacing_call,
        convert=lambda g, p, dc: (g.gradient(p), dc),
        task="the distance from a point to a nearby level curve, to first order",
    ),
    title="The distance to the next contour",
    prompt=(
        "g(x₁, x₂) = {g} takes the value {c} at p = {p}. To first order, how far from p is the "
        "level curve g = {c2}?"
    ),
    solution=(
        "∇g{p} = {grad}, of length √({squares}). The levels {c} and {c2} differ by {dc}, so "
        "they lie about {dc} / ‖∇g‖ {spacing} apart."
    ),
    fields=_fields,
)

QUESTIONS = (UNIT_NORMAL, UNIT_TANGENT, CONTOUR_SPACING)
