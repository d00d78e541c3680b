"""Exercise.check in a student's notebook: a verdict in one line, fresh inputs at every
check, and a note when the answer is not where the grader reads it."""

import io
from contextlib import redirect_stdout

import numpy as np
import pytest
from nabla.grading import Exercise


def test_exercise_check_prints_a_verdict_and_score_sums_up(capsys):
    exercise = Exercise("gradient")
    exercise.check("q1", [2.5, 6.75])  # grad f at (2, -0.5)
    exercise.check("q2", lambda x: -np.array([2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2]))
    exercise.score()
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "✔ q1 passed"
    assert out[1].startswith("✘ q2 not yet: check the sign")
    assert out[2] == "The gradient: 1/5 points from the checks run in this notebook"
    assert "not checked yet" in out[5]
    assert exercise.verdicts["q2"].status == "wrong"


def test_exercise_rejects_unknown_names(capsys):
    with pytest.raises(ValueError, match="name must be one of partial-derivatives"):
        Exercise("gradients")
    Exercise("gradient").check("q6", 1.0)  # a line for the student, no traceback
    assert capsys.readouterr().out == (
        "✘ question must be one of q1, q2, q3, q4, q5 in 'gradient', got 'q6'\n"
    )


def test_a_check_that_runs_too_long_or_is_interrupted_says_so_in_one_line(capsys, monkeypatch):
    import nabla.grading.exercise as exercise_module

    monkeypatch.setattr(exercise_module, "CALL_SECONDS", 0.2)

    def grad_f(x):
        while True:
            pass

    def interrupted(x):
        raise KeyboardInterrupt

    Exercise("gradient").check("q2", grad_f)
    assert "did not return within 0.2 s" in capsys.readouterr().out
    Exercise("gradient").check("q2", interrupted)
    assert capsys.readouterr().out.startswith("✘ q2 not checked: interrupted")


def test_function_answers_get_fresh_inputs_at_every_check():
    seen = []

    def spy(x):
        seen.append(tuple(x))
        return np.zeros(2)

    exercise = Exercise("gradient")
    with redirect_stdout(io.StringIO()):
        exercise.check("q2", spy)
        exercise.check("q2", spy)
    assert len(seen) == 10
    assert len(set(seen)) == 10


def _notebook_run(source):
    """Run code as a notebook cell would (in a namespace called __main__); return stdout."""
    namespace = {"__name__": "__main__", "np": np, "Exercise": Exercise}
    out = io.StringIO()
    with redirect_stdout(out):
        exec(source, namespace)
    return out.getvalue()


def test_check_warns_when_the_answer_is_not_where_the_grader_reads_it():
    grad = "lambda x: np.array([2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2])"
    renamed = _notebook_run(f"e = Exercise('gradient')\nmy_grad = {grad}\ne.check('q2', my_grad)")
    assert renamed.splitlines() == [
        "✔ q2 passed",
        "  Note: the grader reads your answer to q2 from `grad_f`; define it under that name.",
    ]
    named = _notebook_run(f"e = Exercise('gradient')\ngrad_f = {grad}\ne.check('q2', grad_f)")
    assert named.splitlines() == ["✔ q2 passed"]
