"""Questions, the answers given to them, and the verdict on an answer.

An answer travels as a *record*: plain JSON that the process running the
student's code produces (:func:`record_value`, :func:`record_function`) and
that :func:`judge` turns into a :class:`Verdict`. The record holds only
numbers, so the verdict can be computed anywhere, in particular in a process
that never ran the student's code.

Value records: ``{"status": "ok", "value": <number or nested list>}``, or
``{"status": "missing"}``, or ``{"status": "error", "error": "<text>"}``.
Function records: ``{"status": "ok", "outputs": [<output>, ...]}`` with one
output per test input, each ``{"value": ...}``, ``{"error": "<text>", "type":
"<exception name>"}`` or ``{"timeout": <seconds>}``.
"""

import math
import re
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nabla.grading import functions


class Timeout(BaseException):
    """Raised by the alarm. Not an Exception, so ``except Exception`` in the
    student's code does not swallow it."""


@contextmanager
def alarm(seconds):
    """Raise :class:`Timeout` in the main thread after ``seconds`` of wall time (no limit
    when called from another thread, where signals cannot be delivered). Alarms nest:
    an inner one never extends an enclosing one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise Timeout(f"no result within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    start = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)  # outer: an enclosing alarm
    if outer:
        signal.setitimer(signal.ITIMER_REAL, min(seconds, outer))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # nested: the enclosing alarm goes on with what it had left
            left = outer - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))


def timed_call(seconds):
    """``call(func, args)`` for :func:`record_function`: each call under ``seconds`` of wall
    time, a call over it raising TimeoutError."""

    def call(func, args):
        try:
            with alarm(seconds):
                return func(*args)
        except Timeout:
            raise TimeoutError(f"{seconds:g} s") from None

    return call


MAX_ELEMENTS = 10_000
"""The largest answer, in numbers, that is exported and judged."""


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


# --- Recording answers (in the process that runs the student's code) ---------


def describe(exc):
    """``"TypeError: message"``, cut to 300 characters; never raises."""
    try:
        text = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    except Exception:
        text = f"{type(exc).__name__} (its message could not be printed)"
    return text if len(text) <= 300 else text[:297] + "..."


def to_plain(obj):
    """An answer as a float or a nested list of floats, for JSON.

    Raises
    ------
    ValueError
        If ``obj`` is None, not numeric, ragged, or larger than MAX_ELEMENTS;
        the message completes "the answer ...".
    """
    if obj is None:
        raise ValueError("is None (a function without a return statement?)")
    if callable(obj) and not isinstance(obj, np.ndarray):
        raise ValueError("is a function, but a number or an array was expected")
    if isinstance(obj, str | bytes) or np.asarray(obj).dtype.kind in "SU":
        raise ValueError(f"is text ({str(obj)[:40]!r}), but a number was expected: drop the quotes")
    try:
        arr = np.asarray(obj, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"is not a number or an array of numbers ({exc})") from None
    if arr.size > MAX_ELEMENTS:
        raise ValueError(f"has {arr.size} numbers, more than {MAX_ELEMENTS}")
    return arr.tolist()


def record_value(obj):
    """The record of a value answer; never raises for a bad answer."""
    if obj is Ellipsis:
        return {"status": "missing"}
    try:
        return {"status": "ok", "value": to_plain(obj)}
    except Exception as exc:
        return {"status": "error", "error": str(exc)}


def encode_args(args):
    """The arguments of a test call as JSON: arrays tagged, functions by family."""
    out = []
    for a in args:
        if isinstance(a, np.ndarray):
            out.append({"array": a.tolist()})
        elif isinstance(a, int | float):
            out.append(a)
        else:
            out.append(a.to_json())
    return out


def decode_args(data):
    """Fresh arguments for one call of a student's function (arrays copied, bare functions)."""
    args = []
    for a in data:
        if isinstance(a, dict) and "array" in a:
            args.append(np.array(a["array"], dtype=float))
        elif isinstance(a, dict):
            args.append(functions.as_plain_function(functions.from_json(a)))
        else:
            args.append(a)
    return tuple(args)


