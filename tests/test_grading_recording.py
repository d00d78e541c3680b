"""Recording answers in the process that runs the student's code: numbers only, fresh
copies of the inputs, a bare f, and a time limit per call."""

import time

import numpy as np
import pytest
from nabla.grading import ASSIGNMENTS
from nabla.grading.recording import (
    decode_args,
    encode_args,
    record_function,
    record_value,
    timed_call,
)


def test_the_student_function_gets_copies_and_a_bare_f():
    """Changing x in place or peeking at f's exact gradient is not possible."""
    got = []

    def nosy(f, x, i, h):
        got.append((hasattr(f, "gradient"), type(f).__name__))
        x[i] += 1e6  # in place: must not change the grader's copy
        return 0.0

    q = ASSIGNMENTS["partial-derivatives"].question("q3")
    inputs = [q.draw(np.random.default_rng(1), k) for k in range(5)]
    before = [a[1].copy() for a in inputs]
    record_function(nosy, [encode_args(a) for a in inputs])
    assert got == [(False, "function")] * 5
    f = decode_args(encode_args(inputs[0]))[0]
    reachable = [c.cell_contents for c in f.__closure__]
    assert not any(hasattr(c, "gradient") or hasattr(c, "second_partial") for c in reachable)
    assert f(inputs[0][1]) == inputs[0][0](inputs[0][1])  # the same values
    assert all(np.array_equal(a[1], b) for a, b in zip(inputs, before, strict=True))


def test_a_value_record_holds_plain_numbers():
    assert record_value(np.array([8, 15])) == {"status": "ok", "value": [8.0, 15.0]}
    assert record_value(...) == {"status": "missing"}
    assert record_value("8")["status"] == "error"


def test_a_call_over_its_time_limit_is_recorded_as_a_timeout():
    def slow(x):
        time.sleep(1.0)
        return x

    start = time.monotonic()
    record = record_function(slow, [[1.0]], call=timed_call(0.2))
    assert record == {"status": "ok", "outputs": [{"timeout": "0.2 s"}]}
    assert time.monotonic() - start < 0.9


@pytest.mark.parametrize("answer", [float, np.sum])
def test_function_records_hold_one_output_per_input(answer):
    q = ASSIGNMENTS["gradient"].question("q2")
    inputs = [q.draw(np.random.default_rng(k), k) for k in range(3)]
    record = record_function(answer, [encode_args(a) for a in inputs])
    assert len(record["outputs"]) == 3
