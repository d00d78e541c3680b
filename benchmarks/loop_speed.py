"""How long the development loop takes, beside the figures measured before issue 10.

Clones the repository (its committed state) into a temporary folder and times there:
a cold `make test` (fresh venv, book, every test, the environment tests in full), a warm
`make test` (nothing changed), a warm `make book`, `make book` after a one-line change
to one chapter, and `make test` after that change (the page's browser checks run again).
Prints the table and the slowest tests of each `make test`.
Takes about 15 minutes; run it by hand on a quiet machine:

    .venv/bin/python benchmarks/loop_speed.py
"""

import json
import re
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = {  # measured on a clean clone before issue 10 (one core, pip), same machine kind
    "make test, cold (fresh clone)": "720 s",
    "make test, warm": "390 s",
    "make book, warm": "-",
    "make book, one chapter changed": "-",
    "make test, one chapter changed": "-",
}
LAST = {  # stop 25 (a fresh clone of f9df1ab, quiet)
    "make test, cold (fresh clone)": "365 s",
    "make test, warm": "80 s",
    "make book, warm": "0 s",
    "make book, one chapter changed": "6 s",
    "make test, one chapter changed": "153 s",
}
TARGET = {
    "make test, cold (fresh clone)": "360 s",
    "make test, warm": "90 s",
    "make book, warm": "-",
    "make book, one chapter changed": "10 s",
    "make test, one chapter changed": "-",
}


def timed(clone, *command):
    start = time.perf_counter()
    done = subprocess.run(command, cwd=clone, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        print(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds, done.stdout


def touch_one_line(clone):
    """Add a space at the end of one markdown line of chapter 3, as an author's edit would,
    and bring its Colab edition up to date as the author then must (a test checks it)."""
    path = clone / "chapters" / "03-directional-derivatives.ipynb"
    nb = json.loads(path.read_text("utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and len(c["source"]) > 3)
    cell["source"][-1] += " "
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", "utf-8")
    python = clone / ".venv" / "bin" / "python"
    subprocess.run([python, "tools/colab_editions.py"], cwd=clone, check=True, capture_output=True)


def summary(output):
    """The pytest result line and its slowest-10 block."""
    slowest = re.search(r"=+ slowest 10 durations =+\n(.*?)\n(?:=|\n)", output, re.DOTALL)
    result = re.findall(r"=+ (\d+ passed.*?) =+", output)
    return (result[-1] if result else "?"), (slowest[1] if slowest else "")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "nabla"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        rows, reports = {}, []
        for name, command, prepare in [
            ("make test, cold (fresh clone)", ("make", "test"), None),
            ("make test, warm", ("make", "test"), None),
            ("make book, warm", ("make", "book"), None),
            ("make book, one chapter changed", ("make", "book"), touch_one_line),
            ("make test, one chapter changed", ("make", "test"), None),
        ]:
            if prepare:
                prepare(clone)
            seconds, output = timed(clone, *command)
            rows[name] = seconds
            if command[1] == "test":
                reports.append((name, *summary(output)))
    print(f"{'step':34s} {'before':>8s} {'last':>8s} {'now':>8s} {'target':>8s}")
    for name, seconds in rows.items():
        print(f"{name:34s} {BEFORE[name]:>8s} {LAST[name]:>8s} {seconds:7.0f} s {TARGET[name]:>8s}")
    for name, result, slowest in reports:
        print(f"\n{name}: {result}\nslowest 10:\n{slowest}")


if __name__ == "__main__":
    main()
