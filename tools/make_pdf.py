"""Print the built book as one PDF, offline (`make pdf`): writes _build/pdf/nabla.pdf.

Debian's Chromium, through Playwright, loads each page of ``_build/html`` from a local
server and waits, as the browser tests do, until every interactive figure has mounted
(the maths is typeset at build time); ``pdf_page.js`` then checks that the page finished
rendering and takes its article. The articles go into one HTML document behind a cover
and a table of contents, and Chromium prints that document: printed as one, the book
keeps its links between pages, its bookmarks (from the headings) and its tagging
(structure tree, alt text), which joining one PDF per page would lose. The table of
contents needs page numbers, so the document is printed twice; pypdf reads from the first
print the page on which each entry begins, and writes the final file without timestamps.

Any page that did not finish rendering (raw TeX, a figure that did not mount, a failed
request, a script error, a request to another host) or any content wider than the page
stops the build with the list of what went wrong.
"""

import concurrent.futures
import contextlib
import functools
import hashlib
import importlib.util
import io
import logging
import shutil
import sys
import threading
import time
from html import escape
from pathlib import Path

import pypdf
import yaml
from pypdf.generic import NameObject, TextStringObject

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).parent
OUT = ROOT / "_build" / "pdf" / "nabla.pdf"
IN_SITE = ROOT / "_build" / "html" / "nabla.pdf"  # the copy the landing page links to
LEFT_OUT = {"api"}  # the API reference is for the screen; the PDF links to it online
BOOK_URL = "/__book__.html"
PAGE_JS = (HERE / "pdf_page.js").read_text()
CONTENT_WIDTH = round((210 - 2 * 18) / 25.4 * 96)  # A4 less the side margins, in CSS px

# Chromium's PDFs declare a trailer /Size a few objects short; pypdf reads them right and
# says so each time.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_spec = importlib.util.spec_from_file_location("browser", ROOT / "tests" / "conftest.py")
browser = importlib.util.module_from_spec(_spec)  # open_page and its wait, shared with tests
_spec.loader.exec_module(browser)