LIBRARY = tuple(str(Path(p).resolve()) for p in {sys.prefix, sys.base_prefix})
LIBRARY += (str(Path(__file__).resolve().parents[1]),)
"""Code in these folders is not the student's."""


def _raised_in(exc, func):
    """``" (in `g`, which it calls)"`` when the error came from another function of the
    student's (a helper still left blank, say) than the answer ``func``; else ``""``."""
    name, tb = None, exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if not str(Path(code.co_filename).resolve()).startswith(LIBRARY):
            name = code.co_name
        tb = tb.tb_next
    if name in (None, "<module>", "<lambda>", getattr(func, "__name__", None)):
        return ""
    return f" (in `{name}`, which it calls)"


def record_function(func, encoded_inputs, *, call=None):
    """The record of a function answer, called once per encoded input.

    ``call(func, args)`` makes one call; the grader passes one with a time
    limit. An exception in the student's function is recorded, not raised.
    """
    if func is Ellipsis:
        return {"status": "missing"}
    if not callable(func):
        return {"status": "error", "error": f"a function was expected, got {type(func).__name__}"}
    call = call or (lambda fn, args: fn(*args))
    outputs = []
    for data in encoded_inputs:
        args = decode_args(data)
        before = [a.copy() if isinstance(a, np.ndarray) else None for a in args]
        try:
            out = call(func, args)
        except TimeoutError as exc:
            outputs.append({"timeout": str(exc)})
            continue
        except Exception as exc:
            error = describe(exc) + _raised_in(exc, func)
            outputs.append({"error": error, "type": type(exc).__name__})
            continue
        try:
            outputs.append({"value": to_plain(out)})
        except Exception as exc:
            outputs.append({"error": f"the value it returned {exc}", "type": "BadValue"})
            continue
        changed = [
            k
            for k, (a, b) in enumerate(zip(args, before, strict=True))
            if b is not None and not np.array_equal(a, b, equal_nan=True)
        ]
        if changed:
            outputs[-1]["changed"] = changed  # the argument positions it changed in place
    return {"status": "ok", "outputs": outputs}


# --- Judging (anywhere; the grader does it in a process without student code) ---


def _array(value):
    arr = np.asarray(value, dtype=float)
    if arr.size > MAX_ELEMENTS:
        raise ValueError("answer too large")
    return arr


def close(value, expected, rtol, atol):
    """True when ``value`` has the shape of ``expected`` and lies within tolerance.

    Examples
    --------
    >>> close(np.array([8.0, 15.0]), np.array([8.0, 15.0 + 1e-12]), 1e-6, 1e-9)
    True
    """
    value, expected = np.asarray(value, dtype=float), np.asarray(expected, dtype=float)
    if expected.size == 1 and value.size == 1:
        value, expected = value.reshape(()), expected.reshape(())
    if value.shape != expected.shape or not np.all(np.isfinite(value)):
        return False
    if not np.all(np.isfinite(expected)):
        return False
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    return bool(np.all(np.abs(value - expected) <= atol * scale + rtol * np.abs(expected)))


def _safe(fn, *args):
    """fn(*args), or None when it raises (a mistake undefined for this input)."""
    try:
        with np.errstate(all="ignore"):
            return fn(*args)
    except (ArithmeticError, ValueError, np.linalg.LinAlgError):
        return None


def _matches(q, mistake, value, args):
    if mistake.test is not None:
        return bool(_safe(mistake.test, value, *args))
    wrong = _safe(mistake.answer, *args)
    return wrong is not None and close(value, wrong, q.rtol, q.atol)


def _is_right(q, value, args):
    if q.accept is not None:
        return bool(_safe(q.accept, value, *args))
    return close(value, q.reference(*args), q.rtol, q.atol)


def _shape_message(q, value, args):
    expected = np.shape(q.reference(*args))
    if np.size(value) == 1 and math.prod(expected) == 1:
        return None
    if np.shape(value) != expected:
        want = "a single number" if expected == () else f"an array of shape {expected}"
        return f"expected {want}, got shape {np.shape(value)}"
    if not np.all(np.isfinite(value)):
        return "the answer contains nan or inf"
    return None


def _verdict(q, status, message=""):
    earned = q.points if status == "passed" else 0
    return Verdict(question=q.id, status=status, earned=earned, points=q.points, message=message)


