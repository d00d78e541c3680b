"""Judging an answer record: the verdict, computed anywhere (the grader does it in a
process that never ran the student's code).

An answer is right when it lies within the question's tolerance of the reference
(:func:`close`) or the question's ``accept`` says so; a wrong answer gets the hint of
the first known mistake it matches, else the question's general hint. Records are
untrusted: anything malformed is judged as an unreadable answer, never raised.
"""

import math
import re

import numpy as np

from nabla.grading.recording import MAX_ELEMENTS, describe
from nabla.grading.spec import Verdict


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
