"""The practice block of each chapter in headless Chromium: answers checked in the page, hints
of the known mistakes, another variant, the solution after two tries, progress kept in the
browser; from file:// too, in both themes, and on paper."""

import json
import re

import pytest
from nabla.practice import PRACTICE, variants

from .conftest import ROOT, SITE
from .practice_answers import EXPECTED, as_fractions, spaced, surd, typed
from .test_themes import contrast

pytestmark = [pytest.mark.browser, pytest.mark.site]
CHAPTERS = {
    f"chapters/{p.stem}.html": p.stem.split("-", 1)[1]
    for p in sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
}
SUBMIT = """(el, text) => {
  el.querySelector("input").value = text;
  const start = performance.now();
  el.querySelector("form").requestSubmit();
  const ms = performance.now() - start;
  const feedback = el.querySelector(".practice-feedback");
  return [feedback.textContent, feedback.dataset.kind, ms];
}"""
ROUNDS = f"""(el, table) => [0, 1, 2].map(() => {{
  const k = Number(el.dataset.variant);
  const shown = [...el.querySelectorAll(".practice-first, .practice-live")]
    .filter((p) => !p.hidden && p.textContent).map((p) => p.textContent);
  const results = table[k].map((text) => ({SUBMIT})(el, text));
  el.querySelector(".practice-next").click();
  return [k, shown, results];
}})"""
CHECK = f"(el, inputs) => inputs.map((text) => ({SUBMIT})(el, text))"


def _table(practice):
    """Per variant: what to type, and the feedback and kind each must get."""
    q = practice.question
    table = []
    for n, v in enumerate(variants(practice)):
        right = EXPECTED[practice.key](*v.args)
        fractions = as_fractions(v.answers[0])
        typings = [typed(right), typed(right, brackets=False), spaced(typed(right)), fractions]
        typings += [fractions and spaced(fractions), surd(v.answers[0], word=n % 2 == 1)]
        rows = [(text, "Right.", "right") for text in typings if text]
        rows.append(("abc", "Could not read “abc” as an answer", "unread"))
        rows.append(("√\u22122", "Could not read “√\u22122” as an answer", "unread"))
        rows.append((" ", "No answer yet: write a number", "unread"))
        rows += [(typed(w), f"Not yet: {q.mistakes[k].hint}", "wrong") for w, k in v.wrongs]
        table.append(rows)
    return table


@pytest.mark.parametrize("path", CHAPTERS)
def test_practice_answers_in_the_page(opened, path, record_property):
    page, seen = opened(path)
    name = CHAPTERS[path]
    assert page.locator(".practice-q").count() == len(PRACTICE[name]) >= 3
    times = []
    for practice in PRACTICE[name]:
        q, found, table = practice.question, variants(practice), _table(practice)
        el = page.locator(f"#practice-{practice.key}")
        assert el.locator(".practice-feedback").get_attribute("aria-live") == "polite"
        k = el.evaluate("el => Number(el.dataset.variant)")
        el.locator("input").fill(table[k][0][0])  # from the keyboard: type, Enter, Tab to next
        el.locator("input").press("Enter")
        assert el.locator(".practice-feedback").text_content() == "Right."
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert el.evaluate("el => Number(el.dataset.variant)") != k
        solved = [k]
        for k, shown, results in el.evaluate(ROUNDS, [[r[0] for r in rows] for rows in table]):
            assert shown == [practice.prompt.format(**found[k].fields)]
            for (text, want, kind), (got, got_kind, ms) in zip(table[k], results, strict=True):
                assert got.startswith(want), (practice.key, k, text)
                assert got_kind == kind, (practice.key, k, text)
                times.append(ms)
            solved.append(k)
        assert len(set(solved)) >= 3, "another one gave no new variant"
        stored = page.evaluate(f"() => JSON.parse(localStorage.getItem('nabla-practice:{name}'))")
        assert set(solved) <= set(stored["solved"][practice.key])
        assert stored["current"][practice.key] == el.evaluate("el => Number(el.dataset.variant)")
        assert el.locator(".practice-progress").text_content().startswith("Solved: ")
        show = el.locator(".practice-show")
        nowhere = ", ".join(["123456789"] * found[0].answers[0].size)
        for _ in range(2):
            assert show.is_hidden()
            assert el.evaluate(CHECK, [nowhere])[0][0] == f"Not yet: {q.hint}"
        show.click()
        v = found[el.evaluate("el => Number(el.dataset.variant)")]
        solution = "Solution: " + practice.solution.format(**v.fields)
        assert el.locator(".practice-solution").text_content() == solution
    assert seen["outside"] == [], "requests left the local server"
    assert seen["errors"] == []
    record_property("redraw_ms", (f"practice feedback, {path}", times))


@pytest.mark.parametrize("path", list(CHAPTERS)[:1])
def test_practice_prints_each_question_with_its_first_variant(opened, path):
    page, _ = opened(path)
    el = page.locator(".practice-q").first
    el.locator(".practice-next").click()  # a reader moved on; paper still shows the first
    page.emulate_media(media="print")
    try:
        blocks = page.locator(".practice-q").all()
        for practice, q in zip(PRACTICE[CHAPTERS[path]], blocks, strict=True):
            first, v = q.locator(".practice-first"), variants(practice)[0]
            assert first.is_visible()
            assert first.text_content() == practice.prompt.format(**v.fields)
            for part in ("form", ".practice-live", ".practice-feedback", ".practice-solution"):
                assert q.locator(part).is_hidden()
    finally:
        page.emulate_media(media="screen")


