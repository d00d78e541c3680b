"""The book as one PDF (`make pdf`): read back with pypdf and checked against the HTML build.

Printing takes up to a minute, so the module reuses its last passing result: when every
test passed here with the same inputs (everything the PDF is made from, see
``make_pdf.inputs_key``, and this file), the module is skipped with one line saying so.
CI builds the PDF and runs every test every time. A PDF that `make pdf` left from the
same inputs is tested as it is, without printing it again.
"""

import functools
import hashlib
import importlib.util
import json
import math
import re
import subprocess
import sys
import threading
import types
import unicodedata
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import IN_CI, ROOT, SITE, VIEW_SCRIPT, _Quiet, _Server

_spec = importlib.util.spec_from_file_location("make_pdf", ROOT / "tools" / "make_pdf.py")
make_pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_pdf)

PDF = make_pdf.OUT
RECORDS = ROOT / "_build" / ".pdf-tests"
MM = 72 / 25.4
SIDE, TOP_BOTTOM = 18 * MM, 20 * MM  # tools/pdf_book.css
INTERACTIVE_NOTE = "Interactive figure, here at its first frame"


def _key():
    digest = hashlib.sha256(make_pdf.inputs_key().encode())
    digest.update((ROOT / "tests" / "test_pdf.py").read_bytes())
    return digest.hexdigest()[:16]


KEY = _key()
_TESTS = re.findall(r"^def (test_\w+)", Path(__file__).read_text(), re.M)
if not IN_CI and all((RECORDS / n).exists() and (RECORDS / n).read_text() == KEY for n in _TESTS):
    pytest.skip(
        f"reused the last passing result (PDF inputs unchanged, sha256 {KEY}; CI reruns)",
        allow_module_level=True,
    )


@pytest.fixture
def checked(request):
    """A test calls ``checked()`` last to remember that it passed with these inputs."""

    def passed():
        RECORDS.mkdir(parents=True, exist_ok=True)
        (RECORDS / request.node.name).write_text(KEY)

    return passed


