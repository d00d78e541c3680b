"""Figures read well in the book's light and dark themes.

The test measures WCAG contrast of every plotted line (3:1) and every label and number
(4.5:1) of the interactive figures against the figure's background, as drawn (a mark's
opacity blends it with the background), and checks that static
figures sit on their own opaque white card (so they read the same in both themes). Headless Chromium
prefers light, the book's default; the dark theme is switched on with the book's
own theme button, as a reader would.
"""

import base64
import io

import pytest
from PIL import Image

from .conftest import SITE

pytestmark = [pytest.mark.browser, pytest.mark.site]
CHAPTERS = sorted(str(p.relative_to(SITE)) for p in SITE.glob("chapters/*.html"))
MIN_CONTRAST = 3.0  # WCAG 2.1, 1.4.11: graphical objects
MIN_TEXT_CONTRAST = 4.5  # 1.4.3: text (axe does not read the explorers' SVG text)

COLOURS = """() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const opaque = (c) => c && c !== "transparent" && !/rgba\\(.*, 0\\)$/.test(c);
  const background = (el) => {  // the first opaque background behind el
    for (let node = el; node; node = node.parentElement) {
      const c = getComputedStyle(node).backgroundColor;
      if (opaque(c)) return rgb(c);
    }
    return [255, 255, 255];
  };
  const seenThrough = (el, fig) => {  // the opacity of el and its groups inside the figure
    let alpha = 1;
    for (let node = el; node && node !== fig; node = node.parentElement) {
      alpha *= Number(getComputedStyle(node).opacity);
    }
    return alpha;
  };
  const marks = [];
  for (const fig of document.querySelectorAll(".nabla-explorer")) {
    const bg = background(fig);
    const drawn = "polyline, polygon, circle, rect.frame, text, dd, output";
    for (const el of fig.querySelectorAll(drawn)) {
      const style = getComputedStyle(el);
      const paint = ["polyline", "rect"].includes(el.tagName) ? style.stroke
        : ["text", "polygon", "circle"].includes(el.tagName) ? style.fill : style.color;
      const alpha = seenThrough(el, fig);  // a half-transparent mark is lighter on screen
      const shown = rgb(paint).map((c, k) => alpha * c + (1 - alpha) * bg[k]);
      marks.push([`${el.tagName}.${el.getAttribute("class")}`, shown, bg]);
    }
  }
  return { marks, theme: document.documentElement.dataset.theme };
}"""


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def _switch_theme(page, mode):
    """Click the theme button (it cycles auto, dark, light) until the book is in ``mode``."""
    for _ in range(3):
        if page.evaluate("() => document.documentElement.dataset.mode") == mode:
            return
        page.locator(".theme-switch-button").first.click()
    raise AssertionError(f"the theme button never gave {mode!r}")


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", CHAPTERS)
def test_figures_read_well_in_both_themes(opened, path, theme):
    page, _ = opened(path)
    _switch_theme(page, theme)
    try:
        seen = page.evaluate(COLOURS)
        assert seen["theme"] == theme
        explorers = page.locator(".nabla-explorer").count()
        assert bool(seen["marks"]) == bool(explorers), "explorers drew nothing to check"
        for what, rgb, bg in seen["marks"]:
            ratio = contrast(rgb, bg)
            text = what.startswith(("text", "dd", "output"))
            assert ratio >= (MIN_TEXT_CONTRAST if text else MIN_CONTRAST), (
                f"{what} {rgb} on {bg}: {ratio:.2f}"
            )
        for src in page.eval_on_selector_all(
            "main img.nabla-figure", "imgs => imgs.map(i => i.src)"
        ):
            assert src.startswith("data:image/png;base64,")
            image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGBA")
            corners = [
                image.getpixel((x, y)) for x in (0, image.width - 1) for y in (0, image.height - 1)
            ]
            assert all(c == (255, 255, 255, 255) for c in corners), (
                "figure needs an opaque white card"
            )
    finally:
        _switch_theme(page, "auto")
