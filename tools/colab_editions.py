"""Write the Colab edition of every chapter and exercise notebook (`make notebooks`).

Colab renders plain CommonMark and LaTeX, no MyST. Each edition is the notebook with
its outputs, its Markdown rewritten: ``(label)=`` targets dropped; equations numbered
as the book numbers them (``\\tag``) and ``{eq}`` references as ``(n)``; TeX commands
such as ``\\,`` and ``\\\\`` spelt with letters (``\\thinspace``, ``\\cr``), which no Markdown
renderer takes for escapes; ``{ref}``,
``{doc}`` and ``{prf:ref}``, and links to the book's pages and labels, as the text the
book shows; ``{eval}`` values from the stored results; exercises, theorems, proofs and
admonitions as blockquotes under a bold heading; solutions folded in ``<details>``. The
outputs lose the stored widget state and views, which Colab never reads (its widgets need
the running kernel): until a cell runs, an explorer is its first frame's image, as on
GitHub. ``colab/`` mirrors the folders::

    .venv/bin/python tools/colab_editions.py        # writes colab/chapters, colab/exercises
"""

import copy
import re
import sys
from pathlib import Path

import nbformat
from nabla.figures.explorer import STORED_STATE

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from stored_eval import shown  # noqa: E402

SOURCES = [*sorted(ROOT.glob("chapters/*.ipynb")), *sorted(ROOT.glob("exercises/*.ipynb"))]
OUT = ROOT / "colab"
FENCE = re.compile(r"^(`{3,}|:{3,})\{([\w:-]+)\}[ \t]*(.*)$")
OPTION = re.compile(r"^:(\w+):[ \t]*(.*)$")
TARGET = re.compile(r"^\(([\w-]+)\)=[ \t]*\n", re.M)
EQUATION = re.compile(r"\$\$(.+?)\$\$[ \t]*\(([\w-]+)\)", re.S)
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
# A link to another page of the book or to a label (tools/refs_to_links.py): its text.
BOOK_LINK = re.compile(r"\[([^\]\n]*)\]\((?:#[\w-]+|[\w./-]+\.(?:ipynb|md))\)")
NUMBERED = {"exercise": "Exercise", "prf:theorem": "Theorem"}
MATHS = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
# TeX's backslash-punctuation commands, which a Markdown renderer that reads the maths as
# text takes for escapes (\, becomes a comma, \\ a backslash), as letters: the same maths
# in MathJax and KaTeX whichever runs first.
PORTABLE = {
    "\\\\": "\\cr ",
    "\\,": "\\thinspace ",
    "\\:": "\\mkern4mu ",
    "\\;": "\\mkern5mu ",
    "\\!": "\\negthinspace ",
    "\\|": "\\Vert ",
    "\\{": "\\lbrace ",
    "\\}": "\\rbrace ",
}
ESCAPE = re.compile("|".join(re.escape(k) for k in PORTABLE))
# Nor may the maths hold what CommonMark reads as a list or as emphasis: display maths goes
# on one line (a line starting with "+" is a list item), * is spelt \ast (it is only ever
# a superscript here), and _ gets a space either side (a delimiter with spaces on both
# sides can neither open nor close emphasis; TeX ignores them). No space just inside the
# dollars: some renderers then read a dollar as text.


def portable(span):
    """A maths span that a Markdown renderer reading it as text leaves as it is, drawn alike."""
    fence = "$$" if span.startswith("$$") else "$"
    tex = ESCAPE.sub(lambda e: PORTABLE[e[0]], span[len(fence) : -len(fence)])
    tex = re.sub(r"\s*_\s*", " _ ", re.sub(r"\s*\n\s*", " ", tex)).replace("*", "{\\ast}")
    return f"{fence}{tex.strip()}{fence}"


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NUMBERING = "numbering"  # the id of a chapter's first cell, for JupyterLab (lab_numbering.py)


