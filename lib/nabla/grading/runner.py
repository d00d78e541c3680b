"""One grading child's life: start it, feed it its job, read its answers, end it.

The child (:mod:`nabla.grading.child`) runs in an empty temporary folder, in a session of
its own, in the sandbox (:mod:`nabla.grading.sandbox`) unless told otherwise, under a
wall-time limit. Whatever happens, its whole process group is killed before
:func:`run_child` returns; :func:`stop_all` does the same for every running child
when the grader is interrupted.
"""

import atexit
import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from nabla.grading import sandbox

MAX_RESULT_BYTES = 4 * 2**20
"""What the grader reads of a child's answers (an answer holds at most 10,000 numbers)."""

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


def run_child(job, *, timeout, memory_mb, sandboxed):
    """Run the child on ``job`` for at most ``timeout`` seconds; return (parsed result, timed
    out, killed by a signal, exit code, stderr tail)."""
    argv = [sys.executable, "-m", "nabla.grading.child"]
    with tempfile.TemporaryDirectory(prefix="nabla-grade-") as workdir:
        cgroup = None
        if sandboxed:
            argv, env = sandbox.command(_student_package(), argv), {}
            cgroup = sandbox.make_cgroup(Path(workdir).name, memory_mb)
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
            proc.wait(timeout=timeout)
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


def allow_starts():
    """Let children start again (after :func:`stop_all`)."""
    _STOP.clear()


def stop_all():
    """Start no more children and kill every running one with what it started."""
    with _LIVE_LOCK:
        _STOP.set()
        for pid in list(_LIVE):
            _kill_group(pid)
