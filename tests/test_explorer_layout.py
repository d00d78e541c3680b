"""The explorers' controls and readouts on a phone, and printed code (issue 16): sliders are
targets 24 px tall (WCAG 2.5.8), a readout wraps between numbers and never inside one, its
signs are true minus signs, and a code line wrapped on paper continues right of its own
first character, with a mark."""

import pytest

from .conftest import EXPLORER_PAGES
from .test_accessibility import NEXT_FRAME

pytestmark = [pytest.mark.browser, pytest.mark.site]
WIDTHS = (320, 390, 1280)

SLIDERS = """() => [...document.querySelectorAll(".nabla-explorer input[type=range]")].map(
  (s) => { const r = s.getBoundingClientRect();
           return [s.getAttribute("aria-label"), r.left, r.top, r.right, r.bottom]; })"""

# Each number of each readout value that the page breaks over two lines, and each text of
# the figure that signs a number with a hyphen-minus (its labels, ticks, slider values and
# what a screen reader hears of them), in the frames at both ends of every slider and the first.
READOUT_FAULTS = """() => {
  const faults = [];
  const check = (figure) => {
    const texts = [...figure.querySelectorAll("svg text, output, dd, figcaption, .paneltitle, p")]
      .map((e) => e.textContent);
    texts.push(...[...figure.querySelectorAll("[aria-valuetext], [aria-label]")].flatMap(
      (e) => [e.getAttribute("aria-valuetext"), e.getAttribute("aria-label")]));
    for (const text of texts) {
      if (/-\\d/.test(text)) faults.push(`a hyphen for minus in "${text}"`);
    }
    for (const dd of figure.querySelectorAll(".readout dd")) {
      const text = dd.textContent, node = dd.firstChild;
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


# Printed, at the width of the PDF's text column: each source line of each code box, its
# rows on paper, where its first character starts and where each continuation row starts.
PRINT_WIDTH = round((210 - 2 * 18) / 25.4 * 96)  # A4 less tools/pdf_book.css's margins, px
CODE_ROWS = """() => [...document.querySelectorAll("article pre")].filter((pre) =>
    pre.getClientRects().length).flatMap((pre) => {
  const nodes = [], walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  let text = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const at = (i) => {  // the text node and offset of character i
    let k = nodes.length - 1;
    while (nodes[k][1] > i) k--;
    return [nodes[k][0], i - nodes[k][1]];
  };
  const rects = (from, to) => {
    const range = document.createRange();
    range.setStart(...at(from));
    range.setEnd(...at(to));
    return [...range.getClientRects()].filter((r) => r.width > 0);
  };
  const mark = (node) => {  // what the line's box draws beside its continuations
    const line = node.parentElement.closest(".code-line");
    return line ? getComputedStyle(line, "::after").backgroundImage : "none";
  };
  const lines = [];
  let start = 0;
  for (const line of text.split("\\n")) {
    const indent = line.length - line.trimStart().length;
    if (line.trim()) {
      const rows = new Map();
      for (const r of rects(start + indent, start + line.length)) {
        const top = Math.round(r.top);
        rows.set(top, Math.min(rows.get(top) ?? Infinity, r.left));
      }
      const [first, ...rest] = [...rows.keys()].sort((a, b) => a - b);
      const ch = rects(start + indent, start + indent + 1)[0];
      lines.push({ line: line.trim().slice(0, 60), first: rows.get(first), ch: ch.width,
        rest: rest.map((top) => rows.get(top)), mark: mark(at(start + indent)[0]) });
    }
    start += line.length + 1;
  }
  return lines;
})"""


@pytest.mark.parametrize(
    "path", ["chapters/01-partial-derivatives.html", "chapters/04-level-sets.html"]
)
def test_printed_code_continues_under_its_own_line_with_a_mark(opened, path):
    """Printed, a code line too long for the paper continues at least 2 characters right of
    its own first character (an indented line's continuation hung from the box's edge read as
    a new statement), with a mark beside it; the pages have such lines."""
    page, _ = opened(path)
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 900})
    page.emulate_media(media="print")
    try:
        lines = page.evaluate(CODE_ROWS)
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1280, "height": 900})
    wrapped = [line for line in lines if line["rest"]]
    assert len(wrapped) >= 2, "no code line wrapped on paper"
    for line in wrapped:
        assert all(left >= line["first"] + 1.9 * line["ch"] for left in line["rest"]), line
        assert "svg" in line["mark"], line
