"""What the grader writes: the gradebook CSV and one Markdown feedback file per submission.

Text is escaped where it cannot be encoded and neutralised where a spreadsheet would
take it for a formula; every file is written atomically, never through a link.
:mod:`nabla.grading.lms` writes the gradebooks of learning management systems with
the same cells and the same writer.
"""

import contextlib
import csv
import hashlib
import io
import os
import sys
import tempfile
import urllib.parse
from pathlib import Path

from nabla.grading.assignments import ASSIGNMENTS


def _columns(results):
    names = []
    for r in results:
        if r.assignment and r.assignment not in names:
            names.append(r.assignment)
    prefix = len(names) > 1
    return [
        (a, q.id, f"{a}:{q.id}" if prefix else q.id)
        for a in names
        for q in ASSIGNMENTS[a].questions
    ]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell that starts with one of these as a formula."""


def plain_text(text):
    """Text that any UTF-8 writer accepts: lone surrogates and the like become escapes."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def printable(text):
    """``plain_text`` with control characters (terminal escapes, NUL) escaped too."""
    text = plain_text(text)
    return "".join(c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" for c in text)


def csv_cell(value):
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, int | float):
        return value
    text = printable(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_atomically(path, text):
    """Write ``text`` to ``path`` through a new file renamed into place: a link planted at
    ``path`` is replaced, never followed, and a reader never sees half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_outputs(out, feedback=None):
    """Refuse, before any grading, an ``out`` or ``feedback`` path that cannot be written.

    Raises
    ------
    ValueError
        Naming the argument and what is wrong with it.
    """
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"--out must be a file path, but {out} is a folder")
    if not out.parent.is_dir():
        raise ValueError(f"--out: the folder {out.parent} does not exist")
    if not os.access(out.parent, os.W_OK):
        raise ValueError(f"--out: the folder {out.parent} is not writable")
    if feedback is not None:
        feedback = Path(feedback)
        if feedback.exists() and not feedback.is_dir():
            raise ValueError(f"--feedback must be a folder, but {feedback} is a file")
        parent = feedback if feedback.is_dir() else feedback.parent
        if not parent.is_dir() or not os.access(parent, os.W_OK):
            raise ValueError(f"--feedback: cannot create or write to {feedback}")


def write_gradebook(results, path):
    """Write one CSV row per submission: a column per question, total, status, notes.

    Text is escaped where it cannot be encoded and neutralised where a spreadsheet would
    take it for a formula; the file is written atomically, never through a link.
    """
    columns = _columns(results)
    table = io.StringIO()
    w = csv.writer(table)
    w.writerow(
        ["submission", "assignment", "status", *(c[2] for c in columns), "total", "max", "notes"]
    )
    for r in results:
        earned = {(r.assignment, v.question): v.earned for v in r.verdicts}
        row = [
            r.submission,
            r.assignment or "",
            r.status,
            *(earned.get((a, q), "") if a == r.assignment else "" for a, q, _ in columns),
            r.earned,
            r.points,
            "; ".join(r.notes),
        ]
        w.writerow([csv_cell(cell) for cell in row])
    write_atomically(path, table.getvalue())


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def feedback_text(r):
    """The feedback for one submission, as Markdown."""
    title = ASSIGNMENTS[r.assignment].title if r.assignment else "unknown assignment"
    lines = [
        f"# Feedback: {r.submission}",
        "",
        f"- Assignment: {title}",
        f"- Score: {r.earned}/{r.points}",
        f"- Status: {r.status}",
        "",
    ]
    if r.verdicts:
        questions = {q.id: q for q in ASSIGNMENTS[r.assignment].questions}
        lines += ["| Question | Points | Feedback |", "|---|---|---|"]
        for v in r.verdicts:
            task = _cell(questions[v.question].task)
            lines.append(f"| {v.question}: {task} | {v.earned}/{v.points} | {_cell(v.message)} |")
        lines.append("")
    if r.notes:  # one line each: a note cannot add headings or a score of its own
        lines += ["## Notes", "", *(f"- {_cell(n)}" for n in r.notes), ""]
    return "\n".join(lines)


def feedback_name(submission):
    """The feedback file's name: the submission's path percent-encoded, so that two
    different paths (``team/alice.ipynb``, ``team__alice.ipynb``) never share a name; bytes
    that are not UTF-8 are encoded too, and a name too long for a file system is cut and
    ends with a hash of the whole path."""
    raw = submission.encode("utf-8", "surrogateescape")
    name = urllib.parse.quote(raw, safe="") + ".md"
    if len(name) > 200:
        name = f"{name[:150]}-{hashlib.sha256(raw).hexdigest()[:16]}.md"
    return name


def write_feedback(results, folder):
    """Write one Markdown file per submission into ``folder`` (see :func:`feedback_name`),
    each atomically and never through a link."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for r in results:
        target = folder / feedback_name(r.submission)
        try:  # one file that cannot be written never stops the others
            write_atomically(target, plain_text(feedback_text(r)))
        except (OSError, UnicodeError) as exc:
            print(f"no feedback for {printable(r.submission)}: {exc}", file=sys.stderr)
            continue
        written.append(target)
    return written
