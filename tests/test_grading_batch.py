"""Batch grading end to end, on a corpus of faulty and adversarial submissions.

The corpus is built from the master and student notebooks (so it never goes
stale) and graded once, with short time limits, four at a time.
"""

import csv
import hashlib
import json
from pathlib import Path

import pytest
from nabla.grading.batch import Limits, grade_submissions
from nabla.grading.reports import feedback_text, write_feedback, write_gradebook

pytestmark = pytest.mark.unchanged("exercises/**/*.ipynb", "tests/test_grading_batch.py")

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"
LIMITS = Limits(timeout=12, cell_timeout=5, call_timeout=0.5, memory_mb=1024)
STEMS = [p.stem for p in sorted((EXERCISES / "master").glob("*.ipynb"))]


def load(stem, *, master=True):
    folder = EXERCISES / "master" if master else EXERCISES
    return json.loads((folder / f"{stem}.ipynb").read_text("utf-8"))


def code(source):
    return {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "execution_count": None,
        "source": source,
    }


def answer_index(nb, name):
    """The index of the code cell that defines the answer ``name``."""
    for k, cell in enumerate(nb["cells"]):
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and (f"def {name}(" in src or f"\n{name} = " in "\n" + src):
            return k
    raise LookupError(name)


def replace(nb, name, source):
    nb["cells"][answer_index(nb, name)] = code(source)
    return nb


def insert(nb, source, at=None):
    """Insert a code cell at ``at``; by default right after the set-up cell."""
    if at is None:
        at = 1 + next(k for k, c in enumerate(nb["cells"]) if "Exercise(" in "".join(c["source"]))
    nb["cells"].insert(at, code(source))
    return nb


WRONG_GRADIENT = {  # every answer of 02-gradient wrong
    "grad_at_point": "grad_at_point = np.array([0.0, 0.0])",
    "grad_f": "def grad_f(x):\n    return np.zeros(2)",
    "central_gradient": "def central_gradient(f, x, h):\n    return np.zeros(x.size)",
    "max_rate": "max_rate = 1.0",
    "u_descent": "u_descent = np.array([1.0, 0.0])",
}


def wrong_gradient():
    nb = load("02-gradient")
    for name, source in WRONG_GRADIENT.items():
        replace(nb, name, source)
    return nb


PATCH_CHECKER = """import nabla.grading
import nabla.grading.exercise
import nabla.grading.judging
from nabla.grading import Verdict


def always_passed(self, question, answer):
    print(f"✔ {question} passed")


def judge(q, record, inputs=()):
    return Verdict(q.id, "passed", q.points, q.points, "passed")


nabla.grading.exercise.Exercise.check = always_passed
nabla.grading.judging.judge = nabla.grading.judge = judge"""

PATCH_NUMPY = """np.isclose = lambda *args, **kwargs: True
np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None"""

FAKE_RESULT = """import json
import os

claims = {"status": "ok", "score": "5/5", "cells": []}
claims["answers"] = {
    f"q{k}": {"status": "ok", "value": 1.0, "verdict": "passed", "earned": 1} for k in range(1, 6)
}
with open("result.json", "w") as out:
    json.dump(claims, out)
os._exit(0)"""


def hard_coded():
    """By-hand answers right; the functions return the right answer at (2, -0.5) only."""
    nb = load("02-gradient")
    replace(nb, "grad_f", "def grad_f(x):\n    return np.array([2.5, 6.75])")
    return replace(
        nb, "central_gradient", "def central_gradient(f, x, h):\n    return np.array([2.5, 6.75])"
    )


def with_stored_output(nb, size):
    """A notebook saved with a huge output (a print left in a loop, say)."""
    text = {"output_type": "stream", "name": "stdout", "text": "x" * size}
    nb["cells"][1]["outputs"] = [text]
    return nb


def mistake(stem, name, source):
    return replace(load(stem), name, source)


