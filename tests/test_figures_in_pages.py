"""The course's figures as a phone shows them, in the built book, in Chromium: the text of a
static figure is readable at phone width."""

import pytest

from .conftest import EXPLORER_PAGES, PAGES, SITE
from .test_accessibility import NEXT_FRAME, _states, wait_for_labels

pytestmark = [pytest.mark.browser, pytest.mark.site]
FIGURE_PAGES = [p for p in PAGES if 'class="nabla-figure"' in (SITE / p).read_text()]
PHONE = {"width": 390, "height": 844}
# On screen, in px: the smallest text of each figure's PNG (data-text-px, measured in
# matplotlib) times the scale the page draws that PNG at.
FIGURE_TEXT = """() => Promise.all([...document.querySelectorAll("img.nabla-figure")].map(
  async (img) => {
    await img.decode();
    return [img.alt.slice(0, 40),
      img.getBoundingClientRect().width / img.naturalWidth * Number(img.dataset.textPx)];
  }))"""


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_static_figure_text_is_at_least_11_px_at_every_width(opened, path):
    """From a 320 px phone to a 1280 px desktop, through the widths where the theme's
    columns change (its sidebars come and go at 960 and 1200 px)."""
    page, _ = opened(path)
    try:
        for width in (320, 390, 500, 641, 800, 960, 1024, 1200, 1280):
            page.set_viewport_size({**PHONE, "width": width})
            sizes = page.evaluate(FIGURE_TEXT)
            assert sizes, "no figure measured"
            small = [(alt, round(px, 1)) for alt, px in sizes if px < 10.95]
            assert small == [], f"at {width} px"
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


# Each label that its panel cuts off (by more than 0.05 px), each two labels whose boxes meet
# (by more than 0.5 px both ways), and each label that a plotted line crosses inside the plot
# frame (a segment of the line meets the label's box, less 1 px a side, in screen pixels).
LABEL_FAULTS = """() => [...document.querySelectorAll(".nabla-explorer svg")].flatMap((svg) => {
  const panel = svg.getBoundingClientRect(), faults = [];
  const name = `${svg.closest("figure").id} ${svg.dataset.panel}`;
  const outside = (r) => Math.max(panel.left - r.left, r.right - panel.right,
    panel.top - r.top, r.bottom - panel.bottom);
  const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent);
  const boxes = texts.map((t) => t.getBoundingClientRect());
  texts.forEach((text, k) => {
    const by = outside(boxes[k]);
    if (by > 0.05) faults.push(`${name}: "${text.textContent}" cut by ${by.toFixed(1)} px`);
    for (let j = 0; j < k; j++) {
      const a = boxes[j], b = boxes[k];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 0.5 && h > 0.5) {
        faults.push(`${name}: "${texts[j].textContent}" meets "${text.textContent}"`);
      }
    }
  });
  const crosses = (r, [ax, ay], [bx, by]) => {  // Liang-Barsky: does segment ab meet r?
    let t0 = 0, t1 = 1;
    for (const [p, q] of [[ax - bx, ax - r.left], [bx - ax, r.right - ax],
                          [ay - by, ay - r.top], [by - ay, r.bottom - ay]]) {
      if (p === 0) { if (q < 0) return false; }
      else if (p < 0) t0 = Math.max(t0, q / p); else t1 = Math.min(t1, q / p);
    }
    return t0 <= t1;
  };
  const frame = svg.querySelector("rect.frame").getBoundingClientRect();
  texts.forEach((text, k) => {  // the part of the label's box inside the plot frame
    const b = boxes[k], r = { left: Math.max(b.left + 1, frame.left),
      right: Math.min(b.right - 1, frame.right), top: Math.max(b.top + 1, frame.top),
      bottom: Math.min(b.bottom - 1, frame.bottom) };
    if (r.left >= r.right || r.top >= r.bottom) return;
    for (const line of svg.querySelectorAll("polyline")) {
      const m = line.getScreenCTM();
      const at = [...line.points].map((p) =>
        [m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]);
      if (at.slice(1).some((b, j) => crosses(r, at[j], b))) {
        faults.push(`${name}: a ${line.getAttribute("class")} line crosses "${text.textContent}"`);
      }
    }
  });
  return faults;
})"""
# Moves every explorer through its frames (all of them, or about 40 spread over its grid),
# checking LABEL_FAULTS at each, and puts each back where it was; the faults found, once each.
THROUGH_FRAMES = """() => {
  const check = CHECK, faults = new Set();
  for (const figure of document.querySelectorAll(".nabla-explorer")) {
    const sliders = [...figure.querySelectorAll("input[type=range]")];
    const sizes = sliders.map((s) => Number(s.max) + 1);
    const set = (pos) => sliders.forEach((s, k) => {
      s.value = pos[k];
      s.dispatchEvent(new Event("input"));
    });
    const was = sliders.map((s) => Number(s.value));
    const total = sizes.reduce((a, b) => a * b, 1), stride = Math.ceil(total / 40);
    const indices = [...Array(Math.ceil(total / stride)).keys()].map((k) => k * stride);
    for (const index of [...indices, total - 1]) {
      let rest = index;
      const pos = [];
      for (let k = sizes.length - 1; k >= 0; k--) {
        pos[k] = rest % sizes[k];
        rest = Math.floor(rest / sizes[k]);
      }
      set(pos);
      for (const fault of check()) faults.add(fault);
    }
    set(was);
  }
  return [...faults];
}""".replace("CHECK", LABEL_FAULTS)


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_explorer_labels_are_whole_apart_and_clear_of_lines(opened, path):
    """At 320, 390 and 1280 px, and at 580 and 1100 px where the panels are drawn narrowest
    (their labels largest), in every frame or about 40 of them, no label is cut, meets another
    or has a plotted line across it."""
    page, _ = opened(path)
    try:
        for width in (320, 390, 580, 1100, 1280):
            page.set_viewport_size({**PHONE, "width": width})
            page.evaluate(NEXT_FRAME)
            wait_for_labels(page)
            assert page.evaluate(THROUGH_FRAMES) == [], f"at {width} px"
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_sliders_show_and_say_their_units(opened, path):
    """The value beside a slider and its aria-valuetext carry the unit the spec gives."""
    page, _ = opened(path)
    for k, state in enumerate(_states(page)):
        explorer = page.locator(".nabla-explorer").nth(k)
        for c in state["spec"]["controls"]:
            slider = explorer.locator(f"input[data-control={c['name']}]")
            position = int(slider.input_value())
            shown = slider.locator("xpath=following-sibling::output").text_content()
            said = slider.get_attribute("aria-valuetext")
            assert shown == c["text"][position]
            assert said.endswith(c["unit"]), (said, c["unit"])
