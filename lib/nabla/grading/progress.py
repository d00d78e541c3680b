"""The grader's progress on stderr: a bar on a terminal, one line per submission elsewhere."""

import sys
import time

from nabla.grading.reports import printable


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
            f"{printable(graded.submission)}: {graded.status} {score}"
        )
        if self.tty:
            end = "\n" if self.done == self.total else ""
            sys.stderr.write("\r\033[K" + line + end)
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()