# relative path -> (notebook dict or raw bytes, status, earned, {question: phrase}, note phrase)
CORPUS = {
    **{f"reference/{s}.ipynb": (load(s), "ok", "all", {}, None) for s in STEMS},
    **{f"blank/{s}.ipynb": (load(s, master=False), "ok", 0, {}, None) for s in STEMS},
    "alice/Copy of 02-gradient (1).ipynb": (load("02-gradient"), "ok", 5, {}, None),
    "errors/no_metadata.ipynb": ({**load("02-gradient"), "metadata": {}}, "ok", 5, {}, None),
    "errors/syntax_error.ipynb": (
        replace(load("02-gradient"), "grad_f", "def grad_f(x):\n    return np.array([8.0, 15.0]"),
        "cell-errors",
        4,
        {"q2": "no answer yet"},
        "SyntaxError",
    ),
    "errors/raises_early.ipynb": (
        insert(load("02-gradient"), "raise RuntimeError('oops')"),
        "cell-errors",
        5,
        {},
        "RuntimeError: oops",
    ),
    "errors/sys_exit.ipynb": (
        insert(load("02-gradient"), "import sys\n\nsys.exit(1)"),
        "cell-errors",
        5,
        {},
        "SystemExit",
    ),
    "errors/reads_input.ipynb": (
        insert(load("02-gradient"), "name = input('Your name? ')"),
        "cell-errors",
        5,
        {},
        "EOFError",
    ),
    "errors/infinite_loop.ipynb": (
        insert(load("02-gradient"), "while True:\n    pass"),
        "cell-errors",
        5,
        {},
        "timed out",
    ),
    "errors/function_loops.ipynb": (
        replace(load("02-gradient"), "grad_f", "def grad_f(x):\n    while True:\n        pass"),
        "ok",  # in the sandbox exercise.check judges nothing, so no cell loops
        4,
        {"q2": "did not return within 0.5 s"},
        None,
    ),
    "quirks/matplotlib_inline.ipynb": (
        insert(load("02-gradient"), "%matplotlib inline\nimport matplotlib.pyplot as plt"),
        "ok",
        "all",
        {},
        None,
    ),
    "quirks/exit_in_a_cell.ipynb": (insert(load("02-gradient"), "exit()"), "ok", "all", {}, None),
    "errors/hostile_conversions.ipynb": (
        insert(
            replace(
                load("02-gradient"),
                "grad_at_point",
                "class Slow:\n    def __float__(self):\n        while True:\n            pass\n\n\n"
                "grad_at_point = Slow()",
            ),
            "class Loud(Exception):\n    def __str__(self):\n        while True:\n"
            "            pass\n\n\nraise Loud()",
        ),
        "cell-errors",
        2,  # q2, q3; the later answers are computed from grad_at_point
        {"q1": "stopped the grading before its answer was read"},
        "could not be read in time",
    ),
    "errors/stubborn_loop.ipynb": (
        insert(
            load("02-gradient"),
            "import time\n\nwhile True:\n    try:\n        time.sleep(100)\n"
            "    except BaseException:\n        pass",
        ),
        "timeout",
        0,
        {"q1": f"did not finish within {LIMITS.timeout:g} s"},
        "did not finish",
    ),
    "errors/huge_output.ipynb": (
        insert(load("02-gradient"), "for _ in range(30):\n    print('x' * 1_000_000)"),
        "ok",
        5,
        {},
        "characters; they were discarded",
    ),
    "errors/huge_stored_output.ipynb": (
        with_stored_output(load("02-gradient"), 30 * 2**20),
        "ok",
        5,
        {},
        None,
    ),
    "errors/too_big_to_read.ipynb": (
        with_stored_output(load("02-gradient"), 101 * 2**20),
        "invalid-notebook",
        0,
        {},
        "more than 104857600",
    ),
    "errors/memory_hog.ipynb": (
        insert(load("02-gradient"), "hog = np.ones(2**33)"),
        "cell-errors",
        5,
        {},
        "MemoryError",
    ),
    "errors/missing_answer.ipynb": (
        {
            **(nb := load("02-gradient")),
            "cells": [c for k, c in enumerate(nb["cells"]) if k != answer_index(nb, "u_descent")],
        },
        "cell-errors",
        4,
        {"q5": "no answer yet: assign your answer to `u_descent`"},
        "NameError",
    ),
    "errors/exits.ipynb": (
        insert(load("02-gradient"), "import os\n\nos._exit(3)", at=-1),
        "crashed",
        0,
        {},
        "exited with code 3",
    ),
    "errors/segfault.ipynb": (
        insert(load("02-gradient"), "import ctypes\n\nctypes.string_at(0)", at=-1),
        "crashed",
        0,
        {},
        "SIGSEGV",
    ),
    "errors/truncated.ipynb": (
        json.dumps(load("02-gradient")).encode()[:6000],
        "invalid-notebook",
        0,
        {},
        "truncated",
    ),
    "errors/empty.ipynb": (b"", "invalid-notebook", 0, {}, "not valid notebook JSON"),
    "errors/not_a_notebook.ipynb": (b"print('hello')", "invalid-notebook", 0, {}, "JSON"),
    "errors/unknown.ipynb": (
        {**load("02-gradient"), "metadata": {}, "cells": [code("print('hello')")]},
        "unknown-assignment",
        0,
        {},
        "names no known assignment",
    ),
    "forge/patch_checker.ipynb": (
        insert(wrong_gradient(), PATCH_CHECKER),
        "cell-errors",
        0,
        {"q2": "return np.array"},
        "No module named 'nabla.grading.exercise'",  # no checker in the sandbox to patch
    ),
    "forge/patch_numpy.ipynb": (
        insert(
            replace(wrong_gradient(), "grad_at_point", "grad_at_point = np.array([2.5, 6.75])"),
            PATCH_NUMPY,
        ),
        "ok",
        1,
        {"q1": "passed"},
        None,
    ),
    "forge/fake_score.ipynb": (
        insert(
            load("02-gradient", master=False),
            "print('✔ q1 passed')\nprint('Score: 100%')\nprint('The gradient: 5/5 points')",
            at=-1,
        ),
        "ok",
        0,
        {},
        None,
    ),
    "forge/hard_coded.ipynb": (hard_coded(), "ok", 3, {"q2": "not yet", "q3": "not yet"}, None),
    "forge/fake_result.ipynb": (
        insert(wrong_gradient(), FAKE_RESULT, at=-1),
        "crashed",  # its file is never read; it exited before sending an answer
        0,
        {"q2": "stopped before this answer was read"},
        "exited with code 0",
    ),
    "errors/crash_mid_export.ipynb": (
        replace(
            load("02-gradient"),
            "central_gradient",
            "def central_gradient(f, x, h):\n    import os\n\n    os._exit(0)",
        ),
        "crashed",
        2,  # q1 and q2 were sent before q3's function ended the process: they are kept
        {"q3": "stopped before this answer was read"},
        "exited with code 0",
    ),
    "forge/overwrites_its_copy.ipynb": (
        insert(
            replace(load("02-gradient"), "grad_f", WRONG_GRADIENT["grad_f"]),
            "from pathlib import Path\n\nfor p in Path.cwd().glob('*.ipynb'):\n"
            "    p.write_text('{}')",
        ),
        "ok",
        4,
        {"q2": "not yet"},
        None,
    ),
    "mistakes/ascent.ipynb": (
        mistake(
            "06-gradient-descent",
            "descend",
            "def descend(grad_f, x0, lr, n_iter):\n    x = np.array(x0, dtype=float)\n"
            "    for _ in range(n_iter):\n        x = x + lr * grad_f(x)\n    return x",
        ),
        "ok",
        4,
        {"q2": "ascent instead of descent"},
        None,
    ),
    "mistakes/off_by_one.ipynb": (
        mistake(
            "06-gradient-descent",
            "descend",
            "def descend(grad_f, x0, lr, n_iter):\n    x = np.array(x0, dtype=float)\n"
            "    for _ in range(n_iter + 1):\n        x = x - lr * grad_f(x)\n    return x",
        ),
        "ok",
        4,
        {"q2": "off-by-one in the number of steps"},
        None,
    ),
    "mistakes/missing_half.ipynb": (
        mistake(
            "05-least-squares", "loss", "def loss(w, X, y):\n    r = X @ w - y\n    return r @ r"
        ),
        "ok",
        3,
        {"q1": "missing factor 1/2"},
        None,
    ),
    "mistakes/transposed.ipynb": (
        mistake(
            "05-least-squares",
            "ls_gradient",
            "def ls_gradient(w, X, y):\n    return X @ (X @ w - y)",
        ),
        "ok",
        3,
        {"q3": "transposed X"},
        None,
    ),
    "mistakes/missing_two.ipynb": (
        mistake(
            "02-gradient",
            "central_gradient",
            "def central_gradient(f, x, h):\n    g = np.zeros(x.size)\n"
            "    for i in range(x.size):\n        e = np.zeros(x.size)\n        e[i] = h\n"
            "        g[i] = (f(x + e) - f(x - e)) / h\n    return g",
        ),
        "ok",
        4,
        {"q3": "missing factor 2"},
        None,
    ),
    "mistakes/not_normalised.ipynb": (
        mistake(
            "03-directional-derivatives",
            "rate_along",
            "def rate_along(grad, v):\n    return grad @ v",
        ),
        "ok",
        5,
        {"q2": "not normalised"},
        None,
    ),
    "mistakes/big_step.ipynb": (
        mistake(
            "01-partial-derivatives",
            "partial_estimate",
            "def partial_estimate(f, x, i):\n    return forward_difference(f, x, i, 1e-3)",
        ),
        "ok",
        4,
        {"q4": "too large a step"},
        None,
    ),
}


