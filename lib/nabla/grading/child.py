"""Run one submission and export its answers: the only place a student's code runs.

The grader starts ``python -m nabla.grading.child`` in an empty temporary
folder holding a copy of the submission, and sends a job as JSON on stdin:
the code cells, the questions (for each function answer, the test inputs the
grader drew) and the limits. The child

1. limits its own address space, file size and CPU time (``resource``);
2. runs the code cells one by one in an IPython shell, so magics work as in
   Jupyter; a cell that raises or runs longer than the cell limit is recorded
   and the next cell runs;
3. reads each answer from the notebook's namespace and calls each function
   answer on the grader's inputs, each call under a time limit;
4. sends the numbers (never a verdict) back on its original stdout, one JSON
   line per answer as soon as it is computed, so a later crash loses nothing
   already sent. The notebook's own prints and writes to fd 1 and 2 go nowhere.

Whatever the student's code does here (patch the checker or numpy, print a
score, write a fake line), the grader only reads numbers from this process,
judges them itself against references this process never holds (under the
sandbox, :mod:`nabla.grading.sandbox`, they are not even on its filesystem).
"""

import io
import json
import os
import resource
import signal
import sys

from nabla.grading.recording import (
    Timeout,
    alarm,
    describe,
    record_function,
    record_value,
    timed_call,
)


class Sink(io.TextIOBase):
    """Stands in for stdout and stderr: counts what is written and discards it."""

    count = 0

    def writable(self):
        return True

    def write(self, text):
        self.count += len(text)
        return len(text)


def set_limits(memory_mb, file_mb, cpu_s):
    """Cap this process (and what it starts): address space, file size, CPU time."""
    mb = 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * mb, memory_mb * mb))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_mb * mb, file_mb * mb))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 5))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails, not the process


def run_cells(shell, cells, cell_timeout):
    """Run each cell; return the errors as ``[{"cell": k, "error": text, "timeout": bool}]``."""
    errors = []
    for k, source in enumerate(cells):
        try:
            with alarm(cell_timeout):
                result = shell.run_cell(source, store_history=False)
            error = result.error_before_exec or result.error_in_exec
        except BaseException as exc:  # the alarm rang outside the cell's own code
            error = exc
        if error is not None:
            try:  # a message is the student's code too (a hostile __str__)
                with alarm(cell_timeout):
                    text = describe(error)
            except BaseException:
                text = "an error whose message could not be read in time"
            errors.append({"cell": k, "error": text, "timeout": isinstance(error, Timeout)})
    return errors


def export(namespace, question, call_timeout):
    """The record of one answer, read from the notebook's namespace."""

    answer = namespace.get(question["name"], Ellipsis)
    inputs = question.get("inputs", [])
    try:  # calls, conversions and error messages, all under one limit for the answer
        with alarm(call_timeout * (len(inputs) + 1)):
            if "inputs" not in question:
                return record_value(answer)
            return record_function(answer, inputs, call=timed_call(call_timeout))
    except BaseException:  # SystemExit, a Timeout while converting, a hostile __str__
        return {"status": "error", "error": "stopped the grading before its answer was read"}


def main():
    job = json.loads(sys.stdin.buffer.read())
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")  # to the grader, line by line
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # input() gets EOF; the notebook's writes to fd 1, 2 go nowhere
        os.dup2(null, fd)
    sys.stdin = open(os.devnull)  # noqa: SIM115
    set_limits(job["memory_mb"], job["file_mb"], job["cpu_s"])
    sink = Sink()
    sys.stdout = sys.stderr = sink

    def send(item):
        channel.write(json.dumps(item, allow_nan=True) + "\n")
        channel.flush()

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    # As in Jupyter: `%matplotlib inline` sets up plotting (the backend here is Agg), and
    # `exit()` in a cell is not the end of the notebook (the next cells still run).
    shell.register_magic_function(lambda line="": None, "line", "matplotlib")
    shell.ask_exit = lambda: None
    # Output is discarded, and formatting a traceback runs the student's __str__ outside
    # any limit: the errors are described under the alarm instead (run_cells).
    shell.showtraceback = shell.showsyntaxerror = lambda *args, **kwargs: None
    send({"cells": run_cells(shell, job["cells"], job["cell_timeout"])})
    for q in job["questions"]:
        send({"answer": q["id"], "record": export(shell.user_ns, q, job["call_timeout"])})
    send({"output_chars": sink.count, "done": True})
    os._exit(0)  # skip interpreter shutdown: atexit hooks the student registered do not run


if __name__ == "__main__":
    main()
