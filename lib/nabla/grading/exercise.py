"""Immediate feedback inside an exercise notebook.

Each exercise notebook starts with ``exercise = Exercise("<name>")`` and
checks each answer with ``exercise.check("q1", answer)``. A function answer
is called on freshly drawn random inputs at every check, so only a function
that computes the right thing passes. These checks are feedback for the
student: the grade comes from ``python -m nabla.grading grade``, which
judges the submitted notebook in a process of its own.
"""

import sys

import numpy as np

from nabla.grading.assignments import get_assignment
from nabla.grading.judging import judge
from nabla.grading.recording import (
    Timeout,
    alarm,
    encode_args,
    record_function,
    record_value,
    timed_call,
)

MARK = {"passed": "✔", "missing": "·"}
CALL_SECONDS = 10.0
"""Time limit for one call of a function answer during a check."""


class Exercise:
    """The graded questions of one exercise notebook, checked as you go.

    Parameters
    ----------
    name : str
        The assignment, e.g. ``"gradient"``; it is written in the notebook,
        so renaming the file changes nothing.

    Raises
    ------
    ValueError
        If no assignment has that name.

    Examples
    --------
    >>> exercise = Exercise("gradient")
    >>> exercise.check("q1", [2.5, 6.75])
    ✔ q1 passed
    >>> exercise.check("q1", [6.75, 2.5])
    ✘ q1 not yet: the components are in the wrong order: the first is df/dx1.
    """

    def __init__(self, name):
        self.assignment = get_assignment(name)
        self.verdicts = {}

    def __repr__(self):
        return f"Exercise({self.assignment.name!r})"

    def check(self, question, answer):
        """Judge ``answer`` to ``question`` and print the verdict.

        Parameters
        ----------
        question : str
            The question id, ``"q1"``, ``"q2"``, ...
        answer : object
            A number or array, or for a coding question the function itself
            (not its result).

        Notes
        -----
        An unknown question id, a function answer that runs longer than
        :data:`CALL_SECONDS` per call, or an interrupt (the stop button) is reported in
        one line, never as a traceback.
        """
        try:
            q = self.assignment.question(question)
        except ValueError as exc:
            print(f"✘ {exc}")
            return
        try:
            if q.is_function:
                rng = np.random.default_rng()
                inputs = [q.draw(rng, k) for k in range(q.n_inputs)]
                encoded = [encode_args(args) for args in inputs]
                record = record_function(answer, encoded, call=timed_call(CALL_SECONDS))
            else:
                inputs = [()]
                with alarm(CALL_SECONDS):
                    record = record_value(answer)
        except (KeyboardInterrupt, Timeout):
            print(f"✘ {q.id} not checked: interrupted or over {CALL_SECONDS:g} s; run it again")
            return
        verdict = judge(q, record, inputs)
        self.verdicts[q.id] = verdict
        print(f"{MARK.get(verdict.status, '✘')} {q.id} {verdict.message}")
        caller = sys._getframe(1).f_globals
        if caller.get("__name__") == "__main__" and caller.get(q.name, Ellipsis) is not answer:
            print(
                f"  Note: the grader reads your answer to {q.id} from `{q.name}`; "
                f"{'define' if q.is_function else 'assign'} it under that name."
            )

    def score(self):
        """Print the points earned by the latest check of each question."""
        a = self.assignment
        earned = sum(v.earned for v in self.verdicts.values())
        print(f"{a.title}: {earned}/{a.points} points from the checks run in this notebook")
        for q in a.questions:
            verdict = self.verdicts.get(q.id)
            state = "not checked yet" if verdict is None else verdict.status
            got = 0 if verdict is None else verdict.earned
            print(f"  {q.id}  {got}/{q.points}  {state:<16} {q.task}")
        print("Your instructor grades the submitted notebook separately, on fresh inputs.")
