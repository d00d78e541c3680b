"""Sections far from the screen are neither laid out nor painted (static_explorers'
offscreen_css), while an explorer's section always is: it stands where a scroll put it."""

import pytest

from .test_page_speed import EXPLORER_PAGES

pytestmark = pytest.mark.browser

# Per section of the article below its title: drawn now, and whether it holds an explorer.
DRAWN = """() => [...document.querySelectorAll("article.bd-article section section")].map(
  (s) => [s.firstElementChild.checkVisibility({ contentVisibilityAuto: true }),
          !!s.querySelector(".nabla-explorer")])"""


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_only_sections_near_the_screen_are_drawn(browser, site, path):
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.goto(f"{site}/{path}", wait_until="load")
    page.wait_for_timeout(200)
    sections = page.evaluate(DRAWN)
    assert any(not drawn for drawn, _ in sections), "every section was drawn"
    assert all(drawn for drawn, explorer in sections if explorer)
    explorer = page.locator(".nabla-explorer").last
    explorer.scroll_into_view_if_needed()
    before = explorer.bounding_box()
    page.wait_for_timeout(300)  # the sections around it are drawn now
    after = explorer.bounding_box()
    assert all(abs(after[k] - before[k]) <= 2 for k in before), (before, after)  # sub-pixel
    page.emulate_media(media="print")
    assert all(drawn for drawn, _ in page.evaluate(DRAWN))
    page.close()
