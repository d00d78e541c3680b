"""The child's export of answers, in process: numbers only, and nothing the student's
code does while being read stops the export."""

import numpy as np
from nabla.grading.child import Sink, export
from nabla.grading.recording import encode_args


def test_a_value_and_a_function_are_exported_as_numbers():
    namespace = {"x": np.array([8, 15]), "double": lambda v: 2 * v}
    assert export(namespace, {"id": "q1", "name": "x"}, 1.0) == {
        "status": "ok",
        "value": [8.0, 15.0],
    }
    inputs = [encode_args((np.array([1.0, 2.0]),))]
    record = export(namespace, {"id": "q2", "name": "double", "inputs": inputs}, 1.0)
    assert record == {"status": "ok", "outputs": [{"value": [2.0, 4.0]}]}
    assert export(namespace, {"id": "q3", "name": "missing"}, 1.0) == {"status": "missing"}


def test_an_answer_that_exits_while_being_read_is_an_error_not_the_end():
    class Hostile:
        def __array__(self, *args, **kwargs):
            raise SystemExit("bye")

    record = export({"x": Hostile()}, {"id": "q1", "name": "x"}, 1.0)
    assert record == {"status": "error", "error": "stopped the grading before its answer was read"}


def test_the_sink_counts_and_discards():
    sink = Sink()
    sink.write("abc")
    sink.write("de")
    assert sink.count == 5
