"""The explorers' controls and readouts on a phone, and printed code (issue 16): sliders are
targets 24 px tall (WCAG 2.5.8), a readout wraps between numbers and never inside one, its
signs are true minus signs, and a code line wrapped on paper hangs under its first part."""

import pytest

from .conftest import EXPLORER_PAGES
from .test_accessibility import NEXT_FRAME

pytestmark = [pytest.mark.browser, pytest.mark.site]
WIDTHS = (320, 390, 1280)

SLIDERS = """() => [...document.querySelectorAll(".nabla-explorer input[type=range]")].map(
  (s) => { const r = s.getBoundingClientRect();
           return [s.getAttribute("aria-label"), r.left, r.top, r.right, r.bottom]; })"""

# Each number of each readout value that the page breaks over two lines, and each value
# that writes a sign with a hyphen, in the frames at both ends of every slider and the first.
READOUT_FAULTS = """() => {
  const faults = [];
  const check = (figure) => {
    for (const dd of figure.querySelectorAll(".readout dd")) {
      const text = dd.textContent, node = dd.firstChild;
      if (/(^|[\\s(,=])-\\d/.test(text)) faults.push(`a hyphen for minus in "${text}"`);
      for (const m of text.matchAll(/[\\u2212-]?\\d[\\d.,e+\\u2212-]*\\d|\\d/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) faults.push(`"${m[0]}" broken over lines in "${text}"`);
      }
    }
  };
  for (const figure of document.querySelectorAll(".nabla-explorer")) {
    const sliders = [...figure.querySelectorAll("input[type=range]")];
    const was = sliders.map((s) => s.value);
    const move = (s, v) => { s.value = v; s.dispatchEvent(new Event("input")); };
    check(figure);
    for (const s of sliders) {
      for (const end of [s.min, s.max]) { move(s, end); check(figure); }
    }
    sliders.forEach((s, k) => move(s, was[k]));
  }
  return [...new Set(faults)];
}"""


def _at_widths(page, measure):
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.evaluate(NEXT_FRAME)
            yield width, page.evaluate(measure)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_sliders_are_24_px_targets_that_never_overlap(opened, path):
    page, _ = opened(path)
    for width, sliders in _at_widths(page, SLIDERS):
        for name, left, top, right, bottom in sliders:
            assert min(right - left, bottom - top) >= 23.95, (width, name, bottom - top)
        for k, a in enumerate(sliders):
            for b in sliders[:k]:
                apart = max(b[1] - a[3], a[1] - b[3], b[2] - a[4], a[2] - b[4])
                assert apart >= 0, (width, a[0], b[0])


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_readout_numbers_stay_whole_with_true_minus_signs(opened, path):
    page, _ = opened(path)
    for width, faults in _at_widths(page, READOUT_FAULTS):
        assert faults == [], f"at {width} px"


def test_printed_code_wraps_with_a_hanging_indent(opened):
    """A code line too long for the paper continues indented under itself; the next line of
    code starts at the margin again."""
    page, _ = opened("chapters/01-partial-derivatives.html")
    page.emulate_media(media="print")
    try:
        starts = page.evaluate(
            """() => {
              const pre = document.createElement("pre");
              pre.textContent = "long = " + "word ".repeat(60) + "\\nnext = 1";
              document.querySelector(".bd-article").append(pre);
              const text = pre.firstChild, range = document.createRange();
              const lefts = (from, to) => {
                range.setStart(text, from);
                range.setEnd(text, to);
                return [...range.getClientRects()].map((r) => Math.round(r.left));
              };
              const lines = lefts(0, text.length - 9), next = lefts(text.length - 8, text.length);
              pre.remove();
              return { first: lines[0], rest: lines.slice(1), next: next[0] };
            }"""
        )
    finally:
        page.emulate_media(media="screen")
    assert len(starts["rest"]) >= 1, "the long line did not wrap"
    assert all(left >= starts["first"] + 20 for left in starts["rest"]), starts
    assert starts["next"] == starts["first"], starts
