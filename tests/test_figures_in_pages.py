"""The course's figures as a phone shows them, in the built book, in Chromium: the text of a
static figure is readable at phone width."""

import pytest

from .conftest import SITE
from .test_browser import PAGES

pytestmark = pytest.mark.browser
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
