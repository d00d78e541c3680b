"""The questions in process: reference solutions pass, every known mistake gets its hint.

The solutions are the master notebooks' own code, run here; a wrong answer is
a student-style function or value. The batch tests (test_grading_batch.py)
check the same hints end to end.
"""

import io
import json
from contextlib import redirect_stdout
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from nabla.grading import ASSIGNMENTS, Exercise, judge
from nabla.grading.spec import decode_args, encode_args, record_function, record_value

MASTER = Path(__file__).resolve().parent.parent / "exercises" / "master"
STEMS = {
    "partial-derivatives": "01-partial-derivatives",
    "gradient": "02-gradient",
    "directional-derivatives": "03-directional-derivatives",
    "level-sets": "04-level-sets",
    "least-squares": "05-least-squares",
    "gradient-descent": "06-gradient-descent",
}
QUESTIONS = [(a, q.id) for a in ASSIGNMENTS for q in ASSIGNMENTS[a].questions]


@cache
def master_namespace(assignment):
    """Run the master notebook's code cells here (trusted code) and return its names."""
    from IPython.core.inputtransformer2 import TransformerManager

    nb = json.loads((MASTER / f"{STEMS[assignment]}.ipynb").read_text("utf-8"))
    namespace, transform = {}, TransformerManager()
    with redirect_stdout(io.StringIO()):
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                code = transform.transform_cell("".join(cell["source"]))
                exec(compile(code, assignment, "exec"), namespace)
    return namespace


def verdict(assignment, qid, answer, seed=0, n=None):
    q = ASSIGNMENTS[assignment].question(qid)
    if not q.is_function:
        return judge(q, record_value(answer))
    rng = np.random.default_rng(seed)
    inputs = [q.draw(rng, k) for k in range(n or q.n_inputs)]
    return judge(q, record_function(answer, [encode_args(a) for a in inputs]), inputs)


def test_every_assignment_has_a_master_and_three_to_five_questions():
    assert set(STEMS) == set(ASSIGNMENTS)
    for a in ASSIGNMENTS.values():
        assert 3 <= len(a.questions) <= 5
        assert [q.id for q in a.questions] == [f"q{k + 1}" for k in range(len(a.questions))]
        assert len({q.name for q in a.questions}) == len(a.questions)


@pytest.mark.parametrize(("assignment", "qid"), QUESTIONS)
def test_master_solution_passes_on_many_fresh_inputs(assignment, qid):
    q = ASSIGNMENTS[assignment].question(qid)
    answer = master_namespace(assignment)[q.name]
    for seed in range(40 if q.is_function else 1):
        v = verdict(assignment, qid, answer, seed=seed, n=10)
        assert v.passed, (seed, v.message)
        assert v.earned == v.points == 1


@pytest.mark.parametrize(("assignment", "qid"), QUESTIONS)
def test_blank_answers_earn_nothing(assignment, qid):
    def stub(*args):
        raise NotImplementedError("replace this line with your code")

    q = ASSIGNMENTS[assignment].question(qid)
    v = verdict(assignment, qid, stub if q.is_function else ...)
    assert v.earned == 0
    assert v.status == ("not-implemented" if q.is_function else "missing")


def _e(n, i):
    e = np.zeros(n)
    e[i] = 1.0
    return e


def _fwd(f, x, i, h):
    return (f(x + h * _e(x.size, i)) - f(x)) / h


def _grad(f, x, h, denominator=2):
    return np.array(
        [
            (f(x + h * _e(x.size, i)) - f(x - h * _e(x.size, i))) / (denominator * h)
            for i in range(x.size)
        ]
    )


def _descend(grad_f, x0, lr, n_iter, sign=1):
    x = np.array(x0, dtype=float)
    for _ in range(n_iter):
        x = x - sign * lr * grad_f(x)
    return x


def _unit(v):
    return np.asarray(v, dtype=float) / np.linalg.norm(v)


G = np.array([8.0, 15.0])
HILL = np.array([1.0, 2.0])
EPS = np.finfo(float).eps

