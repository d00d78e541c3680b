"""Nothing of a page is hidden from assistive technology while it is far from the screen: on a
phone, at load, every heading, link and form field of a chapter's article is in Chromium's
accessibility tree. (``content-visibility: auto`` on the sections far from the screen, tried
for speed in issue 15, took them out: Chromium marks skipped content "notRendered".)"""

import pytest

from .conftest import EXPLORER_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.site]
# The headings, links and form fields a reader could see, near the screen or not (the default
# checkVisibility() counts a section skipped by content-visibility as visible).
MARK = """() => {
  const parts = "article.bd-article :is(h1, h2, h3, a[href], input, button)";
  for (const el of document.querySelectorAll(parts))
    if (el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
        && !el.closest("[aria-hidden=true]")) el.setAttribute("data-seen", "");
}"""


# One chapter: Chromium builds the whole tree of a page, 3-17 s a chapter on a loaded machine.
@pytest.mark.parametrize("path", EXPLORER_PAGES[:1])
def test_the_whole_article_is_in_the_accessibility_tree(browser, site, path):
    page = browser.new_page(viewport={"width": 412, "height": 823})
    try:
        page.goto(f"{site}/{path}", wait_until="load")
        page.evaluate(MARK)
        cdp = page.context.new_cdp_session(page)
        in_tree = [
            node["backendDOMNodeId"]
            for node in cdp.send("Accessibility.getFullAXTree")["nodes"]
            if not node["ignored"] and "backendDOMNodeId" in node
        ]
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        shown = cdp.send("DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": in_tree})
        seen = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-seen]"})
        missing = set(seen["nodeIds"]) - set(shown["nodeIds"])
        assert len(seen["nodeIds"]) > 20
        assert [
            cdp.send("DOM.getOuterHTML", {"nodeId": n})["outerHTML"][:80] for n in missing
        ] == []
    finally:
        page.close()
