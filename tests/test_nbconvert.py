"""A stored chapter as nbviewer shows it: ``jupyter nbconvert --to html``, opened in Chromium
with no kernel and no network. Every explorer must show its first frame, the PNG its output
bundle carries (nabla.figures.still), as a visible image: not an empty widget placeholder,
not the ``Explorer(...)`` text. GitHub's own notebook preview is not tested here (no network).
The conversions take about 20 s, so the result is reused while the chapters are unchanged.

It failed while the chapters kept their widget state under Jupyter's ``widgets`` key: nbconvert
then picked each explorer's widget view over its PNG, an empty placeholder without the widget
manager from unpkg.com. The state now sits under ``STORED_STATE``, which only the book reads.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import (
    ROOT,
    _library_and_tools,
    chromium_identity,
    explorer_outputs,
    unless_passed,
)

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def _explorer_pngs(path):
    """The first-frame PNG (base64) of every explorer output the notebook stores."""
    return [o["data"]["image/png"] for o in explorer_outputs(path)]


@pytest.mark.slow
@pytest.mark.browser
def test_nbconvert_html_shows_every_explorers_first_frame(browser, tmp_path):
    inputs = [*CHAPTERS, __file__, *_library_and_tools()]  # nbconvert's pin among the tools
    passed = unless_passed("nbconvert", inputs, extra=chromium_identity())
    jupyter = Path(sys.executable).parent / "jupyter"
    subprocess.run(
        [jupyter, "nbconvert", "--to", "html", "--output-dir", tmp_path, *CHAPTERS],
        check=True,
        capture_output=True,
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda route: route.abort() if route.request.url.startswith("http")
               else route.continue_())  # fmt: skip
    missing = []
    for path in CHAPTERS:
        pngs = _explorer_pngs(path)
        page.goto((tmp_path / f"{path.stem}.html").as_uri())
        for k, png in enumerate(pngs):
            image = page.locator(f"img[src='data:image/png;base64,{png.strip()}']")
            if image.count() != 1:
                missing.append(f"{path.name}, explorer {k + 1}: no first-frame image")
                continue
            image.scroll_into_view_if_needed()
            drawn = image.evaluate("(img) => img.complete && img.naturalWidth")
            box = image.bounding_box()
            if not drawn or box is None or box["width"] < 200 or not image.is_visible():
                missing.append(f"{path.name}, explorer {k + 1}: image not visible ({box})")
        text = page.inner_text("body")
        assert "Explorer(" not in text, f"{path.name}: the explorer's text shown"
    page.close()
    assert missing == []
    assert sum(len(_explorer_pngs(p)) for p in CHAPTERS) >= 7  # the chapters' explorers
    passed()