# (assignment, question, wrong answer, a phrase of the hint it must get)
MISTAKES = [
    ("partial-derivatives", "q1", 15.0, "with respect to x2"),
    ("partial-derivatives", "q1", 2.0, "3 x1 x2 depends on x1"),
    ("partial-derivatives", "q1", -8.0, "sign"),
    ("partial-derivatives", "q2", lambda x: 2 * x[0] + 3 * x[1], "with respect to x1"),
    ("partial-derivatives", "q2", lambda x: 3 * x[1] ** 2, "3 x1 x2 depends on x2"),
    ("partial-derivatives", "q2", lambda x: 3 * x[0] + 2 * x[1] ** 2, "power rule"),
    ("partial-derivatives", "q2", lambda x: 3 * x[0] + x[1] ** 3, "power rule"),
    ("partial-derivatives", "q2", lambda x: -3 * x[0] - 3 * x[1] ** 2, "sign"),
    (
        "partial-derivatives",
        "q3",
        lambda f, x, i, h: (f(x + h * _e(x.size, i)) - f(x - h * _e(x.size, i))) / (2 * h),
        "central difference",
    ),
    ("partial-derivatives", "q3", lambda f, x, i, h: -_fwd(f, x, i, h), "sign"),
    ("partial-derivatives", "q3", lambda f, x, i, h: _fwd(f, x, i, h) / 2, "not by 2h"),
    ("partial-derivatives", "q3", lambda f, x, i, h: (f(x + h) - f(x)) / h, "every coordinate"),
    ("partial-derivatives", "q3", lambda f, x, i, h: _fwd(f, x, i, h) * h, "divide"),
    ("partial-derivatives", "q4", lambda f, x, i: _fwd(f, x, i, 1e-3), "too large a step"),
    ("partial-derivatives", "q4", lambda f, x, i: _fwd(f, x, i, 1e-2), "too large a step"),
    (
        "partial-derivatives",
        "q4",
        lambda f, x, i: _fwd(f, x, (i + 1) % x.size, np.sqrt(EPS) * max(1, abs(x[i]))),
        "another coordinate",
    ),
    ("gradient", "q1", [15.0, 8.0], "wrong order"),
    ("gradient", "q1", [-8.0, -15.0], "sign"),
    (
        "gradient",
        "q2",
        lambda x: -np.array([2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2]),
        "sign",
    ),
    (
        "gradient",
        "q2",
        lambda x: np.array([3 * x[0] + 3 * x[1] ** 2, 2 * x[0] + 3 * x[1]]),
        "order",
    ),
    (
        "gradient",
        "q2",
        lambda x: np.array([4 * x[0] + 6 * x[1], 6 * x[0] + 6 * x[1] ** 2]),
        "too many",
    ),
    (
        "gradient",
        "q2",
        lambda x: np.array([x[0] + 1.5 * x[1], 1.5 * x[0] + 1.5 * x[1] ** 2]),
        "missing factor 2",
    ),
    ("gradient", "q3", lambda f, x, h: _grad(f, x, h, denominator=1), "missing factor 2"),
    (
        "gradient",
        "q3",
        lambda f, x, h: np.array([_fwd(f, x, i, h) for i in range(x.size)]),
        "forward difference",
    ),
    ("gradient", "q3", lambda f, x, h: -_grad(f, x, h), "sign"),
    ("gradient", "q4", 289.0, "square root"),
    ("gradient", "q4", 23.0, "Euclidean norm"),
    ("gradient", "q5", G / 17, "ascent instead of descent"),
    ("gradient", "q5", G, "ascent instead of descent"),
    ("gradient", "q5", -G, "not normalised"),
    ("directional-derivatives", "q1", 84.0, "not normalised"),
    ("directional-derivatives", "q1", -16.8, "sign"),
    ("directional-derivatives", "q1", 17.0, "largest rate"),
    ("directional-derivatives", "q2", lambda g, v: g @ v, "not normalised"),
    ("directional-derivatives", "q2", lambda g, v: -g @ v / np.linalg.norm(v), "sign"),
    ("directional-derivatives", "q2", lambda g, v: np.linalg.norm(g), "largest rate"),
    ("directional-derivatives", "q3", 17.0, "largest rate"),
    ("directional-derivatives", "q3", 0.0, "level curve"),
    ("directional-derivatives", "q3", -289.0, "square root"),
    ("directional-derivatives", "q4", [-15.0, 8.0], "not normalised"),
    ("directional-derivatives", "q4", G / 17, "along the gradient"),
    ("directional-derivatives", "q5", lambda g: np.array([-_unit(g), _unit(g)]), "swapped"),
    ("directional-derivatives", "q5", lambda g: np.array([g, -g]), "not normalised"),
    ("directional-derivatives", "q5", lambda g: np.array([_unit(g), _unit(g)]), "uphill too"),
    ("level-sets", "q1", -_unit([4.0, 8.0]), "smaller values"),
    ("level-sets", "q1", [4.0, 8.0], "not normalised"),
    ("level-sets", "q1", _unit([-2.0, 1.0]), "tangent"),
    ("level-sets", "q2", lambda g: np.array([-g[1], g[0]]), "not normalised"),
    ("level-sets", "q2", _unit, "normal direction"),
    ("level-sets", "q3", 0.1 * np.sqrt(80), "do not multiply"),
    ("level-sets", "q3", 0.1 / 80, "not by its square"),
    ("level-sets", "q4", lambda g, dc: dc / np.linalg.norm(g), "never negative"),
    ("level-sets", "q4", lambda g, dc: abs(dc) * np.linalg.norm(g), "do not multiply"),
    ("level-sets", "q4", lambda g, dc: abs(dc) / (g @ g), "not by its square"),
    ("least-squares", "q1", lambda w, X, y: np.sum((X @ w - y) ** 2), "missing factor 1/2"),
    ("least-squares", "q1", lambda w, X, y: np.mean((X @ w - y) ** 2) / 2, "not a mean"),
    ("least-squares", "q1", lambda w, X, y: np.mean((X @ w - y) ** 2), "not a mean"),
    ("least-squares", "q1", lambda w, X, y: np.linalg.norm(X @ w - y) / 2, "square the norm"),
    ("least-squares", "q2", [7.0, 12.0], "sign"),
    ("least-squares", "q2", [-14.0, -24.0], "factor 2 too many"),
    ("least-squares", "q3", lambda w, X, y: X.T @ (y - X @ w), "sign"),
    ("least-squares", "q3", lambda w, X, y: 2 * X.T @ (X @ w - y), "factor 2 too many"),
    ("least-squares", "q3", lambda w, X, y: X @ (X @ w - y), "transposed X"),
    ("least-squares", "q3", lambda w, X, y: X.T @ (X.T @ w - y), "transposed X"),
    ("least-squares", "q3", lambda w, X, y: X.T @ (X @ w - y) / len(y), "not a mean"),
    ("least-squares", "q4", [3.0, -1.0], "wrong order"),
    ("gradient-descent", "q1", [-0.7, -1.2], "ascent instead of descent"),
    ("gradient-descent", "q1", [7.0, 12.0], "learning rate"),
    ("gradient-descent", "q1", [-7.0, -12.0], "gradient at w0"),
    ("gradient-descent", "q2", lambda g, x0, lr, n: _descend(g, x0, lr, n, sign=-1), "ascent"),
    ("gradient-descent", "q2", lambda g, x0, lr, n: _descend(g, x0, lr, n - 1), "off-by-one"),
    ("gradient-descent", "q2", lambda g, x0, lr, n: _descend(g, x0, lr, n + 1), "off-by-one"),
    ("gradient-descent", "q2", lambda g, x0, lr, n: x0, "never moves"),
    ("gradient-descent", "q3", 1 / 6.854, "missing factor 2"),
    ("gradient-descent", "q3", 2 / 0.1459, "largest eigenvalue"),
    ("gradient-descent", "q4", -0.25, "positive"),
    ("gradient-descent", "q4", 0.3, "diverges"),
    ("gradient-descent", "q4", 0.1, "too slow"),
]