def inputs_key():
    """A hash of everything the PDF is made from: the built site, the tools that print it,
    their pins (pypdf), Python and Chromium."""
    digest = hashlib.sha256(f"{sys.version}\0{browser.chromium_identity()}\0".encode())
    files = [p for p in sorted(browser.SITE.rglob("*")) if p.is_file() and p != IN_SITE]
    names = ("_toc.yml", "_config.yml", "tests/conftest.py", "requirements-dev.txt")
    files += [ROOT / name for name in (*names, "requirements.txt")]
    files += sorted(HERE.glob("*pdf*"))
    for path in files:
        digest.update(f"{path.relative_to(ROOT)}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def book_pages(toc_path=ROOT / "_toc.yml"):
    """``[(part caption, [docname, ...]), ...]`` in reading order, from the table of contents."""
    toc = yaml.safe_load(Path(toc_path).read_text())
    parts = [
        (part["caption"], [c["file"] for c in part["chapters"] if c["file"] not in LEFT_OUT])
        for part in toc["parts"]
    ]
    return [(caption, files) for caption, files in parts if files]


def book_config(config_path=ROOT / "_config.yml"):
    config = yaml.safe_load(Path(config_path).read_text())
    url = config.get("html", {}).get("baseurl")
    if not url:
        raise SystemExit("_config.yml: set html.baseurl, the online book the PDF links to")
    return config["title"], config["author"], url.rstrip("/") + "/"


def _serve():
    server = browser._Server(
        ("127.0.0.1", 0), functools.partial(browser._Quiet, directory=str(browser.SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def _chromium():
    """A browser context as the browser tests use (one per thread: Playwright's sync API is
    not shared between threads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=browser.CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium.new_context(viewport={"width": 1280, "height": 900})
        chromium.close()


def read_page(context, base, name, keys, online, timeout=20000):
    """One page's article, ready for the book, with ``problems``: what did not finish
    rendering, the page's script errors and failed requests, requests to other hosts
    (figures still unmounted ``timeout`` ms after the load event count as not mounted)."""
    page, seen = browser.open_page(context, f"{base}/{name}", timeout)
    args = {"key": keys[name], "keys": keys, "online": online}
    found = page.evaluate(PAGE_JS, args | {"mounted": page.evaluate(browser.MOUNTED)})
    page.close()
    outside = [f"request to another host: {url}" for url in seen["outside"]]
    found["problems"] += seen["errors"] + outside
    return found


def _read(base, names, keys, online):
    with _chromium() as context:
        return {name: read_page(context, base, name, keys, online) for name in names}


def read_pages(base, docnames, online, workers=2):
    """Each page's article, ready for the book, and what went wrong rendering the pages,
    read by ``workers`` browsers at once."""
    keys = {f"{name}.html": f"p{k}" for k, name in enumerate(docnames)}
    names = list(keys)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        parts = [pool.submit(_read, base, names[k::workers], keys, online) for k in range(workers)]
        found = {name: page for part in parts for name, page in part.result().items()}
    pages = [found[name] | {"key": keys[name]} for name in names]
    problems = [f"{name}: {p}" for name in names for p in found[name]["problems"]]
    return pages, problems


def _toc(parts, pages):
    by_name = iter(pages)
    html = ['<nav class="book-toc" aria-labelledby="book-toc"><h2 id="book-toc">Contents</h2>']
    for number, (caption, files) in enumerate(parts):
        sections = number == 0  # the chapters' sections; an exercise page's are its questions
        html.append(f'<p class="part">{caption}</p><ol>')
        for page in (next(by_name) for _ in files):
            html.append(f"<li>{_entry(page['key'] + '--', page['title'])}")
            if sections:
                html.append("<ol>")
                html += [f"<li>{_entry(s['id'], s['title'])}</li>" for s in page["sections"]]
                html.append("</ol>")
            html.append("</li>")
        html.append("</ol>")
    return "".join(html) + "</nav>"


def _entry(target, title):
    return (
        f'<a href="#{target}"><span class="title">{title}</span><span class="leader"></span>'
        f'<span class="number" data-target="{target}">000</span></a>'
    )


def book_html(title, author, online, parts, pages):
    """One HTML document: the cover, the contents, then every page's article."""
    sheets = dict.fromkeys(s for page in pages for s in page["stylesheets"])
    styles = dict.fromkeys(s for page in pages for s in page["styles"])
    head = "".join(f'<link rel="stylesheet" href="{href}">' for href in sheets)
    head += "".join(f"<style>{css}</style>" for css in styles)
    head += f"<style>{(HERE / 'pdf_book.css').read_text()}</style>"
    head += f"<script>{(HERE / 'pdf_book.js').read_text()}</script>"
    title, author = escape(title), escape(author)
    cover = (
        f'<section class="book-cover"><h1>{title}</h1>'
        "<p>An executable course for machine-learning learners: partial derivatives, the "
        "gradient, directional derivatives, level sets, the least-squares loss and gradient "
        "descent.</p>"
        f'<p>Read it online, where every figure responds: <a href="{online}">{online}</a>.'
        " This printed copy shows each interactive figure at its first frame.</p>"
        f"<p>{author}</p></section>"
    )
    body = "".join(
        f'<div class="book-page" id="{page["key"]}--">{page["html"]}</div>' for page in pages
    )
    return (
        f'<!DOCTYPE html><html lang="{pages[0]["lang"] or "en"}" data-theme="light" '
        f'data-mode="light"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        '<body><div class="bd-container"><main class="bd-main"><div class="bd-content">'
        f'<div class="bd-article-container">{cover}{_toc(parts, pages)}{body}'
        "</div></div></main></div></body></html>"
    )


def print_book(context, base, html):
    """The printed book (bytes) and its headings' titles; the contents are numbered from a
    first print."""
    page = context.new_page()
    page.route(
        f"{base}{BOOK_URL}", lambda route: route.fulfill(body=html, content_type="text/html")
    )
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"HTTP {r.status}: {r.url}"))
    page.emulate_media(media="print")
    page.set_viewport_size({"width": CONTENT_WIDTH, "height": 1000})
    page.goto(f"{base}{BOOK_URL}", wait_until="load")
    page.evaluate("() => document.fonts.ready")
    page.evaluate("book.fit()")
    wide = page.evaluate("book.overflow()")
    if failed or wide:
        raise SystemExit("\n".join(["the book does not print cleanly:", *failed, *wide[:20]]))

    def pdf(tagged):
        printed = page.pdf(
            prefer_css_page_size=True, print_background=True, tagged=tagged, outline=tagged
        )
        return printed, _destination_pages(pypdf.PdfReader(io.BytesIO(printed)))

    _, numbers = pdf(tagged=False)  # faster untagged, and it paginates the same
    page.evaluate("(pages) => book.number(pages)", numbers)
    printed, renumbered = pdf(tagged=True)
    if renumbered != numbers:
        raise SystemExit("numbering the contents moved the pages it numbers")
    return printed, page.evaluate("book.headings()")


def _destination_pages(reader):
    """``{destination name: page number from 1}`` for the contents' entries."""
    return {
        name.lstrip("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def finish(printed, headings, title, author, out):
    """Write the PDF: bookmarks titled as the headings, the book's metadata and no
    timestamps, opening on its bookmarks."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(printed)))
    bookmarks = list(_bookmarks(writer.root_object["/Outlines"]))
    if len(bookmarks) != len(headings):
        raise SystemExit(f"{len(bookmarks)} bookmarks for {len(headings)} printed headings")
    for bookmark, heading in zip(bookmarks, headings, strict=True):
        bookmark[NameObject("/Title")] = TextStringObject(heading)
    writer.metadata = {"/Title": title, "/Author": author, "/Creator": "tools/make_pdf.py"}
    writer.page_mode = "/UseOutlines"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    with partial.open("wb") as f:
        writer.write(f)
    partial.replace(out)


def _bookmarks(parent):
    """Outline items in reading order."""
    item = parent.get("/First")
    while item is not None:
        item = item.get_object()
        yield item
        yield from _bookmarks(item)
        item = item.get("/Next")


def main(out=OUT):
    start, key = time.perf_counter(), inputs_key()
    if not (browser.SITE / "index.html").exists():
        raise SystemExit("the book is not built: run `make book`")
    title, author, online = book_config()
    parts = book_pages()
    docnames = [name for _, files in parts for name in files]
    server, base = _serve()
    try:
        pages, problems = read_pages(base, docnames, online)
        if problems:
            raise SystemExit("\n".join(["pages that did not finish rendering:", *problems]))
        with _chromium() as context:
            printed, headings = print_book(
                context, base, book_html(title, author, online, parts, pages)
            )
    finally:
        server.shutdown()
        server.server_close()
    finish(printed, headings, title, author, out)
    out.with_suffix(".inputs").write_text(key)  # what tests/test_pdf.py compares
    shutil.copyfile(out, IN_SITE)
    count = len(pypdf.PdfReader(out).pages)
    print(
        f"{out.relative_to(ROOT)}: {count} pages, {out.stat().st_size / 1e6:.2f} MB, "
        f"{len(docnames)} book pages, {time.perf_counter() - start:.0f} s"
    )


if __name__ == "__main__":
    main()
