"""Grade a folder of submitted notebooks: one row of the gradebook each.

This process never runs a student's code. For each submission it reads the
notebook's JSON, draws the test inputs of the function questions from a fresh
secret seed, and runs :mod:`nabla.grading.child` on the code cells
(:mod:`nabla.grading.runner`). The child sends back numbers; the verdicts are
computed here (:mod:`nabla.grading.judging`). Submissions are graded in parallel,
one child per core; :mod:`nabla.grading.reports` writes the gradebook and the
feedback, :mod:`nabla.grading.progress` shows how far it got.
"""

import os
import secrets
import signal
import stat
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nabla.grading import runner, sandbox
from nabla.grading.assignments import ASSIGNMENTS
from nabla.grading.judging import judge
from nabla.grading.notebooks import InvalidNotebook, read_submission
from nabla.grading.progress import Progress
from nabla.grading.recording import encode_args
from nabla.grading.reports import plain_text
from nabla.grading.spec import Verdict

MAX_NOTEBOOK_BYTES = 100 * 2**20
"""Larger files (a notebook saved with huge outputs) are not read."""
STATUSES = ("ok", "cell-errors", "timeout", "crashed", "invalid-notebook", "unknown-assignment")
"""``ok``: every cell ran. ``cell-errors``: some cells raised or hit the cell time
limit; the other answers were graded. ``timeout``: the submission hit the wall-time
limit. ``crashed``: the child process stopped before it finished; answers it had
already sent are graded, unless a signal killed it. ``invalid-notebook``: the file is not
a readable notebook. ``unknown-assignment``: it names no known assignment. ``timeout``,
``invalid-notebook`` and ``unknown-assignment`` earn nothing."""


