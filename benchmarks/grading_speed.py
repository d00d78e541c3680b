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


def grade(folder, jobs, sandboxed):
    sampler = PeakMemory()
    sampler.start()
    start = time.perf_counter()
    results = grade_submissions(folder, jobs=jobs, limits=Limits(), sandboxed=sandboxed)
    wall = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    return results, wall, sampler.peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {psutil.cpu_count()} cores on this machine")
    print(f"{args.submissions} submissions, {args.jobs} workers")
    print(f"{'':12s} {'wall':>8s} {'per subm.':>10s} {'median':>8s} {'max':>8s} {'peak MiB':>9s}")
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_submissions(folder, args.submissions)
        for sandboxed in (False, True):
            results, wall, peak = grade(folder, args.jobs, sandboxed)
            per = sorted(r.seconds for r in results)
            name = "sandbox" if sandboxed else "no sandbox"
            runs[name] = per[len(per) // 2]
            print(
                f"{name:12s} {wall:7.2f}s {wall / len(results):9.2f}s {per[len(per) // 2]:7.2f}s "
                f"{per[-1]:7.2f}s {peak / 2**20:9.0f}"
            )
    cost = runs["sandbox"] - runs["no sandbox"]
    print(f"the sandbox adds {cost:+.2f} s to the median submission")
    mib = 2**10  # ru_maxrss is in KiB on Linux
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / mib
    print(f"largest child process {child:.0f} MiB")


if __name__ == "__main__":
    main()