TEXT_COLOURS = """el => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const opaque = (c) => c && c !== "transparent" && !/rgba\\(.*, 0\\)$/.test(c);
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const c = getComputedStyle(node).backgroundColor;
      if (opaque(c)) return rgb(c);
    }
    return [255, 255, 255];
  };
  const parts = "h3, .practice-first, label, input, button, .practice-format, .practice-feedback";
  const text = [...el.querySelectorAll(parts)].filter((e) => e.offsetParent)
    .map((e) => [e.className || e.tagName, rgb(getComputedStyle(e).color), background(e)]);
  const f = el.querySelector(".practice-feedback");
  return { text, mark: [rgb(getComputedStyle(f).borderLeftColor), background(f)] };
}"""


OVERFLOW = """() => [...document.querySelectorAll(".nabla-practice *")]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map((e) => e.className || e.tagName)"""


@pytest.mark.parametrize("path", list(CHAPTERS)[:1])
def test_practice_reads_well_in_both_themes(opened, path):
    """Text contrast (WCAG 1.4.3) and the feedback's border (1.4.11) in the light and the dark
    theme, and nothing wider than a phone's screen; the theme is set as the theme button sets
    it, on the root element."""
    page, _ = opened(path)
    el = page.locator(".practice-q").first
    before = page.evaluate("() => document.documentElement.dataset.theme")
    size = page.viewport_size
    try:
        for theme in ("light", "dark"):
            page.evaluate(f"() => {{ document.documentElement.dataset.theme = '{theme}'; }}")
            page.set_viewport_size({"width": 390, "height": 844})  # a phone
            assert page.evaluate(OVERFLOW) == [], f"wider than a 390 px screen ({theme})"
            page.set_viewport_size(size)
            for answer, kind in (("abc", "unread"), ("123456789", "wrong")):  # a 1-number question
                el.evaluate(CHECK, [answer])
                seen = el.evaluate(TEXT_COLOURS)
                for what, rgb, bg in seen["text"]:
                    assert contrast(rgb, bg) >= 4.5, f"{what} {rgb} on {bg} ({theme})"
                assert contrast(*seen["mark"]) >= 3.0, f"{kind} border ({theme})"
    finally:
        page.set_viewport_size(size)
        page.evaluate(f"() => {{ document.documentElement.dataset.theme = '{before}'; }}")


def _ax(cdp, selector):
    """What Chromium gives assistive technology for the element at ``selector``: whether it is
    in the accessibility tree, its name, its text and its live setting."""
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    found = ax["nodes"][0]
    properties = {p["name"]: p["value"].get("value") for p in found.get("properties", [])}
    html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
    return {
        "shown": not found["ignored"],
        "name": found.get("name", {}).get("value"),
        "live": properties.get("live"),
        "text": re.sub(r"<[^>]*>", "", html),
    }


def test_practice_works_from_file_labels_announces_and_keeps_its_place(browser):
    """From file://, with no request elsewhere: each input is named by its question; the
    live region is in the accessibility tree before the first "another one" and then says
    the new question; the variant shown and the progress come back after a reload (a
    restored question is put in quietly), also from the first storage format."""
    path, name = next(iter(CHAPTERS.items()))
    context = browser.new_context()
    elsewhere = []
    local = ("file:", "blob:", "data:")  # the widgets' own scripts come as blob: URLs
    context.on("request", lambda r: r.url.startswith(local) or elsewhere.append(r.url))
    # The practice block needs neither the widgets nor the maths: skip them, for speed.
    context.route(re.compile(r"/(html-manager|mathjax)/"), lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto((SITE / path).as_uri(), wait_until="load")
        cdp = context.new_cdp_session(page)
        shown = {}
        for practice in PRACTICE[name]:
            key, found = practice.key, variants(practice)
            prompt = [practice.prompt.format(**v.fields) for v in found]
            assert _ax(cdp, f"#practice-{key}-answer")["name"] == f"Your answer {prompt[0]}"
            live = _ax(cdp, f"#practice-{key}-live")
            assert (live["shown"], live["live"], live["text"]) == (True, "polite", "")
            page.locator(f"#practice-{key} .practice-next").click()
            k = int(page.locator(f"#practice-{key}").get_attribute("data-variant"))
            live = _ax(cdp, f"#practice-{key}-live")
            assert (live["live"], live["text"]) == ("polite", prompt[k])
            assert _ax(cdp, f"#practice-{key}-answer")["name"] == f"Your answer {prompt[k]}"
            shown[key] = (k, prompt[k])
        practice = PRACTICE[name][0]
        el = page.locator(f"#practice-{practice.key}")
        v = variants(practice)[shown[practice.key][0]]
        el.locator("input").fill(typed(EXPECTED[practice.key](*v.args)))
        el.locator("input").press("Enter")
        assert el.locator(".practice-feedback").text_content() == "Right."
        page.reload(wait_until="load")
        progress = f"Solved: 1 of {len(variants(practice))} variants."
        assert el.locator(".practice-progress").text_content() == progress
        for key, (k, prompt) in shown.items():
            assert page.locator(f"#practice-{key}").get_attribute("data-variant") == str(k)
            assert page.locator(f"#practice-{key}-first").is_hidden()
            live = page.locator(f"#practice-{key}-live")
            assert (live.get_attribute("aria-live"), live.text_content()) == ("off", prompt)
            assert _ax(cdp, f"#practice-{key}-answer")["name"] == f"Your answer {prompt}"
        el.locator(".practice-next").click()
        assert _ax(cdp, f"#practice-{practice.key}-live")["live"] == "polite"
        first_format = json.dumps({practice.key: [0, 5]})  # solved variants only, no place
        page.evaluate(f"() => localStorage.setItem('nabla-practice:{name}', '{first_format}')")
        page.reload(wait_until="load")
        assert el.locator(".practice-progress").text_content().startswith("Solved: 2 of ")
        assert el.get_attribute("data-variant") == "0"
        assert elsewhere == []
    finally:
        context.close()