@pytest.mark.parametrize(("assignment", "qid", "answer", "phrase"), MISTAKES)
def test_a_known_mistake_gets_its_hint(assignment, qid, answer, phrase):
    for seed in range(5):
        v = verdict(assignment, qid, answer, seed=seed)
        assert v.status == "wrong", v.message
        assert v.earned == 0
        assert phrase in v.message, v.message


def test_every_mistake_rule_is_exercised():
    """Each Mistake of every question is the first to match one entry of MISTAKES."""
    triggered = set()
    for assignment, qid, answer, _ in MISTAKES:
        q = ASSIGNMENTS[assignment].question(qid)
        message = verdict(assignment, qid, answer).message
        triggered |= {(assignment, qid, m.hint) for m in q.mistakes if m.hint in message}
    every = {
        (a, q.id, m.hint) for a in ASSIGNMENTS for q in ASSIGNMENTS[a].questions for m in q.mistakes
    }
    assert every - triggered == set()


@pytest.mark.parametrize(("assignment", "qid"), [x for x in QUESTIONS])
def test_a_hint_never_states_the_answer(assignment, qid):
    q = ASSIGNMENTS[assignment].question(qid)
    if q.is_function:
        return
    numbers = {f"{v:.3g}" for v in np.ravel(q.reference()) if abs(v) >= 10 or v != round(v)}
    texts = [q.hint, q.task, *(m.hint for m in q.mistakes)]
    for number in numbers:
        assert not any(number in t for t in texts), (number, texts)


