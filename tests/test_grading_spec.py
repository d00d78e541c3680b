"""The question model: a mistake is one wrong answer or one test, an assignment finds its
questions by id and sums their points."""

import pytest
from nabla.grading import ASSIGNMENTS, Mistake


def test_a_mistake_is_an_answer_or_a_test_never_both_nor_neither():
    Mistake("hint", answer=lambda: 1.0)
    Mistake("hint", test=lambda v: True)
    with pytest.raises(ValueError, match="exactly one of answer or test"):
        Mistake("hint")
    with pytest.raises(ValueError, match="exactly one of answer or test"):
        Mistake("hint", answer=lambda: 1.0, test=lambda v: True)


def test_an_assignment_finds_its_questions_and_sums_their_points():
    gradient = ASSIGNMENTS["gradient"]
    assert gradient.question("q3").name == "central_gradient"
    assert gradient.points == sum(q.points for q in gradient.questions) == 5
    with pytest.raises(ValueError, match="q1, q2, q3, q4, q5 in 'gradient', got 'q9'"):
        gradient.question("q9")


def test_function_questions_are_the_ones_that_draw_inputs():
    for assignment in ASSIGNMENTS.values():
        for q in assignment.questions:
            assert q.is_function == (q.draw is not None)
