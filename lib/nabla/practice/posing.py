"""A practice question: a :class:`~nabla.grading.Question` posed on new data, with its text.

One source of mistakes: the hints are those of the graded exercises' ``Mistake``
objects in :mod:`nabla.grading`, said for paper where they speak to code
(:func:`~nabla.practice.hints.by_hand`). A practice question is either a graded question
given new arguments (its reference and its mistakes called on them, :func:`posed`),
or it takes a graded mistake's hint (:func:`hint_of`) where the graded wrong answer
is tied to the course's worked example; only an error that no graded question can
meet gets a ``Mistake`` of its own, defined once beside the practice question.

Each variant stores its right answers and the wrong answer of every mistake, each
certified by :func:`nabla.grading.judge`: the verdict on it is that mistake's hint,
and the page (which only compares numbers, :func:`page_verdict`) says the same.
"""

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from nabla.grading import Mistake, Question, judge
from nabla.practice.hints import by_hand

HAND = 1e-3
"""Relative tolerance for answers worked by hand: 4 significant digits always pass (the page
asks for them), 3 do not always."""
HAND_ATOL = 1e-6
"""Absolute tolerance, for entries that are 0: small answers (a contour spacing of 0.006)
must still be right to 4 significant digits."""
N_VARIANTS = 12
UNDEFINED = (ArithmeticError, ValueError, np.linalg.LinAlgError)
"""What a mistake's answer raises where it is undefined (judge skips it there too)."""


@dataclass(frozen=True)
class Practice:
    """One practice question.

    Attributes
    ----------
    question : Question
        How answers are judged: ``draw(rng, k)`` gives a variant's arguments,
        ``reference(*args)`` the answer, ``mistakes`` the known wrong answers.
    title : str
    prompt, solution : str
        HTML templates with ``{name}`` fields, filled from ``fields(*args)``.
    fields : callable
        ``fields(*args) -> dict`` of plain text for the templates.
    answers : callable, optional
        ``answers(*args) -> list`` when several answers are right (the question has
        ``accept``); by default the one ``reference(*args)``.
    wrong : dict
        For a mistake given by a test (no ``answer``): its index ->
        ``function(*args) -> list`` of the wrong answers to store for it.
    """

    question: Question
    title: str
    prompt: str
    solution: str
    fields: Callable
    answers: Callable | None = None
    wrong: dict = field(default_factory=dict)

    @property
    def key(self):
        return self.question.id


@dataclass(frozen=True)
class Variant:
    """One drawn variant: its arguments, text fields, right answers and ``(wrong answer,
    mistake index)`` pairs."""

    args: tuple
    fields: dict
    answers: tuple
    wrongs: tuple


def posed(question, key, draw, *, convert=None, pick=None, task=None):
    """A graded ``question`` asked by hand about new arguments, drawn by ``draw(rng, k)``.

    Without ``convert`` the practice question calls the graded reference and the very
    same mistakes' answers on its arguments. With it, they are called on
    ``convert(*args)``, and ``pick(value, *args)`` keeps the part of their value that is
    asked for. The tolerance becomes that of hand work.

    Raises
    ------
    ValueError
        If ``pick`` is given for a question whose right or wrong answers are tests.
    """
    changes = {
        "id": key,
        "draw": draw,
        "rtol": HAND,
        "atol": HAND_ATOL,
        "task": task or question.task,
        "hint": by_hand(question.hint),
    }
    if convert is None:
        mistakes = tuple(replace(m, hint=by_hand(m.hint)) for m in question.mistakes)
        return replace(question, mistakes=mistakes, **changes)
    if pick and (question.accept or any(m.test for m in question.mistakes)):
        raise ValueError("pick needs a question whose mistakes all give an answer")
    pick = pick or (lambda value, *args: value)

    def call(fn):
        return lambda *args: pick(fn(*convert(*args)), *args)

    def test(fn):
        return lambda value, *args: fn(value, *convert(*args))

    mistakes = tuple(
        Mistake(by_hand(m.hint), answer=call(m.answer))
        if m.answer
        else Mistake(by_hand(m.hint), test=test(m.test))
        for m in question.mistakes
    )
    accept = question.accept and test(question.accept)
    return replace(
        question, reference=call(question.reference), accept=accept, mistakes=mistakes, **changes
    )


