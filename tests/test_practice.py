"""The practice questions: drawn and answered by nabla, every mistake told apart, hints from
the graded catalogue, and a page block within its weight."""

import functools
import json
import re

import nabla
import numpy as np
import pytest
from nabla.examples import X_TWO_POINTS
from nabla.grading import ASSIGNMENTS
from nabla.practice import PRACTICE, Practice, page_verdict, text, variants
from nabla.practice.hints import BY_HAND, by_hand
from nabla.practice.page import block
from nabla.practice.partial_derivatives import EXACT
from nabla.practice.posing import N_VARIANTS, close, hint_of, posed
from nabla.practice.text import Polynomial

from .conftest import ROOT
from .practice_answers import EXPECTED

QUESTIONS = [p for questions in PRACTICE.values() for p in questions]
KEYS = [p.key for p in QUESTIONS]
GRADED = [q for a in ASSIGNMENTS.values() for q in a.questions]
GRADED_HINTS = {m.hint for q in GRADED for m in q.mistakes}
HAND_HINTS = {by_hand(hint) for hint in GRADED_HINTS}
CODE = re.compile(r"\b[A-Za-z]\w*_\w|\b[a-z]{2,}\.[a-z]|\breturn|range\(|shape \(")
"""What only code has: n_iter, grad_f(x), np.linalg.norm, "return", range(, shape (m,)."""
STATIC = ROOT / "_ext" / "practice_static"
PAGE_BUDGET = 30_000  # bytes a chapter page may gain


@functools.cache
def drawn(key):
    """The variants of the question ``key``, drawn once for this module."""
    return variants(next(p for p in QUESTIONS if p.key == key))


def test_every_chapter_ends_with_at_least_three_questions():
    stems = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
    assert sorted(PRACTICE) == sorted(s.split("-", 1)[1] for s in stems)
    assert all(len(questions) >= 3 for questions in PRACTICE.values())
    assert len(set(KEYS)) == len(KEYS), "keys name HTML ids: one each"


@pytest.mark.parametrize("practice", QUESTIONS, ids=KEYS)
def test_variants_are_right_and_tell_every_mistake_apart(practice):
    q = practice.question
    found = drawn(practice.key)
    assert len(found) == N_VARIANTS >= 10
    assert len({json.dumps(v.fields, sort_keys=True) for v in found}) == len(found)
    for v in found:
        expected = EXPECTED[practice.key](*v.args)
        assert any(np.allclose(a, expected, rtol=1e-6, atol=1e-6) for a in v.answers)
        assert page_verdict(q, v, expected) == "right"
        assert sorted({k for _, k in v.wrongs}) == list(range(len(q.mistakes)))
        for wrong, k in v.wrongs:
            m = q.mistakes[k]
            if m.answer is not None:
                assert np.allclose(wrong, m.answer(*v.args), rtol=1e-12, atol=1e-12)
            else:
                assert m.test(wrong, *v.args)
            assert page_verdict(q, v, wrong) == m.hint
        nowhere = np.full(np.shape(expected), 1e6)
        assert page_verdict(q, v, nowhere) == q.hint


def test_variants_are_the_same_on_every_run():
    for practice in QUESTIONS[:3]:
        first, again = variants(practice), variants(practice)
        assert [v.fields for v in first] == [v.fields for v in again]


def test_hints_are_the_graded_mistakes_but_for_errors_only_practice_meets():
    own = {
        p.key: [m.hint for m in p.question.mistakes if m.hint not in HAND_HINTS] for p in QUESTIONS
    }
    assert {key for key, hints in own.items() if hints} == {
        "partial",
        "forward-difference",
        "central-difference",
        "gradient",
        "rate-at-angle",
        "line-fit",
    }
    assert len(set().union(*own.values())) == 7
    by_id = {p.key: p.question for p in QUESTIONS}
    for key, assignment, qid in [
        ("forward-difference", "partial-derivatives", "q3"),
        ("loss", "least-squares", "q1"),
        ("ls-gradient", "least-squares", "q3"),
    ]:  # graded questions asked on new data: the very same mistakes, said for paper
        graded = ASSIGNMENTS[assignment].question(qid)
        mine = by_id[key].mistakes[: len(graded.mistakes)]
        assert [m.answer for m in mine] == [m.answer for m in graded.mistakes]
        assert [m.hint for m in mine] == [by_hand(m.hint) for m in graded.mistakes]
        assert by_id[key].reference is graded.reference


def test_hints_speak_to_a_reader_working_by_hand():
    shown = {
        h for p in QUESTIONS for h in (p.question.hint, *(m.hint for m in p.question.mistakes))
    }
    assert [h for h in shown if CODE.search(h)] == []
    graded = {h for q in GRADED for h in (q.hint, *(m.hint for m in q.mistakes))}
    for phrase, hint in BY_HAND.items():
        assert any(phrase in h for h in graded), f"{phrase!r} is in no graded hint"
        assert hint in shown, f"the wording for {phrase!r} is shown nowhere"
    unworded = "check the sign: x - lr * grad_f(x)."  # a hint BY_HAND has no wording for
    assert CODE.search(by_hand(unworded))