@pytest.fixture(scope="module")
def book():
    """The PDF, printed afresh unless `make pdf` left one from the current inputs (never
    under CI), with its pages' text."""
    import pypdf

    if not SITE.joinpath("index.html").exists():
        pytest.skip("the book is not built: run `make book`")
    current = PDF.with_suffix(".inputs")
    if IN_CI or not current.exists() or current.read_text() != make_pdf.inputs_key():
        done = subprocess.run(
            [sys.executable, ROOT / "tools" / "make_pdf.py"], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    reader = pypdf.PdfReader(PDF)
    texts = [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages]
    return types.SimpleNamespace(reader=reader, texts=texts, text="\n".join(texts))


def _html_pages():
    """The pages the PDF must hold, in order, each parsed from the HTML build."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [c["file"] for part in toc["parts"] for c in part["chapters"] if c["file"] != "api"]
    return [
        (name, BeautifulSoup((SITE / f"{name}.html").read_text(), "html.parser")) for name in names
    ]


def _title(soup):
    h1 = soup.select_one("article h1")
    for link in h1.select("a.headerlink"):
        link.decompose()
    return " ".join(h1.get_text().split())


def _pattern(heading):
    """A regular expression for a heading's text; its maths (TeX in the HTML) any text."""
    for link in heading.select("a.headerlink"):
        link.decompose()
    for formula in heading.select("span.math"):
        formula.replace_with("\0")
    return ".+".join(re.escape(" ".join(part.split())) for part in heading.get_text().split("\0"))


def _outline(reader):
    """``[(title, page from 1, [(title, page), ...]), ...]``: the top-level bookmarks."""
    items, out = reader.outline, []
    for item in items:
        if isinstance(item, list):
            out[-1][2].extend(
                (i.title, reader.get_destination_page_number(i) + 1)
                for i in item
                if not isinstance(i, list)
            )
        else:
            out.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return out


def test_a_bookmark_for_every_chapter_and_section(book, checked):
    pages = _html_pages()
    outline = _outline(book.reader)
    cover, *chapters = outline
    assert cover[:2] == (yaml.safe_load((ROOT / "_config.yml").read_text())["title"], 1)
    assert len(chapters) == len(pages) == 15  # 6 chapters, takeaways, errata, primers, 6 exercises
    assert [title for title, _, _ in chapters] == [_title(soup) for _, soup in pages]
    starts = [page for _, page, _ in chapters]
    assert starts == sorted(set(starts))
    for (title, page, sections), (name, soup) in zip(chapters, pages, strict=True):
        expected = [_pattern(h) for h in soup.select("article section > h2")]
        assert len(sections) == len(expected), name
        for (section, _), pattern in zip(sections, expected, strict=True):
            assert re.fullmatch(pattern, section), (section, pattern)
        assert all(page <= p for _, p in sections), title
    checked()


def test_cover_and_contents_with_page_numbers(book, checked):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["title"] in " ".join(book.texts[0].split())
    assert config["html"]["baseurl"] in book.texts[0].replace("\n", "")
    chapters = _outline(book.reader)[1:]
    contents = "\n".join(book.texts[1 : chapters[0][1] - 1])  # the pages before chapter 1
    for title, page, _ in chapters:
        assert re.search(rf"^{re.escape(title)} {page}$", contents, re.M), (title, page)
    checked()


def test_every_formula_typeset_and_every_figure_printed(book, checked):
    """No raw TeX and no widget stand-in text; one unsplit figure per explorer of the book."""
    for marker in ("\\frac", "$$", "\\(", "\\partial", "Explorer("):
        assert marker not in book.text
    titles = []
    for _, soup in _html_pages():
        for view in soup.select(VIEW_SCRIPT):
            state = view.find_next_sibling("script", type="application/json")
            titles.append(json.loads(state.string)["spec"]["title"])
    assert len(titles) == book.text.count(INTERACTIVE_NOTE) == 7
    for title in titles:  # the caption and the closing link on one page
        words = " ".join(title.split()[:3])
        pages = [text for text in book.texts if words in " ".join(text.split())]
        assert pages, title
        assert any(INTERACTIVE_NOTE in " ".join(text.split()) for text in pages), title
    checked()


def test_hidden_code_and_folded_solutions_stay_hidden(book, checked):
    text = " ".join(book.text.split())
    hidden = solutions = 0
    for name, soup in _html_pages():
        for details in soup.select("details.hide"):
            first = details.select_one("pre").get_text().strip().splitlines()[0].strip()
            assert first not in text, (name, first)
            hidden += 1
        for solution in soup.select("div.solution"):
            body = solution.select_one("p:not(.admonition-title)")
            words = re.findall(r"\b[A-Za-z]+\b", body.get_text())[:5]
            assert " ".join(words) not in text, (name, words)
            solutions += 1
    assert hidden > 0
    assert solutions > 0
    assert text.count("Solution to Exercise") == solutions
    checked()


def _text_extents(page, fonts):
    """``[(x0, x1, (y0, y1) or None, font)]``, in points, for the visible glyphs of every
    string drawn on the page, from its content stream. Chromium's fonts are Identity-H CID
    fonts and Type3 fonts with their widths, so the extents are exact; trailing spaces
    (which hang past the margin in wrapped code, unseen) are left out."""
    from pypdf.generic import ContentStream

    ctm, stack, tm, line, font, size, out = [1, 0, 0, 1, 0, 0], [], None, None, None, 0, []
    resources = page["/Resources"].get("/Font", {})
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        assert op not in (b"T*", b"'", b'"', b"Tc", b"Tw", b"Tz", b"Ts"), f"{op} not handled"
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _mult([float(v) for v in operands], ctm)
        elif op == b"BT":
            tm = line = [1, 0, 0, 1, 0, 0]
        elif op == b"Tf":
            font, size = resources[operands[0]].get_object(), float(operands[1])
        elif op == b"Tm":
            tm = line = [float(v) for v in operands]
        elif op == b"Td":
            tm = line = _mult([1, 0, 0, 1, float(operands[0]), float(operands[1])], line)
        elif op in (b"Tj", b"TJ"):
            x, ink = 0.0, []
            for part in operands[0] if op == b"TJ" else [operands[0]]:
                if isinstance(part, int | float):
                    x -= float(part) / 1000 * size
                    continue
                for advance, blank in _glyphs(font, part.original_bytes, fonts):
                    if not blank:
                        ink += [x, x + advance * size]
                    x += advance * size
            m = _mult(tm, ctm)
            if ink:
                ends = [(m[4] + t * m[0], m[5] + t * m[1]) for t in (min(ink), max(ink))]
                (x0, y0), (x1, y1) = sorted(ends)
                upright = 0.5 < math.hypot(m[2], m[3]) / math.hypot(m[0], m[1]) < 2
                out.append((x0, x1, (min(y0, y1), max(y0, y1)) if upright else None, font))
            tm = _mult([1, 0, 0, 1, x, 0], tm)
    return out


def _glyphs(font, data, cache):
    """``(advance per unit font size, is a space)`` for each glyph of a string."""
    key = id(font)
    if key not in cache:
        if font["/Subtype"] == "/Type0":
            cid = font["/DescendantFonts"][0].get_object()
            widths, w, k = {}, list(cid.get("/W", [])), 0
            while k < len(w):
                if isinstance(w[k + 1], list):
                    widths.update((w[k] + i, float(v)) for i, v in enumerate(w[k + 1]))
                    k += 2
                else:
                    widths.update((c, float(w[k + 2])) for c in range(w[k], w[k + 1] + 1))
                    k += 3
            cache[key] = (2, widths, float(cid.get("/DW", 1000)), 1 / 1000, _spaces(font))
        else:  # Type3: widths in glyph space, scaled by the font matrix
            first = font["/FirstChar"]
            widths = {first + i: float(v) for i, v in enumerate(font["/Widths"])}
            cache[key] = (1, widths, 0.0, abs(float(font["/FontMatrix"][0])), _spaces(font))
    step, widths, default, scale, spaces = cache[key]
    codes = [int.from_bytes(data[i : i + step], "big") for i in range(0, len(data), step)]
    return [(widths.get(c, default) * scale, c in spaces) for c in codes]


def _spaces(font):
    """The codes the font's ToUnicode map sends to a space."""
    if "/ToUnicode" not in font:
        return set()
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes = {int(c, 16) for c in re.findall(r"<([0-9a-fA-F]+)>\s*<0020>", cmap)}
    for lo, hi, first in re.findall(
        r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", cmap
    ):
        lo, hi, first = int(lo, 16), int(hi, 16), int(first, 16)
        if first <= 0x20 <= first + hi - lo:
            codes.add(lo + 0x20 - first)
    return codes


def _mult(a, b):
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def test_every_page_within_the_margins(book, checked):
    """Every string lies between the side margins, and between the top and bottom margins
    except the running page number, which sits in the bottom margin."""
    fonts, outside = {}, []
    for number, page in enumerate(book.reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / MM), round(height / MM)) == (210, 297)  # A4
        for x0, x1, y, font in _text_extents(page, fonts):
            inside_x = x0 >= SIDE - 1 and x1 <= width - SIDE + 1
            # y is None for a glyph stretched tall (a big bracket): its origin is no guide
            inside_y = y is None or (y[0] >= TOP_BOTTOM - 1 and y[1] <= height - TOP_BOTTOM + 1)
            footer = y is not None and y[0] > 0 and y[1] < TOP_BOTTOM
            footer = footer and abs((x0 + x1) / 2 - width / 2) < 20
            if not (inside_x and (inside_y or footer)):
                outside.append((number, round(x0), round(x1), y, font.get("/BaseFont")))
    assert outside == []
    checked()


