"""The practice questions: drawn and answered by nabla, every mistake told apart, hints from
the graded catalogue, and a page block within its weight."""

import json
import re

import numpy as np
import pytest
from nabla.examples import X_TWO_POINTS
from nabla.grading import ASSIGNMENTS
from nabla.practice import PRACTICE, Practice, page_verdict, variants
from nabla.practice.page import block
from nabla.practice.posing import N_VARIANTS, hint_of, posed
from nabla.practice.text import Polynomial

from .conftest import ROOT
from .practice_answers import EXPECTED

QUESTIONS = [p for questions in PRACTICE.values() for p in questions]
KEYS = [p.key for p in QUESTIONS]
GRADED = [q for a in ASSIGNMENTS.values() for q in a.questions]
GRADED_HINTS = {m.hint for q in GRADED for m in q.mistakes}
STATIC = ROOT / "_ext" / "practice_static"
PAGE_BUDGET = 30_000  # bytes a chapter page may gain


def test_every_chapter_ends_with_at_least_three_questions():
    stems = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
    assert sorted(PRACTICE) == sorted(s.split("-", 1)[1] for s in stems)
    assert all(len(questions) >= 3 for questions in PRACTICE.values())
    assert len(set(KEYS)) == len(KEYS), "keys name HTML ids: one each"


@pytest.mark.parametrize("practice", QUESTIONS, ids=KEYS)
def test_variants_are_right_and_tell_every_mistake_apart(practice):
    q = practice.question
    found = variants(practice)
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
        p.key: [m.hint for m in p.question.mistakes if m.hint not in GRADED_HINTS]
        for p in QUESTIONS
    }
    assert {key for key, hints in own.items() if hints} == {
        "partial",
        "gradient",
        "rate-at-angle",
        "line-fit",
    }
    assert len(set().union(*own.values())) == 6
    by_id = {p.key: p.question for p in QUESTIONS}
    for key, assignment, qid in [
        ("forward-difference", "partial-derivatives", "q3"),
        ("loss", "least-squares", "q1"),
        ("ls-gradient", "least-squares", "q3"),
    ]:  # graded questions asked on new data: the very same Mistake objects
        graded = ASSIGNMENTS[assignment].question(qid)
        assert by_id[key].mistakes is graded.mistakes
        assert by_id[key].reference is graded.reference


def _is_worked_example(arg):
    hill = {(1.0, 2, 0), (3.0, 1, 1), (1.0, 0, 3)}
    ellipse = {(1.0, 2, 0), (4.0, 0, 2)}  # the level-sets exercises' g
    if isinstance(arg, Polynomial):
        return set(arg.terms) in (hill, ellipse)
    return np.shape(arg) == X_TWO_POINTS.shape and np.array_equal(arg, X_TWO_POINTS)


def test_no_variant_asks_about_a_graded_exercise_s_data():
    for practice in QUESTIONS:
        for v in variants(practice):
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
    assert f'<p class="practice-first">{PRACTICE[name][0].prompt[:8]}' in html
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
