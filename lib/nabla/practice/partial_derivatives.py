"""Practice for chapter 1: a partial derivative by hand, and by both difference quotients."""

# Text shown to readers writes minus and times as the typographic − and ×.
# ruff: noqa: RUF001

from dataclasses import replace

import numpy as np

from nabla.grading import ASSIGNMENTS, Mistake
from nabla.practice.draw import integers, pick, polynomial
from nabla.practice.posing import Practice, posed, question
from nabla.practice.text import answer, factor, number, variable, vector

FORWARD = ASSIGNMENTS["partial-derivatives"].question("q3")
CENTRAL = ASSIGNMENTS["gradient"].question("q3")

CUBICS = (  # the exponents (p, q) of f's three terms: one in x1, one mixed, one in x2
    ((3, 0), (1, 2), (0, 1)),
    ((2, 0), (2, 1), (0, 3)),
    ((1, 0), (1, 2), (0, 2)),
    ((3, 0), (1, 1), (0, 2)),
    ((2, 0), (1, 2), (0, 3)),
)

MIXED_TERM = (
    "the mixed term, the one with both variables, depends on the variable you vary too: "
    "with the other one held fixed it is a constant times a power of it."
)
POWER_RULE = (
    "check the power rule: the derivative of x^n is n x^(n-1); the exponent comes down as a factor."
)


def _partial_call(rng, k):
    return polynomial(rng, CUBICS), integers(rng, 2, -3, 3), int(rng.integers(2))


def _partial_fields(f, x, i):
    df = f.partial(i)
    return {
        "f": f.text(),
        "xi": variable(i),
        "xo": variable(1 - i),
        "x": vector(x),
        "df": df.text(),
        "at": df.substituted(x),
        "ans": answer(df(x)),
    }


PARTIAL = Practice(
    question(
        "partial",
        "a partial derivative of a polynomial at a point, by hand",
        reference=lambda f, x, i: f.partial(i)(x),
        draw=_partial_call,
        hint=(
            "freeze the other variable: a term without the variable you vary gives 0, and in "
            "the others the frozen variable is a constant factor."
        ),
        mistakes=[
            Mistake(
                "that is the partial derivative with respect to the other variable: vary only "
                "the one asked for and hold the other fixed.",
                answer=lambda f, x, i: f.partial(1 - i)(x),
            ),
            Mistake(MIXED_TERM, answer=lambda f, x, i: f.unmixed.partial(i)(x)),
            Mistake(POWER_RULE, answer=lambda f, x, i: f.partial(i, power_rule=False)(x)),
        ],
    ),
    title="A partial derivative by hand",
    prompt="Let f(x₁, x₂) = {f}. Find ∂f/∂{xi} at {x}.",
    solution="Hold {xo} fixed and differentiate in {xi}: ∂f/∂{xi} = {df}. At {x}: {at} {ans}.",
    fields=_partial_fields,
)


EXACT = Mistake(
    "that is the exact partial derivative; the question asks for the difference quotient with "
    "step h, which differs from it by the truncation error: work it out from the two values of f.",
    answer=lambda f, x, i, h: f.partial(i)(x),
)
"""A reader who differentiates instead of estimating: the cubics of :data:`CUBICS` keep this
answer apart from the right one and from the other difference quotient (on a quadratic the
central difference is the exact derivative)."""


def _with_exact(question):
    return replace(question, mistakes=(*question.mistakes, EXACT))


def _quotient_call(rng, k):
    return (
        polynomial(rng, CUBICS),
        integers(rng, 2, -3, 3),
        int(rng.integers(2)),
        pick(rng, (0.1, 0.2, 0.25)),
    )


def _step(x, i, h):
    return x + h * np.eye(2)[i]


def _quotient_fields(f, x, i, h):
    plus, minus = _step(x, i, h), _step(x, i, -h)
    return {
        "f": f.text(),
        "xi": variable(i),
        "x": vector(x),
        "h": number(h),
        "twoh": number(2 * h),
        "xp": vector(plus),
        "xm": vector(minus),
        "fp": number(f(plus)),
        "fm": number(f(minus)),
        "fx": number(f(x)),
        "fmf": factor(f(minus)),
        "fxf": factor(f(x)),
        "forward": answer((f(plus) - f(x)) / h),
        "central": answer((f(plus) - f(minus)) / (2 * h)),
        "exact": number(f.partial(i)(x)),
    }


FORWARD_DIFFERENCE = Practice(
    _with_exact(posed(FORWARD, "forward-difference", _quotient_call)),
    title="A forward difference",
    prompt=(
        "Let f(x₁, x₂) = {f}. Estimate ∂f/∂{xi} at {x} by the forward difference quotient "
        "with step h = {h}."
    ),
    solution=(
        "Only {xi} moves: f{xp} = {fp} and f{x} = {fx}, so the quotient is "
        "({fp} − {fxf}) / {h} {forward}. The exact ∂f/∂{xi} there is {exact}; the gap is "
        "the truncation error, about h/2 times ∂²f/∂{xi}²."
    ),
    fields=_quotient_fields,
)

CENTRAL_DIFFERENCE = Practice(
    _with_exact(
        posed(
            CENTRAL,
            "central-difference",
            _quotient_call,
            convert=lambda f, x, i, h: (f, x, h),
            pick=lambda value, f, x, i, h: value[i],
            task="a central difference quotient along one coordinate, by hand",
        )
    ),
    title="A central difference",
    prompt=(
        "Let f(x₁, x₂) = {f}. Estimate ∂f/∂{xi} at {x} by the central difference quotient "
        "with step h = {h}."
    ),
    solution=(
        "Step {xi} both ways: f{xp} = {fp} and f{xm} = {fm}, so the quotient is "
        "({fp} − {fmf}) / {twoh} {central}. The exact ∂f/∂{xi} there is {exact}."
    ),
    fields=_quotient_fields,
)

QUESTIONS = (PARTIAL, FORWARD_DIFFERENCE, CENTRAL_DIFFERENCE)