def judge(q, record, inputs=()):
    """The verdict on one answer record.

    Parameters
    ----------
    q : Question
    record : dict
        A record as described in the module docstring (untrusted: anything
        malformed is judged as an unreadable answer).
    inputs : sequence of tuple
        For a function question, the arguments of each test call, in the
        order of ``record["outputs"]``.

    Returns
    -------
    Verdict
    """
    try:
        return _judge(q, record, list(inputs))
    except Exception as exc:  # a malformed record must not stop the grading
        return _verdict(q, "error", f"the answer could not be read ({describe(exc)})")


def _judge(q, record, inputs):
    what = f"the function `{q.name}`" if q.is_function else f"`{q.name}`"
    status = record.get("status") if isinstance(record, dict) else None
    if status == "missing":
        verb = "define" if q.is_function else "assign your answer to"
        return _verdict(q, "missing", f"no answer yet: {verb} `{q.name}`")
    if status == "error":
        return _verdict(q, "error", f"{what} {str(record.get('error', ''))[:300]}")
    if status != "ok":
        raise ValueError(f"unknown status {status!r}")
    if not q.is_function:
        value = _array(record["value"])
        if value.size == 1 and np.ndim(q.reference()) == 0:
            value = value.reshape(())  # 0.1, [0.1] and np.array([0.1]) are one answer
        return _judge_values(q, [value], [()])
    outputs = record["outputs"]
    if len(outputs) != len(inputs) or not inputs:
        raise ValueError(f"{len(outputs)} outputs for {len(inputs)} inputs")
    changed = next((out["changed"] for out in outputs if out.get("changed")), None)
    if q.keeps_inputs and isinstance(changed, list) and changed:
        names = q.task.split("(", 1)[1].split(")", 1)[0].split(", ")
        k = changed[0] if isinstance(changed[0], int) and 0 <= changed[0] < len(names) else 0
        return _verdict(
            q,
            "wrong",
            f"not yet: {what} changes its argument `{names[k]}` in place; work on a copy, "
            f"e.g. `x = np.array({names[k]}, dtype=float)`",
        )
    values = []
    for out in outputs:
        if "value" in out:
            values.append(_array(out["value"]))
        elif out.get("type") == "NotImplementedError":
            inner = re.search(r"\(in `(\w+)`, which it calls\)$", str(out.get("error", "")))
            if inner:  # a helper it calls is the blank one
                return _verdict(
                    q,
                    "not-implemented",
                    f"{what} calls `{inner[1]}`, which still raises NotImplementedError: "
                    f"write the body of `{inner[1]}` first",
                )
            return _verdict(
                q, "not-implemented", f"{what} still raises NotImplementedError: write its body"
            )
        else:
            values.append(out)  # an error or a timeout, kept for the mistake rules
    return _judge_values(q, values, inputs)


def _judge_values(q, values, inputs):
    ok = [isinstance(v, np.ndarray) for v in values]
    if all(ok) and all(_is_right(q, v, a) for v, a in zip(values, inputs, strict=True)):
        return _verdict(q, "passed", "passed")
    for mistake in q.mistakes:
        hits = 0
        for v, a, good in zip(values, inputs, ok, strict=True):
            if good and _matches(q, mistake, v, a):
                hits += 1
            elif good or (mistake.answer is not None and _safe(mistake.answer, *a) is not None):
                break  # the mistake predicts a value here that the answer does not have
        else:
            if hits:
                return _verdict(q, "wrong", f"not yet: {mistake.hint}")
    name = f"`{q.name}`"
    for v, a, good in zip(values, inputs, ok, strict=True):
        if not good and "timeout" in v:
            return _verdict(q, "error", f"{name} did not return within {v['timeout']}")
        if not good and v.get("type") == "BadValue":
            return _verdict(q, "wrong", f"not yet: {v.get('error', '')}")
        if not good:
            return _verdict(q, "error", f"{name} raised {v.get('error', 'an error')}")
        problem = _shape_message(q, v, a)
        if problem:
            return _verdict(q, "wrong", f"not yet: {problem}")
    return _verdict(q, "wrong", f"not yet: {q.hint}")