@pytest.mark.parametrize("key", ["forward-difference", "central-difference"])
def test_the_exact_derivative_gets_its_own_hint_not_another_quotient_s(key):
    """On a quadratic the central difference is the exact derivative: a reader who
    differentiated must not be told they took a central difference."""
    practice = next(p for p in QUESTIONS if p.key == key)
    for v in drawn(practice.key):
        f, x, i, _ = v.args
        assert page_verdict(practice.question, v, nabla.partial(f, x, i)) == EXACT.hint


@pytest.mark.parametrize("practice", QUESTIONS, ids=KEYS)
def test_a_wrong_answer_is_apart_from_every_right_one_and_every_other_hint_s(practice):
    """A hint is true of the answer it matches: no stored wrong answer is right, and none is
    within the tolerance of a wrong answer that earns another hint."""
    q = practice.question
    for v in drawn(practice.key):
        for wrong, k in v.wrongs:
            assert not any(close(wrong, a, q.rtol, q.atol) for a in v.answers), (v.fields, k)
            for other, j in v.wrongs:
                if q.mistakes[j].hint != q.mistakes[k].hint:
                    assert not close(wrong, other, q.rtol, q.atol), (v.fields, k, j)


NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
AFTER_APPROX = re.compile(r"≈ \(?(?:[\u22120-9./]+, )*\u2212?$")


def test_a_rounded_number_is_shown_after_approx(monkeypatch):
    """Every number that changes when the text keeps more digits was rounded: "≈" comes
    before it (or before the vector it is in)."""
    shown_digits = text.SIGNIFICANT
    for practice in QUESTIONS:
        for v in drawn(practice.key):
            shown = {}
            for digits in (shown_digits, 9):
                monkeypatch.setattr(text, "SIGNIFICANT", digits)
                fields = practice.fields(*v.args)
                shown[digits] = practice.prompt.format(**fields) + practice.solution.format(
                    **fields
                )
            coarse, fine = shown.values()
            matches, finer = list(NUMBER.finditer(coarse)), NUMBER.findall(fine)
            assert len(matches) == len(finer), (coarse, fine)
            for m, more in zip(matches, finer, strict=True):
                if m[0] != more:
                    assert AFTER_APPROX.search(coarse[: m.start()]), (practice.key, coarse)


def test_a_rounded_answer_copied_from_the_solution_is_right():
    """The page asks for four significant digits where an answer is not exact, and the
    solution shows them."""
    for practice in QUESTIONS:
        for v in drawn(practice.key):
            right = np.asarray(v.answers[0])
            shown = text.answer(right).split("≈ ")[-1].removeprefix("= ").replace("\u2212", "-")
            if "/" not in shown:  # an exact fraction is read by the page's own test
                value = np.array([float(t) for t in re.findall(r"-?[0-9.]+", shown)])
                verdict = page_verdict(practice.question, v, value.reshape(right.shape))
                assert verdict == "right", (practice.key, shown)


def _is_worked_example(arg):
    hill = {(1.0, 2, 0), (3.0, 1, 1), (1.0, 0, 3)}
    ellipse = {(1.0, 2, 0), (4.0, 0, 2)}  # the level-sets exercises' g
    if isinstance(arg, Polynomial):
        return set(arg.terms) in (hill, ellipse)
    return np.shape(arg) == X_TWO_POINTS.shape and np.array_equal(arg, X_TWO_POINTS)


def test_no_variant_asks_about_a_graded_exercise_s_data():
    for practice in QUESTIONS:
        for v in drawn(practice.key):
            assert not any(_is_worked_example(a) for a in v.args), (practice.key, v.fields)


@pytest.mark.parametrize("name", PRACTICE)
def test_the_page_block_holds_every_variant_within_the_weight(name):
    html = block(name)
    data = json.loads(re.search(r'class="practice-data">(.*?)</script>', html, re.S)[1])
    assert [d["key"] for d in data] == [p.key for p in PRACTICE[name]]
    for d, practice in zip(data, PRACTICE[name], strict=True):
        assert len(d["variants"]) == N_VARIANTS
        slots = {int(k) for k in re.findall(r"\{(\d+)\}", d["prompt"] + d["solution"])}
        for fields, answers, wrongs in d["variants"]:
            assert slots == set(range(len(fields)))
            assert all(np.size(a) == d["size"] for a in answers)
            assert sorted({k for _, k in wrongs}) == list(range(len(d["hints"])))
        assert set(d["hints"]) == {m.hint for m in practice.question.mistakes}
    assert f'-first">{PRACTICE[name][0].prompt[:8]}' in html
    weight = len(html.encode()) + sum(p.stat().st_size for p in STATIC.iterdir())
    assert weight <= PAGE_BUDGET


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="name must be one of"):
        block("nope")
    central = ASSIGNMENTS["gradient"].question("q3")
    with pytest.raises(LookupError, match="0 hints of q3 contain 'nowhere'"):
        hint_of(central, "nowhere")
    tangent = ASSIGNMENTS["level-sets"].question("q2")
    with pytest.raises(ValueError, match="pick needs"):
        posed(tangent, "t", None, convert=lambda g: (g,), pick=lambda value, g: value[0])
    same = PRACTICE["gradient"][0]
    args = variants(same)[0].args
    stuck = Practice(
        posed(same.question, "stuck", lambda rng, k: args),
        "stuck",
        "",
        "",
        same.fields,
    )
    with pytest.raises(RuntimeError, match="only 1 of 2 variants"):
        variants(stuck, n=2)