def test_an_unrelated_wrong_answer_gets_the_general_hint():
    v = verdict("gradient", "q1", [1.0, 1.0])
    assert v.message == "not yet: " + ASSIGNMENTS["gradient"].question("q1").hint
    v = verdict("gradient", "q2", lambda x: np.ones(2))
    assert v.message == "not yet: " + ASSIGNMENTS["gradient"].question("q2").hint


@pytest.mark.parametrize(
    ("answer", "status", "phrase"),
    [
        (..., "missing", "no answer yet"),
        ("eight", "error", "is text"),
        ("8", "error", "drop the quotes"),  # the right number, as text: not accepted
        (["8", "15"], "error", "drop the quotes"),
        (None, "error", "is None"),
        ([8.0, 15.0, 0.0], "wrong", "shape (2,), got shape (3,)"),
        ([np.nan, 15.0], "wrong", "nan"),
        (np.zeros(10**6), "error", "more than"),
        (lambda x: x, "error", "is a function"),
    ],
)
def test_unusable_value_answers(answer, status, phrase):
    v = verdict("gradient", "q1", answer)
    assert (v.status, v.earned) == (status, 0)
    assert phrase in v.message


def _slow_on_second_call():
    calls = []

    def grad_f(x):
        calls.append(1)
        if len(calls) == 2:
            raise ZeroDivisionError("boom")
        return np.array([2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2])

    return grad_f


@pytest.mark.parametrize(
    ("answer", "status", "phrase"),
    [
        (np.array([8.0, 15.0]), "error", "a function was expected"),
        (lambda x: None, "wrong", "is None"),
        (lambda x: "no", "wrong", "is text"),
        (lambda x: np.zeros(3), "wrong", "shape (2,), got shape (3,)"),
        (lambda: 0, "error", "TypeError"),
        (_slow_on_second_call(), "error", "ZeroDivisionError: boom"),
        (lambda x: np.array([8.0, 15.0]), "wrong", "return np.array"),  # hard-coded (1, 2)
    ],
)
def test_unusable_function_answers(answer, status, phrase):
    v = verdict("gradient", "q2", answer)
    assert (v.status, v.earned) == (status, 0)
    assert phrase in v.message


@pytest.mark.parametrize(
    "record",
    [
        None,
        "passed",
        {"status": "passed"},
        {"status": "ok"},
        {"status": "ok", "value": [[1, 2], [3]]},
        {"status": "ok", "value": "8, 15"},
        {"status": "ok", "outputs": "all right"},
        {"status": "ok", "outputs": [{"value": [8, 15]}]},  # too few outputs
        {"status": "ok", "outputs": ["x"] * 5},
    ],
)
def test_a_malformed_record_is_judged_as_unreadable_never_raises(record):
    q = ASSIGNMENTS["gradient"].question("q2")
    inputs = [q.draw(np.random.default_rng(0), k) for k in range(5)]
    v = judge(q, record, inputs)
    assert v.earned == 0
    assert v.status in {"error", "wrong"}


def test_exercise_check_prints_a_verdict_and_score_sums_up(capsys):
    exercise = Exercise("gradient")
    exercise.check("q1", [8.0, 15.0])
    exercise.check("q2", lambda x: -np.array([2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2]))
    exercise.score()
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "✔ q1 passed"
    assert out[1].startswith("✘ q2 not yet: check the sign")
    assert out[2] == "The gradient: 1/5 points from the checks run in this notebook"
    assert "not checked yet" in out[5]
    assert exercise.verdicts["q2"].status == "wrong"


def test_exercise_rejects_unknown_names(capsys):
    with pytest.raises(ValueError, match="name must be one of partial-derivatives"):
        Exercise("gradients")
    Exercise("gradient").check("q6", 1.0)  # a line for the student, no traceback
    assert capsys.readouterr().out == (
        "✘ question must be one of q1, q2, q3, q4, q5 in 'gradient', got 'q6'\n"
    )


def test_a_check_that_runs_too_long_or_is_interrupted_says_so_in_one_line(capsys, monkeypatch):
    import nabla.grading.exercise as exercise_module

    monkeypatch.setattr(exercise_module, "CALL_SECONDS", 0.2)

    def grad_f(x):
        while True:
            pass

    def interrupted(x):
        raise KeyboardInterrupt

    Exercise("gradient").check("q2", grad_f)
    assert "did not return within 0.2 s" in capsys.readouterr().out
    Exercise("gradient").check("q2", interrupted)
    assert capsys.readouterr().out.startswith("✘ q2 not checked: interrupted")