class Book:
    """What references resolve to: numbers and titles, counted over the book in order."""

    def __init__(self, notebooks):
        self.equations, self.labels, count = {}, {}, {"exercise": 0, "prf:theorem": 0}
        for nb in notebooks:
            for cell in nb.cells:
                if cell.cell_type != "markdown":
                    continue
                for match in TARGET.finditer(cell.source):
                    heading = cell.source[match.end() :].split("\n", 1)[0]
                    self.labels[match[1]] = heading.lstrip("# ").strip()
                for _, label in EQUATION.findall(cell.source):
                    self.equations[label] = len(self.equations) + 1
                lines = cell.source.splitlines()
                for k, line in enumerate(lines):
                    fence = FENCE.match(line)
                    if fence and fence[2] in count:
                        count[fence[2]] += 1
                        label = _options(lines[k + 1 :])[0].get("label")
                        if label:
                            self.labels[label] = f"{NUMBERED[fence[2]]} {count[fence[2]]}"
        self.count = count
        for page in sorted(ROOT.glob("chapters/*.md")):  # targets on the book's other pages
            text = page.read_text()
            for match in TARGET.finditer(text):
                self.labels.setdefault(match[1], text[match.end() :].split("\n", 1)[0].lstrip("# "))


def _options(lines):
    """({option: value}, number of option lines) at the top of a directive's body."""
    options, k = {}, 0
    while k < len(lines) and (option := OPTION.match(lines[k])):
        options[option[1]] = option[2]
        k += 1
    return options, k


def _quote(text):
    return "\n".join(("> " + line).rstrip() for line in text.strip("\n").split("\n"))


def directives(text, numbers):
    """The text with every MyST directive block rewritten as CommonMark."""
    lines, out, k = text.split("\n"), [], 0
    while k < len(lines):
        fence = FENCE.match(lines[k])
        if not fence:
            out.append(lines[k])
            k += 1
            continue
        marker, name, title = fence.groups()
        end = next(
            (j for j in range(k + 1, len(lines)) if lines[j].strip() == marker),
            len(lines),
        )
        skip = _options(lines[k + 1 : end])[1]
        body = directives("\n".join(lines[k + 1 + skip : end]).strip("\n"), numbers)
        if name in ("solution", "dropdown"):
            summary = "Solution" if name == "solution" else title
            out += [f"<details><summary>{summary}</summary>", "", body, "", "</details>"]
        elif name == "prf:proof":
            out += [_quote(f"*Proof.* {body} $\\blacksquare$")]
        else:
            heading = NUMBERED.get(name, name.split(":")[-1].capitalize())
            if name in NUMBERED:
                numbers[name] = numbers.get(name, 0) + 1
                heading += f" {numbers[name]}"
            heading += (
                f" ({title})" if title and name in NUMBERED else f": {title}" if title else ""
            )
            out += [_quote(f"**{heading}**\n\n{body}")]
        k = end + 1
    return "\n".join(out)


def markdown(cell, book, numbers):
    """A Markdown cell's source as CommonMark plus LaTeX."""
    values = {
        item["expression"]: shown(item["result"])
        for item in cell.metadata.get("user_expressions", [])
    }

    def role(match):
        name, text = match.groups()
        target = re.fullmatch(r"(.*?)\s*<([^>]+)>", text)
        if name == "eq":
            return f"({book.equations[text]})"
        if name == "eval":
            if values.get(text) is None:
                raise ValueError(f"{{eval}}`{text}` has no stored value: run the notebook")
            return values[text]
        if target:  # {ref}`text <label>`, {doc}`text <page>`
            return target[1]
        if name in ("ref", "prf:ref"):
            return book.labels[text]
        raise ValueError(f"no CommonMark form for the role {{{name}}}`{text}`")

    source = TARGET.sub("", cell.source)
    source = EQUATION.sub(lambda m: f"$${m[1].rstrip()} \\tag{{{book.equations[m[2]]}}}$$", source)
    source = ROLE.sub(role, directives(source, numbers))
    source = MATHS.sub(lambda m: portable(m[0]), source)
    return BOOK_LINK.sub(r"\1", source)


def editions(sources=SOURCES):
    """{path under colab/: notebook} for the given notebooks, in the book's order."""
    notebooks = [nbformat.read(p, as_version=4) for p in sources]
    book, numbers, out = Book(notebooks), {}, {}
    for path, nb in zip(sources, notebooks, strict=True):
        nb = copy.deepcopy(nb)
        nb.metadata.pop(STORED_STATE, None)  # stored widget state: Colab never reads it
        nb.cells = [cell for cell in nb.cells if cell.get("id") != NUMBERING]
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = markdown(cell, book, numbers)
                cell.metadata.pop("user_expressions", None)
            for output in cell.get("outputs", []):  # an explorer's first frame shows instead
                output.get("data", {}).pop(WIDGET_VIEW, None)
        out[str(path.relative_to(ROOT))] = nb
    return out


def write():
    for name, nb in editions().items():
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, OUT / name)
        print(f"wrote colab/{name}")


if __name__ == "__main__":
    write()
