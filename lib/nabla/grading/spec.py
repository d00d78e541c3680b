"""Questions, assignments and verdicts: the model the exercises, the grader and the
assignments share.

A :class:`Question` holds its reference answer, the random inputs of a function
question and the hints for known :class:`Mistake` s; an :class:`Assignment` is the
questions of one exercise notebook; a :class:`Verdict` is the judgement of one answer
(:func:`nabla.grading.judging.judge`). The process that runs a student's code never
imports this module: it only records answers (:mod:`nabla.grading.recording`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer and the hint it earns.

    Give exactly one of ``answer`` (the wrong answer this mistake produces,
    called like :attr:`Question.reference`) or ``test`` (a predicate
    ``test(value, *args) -> bool`` for mistakes with many possible answers,
    such as "orthogonal to the gradient but not of unit length").
    """

    hint: str
    answer: Callable | None = None
    test: Callable | None = None

    def __post_init__(self):
        if (self.answer is None) == (self.test is None):
            raise ValueError("give exactly one of answer or test")


@dataclass(frozen=True)
class Question:
    """One graded question.

    Attributes
    ----------
    id : str
        ``"q1"``, ``"q2"``, ... within its assignment.
    name : str
        The notebook variable (or function) that holds the answer.
    task : str
        One line saying what is asked, for score tables and feedback.
    reference : callable
        The right answer: ``reference()`` for a value question,
        ``reference(*args)`` for a function question.
    hint : str
        Shown for a wrong answer that matches no known mistake.
    draw : callable, optional
        ``draw(rng, k) -> tuple`` of the arguments of the k-th test call;
        given for function questions, None for value questions.
    mistakes : tuple of Mistake
        Tried in order; the first that matches gives its hint.
    accept : callable, optional
        ``accept(value, *args) -> bool`` when several answers are right
        (then ``reference`` only fixes the expected shape).
    rtol, atol : float
        An answer v is right when ``abs(v - r) <= atol * max(1, max|r|) +
        rtol * abs(r)`` element-wise, r the reference.
    n_inputs : int
        Test calls per check of a function answer.
    points : int
    keeps_inputs : bool
        The function must not change its array arguments in place (the caller's
        ``x0`` stays as it was); an answer that does is told so.
    """

    id: str
    name: str
    task: str
    reference: Callable
    hint: str
    draw: Callable | None = None
    mistakes: tuple = ()
    accept: Callable | None = None
    rtol: float = 1e-6
    atol: float = 1e-9
    n_inputs: int = 5
    points: int = 1
    keeps_inputs: bool = False

    @property
    def is_function(self):
        return self.draw is not None


@dataclass(frozen=True)
class Assignment:
    """The graded questions of one exercise notebook."""

    name: str
    title: str
    questions: tuple

    def question(self, qid):
        """The question with id ``qid``.

        Raises
        ------
        ValueError
            If there is none.
        """
        for q in self.questions:
            if q.id == qid:
                return q
        ids = ", ".join(q.id for q in self.questions)
        raise ValueError(f"question must be one of {ids} in {self.name!r}, got {qid!r}")

    @property
    def points(self):
        return sum(q.points for q in self.questions)


@dataclass(frozen=True)
class Verdict:
    """The judgement of one answer.

    Attributes
    ----------
    question : str
    status : {"passed", "wrong", "missing", "not-implemented", "error"}
    earned, points : int
    message : str
        Feedback for the student. It never contains the expected answer.
    """

    question: str
    status: str
    earned: int
    points: int
    message: str = field(default="")

    @property
    def passed(self):
        return self.status == "passed"
