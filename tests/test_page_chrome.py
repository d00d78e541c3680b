"""The book's pages around the content, in Chromium: what the keyboard meets and what a
screen reader hears before the text (issue 16)."""

import pytest

from .conftest import extension
from .test_themes import contrast

pytestmark = pytest.mark.browser


@pytest.mark.site
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


@pytest.mark.parametrize(
    ("mathml", "words"),
    [  # chapter 3's table headers, as MathJax writes their MathML
        ("<math><mi>cos</mi><mo>\N{FUNCTION APPLICATION}</mo><mi>θ</mi></math>", "cos θ"),
        (
            "<math><msub><mi>D</mi><mrow><mrow><mi>u</mi></mrow></mrow></msub><mi>f</mi>"
            "<mo>(</mo><mrow><mi>x</mi></mrow><mo>)</mo></math>",
            "D sub u, f(x)",
        ),
        (
            '<math xmlns="undefined"><mi>∇</mi><msup><mi>f</mi><mi>\N{DOWN TACK}</mi></msup>'
            "<mrow><mi>u</mi></mrow></math>",
            "nabla f transpose u",
        ),
        (
            "<math><mfrac><mrow><mi>∂</mi><mi>f</mi></mrow><mrow><mi>∂</mi><msub><mi>x</mi>"
            "<mn>1</mn></msub></mrow></mfrac></math>",
            "partial f over partial x sub 1",
        ),
        ("<math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mi>y</mi></math>", "x squared + y"),
    ],
)
def test_a_formula_is_said_in_words(mathml, words):
    assert extension("lean_pages").spoken(mathml) == words


@pytest.mark.site
def test_formula_table_headers_are_named_in_words(opened):
    """In the accessibility tree, each column header that is a formula has the words of its
    MathML as its name, not MathJax's run-together text ("Duf(x)")."""
    page, _ = opened("chapters/03-directional-derivatives.html")
    headers = page.locator("th:has(mjx-container)")
    assert headers.count() == 7
    lean_pages = extension("lean_pages")
    for k in range(headers.count()):
        mathml = headers.nth(k).evaluate("(th) => th.querySelector('math').outerHTML")
        tree = headers.nth(k).aria_snapshot()
        assert tree.startswith(f'- columnheader "{lean_pages.spoken(mathml)}"'), tree


@pytest.mark.site
def test_a_page_in_the_dark_theme_prints_in_the_light_one(browser, site):
    """Paper is white: printed in the dark theme, text came out pale grey on white (or white
    on black pages, with the headings lost), as a cold reviewer found on chapter 4. The
    browser fires beforeprint and afterprint around a print; the page answers them."""
    context = browser.new_context(color_scheme="dark")
    colours = """() => [...document.querySelectorAll("main h1, main p")].slice(0, 8)
      .map((el) => getComputedStyle(el).color.match(/[\\d.]+/g).slice(0, 3).map(Number))"""
    try:
        page = context.new_page()
        page.goto(f"{site}/chapters/04-level-sets.html", wait_until="load")
        theme = "() => document.documentElement.dataset.theme"
        assert page.evaluate(theme) == "dark"
        page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        assert page.evaluate(theme) == "light"
        for colour in page.evaluate(colours):
            assert contrast(colour, (255, 255, 255)) >= 4.5, colour  # on white paper
        page.emulate_media(media="screen")
        page.evaluate("() => dispatchEvent(new Event('afterprint'))")
        assert page.evaluate(theme) == "dark"
    finally:
        context.close()
