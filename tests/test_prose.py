"""How much a reader has to read: prose words per chapter, counted without code or maths.

Budgets from issue 13: at most 1,800 words of prose in any chapter, 9,000 in the whole
course (chapters, takeaways, errata, landing page). A folded "How we checked this" block
is not on the reader's path and does not count.
"""

import json
import re

import pytest

from .conftest import ROOT

CHAPTERS = sorted(ROOT.glob("chapters/*.ipynb"))
PAGES = [*CHAPTERS, *sorted(ROOT.glob("chapters/*.md")), ROOT / "index.md"]


def _markdown(path):
    if path.suffix == ".md":
        return path.read_text("utf-8")
    cells = json.loads(path.read_text("utf-8"))["cells"]
    shown = [c for c in cells if "remove-cell" not in c["metadata"].get("tags", [])]
    return "\n\n".join("".join(c["source"]) for c in shown if c["cell_type"] == "markdown")


FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})(?P<rest>.*)$")


def _without_code_and_folded_checks(text):
    """Drop code blocks and blocks titled "How we checked this", keep directives' bodies.

    A fence opening with ``{name}`` is a directive (exercise, solution, dropdown...) whose body
    is prose; a bare fence closes the innermost open block of the same fence, else it opens a
    code block, as does a fence with a language name.
    """
    kept, stack, skipping = [], [], None  # stack: fences of open directives
    for line in text.splitlines():
        match = FENCE.match(line.strip())
        if skipping is not None:
            if match and match["fence"] == skipping[0] and not match["rest"].strip():
                skipping[1] -= 1
                if skipping[1] == 0:
                    skipping = None
            elif match and match["fence"] == skipping[0] and match["rest"].startswith("{"):
                skipping[1] += 1
            continue
        if not match:
            kept.append(line)
            continue
        fence, rest = match["fence"], match["rest"].strip()
        if rest.startswith("{"):
            if re.match(r"\{[a-z:-]+\}\s*How we checked this", rest):
                skipping = [fence, 1]
            else:
                stack.append(fence)
            continue
        if not rest and stack and stack[-1] == fence:
            stack.pop()
            continue
        skipping = [fence, 1]  # a code block: skip to its closing fence
    return "\n".join(kept)


def prose_words(text):
    """Words of running text: no code, no maths, no directive options, labels or roles' targets."""
    text = _without_code_and_folded_checks(text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)  # display maths
    text = re.sub(r"\$[^$\n]+\$", " MATH ", text)  # inline maths reads as a word
    text = re.sub(r"\{[a-z:-]+\}`[^`]*`", " REF ", text)  # roles: {eq}`x`, {glue:text}`x`
    text = re.sub(r"\[[^\]\n]*\]\([^)\s]*\)", " REF ", text)  # links, as the {ref}s they replaced
    text = re.sub(r"`[^`\n]*`", " CODE ", text)
    text = re.sub(r"^\s*:[a-z-]+:.*$", " ", text, flags=re.M)  # directive options
    text = re.sub(r"^\([^)]*\)=\s*$", " ", text, flags=re.M)  # (label)=
    text = re.sub(r"<[^>]+>", " ", text)  # html tags
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'\u2019.,-]*", text))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_chapter_has_at_most_1800_words_of_prose(path):
    assert prose_words(_markdown(path)) <= 1800


def test_the_course_has_at_most_9000_words_of_prose():
    counts = {p.name: prose_words(_markdown(p)) for p in PAGES}
    assert sum(counts.values()) <= 9000, counts


def test_the_counter_skips_code_maths_and_folded_checks():
    text = (
        "Two words.\n\n```python\nx = 1 + 2\n```\n\n$$a + b$$\n\n"
        ":::{dropdown} How we checked this\nMany many words here.\n:::\n"
    )
    assert prose_words(text) == 2
