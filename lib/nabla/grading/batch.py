"""Grade a folder of submitted notebooks: a gradebook CSV and a feedback file each.

This process never runs a student's code. For each submission it reads the
notebook's JSON, draws the test inputs of the function questions from a fresh
secret seed, and starts :mod:`nabla.grading.child` on a copy of the file in a
temporary folder, in a session of its own, under a wall-time limit. The child
sends back numbers; the verdicts are computed here. Submissions are graded in
parallel, one child per core.
"""

import atexit
import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nabla.grading import sandbox
from nabla.grading.assignments import ASSIGNMENTS
from nabla.grading.notebooks import InvalidNotebook, read_submission
from nabla.grading.spec import Verdict, encode_args, judge

MAX_NOTEBOOK_BYTES = 100 * 2**20
"""Larger files (a notebook saved with huge outputs) are not read."""
MAX_RESULT_BYTES = 4 * 2**20
"""What the grader reads of a child's answers (an answer holds at most 10,000 numbers)."""
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


_LIVE = set()
"""Process ids of running children, killed if the grader is interrupted."""
_LIVE_LOCK = threading.Lock()
_STOP = threading.Event()


def _kill_group(pid):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


@functools.cache
def _student_package():
    """The student's view of nabla (see :mod:`nabla.grading.sandbox`), built once."""
    folder = Path(tempfile.mkdtemp(prefix="nabla-student-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return sandbox.student_package(folder)


def _drain(stream, cap, chunks):
    """Read ``stream`` to its end, keeping at most ``cap`` bytes."""
    kept = 0
    with contextlib.suppress(OSError, ValueError):  # closed under us: nothing more to read
        while data := stream.read1(1 << 16):
            if kept < cap:
                chunks.append(data[: cap - kept])
                kept += len(chunks[-1])


def _parse(raw):
    """The child's lines as ``{"cells", "answers", "output_chars", "done"}``; anything
    malformed is skipped, and the first line for each answer counts."""
    result = {"cells": [], "answers": {}, "output_chars": None, "done": False}
    seen_cells = False
    for line in raw.split(b"\n"):
        try:
            item = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("cells"), list) and not seen_cells:
            result["cells"], seen_cells = item["cells"], True
        elif isinstance(item.get("answer"), str):
            result["answers"].setdefault(item["answer"], item.get("record"))
        elif item.get("done") is True:
            result["done"], result["output_chars"] = True, item.get("output_chars")
    return result


def _run_child(job, limits, sandboxed):
    """Run the child; return (parsed result, timed out, killed by a signal, exit code,
    stderr tail)."""
    argv = [sys.executable, "-m", "nabla.grading.child"]
    with tempfile.TemporaryDirectory(prefix="nabla-grade-") as workdir:
        cgroup = None
        if sandboxed:
            argv, env = sandbox.command(_student_package(), argv), {}
            cgroup = sandbox.make_cgroup(Path(workdir).name, limits.memory_mb)
            argv = sandbox.in_cgroup(cgroup, argv)
        else:
            env = {**os.environ, **sandbox.CHILD_ENV, "IPYTHONDIR": f"{workdir}/.ipython"}
        with _LIVE_LOCK:  # registered under the lock, so an interrupt misses no child
            if _STOP.is_set():
                raise KeyboardInterrupt
            proc = subprocess.Popen(
                argv,
                cwd=workdir,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            _LIVE.add(proc.pid)
        out, err = [], []
        readers = [
            threading.Thread(target=_drain, args=(proc.stdout, MAX_RESULT_BYTES, out), daemon=True),
            threading.Thread(target=_drain, args=(proc.stderr, 8192, err), daemon=True),
        ]
        for reader in readers:
            reader.start()
        timed_out = False
        try:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.write(json.dumps(job).encode())
                proc.stdin.close()
            proc.wait(timeout=limits.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(proc.pid)  # the child and everything it started
            proc.wait()
            with _LIVE_LOCK:
                _LIVE.discard(proc.pid)
        for reader in readers:  # a process outside the sandbox may hold a pipe open
            reader.join(timeout=1.0)
        proc.stdout.close()
        proc.stderr.close()
        sandbox.remove_cgroup(cgroup)
    code = proc.returncode
    killed = code < 0 or (sandboxed and code >= 128)  # bwrap reports a signal as 128 + n
    tail = b"".join(err).decode("utf-8", "replace").strip()
    return _parse(b"".join(out)), timed_out, killed, code, tail


def _crash_note(killed, code, tail):
    if killed:
        number = -code if code < 0 else code - 128
        name = signal.Signals(number).name if number in signal.valid_signals() else ""
        why = f"was killed by signal {number} {name}".strip()
    else:
        why = f"exited with code {code}"
    last = _plain(tail.splitlines()[-1][:200]) if tail else ""
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
    result, timed_out, killed, code, tail = _run_child(job, limits, sandboxed)
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
            notes.append(f"{where} {what}: {_plain(str(c.get('error'))[:300])}")
    chars = result["output_chars"]
    if isinstance(chars, int) and chars > 1_000_000:
        notes.append(f"the notebook printed {chars} characters; they were discarded")
    if not result["done"]:
        notes.append(_crash_note(False, code, tail))
        return row(a.name, "crashed", verdicts, notes)
    return row(a.name, "cell-errors" if cells else "ok", verdicts, notes)


class Progress:
    """A progress bar on stderr (one line per submission when not a terminal)."""

    def __init__(self, total, enabled=True):
        self.total, self.done, self.enabled = total, 0, enabled
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()

    def update(self, graded):
        self.done += 1
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        width = 30
        filled = width * self.done // max(1, self.total)
        bar = "#" * filled + "." * (width - filled)
        score = f"{graded.earned}/{graded.points}" if graded.verdicts else "-"
        line = (
            f"grading [{bar}] {self.done}/{self.total} {elapsed:5.1f}s  "
            f"{_printable(graded.submission)}: {graded.status} {score}"
        )
        if self.tty:
            end = "\n" if self.done == self.total else ""
            sys.stderr.write("\r\033[K" + line + end)
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


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
    _STOP.clear()
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
        with _LIVE_LOCK:
            _STOP.set()
            for pid in list(_LIVE):
                _kill_group(pid)
        raise
    pool.shutdown()
    return [results[p] for p in paths]


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


def _plain(text):
    """Text that any UTF-8 writer accepts: lone surrogates and the like become escapes."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _printable(text):
    """``_plain`` text with control characters (terminal escapes, NUL) escaped too."""
    return "".join(c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" for c in _plain(text))


def _csv_cell(value):
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, int | float):
        return value
    text = _printable(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _write_atomically(path, text):
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
        w.writerow([_csv_cell(cell) for cell in row])
    _write_atomically(path, table.getvalue())


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
            _write_atomically(target, _plain(feedback_text(r)))
        except (OSError, UnicodeError) as exc:
            print(f"no feedback for {_printable(r.submission)}: {exc}", file=sys.stderr)
            continue
        written.append(target)
    return written
