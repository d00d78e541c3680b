"""Recording answers, in the process that runs the student's code.

An answer travels as a *record*: plain JSON that :func:`record_value` and
:func:`record_function` produce and :func:`nabla.grading.judging.judge` turns into a
verdict. The record holds only numbers, so the verdict can be computed anywhere, in
particular in a process that never ran the student's code.

Value records: ``{"status": "ok", "value": <number or nested list>}``, or
``{"status": "missing"}``, or ``{"status": "error", "error": "<text>"}``.
Function records: ``{"status": "ok", "outputs": [<output>, ...]}`` with one
output per test input, each ``{"value": ...}``, ``{"error": "<text>", "type":
"<exception name>"}`` or ``{"timeout": <seconds>}``.

The grading child and :class:`~nabla.grading.exercise.Exercise` both record here, each
call under a time limit (:func:`alarm`, :func:`timed_call`). This module holds no
reference answer: the sandbox gives the child this file, never the assignments.
"""

import signal
import sys
import threading
import time
from contextlib import contextmanager
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
