"""Gradebooks for Canvas and Moodle, read back the way each system reads them."""

import csv

import pytest
from nabla.grading.assignments import ASSIGNMENTS
from nabla.grading.batch import GradedSubmission
from nabla.grading.lms import write_lms_gradebook
from nabla.grading.spec import Verdict

WHEN = "2026-11-30 14:00"


def graded(submission, assignment, earned):
    """A graded submission: the first ``earned`` questions right, the rest wrong."""
    questions = ASSIGNMENTS[assignment].questions
    verdicts = tuple(
        Verdict(q.id, "passed" if k < earned else "wrong", int(k < earned), 1, "hint")
        for k, q in enumerate(questions)
    )
    return GradedSubmission(submission, assignment, "ok", verdicts)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def moodle_import(rows):
    """What Moodle's offline-worksheet importer takes from ``rows``
    (assignfeedback_offline_grade_importer: columns found by name, the participant number
    after "Participant ")."""
    header = rows[0]
    idx, grade, modified = (
        header.index(c) for c in ("Identifier", "Grade", "Last modified (grade)")
    )
    comments = header.index("Feedback comments")
    return {
        int(r[idx].removeprefix("Participant ")): (float(r[grade]), r[modified], r[comments])
        for r in rows[1:]
    }


def test_moodle_worksheet_names_students_by_participant_number(tmp_path):
    results = [
        graded("Jane Doe_123456_assignsubmission_file_gradient.ipynb", "gradient", 5),
        graded("Li Wei_7_assignsubmission_file/notebook.ipynb", "gradient", 2),
        graded("=HYPERLINK(1)_99_assignsubmission_file_x.ipynb", "gradient", 1),
        graded("renamed.ipynb", "gradient", 5),
    ]
    left_out = write_lms_gradebook(results, tmp_path / "w.csv", "moodle", WHEN)
    got = moodle_import(read(tmp_path / "w.csv"))
    assert {k: v[:2] for k, v in got.items()} == {
        7: (2.0, WHEN),
        99: (1.0, WHEN),
        123456: (5.0, WHEN),
    }
    assert got[7][2].startswith("2/5 (ok); q1 1/1: hint")
    assert read(tmp_path / "w.csv")[2][1].startswith("'=HYPERLINK")  # never a live formula
    assert left_out == [("renamed.ipynb", "the name is not a moodle download's")]


def test_canvas_import_has_its_id_columns_and_one_column_per_assignment(tmp_path):
    results = [
        graded("doejane_12345_67890_gradient.ipynb", "gradient", 4),
        graded("weili_LATE_222_333_levels.ipynb", "level-sets", 3),
        graded("twice_5_1_a.ipynb", "gradient", 5),
        graded("twice_5_2_b.ipynb", "gradient", 0),
    ]
    left_out = write_lms_gradebook(results, tmp_path / "c.csv", "canvas", WHEN)
    rows = read(tmp_path / "c.csv")
    gradient, levels = ASSIGNMENTS["gradient"], ASSIGNMENTS["level-sets"]
    ids = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[0] == [*ids, gradient.title, levels.title]
    assert rows[1][5:] == [str(gradient.points), str(levels.points)]
    assert rows[2:] == [
        ["doejane", "12345", "", "", "", "4", ""],
        ["weili", "222", "", "", "", "", "3"],
    ]
    assert [why for _, why in left_out] == ["student 5 has 2 notebooks"] * 2


def test_a_moodle_worksheet_refuses_two_assignments_and_unknown_formats(tmp_path):
    results = [
        graded("A_1_assignsubmission_file_a.ipynb", "gradient", 1),
        graded("B_2_assignsubmission_file_b.ipynb", "level-sets", 1),
    ]
    with pytest.raises(ValueError, match="holds one assignment"):
        write_lms_gradebook(results, tmp_path / "w.csv", "moodle", WHEN)
    with pytest.raises(ValueError, match="fmt must be one of"):
        write_lms_gradebook(results, tmp_path / "w.csv", "blackboard", WHEN)
    assert not (tmp_path / "w.csv").exists()


def test_a_student_cannot_take_another_students_row_by_naming_the_upload(tmp_path):
    # The system writes its own prefix before the name the student uploaded.
    results = [
        graded(
            "Mallory_555_assignsubmission_file_Eve_999_assignsubmission_file_x.ipynb", "gradient", 5
        ),
        graded(
            "Mallory_556_assignsubmission_file/Eve_999_assignsubmission_file_x.ipynb", "gradient", 5
        ),
    ]
    write_lms_gradebook(results, tmp_path / "w.csv", "moodle", WHEN)
    assert sorted(moodle_import(read(tmp_path / "w.csv"))) == [555, 556]
    canvas = [graded("mallory_555_1_eve_999_2_x.ipynb", "gradient", 5)]
    write_lms_gradebook(canvas, tmp_path / "c.csv", "canvas", WHEN)
    assert read(tmp_path / "c.csv")[2][:2] == ["mallory", "555"]
