"""The grading command line and the folder walk: arguments, outputs, formats, links."""

import csv
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from nabla.grading.batch import Limits, grade_one, grade_submissions

from .test_grading_batch import EXERCISES, LIMITS, load, replace


def _run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "nabla.grading", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def test_command_line_grades_a_folder_with_a_progress_bar(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "good.ipynb").write_text(json.dumps(load("04-level-sets")), "utf-8")
    (subs / "blank.ipynb").write_text(json.dumps(load("04-level-sets", master=False)), "utf-8")
    done = _run(
        "grade",
        str(subs),
        "--out",
        str(tmp_path / "grades.csv"),
        "--feedback",
        str(tmp_path / "fb"),
        "--jobs",
        "2",
        "--timeout",
        "30",
    )
    assert done.returncode == 0, done.stderr
    assert "graded 2 submissions (2 ok)" in done.stdout
    assert "grading [" in done.stderr
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as f:
        table = {row["submission"]: row for row in csv.DictReader(f)}
    assert (table["good.ipynb"]["total"], table["blank.ipynb"]["total"]) == ("5", "0")
    assert list(table["good.ipynb"])[3:7] == ["q1", "q2", "q3", "q4"]
    assert sorted(p.name for p in (tmp_path / "fb").iterdir()) == [
        "blank.ipynb.md",
        "good.ipynb.md",
    ]


def test_command_line_writes_a_canvas_file_and_names_who_is_left_out(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    notebook = json.dumps(load("04-level-sets"))
    (subs / "doejane_41_9_levels.ipynb").write_text(notebook, "utf-8")
    (subs / "levels.ipynb").write_text(notebook, "utf-8")
    out = tmp_path / "canvas.csv"
    done = _run("grade", str(subs), "--out", str(out), "--format", "canvas", "--quiet")
    assert done.returncode == 2
    assert "--format canvas needs --assignment" in done.stderr
    done = _run(
        "grade", str(subs), "--out", str(out), "--format", "canvas", "--assignment", "level-sets"
    )
    assert done.returncode == 1, done.stderr
    assert "not in the canvas file: levels.ipynb" in done.stdout
    assert list(csv.reader(out.read_text("utf-8").splitlines()))[2] == [
        "doejane",
        "41",
        "",
        "",
        "",
        "5",
    ]
    done = _run("grade", str(subs), "--out", str(out), "--format", "moodle")
    assert done.returncode == 2
    assert "--format moodle needs --assignment" in done.stderr


def test_command_line_generate_check_passes_on_the_repository():
    done = _run("generate", "--check", cwd=EXERCISES.parent)
    assert (done.returncode, done.stdout) == (0, "")


def test_command_line_rejects_bad_arguments(tmp_path):
    done = _run("grade", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "submissions must be a folder" in done.stderr
    done = _run("grade", str(tmp_path), "--assignment", "calculus")
    assert done.returncode == 2


def test_inputs_are_drawn_afresh_and_the_code_runs_in_a_child(tmp_path):
    """The student's function sees different inputs at each grading, in another process."""
    log = tmp_path / "seen.jsonl"
    spy = (
        "import json\nimport os\n\n\ndef grad_f(x):\n"
        f"    with open({str(log)!r}, 'a') as out:\n"
        "        out.write(json.dumps([os.getpid(), list(x)]) + '\\n')\n"
        "    return np.array([2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2])"
    )
    nb = replace(load("02-gradient"), "grad_f", spy)
    nb["cells"] = [c for c in nb["cells"] if "exercise.check" not in "".join(c["source"])]
    path = tmp_path / "spy.ipynb"
    path.write_text(json.dumps(nb), "utf-8")
    for _ in range(2):
        assert grade_one(path, tmp_path, limits=LIMITS, sandboxed=False).earned == 5
    seen = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(seen) == 10
    assert os.getpid() not in {pid for pid, _ in seen}
    first, second = (np.array([x for _, x in seen[k : k + 5]]) for k in (0, 5))
    assert not np.any(np.isclose(first, second))


def test_limits_are_validated():
    with pytest.raises(ValueError, match="cell_timeout must be a finite number > 0"):
        Limits(cell_timeout=0)


def test_command_line_refuses_unusable_outputs_before_grading(tmp_path):
    (tmp_path / "subs").mkdir()
    (tmp_path / "a_folder").mkdir()
    (tmp_path / "a_file").write_text("", "utf-8")
    done = _run("grade", str(tmp_path / "subs"), "--out", str(tmp_path / "a_folder"))
    assert done.returncode == 2
    assert "--out must be a file path" in done.stderr
    out = str(tmp_path / "grades.csv")
    done = _run(
        "grade", str(tmp_path / "subs"), "--out", out, "--feedback", str(tmp_path / "a_file")
    )
    assert done.returncode == 2
    assert "--feedback must be a folder" in done.stderr


def test_every_entry_named_ipynb_gets_a_row_and_links_are_never_followed(tmp_path):
    root = tmp_path / "subs"
    root.mkdir()
    (root / "blank.ipynb").write_text(json.dumps(load("04-level-sets", master=False)), "utf-8")
    secret = tmp_path / "other-course.ipynb"
    secret.write_text(json.dumps(load("04-level-sets")), "utf-8")  # full marks if followed
    (root / "outside.ipynb").symlink_to(secret)
    (root / "dangling.ipynb").symlink_to(tmp_path / "nowhere.ipynb")
    os.mkfifo(root / "fifo.ipynb")  # opening it for reading must not hang the grader
    (root / "folder.ipynb").mkdir()
    (root / "linked-folder").symlink_to(tmp_path, target_is_directory=True)  # not entered
    rows = {r.submission: r for r in grade_submissions(root, jobs=2, limits=LIMITS)}
    assert sorted(rows) == [
        "blank.ipynb",
        "dangling.ipynb",
        "fifo.ipynb",
        "folder.ipynb",
        "outside.ipynb",
    ]
    assert rows["blank.ipynb"].status == "ok"
    for name, note in [
        ("outside.ipynb", "links are not followed"),
        ("dangling.ipynb", "links are not followed"),
        ("fifo.ipynb", "not a regular file"),
        ("folder.ipynb", "not a regular file"),
    ]:
        assert rows[name].status == "invalid-notebook"
        assert any(note in n for n in rows[name].notes), rows[name].notes
        assert rows[name].earned == 0
