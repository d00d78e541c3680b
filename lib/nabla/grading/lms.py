"""Gradebooks a learning management system imports: Canvas's and Moodle's.

Each student is named by the file name the system gave the submission when the
instructor downloaded them all, never by anything inside the notebook (a student could
write another student's name there):

- Canvas, "Download Submissions": ``doejane_12345_67890_gradient.ipynb``, or
  ``doejane_LATE_12345_67890_gradient.ipynb``; ``12345`` is the Canvas user ID.
- Moodle, "Download all submissions": ``Jane Doe_123456_assignsubmission_file_gradient.ipynb``,
  or the folder ``Jane Doe_123456_assignsubmission_file/`` holding the notebook; ``123456`` is
  the participant number of Moodle's offline grading worksheet.

A submission whose name does not match, or two submissions with the same student, stay out
of the import file; :func:`write_lms_gradebook` returns them so the caller can say so.
"""

import csv
import io
import re
from dataclasses import dataclass

from nabla.grading.assignments import ASSIGNMENTS
from nabla.grading.reports import csv_cell, write_atomically


@dataclass(frozen=True)
class Format:
    """A learning management system's gradebook: how it names a download, how it reads a CSV."""

    name: str
    pattern: re.Pattern
    one_assignment: bool


CANVAS = Format(
    "canvas",
    re.compile(r"(?:^|/)(?P<name>[^/_]+)_(?:LATE_)?(?P<id>\d+)_\d+_[^/]*$"),
    one_assignment=False,
)
MOODLE = Format(
    "moodle",
    re.compile(r"(?:^|/)(?P<name>[^/]+?)_(?P<id>\d+)_assignsubmission_file"),
    one_assignment=True,
)
FORMATS = {f.name: f for f in (CANVAS, MOODLE)}

MOODLE_COLUMNS = ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)"]
"""The worksheet columns; Moodle's importer needs the first, the third and the fifth by
these exact (English) names, and reads "Feedback comments" when that feedback is on."""


def _identify(results, fmt):
    """``({student id: (name, result)}, [(submission, why it was left out)])``."""
    found, left_out = {}, []
    for r in results:
        m = fmt.pattern.search(r.submission)
        if m:
            found.setdefault(m["id"], []).append((m["name"], r))
        else:
            left_out.append((r.submission, f"the name is not a {fmt.name} download's"))
    students = {}
    for sid, entries in found.items():
        if len(entries) == 1:
            students[sid] = entries[0]
        else:
            left_out += [
                (r.submission, f"student {sid} has {len(entries)} notebooks") for _, r in entries
            ]
    return students, sorted(left_out)


def _comment(r):
    parts = [f"{r.earned}/{r.points} ({r.status})"]
    parts += [f"{v.question} {v.earned}/{v.points}: {v.message}" for v in r.verdicts]
    return "; ".join(parts + list(r.notes))


def _canvas_rows(students):
    names = sorted({r.assignment for _, r in students.values() if r.assignment})
    titles = [ASSIGNMENTS[a].title for a in names]
    yield ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *titles]
    yield ["Points Possible", "", "", "", "", *(ASSIGNMENTS[a].points for a in names)]
    for sid, (name, r) in sorted(students.items()):
        yield [name, sid, "", "", "", *(r.earned if r.assignment == a else "" for a in names)]


def _moodle_rows(students, when):
    yield [*MOODLE_COLUMNS, "Feedback comments"]
    for sid, (name, r) in sorted(students.items(), key=lambda item: int(item[0])):
        yield [f"Participant {sid}", name, r.earned, r.points, when, _comment(r)]


def write_lms_gradebook(results, path, fmt, when):
    """Write ``results`` to ``path`` as the ``fmt`` system imports it (see the module's text).

    Parameters
    ----------
    results : list of GradedSubmission
    path : path-like
    fmt : {"canvas", "moodle"}
    when : str
        Moodle's "Last modified (grade)", e.g. ``"2026-11-30 14:00"``; Moodle skips a row
        whose grade changed in Moodle after this time.

    Returns
    -------
    list of (str, str)
        The submissions left out of the file, with the reason.

    Raises
    ------
    ValueError
        On an unknown ``fmt``, or when Moodle's worksheet (one assignment per file) would
        mix assignments.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {sorted(FORMATS)}, got {fmt!r}")
    students, left_out = _identify(results, FORMATS[fmt])
    assignments = {r.assignment for _, r in students.values() if r.assignment}
    if FORMATS[fmt].one_assignment and len(assignments) > 1:
        raise ValueError(
            f"a {fmt} worksheet holds one assignment, these submissions hold "
            f"{len(assignments)}: grade each folder with --assignment"
        )
    rows = _canvas_rows(students) if fmt == "canvas" else _moodle_rows(students, when)
    table = io.StringIO()
    writer = csv.writer(table)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    write_atomically(path, table.getvalue())
    return left_out
