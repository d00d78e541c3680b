"""The book's pages around the content, in Chromium: what the keyboard meets and what a
screen reader hears before the text (issue 16)."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_search_takes_one_tab_stop(opened, width):
    page, _ = opened("chapters/03-directional-derivatives.html")
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.evaluate(
            """() => { const top = Object.assign(document.createElement("span"), { tabIndex: -1 });
              document.body.prepend(top); top.focus(); top.remove(); }"""
        )
        stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            stops.append(page.evaluate("() => document.activeElement.className.toString()"))
            if page.evaluate("() => !!document.activeElement.closest('main article')"):
                break
        assert sum("search-button__button" in s for s in stops) == 1, stops
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
