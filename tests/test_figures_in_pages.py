"""The course's figures as a phone shows them, in the built book, in Chromium: the text of a
static figure is readable at phone width."""

import pytest

from .conftest import PAGES, SITE
from .test_accessibility import NEXT_FRAME, _states

pytestmark = [pytest.mark.browser, pytest.mark.site]
FIGURE_PAGES = [p for p in PAGES if 'class="nabla-figure"' in (SITE / p).read_text()]
PHONE = {"width": 390, "height": 844}
# On screen, in px: the smallest text of each figure's PNG (data-text-px, measured in
# matplotlib) times the scale the page draws that PNG at, for the PNG the browser chose.
FIGURE_TEXT = """() => Promise.all([...document.querySelectorAll("img.nabla-figure")].map(
  async (img) => {
    await img.decode();
    const source = img.closest("picture")?.querySelector("source");
    const chosen = source && img.currentSrc === source.srcset ? source : img;
    return [img.alt.slice(0, 40), img.getBoundingClientRect().width / img.naturalWidth
      * Number(chosen.dataset.textPx)];
  }))"""


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_static_figure_text_is_at_least_11_px_on_a_phone(opened, path):
    page, _ = opened(path)
    try:
        for width in (320, 390):
            page.set_viewport_size({**PHONE, "width": width})
            sizes = page.evaluate(FIGURE_TEXT)
            assert sizes, "no figure measured"
            small = [(alt, round(px, 1)) for alt, px in sizes if px < 10.95]
            assert small == [], f"at {width} px"
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


EXPLORER_PAGES = [p for p in PAGES if "nablaExplorer.mount" in (SITE / p).read_text()]
# Each label that its panel cuts off (by more than 0.05 px), and each static label that a
# level curve crosses (a segment of the curve meets the label's box, in screen pixels).
LABEL_FAULTS = """() => [...document.querySelectorAll(".nabla-explorer svg")].flatMap((svg) => {
  const panel = svg.getBoundingClientRect(), faults = [];
  const outside = (r) => Math.max(panel.left - r.left, r.right - panel.right,
    panel.top - r.top, r.bottom - panel.bottom);
  for (const text of svg.querySelectorAll("text")) {
    const by = outside(text.getBoundingClientRect());
    if (by > 0.05) faults.push(`"${text.textContent}" cut by ${by.toFixed(1)} px`);
  }
  const crosses = (r, [ax, ay], [bx, by]) => {  // Liang-Barsky: does segment ab meet r?
    let t0 = 0, t1 = 1;
    for (const [p, q] of [[ax - bx, ax - r.left], [bx - ax, r.right - ax],
                          [ay - by, ay - r.top], [by - ay, r.bottom - ay]]) {
      if (p === 0) { if (q < 0) return false; }
      else if (p < 0) t0 = Math.max(t0, q / p); else t1 = Math.min(t1, q / p);
    }
    return t0 <= t1;
  };
  for (const text of svg.querySelectorAll("text.text")) {
    const r = text.getBoundingClientRect();
    for (const line of svg.querySelectorAll("polyline.contour")) {
      const m = line.getScreenCTM();
      const at = [...line.points].map((p) =>
        [m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]);
      if (at.slice(1).some((b, k) => crosses(r, at[k], b))) {
        faults.push(`a level curve crosses "${text.textContent}"`);
        break;
      }
    }
  }
  return faults;
})"""


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_explorer_labels_are_whole_and_clear_of_level_curves(opened, path):
    page, _ = opened(path)
    try:
        for width in (320, 390, 1280):
            page.set_viewport_size({**PHONE, "width": width})
            page.evaluate(NEXT_FRAME)
            assert page.evaluate(LABEL_FAULTS) == [], f"at {width} px"
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