@dataclass(frozen=True)
class Limits:
    """Per-submission limits.

    Attributes
    ----------
    timeout : float
        Wall time for the whole submission, in seconds.
    cell_timeout : float
        Wall time for one cell, in seconds.
    call_timeout : float
        Wall time for one call of a function answer, in seconds.
    memory_mb : int
        Address space of the child process, in MiB.
    file_mb : int
        Largest file the child may write, in MiB.
    """

    timeout: float = 120.0
    cell_timeout: float = 30.0
    call_timeout: float = 5.0
    memory_mb: int = 2048
    file_mb: int = 64

    def __post_init__(self):
        for name in ("timeout", "cell_timeout", "call_timeout", "memory_mb", "file_mb"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and np.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a finite number > 0, got {value!r}")


@dataclass(frozen=True)
class GradedSubmission:
    """One row of the gradebook.

    Attributes
    ----------
    submission : str
        The path relative to the submissions folder.
    assignment : str or None
    status : str
        One of :data:`STATUSES`.
    verdicts : tuple of Verdict
        One per question of the assignment (empty if it is unknown).
    notes : tuple of str
        What went wrong, for the instructor and the student.
    seconds : float
        Wall time spent on the submission.
    """

    submission: str
    assignment: str | None
    status: str
    verdicts: tuple = ()
    notes: tuple = field(default=())
    seconds: float = 0.0

    @property
    def earned(self):
        return sum(v.earned for v in self.verdicts)

    @property
    def points(self):
        return sum(v.points for v in self.verdicts)


def find_submissions(folder):
    """Every entry named ``*.ipynb`` under ``folder``, sorted: files, and also links, folders
    and special files, which :func:`grade_one` refuses with a note (so each gets a row).
    Linked folders are not entered; checkpoint folders are skipped.

    Raises
    ------
    ValueError
        If ``folder`` is not a directory.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"submissions must be a folder, got {folder}")
    found = []
    for where, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if d != ".ipynb_checkpoints"]
        found += [Path(where, n) for n in dirs + files if n.lower().endswith(".ipynb")]
    return sorted(found)


def _read_regular_file(path):
    """The bytes of ``path`` if it is a regular file, not a link, of at most
    :data:`MAX_NOTEBOOK_BYTES`; else :class:`InvalidNotebook` saying what it is."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if os.path.islink(path):
            raise InvalidNotebook("the entry is a link; links are not followed") from None
        raise InvalidNotebook(f"the file cannot be opened ({exc.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise InvalidNotebook("the entry is not a regular file (a folder or a device)")
    with os.fdopen(fd, "rb") as f:
        if info.st_size > MAX_NOTEBOOK_BYTES:
            raise InvalidNotebook(
                f"the file has {info.st_size} bytes, more than {MAX_NOTEBOOK_BYTES}"
            )
        return f.read(MAX_NOTEBOOK_BYTES + 1)


def _missing(q, message):
    return Verdict(question=q.id, status="missing", earned=0, points=q.points, message=message)


def _zero(assignment, message):
    return tuple(_missing(q, message) for q in assignment.questions)


def _crash_note(killed, code, tail):
    if killed:
        number = -code if code < 0 else code - 128
        name = signal.Signals(number).name if number in signal.valid_signals() else ""
        why = f"was killed by signal {number} {name}".strip()
    else:
        why = f"exited with code {code}"
    last = plain_text(tail.splitlines()[-1][:200]) if tail else ""
    return f"the notebook's process {why} before all its answers were read" + (
        f" ({last})" if last else ""
    )


def grade_one(path, root, *, assignment=None, limits=None, rng=None, sandboxed=True):
    """Grade one submitted notebook; never raises for a bad submission.

    Parameters
    ----------
    path : path-like
        The notebook. It is read once and never modified.
    root : path-like
        The submissions folder; the row names ``path`` relative to it.
    assignment : str, optional
        Grade as this assignment whatever the notebook names.
    limits : Limits, optional
    rng : numpy.random.Generator, optional
        Draws the test inputs; default a fresh secret seed.
    sandboxed : bool
        Run the notebook in the bubblewrap sandbox (:mod:`nabla.grading.sandbox`).

    Returns
    -------
    GradedSubmission
    """
    start = time.monotonic()
    limits = limits or Limits()
    rng = rng or np.random.default_rng(secrets.randbits(128))
    path, root = Path(path), Path(root)
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name

    def row(assignment_name, status, verdicts=(), notes=()):
        return GradedSubmission(
            submission=name,
            assignment=assignment_name,
            status=status,
            verdicts=tuple(verdicts),
            notes=tuple(notes),
            seconds=round(time.monotonic() - start, 2),
        )

    forced = ASSIGNMENTS[assignment] if assignment else None
    try:
        data = _read_regular_file(path)
        submission = read_submission(data)
    except (InvalidNotebook, OSError) as exc:
        a = forced
        verdicts = _zero(a, "the notebook could not be read") if a else ()
        return row(a and a.name, "invalid-notebook", verdicts, [str(exc)])
    a = forced or (submission.assignment and ASSIGNMENTS[submission.assignment])
    if a is None:
        note = "the notebook names no known assignment (no Exercise(...) call found)"
        return row(None, "unknown-assignment", (), [note])
    inputs = {q.id: [q.draw(rng, k) for k in range(q.n_inputs)] for q in a.questions if q.draw}
    job = {
        "cells": list(submission.cells),
        "questions": [
            {"id": q.id, "name": q.name}
            | ({"inputs": [encode_args(args) for args in inputs[q.id]]} if q.draw else {})
            for q in a.questions
        ],
        "cell_timeout": limits.cell_timeout,
        "call_timeout": limits.call_timeout,
        "memory_mb": int(limits.memory_mb),
        "file_mb": int(limits.file_mb),
        "cpu_s": int(limits.timeout) + 1,
    }
    result, timed_out, killed, code, tail = runner.run_child(
        job, timeout=limits.timeout, memory_mb=limits.memory_mb, sandboxed=sandboxed
    )
    if timed_out or killed:
        if timed_out:
            status = "timeout"
            note = f"the notebook did not finish within {limits.timeout:g} s; no answer was read"
        else:
            status, note = "crashed", _crash_note(killed, code, tail)
        return row(a.name, status, _zero(a, note), [note])
    answers = result["answers"]
    unsent = "the notebook's process stopped before this answer was read"
    verdicts = [
        judge(q, answers[q.id], inputs.get(q.id, [()])) if q.id in answers else _missing(q, unsent)
        for q in a.questions
    ]
    notes = []
    cells = result["cells"]
    for c in cells[:20]:
        if isinstance(c, dict) and isinstance(c.get("cell"), int):
            what = "timed out" if c.get("timeout") else "raised"
            where = f"code cell {c['cell'] + 1} of {len(submission.cells)}"
            notes.append(f"{where} {what}: {plain_text(str(c.get('error'))[:300])}")
    chars = result["output_chars"]
    if isinstance(chars, int) and chars > 1_000_000:
        notes.append(f"the notebook printed {chars} characters; they were discarded")
    if not result["done"]:
        notes.append(_crash_note(False, code, tail))
        return row(a.name, "crashed", verdicts, notes)
    return row(a.name, "cell-errors" if cells else "ok", verdicts, notes)


def grade_submissions(
    submissions,
    *,
    assignment=None,
    jobs=None,
    limits=None,
    seed=None,
    progress=False,
    sandboxed=True,
):
    """Grade every notebook in a folder, in parallel.

    Parameters
    ----------
    submissions : path-like
        A folder; every ``*.ipynb`` under it is a submission.
    assignment : str, optional
        Grade every submission as this assignment (default: the one each names).
    jobs : int, optional
        Submissions graded at once; default the number of usable cores.
    limits : Limits, optional
    seed : int, optional
        Seeds the test inputs (default: a fresh secret seed); for reproducing a run.
    progress : bool
        Show a progress bar on stderr.
    sandboxed : bool
        Run each notebook in the bubblewrap sandbox (the default; see
        :mod:`nabla.grading.sandbox`). Without it a notebook runs as the grader's user
        and can read the answer key and touch other submissions.

    Returns
    -------
    list of GradedSubmission
        One per notebook, in path order.

    Raises
    ------
    ValueError
        If ``submissions`` is not a folder, ``assignment`` is unknown, ``jobs`` < 1, or
        ``sandboxed`` and bubblewrap is not installed.
    """
    if sandboxed and not sandbox.available():
        raise ValueError(sandbox.install_hint())
    probe = sandbox.make_cgroup(f"nabla-probe-{os.getpid()}", 64) if sandboxed else None
    sandbox.remove_cgroup(probe)
    if sandboxed and probe is None:
        print(
            "note: no cgroup could be made here, so --memory applies to each process of a "
            "submission and the number of its processes is not capped",
            file=sys.stderr,
        )
    if assignment is not None and assignment not in ASSIGNMENTS:
        raise ValueError(f"assignment must be one of {', '.join(ASSIGNMENTS)}; got {assignment!r}")
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an integer >= 1, got {jobs!r}")
    root = Path(submissions)
    paths = find_submissions(root)
    seed = secrets.randbits(128) if seed is None else seed
    bar = Progress(len(paths), enabled=progress)
    results = {}
    runner.allow_starts()
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {
            pool.submit(
                grade_one,
                p,
                root,
                assignment=assignment,
                limits=limits,
                rng=np.random.default_rng([seed, k]),
                sandboxed=sandboxed,
            ): p
            for k, p in enumerate(paths)
        }
        for future in as_completed(futures):
            path = futures[future]
            try:
                graded = future.result()
            except Exception as exc:  # a bug of the grader: still one row per submission
                graded = GradedSubmission(
                    submission=path.relative_to(root).as_posix(),
                    assignment=assignment,
                    status="crashed",
                    notes=(f"the grader failed on this submission: {exc!r}",),
                )
            results[path] = graded
            bar.update(graded)
    except BaseException:  # Ctrl-C: stop the queue and every running child
        pool.shutdown(wait=False, cancel_futures=True)
        runner.stop_all()
        raise
    pool.shutdown()
    return [results[p] for p in paths]
