"""One child's life, outside the sandbox: its answers come back parsed, and a child over
its time is killed with everything it started."""

import subprocess

from nabla.grading import runner

JOB = {
    "cells": ["x = 6 * 7"],
    "questions": [{"id": "q1", "name": "x"}],
    "cell_timeout": 5,
    "call_timeout": 1,
    "memory_mb": 1024,
    "file_mb": 16,
    "cpu_s": 20,
}


def test_a_child_sends_its_cells_and_answers():
    parsed, timed_out, killed, code, _ = runner.run_child(
        JOB, timeout=30, memory_mb=1024, sandboxed=False
    )
    assert (timed_out, killed, code) == (False, False, 0)
    assert parsed == {
        "cells": [],
        "answers": {"q1": {"status": "ok", "value": 42.0}},
        "output_chars": 0,
        "done": True,
    }


def test_a_child_over_its_time_is_killed_with_what_it_started():
    mark = "nabla-runner-test-sleeper"
    cells = [f"import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 60 # {mark}'])", "x = 1"]
    cells.append("import time\ntime.sleep(60)")
    parsed, timed_out, _, _, _ = runner.run_child(
        JOB | {"cells": cells}, timeout=3, memory_mb=1024, sandboxed=False
    )
    assert timed_out
    assert not parsed["done"]
    left = subprocess.run(["pgrep", "-f", mark], capture_output=True, text=True).stdout
    assert left == ""


def test_malformed_lines_are_skipped_and_the_first_answer_counts():
    raw = b'garbage\n{"answer": "q1", "record": 1}\n{"answer": "q1", "record": 2}\n[1]\n'
    parsed = runner._parse(raw + b'{"done": true, "output_chars": 3}\n')
    assert parsed == {"cells": [], "answers": {"q1": 1}, "output_chars": 3, "done": True}
