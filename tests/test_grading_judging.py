"""Judging answer records: unusable answers get a reason, malformed records never raise,
and errors and in-place changes are named."""

import numpy as np
import pytest
from nabla.grading import ASSIGNMENTS, judge

from .test_grading_assignments import verdict


@pytest.mark.parametrize(
    ("answer", "status", "phrase"),
    [
        (..., "missing", "no answer yet"),
        ("eight", "error", "is text"),
        ("8", "error", "drop the quotes"),  # the right number, as text: not accepted
        (["8", "15"], "error", "drop the quotes"),
        (None, "error", "is None"),
        ([8.0, 15.0, 0.0], "wrong", "shape (2,), got shape (3,)"),
        ([np.nan, 15.0], "wrong", "nan"),
        (np.zeros(10**6), "error", "more than"),
        (lambda x: x, "error", "is a function"),
    ],
)
def test_unusable_value_answers(answer, status, phrase):
    v = verdict("gradient", "q1", answer)
    assert (v.status, v.earned) == (status, 0)
    assert phrase in v.message


def _slow_on_second_call():
    calls = []

    def grad_f(x):
        calls.append(1)
        if len(calls) == 2:
            raise ZeroDivisionError("boom")
        return np.array([2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2])

    return grad_f


@pytest.mark.parametrize(
    ("answer", "status", "phrase"),
    [
        (np.array([8.0, 15.0]), "error", "a function was expected"),
        (lambda x: None, "wrong", "is None"),
        (lambda x: "no", "wrong", "is text"),
        (lambda x: np.zeros(3), "wrong", "shape (2,), got shape (3,)"),
        (lambda: 0, "error", "TypeError"),
        (_slow_on_second_call(), "error", "ZeroDivisionError: boom"),
        (lambda x: np.array([8.0, 15.0]), "wrong", "return np.array"),  # hard-coded (1, 2)
    ],
)
def test_unusable_function_answers(answer, status, phrase):
    v = verdict("gradient", "q2", answer)
    assert (v.status, v.earned) == (status, 0)
    assert phrase in v.message


@pytest.mark.parametrize(
    "record",
    [
        None,
        "passed",
        {"status": "passed"},
        {"status": "ok"},
        {"status": "ok", "value": [[1, 2], [3]]},
        {"status": "ok", "value": "8, 15"},
        {"status": "ok", "outputs": "all right"},
        {"status": "ok", "outputs": [{"value": [8, 15]}]},  # too few outputs
        {"status": "ok", "outputs": ["x"] * 5},
    ],
)
def test_a_malformed_record_is_judged_as_unreadable_never_raises(record):
    q = ASSIGNMENTS["gradient"].question("q2")
    inputs = [q.draw(np.random.default_rng(0), k) for k in range(5)]
    v = judge(q, record, inputs)
    assert v.earned == 0
    assert v.status in {"error", "wrong"}


def test_an_error_in_a_blank_helper_names_the_helper():
    def forward_difference(f, x, i, h):
        raise NotImplementedError("replace this line with your code")

    def partial_estimate(f, x, i):
        return forward_difference(f, x, i, 1e-8)

    v = verdict("partial-derivatives", "q4", partial_estimate)
    assert "write the body of `forward_difference` first" in v.message, v.message
    v = verdict("partial-derivatives", "q3", forward_difference)
    assert "which it calls" not in v.message, v.message


def test_a_function_that_changes_its_input_in_place_is_told_so():
    def descend(grad_f, x0, lr, n_iter):
        x = x0  # not a copy: the caller's x0 moves too
        for _ in range(n_iter):
            x -= lr * grad_f(x)
        return x

    v = verdict("gradient-descent", "q2", descend)
    assert v.status == "wrong"
    assert "changes its argument `x0` in place" in v.message

    def descend_copy(grad_f, x0, lr, n_iter):
        return descend(grad_f, np.array(x0, dtype=float), lr, n_iter)

    assert verdict("gradient-descent", "q2", descend_copy).status == "passed"
