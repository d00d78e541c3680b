"""The progress line: one line per submission when stderr is not a terminal."""

from nabla.grading.batch import GradedSubmission
from nabla.grading.progress import Progress
from nabla.grading.spec import Verdict


def test_one_line_per_submission_with_status_and_score(capsys):
    bar = Progress(2)
    verdict = Verdict(question="q1", status="passed", earned=1, points=1)
    bar.update(GradedSubmission("alice.ipynb", "gradient", "ok", (verdict,)))
    bar.update(GradedSubmission("bob\x1b[2J.ipynb", None, "unknown-assignment"))
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("grading [###############...............] 1/2")
    assert lines[0].endswith("alice.ipynb: ok 1/1")
    assert lines[1].endswith("bob\\x1b[2J.ipynb: unknown-assignment -")  # escaped, no score


def test_a_quiet_progress_writes_nothing(capsys):
    Progress(1, enabled=False).update(GradedSubmission("a.ipynb", None, "crashed"))
    assert capsys.readouterr().err == ""
