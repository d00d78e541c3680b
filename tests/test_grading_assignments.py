"""Each question of each assignment: the master's solution passes on fresh inputs, a blank
earns nothing, every known mistake gets its hint, and no hint gives the answer away.

The solutions are the master notebooks' own code, run here; a wrong answer is a
student-style function or value. The batch tests (test_grading_batch.py) check the same
hints end to end.
"""

import io
import json
from contextlib import redirect_stdout
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from nabla.grading import ASSIGNMENTS, judge
from nabla.grading.recording import encode_args, record_function, record_value

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


def test_every_assignment_has_a_master_and_three_to_six_questions():
    assert set(STEMS) == set(ASSIGNMENTS)
    for a in ASSIGNMENTS.values():
        assert 3 <= len(a.questions) <= 6
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


G = np.array([2.5, 6.75])  # grad f at (2, -0.5): (2 x1 + 3 x2, 3 x1 + 3 x2^2)
G_NORM = np.sqrt(2.5**2 + 6.75**2)
X3 = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 3.0]])  # the three points (0, 1), (1, 2), (3, 6)
Y3 = np.array([1.0, 2.0, 6.0])
LAMBDA3 = np.linalg.eigvalsh(X3.T @ X3)
EPS = np.finfo(float).eps

# (assignment, question, wrong answer, a phrase of the hint it must get)
MISTAKES = [
    ("partial-derivatives", "q1", 6.75, "with respect to x2"),
    ("partial-derivatives", "q5", 0.0, "not differentiable"),  # grad g(0) = (0, 0), dotted with u
    ("partial-derivatives", "q5", 36 / 25, "has length 5"),  # g(t (3, 4)) / t = 9 * 4 / 25
    ("partial-derivatives", "q1", 4.0, "3 x1 x2 depends on x1"),
    ("partial-derivatives", "q1", -2.5, "sign"),
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
    ("gradient", "q1", G[::-1], "wrong order"),
    ("gradient", "q1", -G, "sign"),
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
    ("gradient", "q4", G @ G, "square root"),
    ("gradient", "q4", G.sum(), "Euclidean norm"),
    ("gradient", "q5", G / G_NORM, "ascent instead of descent"),
    ("gradient", "q5", G, "ascent instead of descent"),
    ("gradient", "q5", -G, "not normalised"),
    ("directional-derivatives", "q1", G @ [3.0, 4.0], "not normalised"),
    ("directional-derivatives", "q1", -(G @ [3.0, 4.0]) / 5, "sign"),
    ("directional-derivatives", "q1", G_NORM, "largest rate"),
    ("directional-derivatives", "q2", lambda g, v: g @ v, "not normalised"),
    ("directional-derivatives", "q2", lambda g, v: -g @ v / np.linalg.norm(v), "sign"),
    ("directional-derivatives", "q2", lambda g, v: np.linalg.norm(g), "largest rate"),
    ("directional-derivatives", "q3", G_NORM, "largest rate"),
    ("directional-derivatives", "q3", 0.0, "level curve"),
    ("directional-derivatives", "q3", -(G @ G), "square root"),
    ("directional-derivatives", "q4", [-G[1], G[0]], "not normalised"),
    ("directional-derivatives", "q4", G / G_NORM, "along the gradient"),
    ("directional-derivatives", "q5", lambda g: np.array([-_unit(g), _unit(g)]), "swapped"),
    ("directional-derivatives", "q5", lambda g: np.array([g, -g]), "not normalised"),
    ("directional-derivatives", "q5", lambda g: np.array([_unit(g), _unit(g)]), "uphill too"),
    ("directional-derivatives", "q6", 125 / np.sqrt(13), "length included"),
    ("directional-derivatives", "q6", 13.0, "at r(1), not at r(0)"),
    ("directional-derivatives", "q6", np.hypot(13.0, 33.0), "largest rate"),
    ("directional-derivatives", "q6", 49.0, "value of f"),
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
    ("level-sets", "q5", -np.array([2.74398, 0.342997]), "smallest"),
    ("level-sets", "q5", [2.0, 1.0], "not on the curve"),
    ("least-squares", "q1", lambda w, X, y: np.sum((X @ w - y) ** 2), "missing factor 1/2"),
    ("least-squares", "q1", lambda w, X, y: np.mean((X @ w - y) ** 2) / 2, "not a mean"),
    ("least-squares", "q1", lambda w, X, y: np.mean((X @ w - y) ** 2), "not a mean"),
    ("least-squares", "q1", lambda w, X, y: np.linalg.norm(X @ w - y) / 2, "square the norm"),
    ("least-squares", "q2", X3.T @ Y3, "sign"),
    ("least-squares", "q2", -2 * X3.T @ Y3, "factor 2 too many"),
    ("least-squares", "q3", lambda w, X, y: X.T @ (y - X @ w), "sign"),
    ("least-squares", "q3", lambda w, X, y: 2 * X.T @ (X @ w - y), "factor 2 too many"),
    ("least-squares", "q3", lambda w, X, y: X @ (X @ w - y), "transposed X"),
    ("least-squares", "q3", lambda w, X, y: X.T @ (X.T @ w - y), "transposed X"),
    ("least-squares", "q3", lambda w, X, y: X.T @ (X @ w - y) / len(y), "not a mean"),
    ("least-squares", "q4", [12 / 7, 5 / 7], "wrong order"),
    ("gradient-descent", "q1", -0.1 * X3.T @ Y3, "ascent instead of descent"),
    ("gradient-descent", "q1", X3.T @ Y3, "learning rate"),
    ("gradient-descent", "q1", -X3.T @ Y3, "gradient at w0"),
    ("gradient-descent", "q2", lambda g, x0, lr, n: _descend(g, x0, lr, n, sign=-1), "ascent"),
    ("gradient-descent", "q2", lambda g, x0, lr, n: _descend(g, x0, lr, n - 1), "off-by-one"),
    ("gradient-descent", "q2", lambda g, x0, lr, n: _descend(g, x0, lr, n + 1), "off-by-one"),
    ("gradient-descent", "q2", lambda g, x0, lr, n: x0, "never moves"),
    ("gradient-descent", "q3", 1 / LAMBDA3[-1], "missing factor 2"),
    ("gradient-descent", "q3", 2 / LAMBDA3[0], "largest eigenvalue"),
    ("gradient-descent", "q4", -0.25, "positive"),
    ("gradient-descent", "q4", 0.3, "diverges"),
    ("gradient-descent", "q4", 0.01, "too slow"),
    (
        "gradient-descent",
        "q5",
        lambda a, b, s: np.log(s) / np.log((b - a) / (b + a)),
        "whole number",
    ),
    (
        "gradient-descent",
        "q5",
        lambda a, b, s: int(np.log(s) / np.log((b - a) / (b + a))),
        "not down",
    ),
    ("gradient-descent", "q5", lambda a, b, s: np.ceil(np.log(s) / np.log(1 - a / b)), "1 / lam"),
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


def test_the_crease_rate_is_the_limit_not_the_gradient_formula():
    """By hand: g(t u) / t = u1^2 u2 / |u|^2 = (9/25)(4/5) for u = (3, 4)/5."""
    assert verdict("partial-derivatives", "q5", 36 / 125).passed
    assert not verdict("partial-derivatives", "q5", 0.0).passed


def test_an_unrelated_wrong_answer_gets_the_general_hint():
    v = verdict("gradient", "q1", [1.0, 1.0])
    assert v.message == "not yet: " + ASSIGNMENTS["gradient"].question("q1").hint
    v = verdict("gradient", "q2", lambda x: np.ones(2))
    assert v.message == "not yet: " + ASSIGNMENTS["gradient"].question("q2").hint


@pytest.mark.parametrize("wrap", [float, lambda v: [v], lambda v: np.array([v]), np.array])
def test_a_number_passes_however_it_is_wrapped(wrap):
    for assignment in ASSIGNMENTS.values():
        for q in assignment.questions:
            reference = None if q.is_function else np.asarray(q.reference(), dtype=float)
            if reference is not None and reference.ndim == 0:
                v = verdict(assignment.name, q.id, wrap(float(reference)))
                assert v.status == "passed", (assignment.name, q.id, v.message)


def test_the_spacing_question_takes_the_estimate_and_the_exact_distance():
    from scipy.optimize import minimize_scalar

    # The ellipse g = 8.1 as (a cos t, a/2 sin t); the distance from p = (2, 1) minimised over t.
    a = np.sqrt(8.1)

    def distance(t):
        return np.hypot(a * np.cos(t) - 2.0, a / 2 * np.sin(t) - 1.0)

    exact = minimize_scalar(distance, bounds=(0.0, np.pi / 2), method="bounded").fun
    estimate = 0.1 / np.hypot(4.0, 8.0)
    assert abs(exact - estimate) / exact > 3e-3  # they differ in the third digit
    q = ASSIGNMENTS["level-sets"].question("q3")
    for answer in (estimate, exact):
        assert judge(q, record_value(answer)).passed
    assert not judge(q, record_value((exact + estimate) / 2 * 1.01)).passed


def test_the_constrained_maximum_agrees_with_a_scan_of_the_ellipse():
    t = np.linspace(0, 2 * np.pi, 400_001)
    ellipse = np.column_stack([np.sqrt(8) * np.cos(t), np.sqrt(2) * np.sin(t)])  # g = 8
    best = ellipse[np.argmax(ellipse @ [2.0, 1.0])]
    reference = ASSIGNMENTS["level-sets"].question("q5").reference()
    assert np.allclose(reference, best, atol=1e-4)
    assert np.isclose(reference @ [2.0, 1.0], np.sqrt(34), rtol=1e-12)
