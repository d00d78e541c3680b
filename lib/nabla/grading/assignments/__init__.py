"""The six graded exercise notebooks, one per subsection of the chapter."""

from nabla.grading.assignments import (
    directional_derivatives,
    gradient,
    gradient_descent,
    least_squares,
    level_sets,
    partial_derivatives,
)

ASSIGNMENTS = {
    module.ASSIGNMENT.name: module.ASSIGNMENT
    for module in (
        partial_derivatives,
        gradient,
        directional_derivatives,
        level_sets,
        least_squares,
        gradient_descent,
    )
}
"""Assignment name -> :class:`~nabla.grading.spec.Assignment`, in the order of the chapter."""


def get_assignment(name):
    """The assignment called ``name``.

    Raises
    ------
    ValueError
        If there is none; the message lists the names there are.

    Examples
    --------
    >>> get_assignment("gradient").title
    'The gradient'
    """
    if name not in ASSIGNMENTS:
        raise ValueError(f"name must be one of {', '.join(ASSIGNMENTS)}; got {name!r}")
    return ASSIGNMENTS[name]