def hint_of(question, phrase):
    """The hint of the one mistake of ``question`` whose hint contains ``phrase``.

    Raises
    ------
    LookupError
        If no mistake, or more than one, has it.
    """
    hints = {m.hint for m in question.mistakes if phrase in m.hint}
    if len(hints) != 1:
        raise LookupError(f"{len(hints)} hints of {question.id} contain {phrase!r}")
    return hints.pop()


def _verdict(q, value, args):
    record = {"status": "ok", "outputs": [{"value": np.asarray(value, dtype=float).tolist()}]}
    return judge(q, record, [args])


def close(value, expected, rtol, atol):
    """The page's comparison (practice.js), the graded one's: same size, and each
    ``|v - e| <= atol * max(1, max|e|) + rtol * |e|``."""
    value, expected = np.ravel(value).astype(float), np.ravel(expected).astype(float)
    if value.shape != expected.shape:
        return False
    scale = max(1.0, float(np.max(np.abs(expected))))
    return bool(np.all(np.abs(value - expected) <= atol * scale + rtol * np.abs(expected)))


def page_verdict(q, variant, value):
    """What the page says of ``value``: ``"right"``, the hint of the first stored wrong
    answer it matches, or the question's general hint."""
    if any(close(value, a, q.rtol, q.atol) for a in variant.answers):
        return "right"
    for wrong, k in variant.wrongs:
        if close(value, wrong, q.rtol, q.atol):
            return q.mistakes[k].hint
    return q.hint


def _wrong_answers(practice, k, args):
    m = practice.question.mistakes[k]
    try:
        return [m.answer(*args)] if m.answer else practice.wrong[k](*args)
    except UNDEFINED:
        return []  # the mistake gives no answer here


def _variant(practice, args):
    """The variant for ``args``, or None when it has no answer, or a mistake's wrong
    answer cannot be told from the right answer or earns another mistake's hint."""
    q = practice.question
    try:
        answers = practice.answers(*args) if practice.answers else [q.reference(*args)]
        fields = practice.fields(*args)
    except UNDEFINED:
        return None  # no answer here (a zero gradient has no direction)
    answers = tuple(np.asarray(a, dtype=float) for a in answers)
    for a in answers:
        if not _verdict(q, a, args).passed:
            raise AssertionError(f"{q.id}: a right answer {a} is not judged right")
    wrongs = []
    for k, m in enumerate(q.mistakes):
        for value in _wrong_answers(practice, k, args):
            if _verdict(q, value, args).message != f"not yet: {m.hint}":
                return None
            wrongs.append((np.asarray(value, dtype=float), k))
    variant = Variant(args, fields, answers, tuple(wrongs))
    for value, k in wrongs:
        if page_verdict(q, variant, value) != q.mistakes[k].hint:
            return None
    return variant


def variants(practice, n=N_VARIANTS):
    """``n`` different variants of ``practice``, the same on every run (seeded by its key).

    Raises
    ------
    RuntimeError
        If its ``draw`` cannot give ``n`` of them in which every mistake is told apart.
    """
    q = practice.question
    rng = np.random.default_rng(zlib.crc32(q.id.encode()))
    found, seen = [], set()
    for k in range(100 * n):
        variant = _variant(practice, q.draw(rng, k))
        text = json.dumps(variant.fields, sort_keys=True) if variant else None
        if variant and text not in seen:
            seen.add(text)
            found.append(variant)
            if len(found) == n:
                return tuple(found)
    raise RuntimeError(f"{q.id}: only {len(found)} of {n} variants tell every mistake apart")


def question(key, task, *, reference, draw, hint, mistakes):
    """A practice-only :class:`~nabla.grading.Question` with the tolerance of hand work, its
    hints said for paper."""
    return Question(
        id=key,
        name=key,
        task=task,
        reference=reference,
        hint=by_hand(hint),
        draw=draw,
        mistakes=tuple(replace(m, hint=by_hand(m.hint)) for m in mistakes),
        rtol=HAND,
        atol=HAND_ATOL,
    )
