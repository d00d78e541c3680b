"""The gradebook CSV and the feedback files: safe cells, safe names, atomic writes.

The graded corpus (test_grading_batch.py) checks what the reports say; these tests check
how they are written, on rows made by hand.
"""

import csv

from nabla.grading.batch import GradedSubmission
from nabla.grading.reports import feedback_name, feedback_text, write_feedback, write_gradebook


def _row(name, notes=()):
    return GradedSubmission(submission=name, assignment=None, status="crashed", notes=notes)


def test_gradebook_cells_are_text_never_formulas_and_always_encodable(tmp_path):
    rows = [_row("=1+2.ipynb", ("@SUM(A1)",)), _row("-x.ipynb", ("bad \ud800 byte",))]
    write_gradebook(rows, tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert [t["submission"] for t in table] == ["'=1+2.ipynb", "'-x.ipynb"]
    assert table[0]["notes"] == "'@SUM(A1)"
    assert table[1]["notes"] == "bad \\ud800 byte"  # escaped, the row kept


def test_outputs_replace_planted_links_and_never_write_through_them(tmp_path):
    victim = tmp_path / "victim.ipynb"
    victim.write_text("a student's notebook", "utf-8")
    rows = [_row("team/alice.ipynb")]
    (tmp_path / "fb").mkdir()
    (tmp_path / "grades.csv").symlink_to(victim)
    (tmp_path / "fb" / feedback_name("team/alice.ipynb")).symlink_to(victim)
    write_gradebook(rows, tmp_path / "grades.csv")
    written = write_feedback(rows, tmp_path / "fb")
    assert victim.read_text("utf-8") == "a student's notebook"
    assert not (tmp_path / "grades.csv").is_symlink()
    assert not written[0].is_symlink()
    assert "team/alice.ipynb" in written[0].read_text("utf-8")


def test_odd_file_names_get_their_feedback_file(tmp_path):
    names = ["caf\udce9.ipynb", "a" * 236 + ".ipynb", "д" * 80 + ".ipynb", "x\r\x1b[K.ipynb"]
    written = write_feedback([_row(n) for n in names], tmp_path)
    assert len(written) == len(set(written)) == 4
    assert all(len(p.name) <= 255 and p.is_file() for p in written)


def test_feedback_names_never_collide():
    names = ["team/alice.ipynb", "team__alice.ipynb", "team%2Falice.ipynb", "x/../y.ipynb"]
    encoded = [feedback_name(n) for n in names]
    assert len(set(encoded)) == len(names)
    assert all("/" not in e and e.endswith(".md") for e in encoded)


def test_a_note_cannot_forge_lines_of_the_feedback(tmp_path):
    forged = "see below\n\n# Feedback: x.ipynb\n- Score: 5/5\n- Status: ok"
    text = feedback_text(_row("x.ipynb", (forged,)))
    lines = text.splitlines()
    assert sum(line.startswith("# ") for line in lines) == 1
    assert [line for line in lines if line.startswith("- Score")] == ["- Score: 0/0"]