def test_function_answers_get_fresh_inputs_at_every_check():
    seen = []

    def spy(x):
        seen.append(tuple(x))
        return np.zeros(2)

    exercise = Exercise("gradient")
    with redirect_stdout(io.StringIO()):
        exercise.check("q2", spy)
        exercise.check("q2", spy)
    assert len(seen) == 10
    assert len(set(seen)) == 10


def test_the_student_function_gets_copies_and_a_bare_f():
    """Changing x in place or peeking at f's exact gradient is not possible."""
    got = []

    def nosy(f, x, i, h):
        got.append((hasattr(f, "gradient"), type(f).__name__))
        x[i] += 1e6  # in place: must not change the grader's copy
        return 0.0

    q = ASSIGNMENTS["partial-derivatives"].question("q3")
    inputs = [q.draw(np.random.default_rng(1), k) for k in range(5)]
    before = [a[1].copy() for a in inputs]
    record_function(nosy, [encode_args(a) for a in inputs])
    assert got == [(False, "function")] * 5
    f = decode_args(encode_args(inputs[0]))[0]
    reachable = [c.cell_contents for c in f.__closure__]
    assert not any(hasattr(c, "gradient") or hasattr(c, "second_partial") for c in reachable)
    assert f(inputs[0][1]) == inputs[0][0](inputs[0][1])  # the same values
    assert all(np.array_equal(a[1], b) for a, b in zip(inputs, before, strict=True))


def _notebook_run(source):
    """Run code as a notebook cell would (in a namespace called __main__); return stdout."""
    namespace = {"__name__": "__main__", "np": np, "Exercise": Exercise}
    out = io.StringIO()
    with redirect_stdout(out):
        exec(source, namespace)
    return out.getvalue()


def test_check_warns_when_the_answer_is_not_where_the_grader_reads_it():
    grad = "lambda x: np.array([2 * x[0] + 3 * x[1], 3 * x[0] + 3 * x[1] ** 2])"
    renamed = _notebook_run(f"e = Exercise('gradient')\nmy_grad = {grad}\ne.check('q2', my_grad)")
    assert renamed.splitlines() == [
        "✔ q2 passed",
        "  Note: the grader reads your answer to q2 from `grad_f`; define it under that name.",
    ]
    named = _notebook_run(f"e = Exercise('gradient')\ngrad_f = {grad}\ne.check('q2', grad_f)")
    assert named.splitlines() == ["✔ q2 passed"]


def test_the_numerical_modules_never_import_the_grading_package():
    lib = Path(__file__).resolve().parent.parent / "lib" / "nabla"
    for path in lib.rglob("*.py"):  # nabla.practice poses graded questions: a consumer of both
        if not {"grading", "practice"} & set(path.relative_to(lib).parts):
            assert "nabla.grading" not in path.read_text("utf-8"), path


@pytest.mark.parametrize("wrap", [float, lambda v: [v], lambda v: np.array([v]), np.array])
def test_a_number_passes_however_it_is_wrapped(wrap):
    for assignment in ASSIGNMENTS.values():
        for q in assignment.questions:
            reference = None if q.is_function else np.asarray(q.reference(), dtype=float)
            if reference is not None and reference.ndim == 0:
                v = verdict(assignment.name, q.id, wrap(float(reference)))
                assert v.status == "passed", (assignment.name, q.id, v.message)


def test_an_error_in_a_blank_helper_names_the_helper():
    def forward_difference(f, x, i, h):
        raise NotImplementedError("replace this line with your code")

    def partial_estimate(f, x, i):
        return forward_difference(f, x, i, 1e-8)

    v = verdict("partial-derivatives", "q4", partial_estimate)
    assert "write the body of `forward_difference` first" in v.message, v.message
    v = verdict("partial-derivatives", "q3", forward_difference)
    assert "which it calls" not in v.message, v.message


def test_a_function_that_changes_its_input_in_place_is_told_so():
    def descend(grad_f, x0, lr, n_iter):
        x = x0  # not a copy: the caller's x0 moves too
        for _ in range(n_iter):
            x -= lr * grad_f(x)
        return x

    v = verdict("gradient-descent", "q2", descend)
    assert v.status == "wrong"
    assert "changes its argument `x0` in place" in v.message

    def descend_copy(grad_f, x0, lr, n_iter):
        return descend(grad_f, np.array(x0, dtype=float), lr, n_iter)

    assert verdict("gradient-descent", "q2", descend_copy).status == "passed"
