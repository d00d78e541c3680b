"""Graded exercises: feedback in the notebook, grades computed out of process.

- :class:`Exercise`: ``exercise.check("q1", answer)`` in a student notebook.
- :mod:`nabla.grading.assignments`: the questions, reference answers, random
  test inputs and the hints for known mistakes.
- ``python -m nabla.grading generate``: student notebooks from the masters.
- ``python -m nabla.grading grade SUBMISSIONS``: a gradebook. Each submission
  runs in a child process (:mod:`nabla.grading.child`) that exports only
  numbers; the verdicts are computed in the grading process.

The numerical modules of :mod:`nabla` never import this package.
"""

from nabla.grading.assignments import ASSIGNMENTS, get_assignment
from nabla.grading.exercise import Exercise
from nabla.grading.judging import judge
from nabla.grading.spec import Assignment, Mistake, Question, Verdict

__all__ = [
    "ASSIGNMENTS",
    "Assignment",
    "Exercise",
    "Mistake",
    "Question",
    "Verdict",
    "get_assignment",
    "judge",
]