def _digest(folder):
    return {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("submissions")
    for rel, (nb, *_) in CORPUS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(nb if isinstance(nb, bytes) else json.dumps(nb, indent=1).encode())
    before = _digest(root)
    # Most children wait on a time limit rather than compute, so four at a time fill the core
    # the other test worker leaves (49 submissions: 65 s one by one, 12 s of it one timeout).
    results = grade_submissions(root, jobs=4, limits=LIMITS)
    return root, before, {r.submission: r for r in results}


def test_every_submission_gets_one_row(corpus):
    _, _, results = corpus
    assert sorted(results) == sorted(CORPUS)


@pytest.mark.parametrize("rel", sorted(CORPUS))
def test_submission_gets_the_expected_status_score_and_feedback(corpus, rel):
    _, _, results = corpus
    _, status, earned, messages, note = CORPUS[rel]
    r = results[rel]
    assert r.status == status, r.notes
    assert r.earned == (r.points if earned == "all" else earned), [v.message for v in r.verdicts]
    if earned == "all":
        assert r.points > 0
    verdicts = {v.question: v.message for v in r.verdicts}
    for qid, phrase in messages.items():
        assert phrase in verdicts[qid], verdicts[qid]
    if note:
        assert any(note in n for n in r.notes), r.notes
    if status in {"invalid-notebook", "unknown-assignment"}:
        assert r.verdicts == ()


def test_submitted_files_are_never_modified(corpus):
    root, before, _ = corpus
    assert _digest(root) == before


def test_gradebook_and_feedback_files(corpus, tmp_path):
    _, _, results = corpus
    rows = sorted(results.values(), key=lambda r: r.submission)
    write_gradebook(rows, tmp_path / "gradebook.csv")
    written = write_feedback(rows, tmp_path / "feedback")
    with open(tmp_path / "gradebook.csv", newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert [t["submission"] for t in table] == [r.submission for r in rows]
    assert len(written) == len(rows) == len(set(written))
    by_name = {t["submission"]: t for t in table}
    ascent = by_name["mistakes/ascent.ipynb"]
    assert (ascent["gradient-descent:q2"], ascent["total"], ascent["max"]) == ("0", "4", "5")
    assert ascent["gradient-descent:q1"] == "1"
    assert ascent["gradient:q1"] == ""  # another assignment's column
    assert by_name["errors/stubborn_loop.ipynb"]["status"] == "timeout"
    text = (tmp_path / "feedback" / "mistakes%2Ftransposed.ipynb.md").read_text("utf-8")
    assert "- Score: 3/4" in text
    assert "transposed X" in text
    assert "X^T (Xw - y)" not in text.split("| Feedback |")[1].split("q3")[1].split("|")[3]


def test_feedback_never_contains_the_expected_answers(corpus):
    _, _, results = corpus
    text = feedback_text(results["forge/hard_coded.ipynb"])
    assert "2.5, 6.75" not in text  # grad f at (2, -0.5)
    assert "7.198" not in text
