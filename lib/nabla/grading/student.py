"""What ``from nabla.grading import Exercise`` gives a notebook while it is graded.

The sandbox holds no answer key, so this ``Exercise`` judges nothing: its checks
say that the grader judges the answers, and the notebook runs on as it would.
"""


class Exercise:
    """A stand-in for :class:`nabla.grading.exercise.Exercise` inside the sandbox."""

    def __init__(self, name):
        self.name = str(name)

    def __repr__(self):
        return f"Exercise({self.name!r})"

    def check(self, question, answer):
        print(f"{question}: judged by the grader")

    def score(self):
        print("The grader computes the score.")
