"""No graded answer is printed in a chapter (issue 13).

Every value question's reference is computed and formatted at a few precisions; none may
occur as a number in a chapter's markdown or stored outputs (text, alt text, readouts). A
vector's entries count as printed when they occur in order, separated only by spaces,
commas or brackets.
"""

import itertools
import json
import re

import numpy as np
import pytest
from nabla.grading.assignments import ASSIGNMENTS

from .conftest import ROOT

CHAPTERS = sorted(ROOT.glob("chapters/*.ipynb"))
VALUE_QUESTIONS = [
    (assignment.name, question)
    for assignment in ASSIGNMENTS.values()
    for question in assignment.questions
    if question.draw is None
]
SEPARATOR = r"[\s,;()\[\]]+"


def chapter_text(path):
    """Markdown and every textual output of a notebook, minus embedded images' bytes."""
    parts = []
    for cell in json.loads(path.read_text("utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            for mime, data in output.get("data", {}).items():
                if mime.startswith("text/") or mime.endswith("text/plain"):
                    parts.append(data if isinstance(data, str) else "".join(data))
    text = "\n".join(parts).replace("\u2212", "-")
    return re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", " ", text)


def spellings(value):
    """How a number may be printed: 3 to 6 significant digits, and as an integer if it is one."""
    value = float(value)
    forms = {f"{value:.{digits}g}" for digits in (3, 4, 5, 6)}
    if value == round(value):
        forms |= {f"{int(value)}", f"{value:.1f}"}
    return sorted(forms)


def printed_pattern(reference):
    """A regex that finds the reference printed as a standalone number (or run of numbers)."""
    entries = np.atleast_1d(np.asarray(reference, dtype=float)).ravel()
    alternatives = ["|".join(re.escape(s) for s in spellings(v)) for v in entries]
    body = SEPARATOR.join(rf"(?:{alt})\.?" for alt in alternatives)
    return re.compile(rf"(?<![\w.]){body}(?![\w]|\.\d)")


@pytest.fixture(scope="module")
def chapters():
    return {path.stem: chapter_text(path) for path in CHAPTERS}


@pytest.mark.parametrize(
    ("assignment", "question"), VALUE_QUESTIONS, ids=lambda q: getattr(q, "id", q)
)
def test_no_value_answer_is_printed_in_a_chapter(assignment, question, chapters):
    pattern = printed_pattern(question.reference())
    found = {name: pattern.search(text) for name, text in chapters.items()}
    found = {name: match.group(0) for name, match in found.items() if match}
    assert not found, f"{assignment} {question.id} ({question.task}) is printed in {found}"


def test_the_pattern_finds_numbers_and_vectors_but_not_parts_of_numbers():
    assert printed_pattern(17.0).search("its length is 17, the rate")
    assert not printed_pattern(17.0).search("1.17 and 170 and x17")
    assert printed_pattern(0.35355339).search("about 0.354 along")
    assert printed_pattern([8.0, 15.0]).search("grad = (8, 15) here")
    assert printed_pattern([8.0, 15.0]).search("[ 8. 15.]")
    assert not printed_pattern([8.0, 15.0]).search("8 and then 15")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_exercise_answer_shows_outside_its_folded_solution(path):
    """The cell that checks a chapter's solutions hides its source, so its output stands
    after the folded solutions, in the book, in print and in JupyterLab: it may say that the
    solutions check out, but no number of theirs (found by a cold reviewer: ch. 1 showed
    [1. 4. 2.] right under the folded solution)."""
    cells = json.loads(path.read_text("utf-8"))["cells"]
    for before, cell in itertools.pairwise(cells):
        if cell["cell_type"] != "code" or "{solution" not in "".join(before["source"]):
            continue
        shown = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
        assert not re.search(r"\d", shown), f"{path.name}: {shown[:80]!r}"