def _fonts(reader):
    """Every font the pages use, descendant fonts included."""
    seen = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            seen[id(font)] = font
            for descendant in font.get("/DescendantFonts", []):
                seen[id(descendant.get_object())] = descendant.get_object()
    return list(seen.values())


def test_fonts_embedded_and_metadata_without_timestamps(book, checked):
    fonts = _fonts(book.reader)
    assert fonts
    for font in fonts:
        if font["/Subtype"] in ("/Type0", "/Type3"):  # Type3 glyphs live in the font itself
            continue
        descriptor = font["/FontDescriptor"]
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    meta = book.reader.metadata
    assert meta.title == yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    assert "/CreationDate" not in meta
    assert "/ModDate" not in meta
    checked()


def _struct(element, found):
    element = element.get_object()
    if isinstance(element, dict):
        found.append(element)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            _struct(kid, found)
    return found


def test_tagged_with_alt_text_for_every_figure(book, checked):
    root = book.reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    elements = _struct(root["/StructTreeRoot"], [])
    kinds = [e.get("/S") for e in elements]
    assert kinds.count("/H1") == 16  # the cover and every page
    figures = [e for e in elements if e.get("/S") == "/Figure"]
    assert all(e.get("/Alt", "").strip() for e in figures)
    # The formulas are outlines with their MathML's text as alt text: ∂f/∂x₁ among them.
    formulas = [e["/Alt"].replace(" ", "") for e in figures]
    assert sum("∂" in alt for alt in formulas) > 20
    assert "∂f∂x1=2x1+3x2,∂f∂x2=3x1+3x22." in formulas
    checked()


