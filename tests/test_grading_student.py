"""The sandbox's stand-in for Exercise: it judges nothing and lets the notebook run on."""

from nabla.grading.student import Exercise


def test_checks_defer_to_the_grader(capsys):
    exercise = Exercise("gradient")
    exercise.check("q1", [0.0, 0.0])
    exercise.score()
    assert repr(exercise) == "Exercise('gradient')"
    assert capsys.readouterr().out == "q1: judged by the grader\nThe grader computes the score.\n"
