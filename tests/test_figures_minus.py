"""Every number a reader sees or hears in a figure is signed, and every subtraction written,
with a minus sign (U+2212), not a hyphen-minus: slider values and what a screen reader says
of them, tick labels, labels, readouts and their labels (exponents too: 1e−08) and alt text,
in every explorer's stored state (all its frames) and in every static figure as drawn
(issue 16)."""

import json
import re

import pytest
from matplotlib.text import Text
from nabla.figures.explorer import STORED_STATE

from .test_figures_static import STATIC_FIGURES, _drawn
from .test_figures_still import CHAPTERS

# A sign, or a subtraction (a word's hyphen has no spaces around it).
HYPHEN_SIGN = re.compile(r"-(?=\d)| - ")
NOT_SHOWN = {"points", "shapes"}  # coordinates and the ids of shared polylines


def _texts(value, where=""):
    """``(where, text)`` for every string in a stored spec or frame list."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from _texts(item, f"{where}.{key}")
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from _texts(item, f"{where}[{k}]")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_explorer_text_signs_numbers_with_a_minus(path):
    states = json.loads(path.read_text())["metadata"].get(STORED_STATE, {}).get("state", {})
    explorers = [m["state"] for m in states.values() if "spec" in m.get("state", {})]
    assert explorers
    hyphens = [
        (where, text)
        for state in explorers
        for where, text in _texts({"spec": state["spec"], "frames": state["frames"]})
        if HYPHEN_SIGN.search(text)
    ]
    assert hyphens == []


@pytest.mark.parametrize("name", STATIC_FIGURES)
def test_every_static_figure_text_signs_numbers_with_a_minus(name):
    """Its drawn texts (mathtext, $...$, draws "-" as a minus sign itself) and its alt text."""
    image = STATIC_FIGURES[name]()
    drawn, _ = _drawn(image.figure)
    texts = [re.sub(r"\$[^$]*\$", "", t.get_text()) for t in drawn if isinstance(t, Text)]
    assert [text for text in [*texts, image.alt] if HYPHEN_SIGN.search(text)] == []