def test_links_point_inside_the_book_or_online(book, checked):
    """A link between pages lands on a destination in the PDF; every other link is to the
    web, none to the local server it was printed from."""
    reader = book.reader
    names = set(reader.named_destinations)
    online = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
    internal = external = 0
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot:
                assert annot["/Dest"] in names
                internal += 1
            else:
                uri = annot["/A"]["/URI"]
                assert uri.startswith("https://"), uri
                external += 1
                if uri.startswith(online):  # the online book: a page of this build, and its id
                    path, _, fragment = uri.removeprefix(online).partition("#")
                    page = SITE / (path or "index.html")
                    assert page.is_file(), uri
                    assert not fragment or f'id="{fragment}"' in page.read_text(), uri
    assert internal > 100
    assert external >= 7  # at least one per interactive figure
    # A link to another page's top (pN-- is page N of the book) lands on that page's start.
    starts = [page for _, page, _ in _outline(reader)[1:]]
    tops = {
        name: reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
        if re.fullmatch(r"/?p\d+--", name)
    }
    assert len(tops) >= 6
    for name, page in tops.items():
        assert page == starts[int(name.strip("/p-"))], name
    checked()


@pytest.fixture
def broken_site(tmp_path):
    """The built site with the explorers' script emptied and chapter 1's first formula left as
    raw TeX, as a build without static_maths would leave it (a copy of links, served from
    127.0.0.1)."""
    chapter = "chapters/01-partial-derivatives.html"
    for path in SITE.rglob("*"):
        name = str(path.relative_to(SITE))
        target = tmp_path / name
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif name == "_static/nabla-explorer.js":
            target.write_text("// missing\n")
        elif name == chapter:
            html = path.read_text()
            formula = re.search(r"<mjx-container .*?</mjx-container>", html, re.S)
            target.write_text(
                html.replace(formula.group(0), r"\(\frac{\partial f}{\partial x}\)", 1)
            )
        else:
            target.symlink_to(path)
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_a_page_that_did_not_finish_rendering_is_reported(browser, broken_site, checked):
    """make_pdf stops on any problem a page reports: here raw TeX and unmounted figures."""
    context = browser.new_context()
    name = "chapters/01-partial-derivatives.html"
    found = make_pdf.read_page(
        context, broken_site, name, {name: "p0"}, "https://example.org/", timeout=1000
    )
    context.close()
    problems = "\n".join(found["problems"])
    assert "2 of 2 interactive figures did not mount" in problems
    assert "raw TeX left untypeset" in problems
    checked()
