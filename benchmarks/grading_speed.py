"""Wall time and peak memory of grading 30 submissions on 2 cores.

Run from the repository root, with the pinned environment:

    .venv/bin/python benchmarks/grading_speed.py
    .venv/bin/python benchmarks/grading_speed.py --submissions 60 --jobs 4

The submissions are made from the exercise notebooks: a third solved (the
masters), a third blank (the student versions), a third solved with a cell
that raises. Peak memory is sampled every 20 ms over the grading process and
all its children (resident set size, summed), and also reported per process
from getrusage.
"""

import argparse
import contextlib
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from nabla.grading.batch import Limits, grade_submissions

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"


def make_submissions(folder, count):
    masters = sorted((EXERCISES / "master").glob("*.ipynb"))
    for k in range(count):
        master, variant = masters[(k // 3) % len(masters)], k % 3
        source = master if variant != 1 else EXERCISES / master.name
        nb = json.loads(source.read_text("utf-8"))
        if variant == 2:
            raising = {"cell_type": "code", "metadata": {}, "outputs": [], "source": "1 / 0"}
            nb["cells"].insert(2, raising | {"execution_count": None})
        (folder / f"student{k:03d}-{master.name}").write_text(json.dumps(nb), "utf-8")


class PeakMemory(threading.Thread):
    """Samples the summed RSS of this process and its descendants."""

    def __init__(self, interval=0.02):
        super().__init__(daemon=True)
        self.interval, self.peak, self.running = interval, 0, True

    def run(self):
        me = psutil.Process()
        while self.running:
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(self.interval)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_submissions(folder, args.submissions)
        sampler = PeakMemory()
        sampler.start()
        start = time.perf_counter()
        results = grade_submissions(folder, jobs=args.jobs, limits=Limits())
        wall = time.perf_counter() - start
        sampler.running = False
        sampler.join()
    mib = 2**10  # ru_maxrss is in KiB on Linux
    statuses = {}
    for r in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    per = sorted(r.seconds for r in results)
    print(f"python {sys.version.split()[0]}, {psutil.cpu_count()} cores on this machine")
    print(f"graded {len(results)} submissions with {args.jobs} workers: {statuses}")
    print(f"wall time          {wall:6.2f} s  ({wall / len(results):.2f} s per submission)")
    print(f"per submission     median {per[len(per) // 2]:.2f} s, max {per[-1]:.2f} s")
    print(f"peak memory, total {sampler.peak / 2**20:6.0f} MiB (grader + children, sampled)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / mib
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / mib
    print(f"peak memory, grader process {own:.0f} MiB; largest child {child:.0f} MiB")


if __name__ == "__main__":
    main()
