"""Practice questions answered in the book's pages, with no kernel.

Each chapter page ends with the questions of :data:`PRACTICE` under its name
(``chapters/01-partial-derivatives`` takes ``PRACTICE["partial-derivatives"]``,
the name of its graded exercises). Every question has :data:`~nabla.practice.posing.N_VARIANTS`
variants drawn and answered here, at build time; the page stores their answers
and the wrong answer of every known mistake, and only compares numbers
(:mod:`nabla.practice.page`). The mistakes and their hints are those of
:mod:`nabla.grading` (see :mod:`nabla.practice.posing`).

Unlike the numerical modules, this package imports :mod:`nabla.grading`: it
sits beside the figures, as a consumer of both.
"""

from nabla.practice import (
    directional_derivatives,
    gradient,
    gradient_descent,
    least_squares,
    level_sets,
    partial_derivatives,
)
from nabla.practice.posing import Practice, Variant, page_verdict, variants

PRACTICE = {
    "partial-derivatives": partial_derivatives.QUESTIONS,
    "gradient": gradient.QUESTIONS,
    "directional-derivatives": directional_derivatives.QUESTIONS,
    "level-sets": level_sets.QUESTIONS,
    "least-squares": least_squares.QUESTIONS,
    "gradient-descent": gradient_descent.QUESTIONS,
}
"""Chapter name -> its practice questions, in the order of the page."""

__all__ = ["PRACTICE", "Practice", "Variant", "page_verdict", "variants"]
