"""The interactive figures of the static book, drawn by the course's own script.

An explorer (``nabla.figures.explorer.Explorer``) keeps its frames in the notebook's stored
widget state (under ``STORED_STATE``, read here from the notebook). A default Jupyter Book
page shows it through require.js and the ipywidgets HTML manager (3.6 MB), after the whole
page has loaded. Here the build writes each
explorer's state (spec, frames, first index) as compact JSON right after its widget-view
tag, then a one-line call that mounts it there while the page is parsed: the figure is
drawn before anything below it is laid out, so nothing moves when it appears, and it
answers input as soon as it is on screen. The drawing code is explorer.js, the ES module
anywidget runs in JupyterLab, served once for the whole site as the classic script
``_static/nabla-explorer.js`` (a page opened from file:// cannot load a module) together
with explorer-loader.js, which stands in for anywidget's model. A widget that is not an
explorer has no view without a kernel: it is a build warning, an error under ``-W``.
"""

import hashlib
import json
import re
from pathlib import Path

from nabla.figures.explorer import STATIC, STORED_STATE
from sphinx.errors import ExtensionError
from sphinx.util import logging
from versioned import versioned

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
SCRIPT = "_static/nabla-explorer.js"
VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>')
EXPLORER = "nabla.figures.explorer.Explorer"


def classic_script(module, loader):
    """An ES module (explorer.js) and the loader as one classic script: the module's only
    export, ``export default {...}``, becomes the constant ``explorer`` the loader calls."""
    statements = re.findall(r"^[ \t]*(?:import|export)\b.*$", module, re.M)
    if len(statements) != 1 or not statements[0].startswith("export default "):
        raise ExtensionError(
            "explorer.js must stay a self-contained module whose only import or export is "
            f"`export default {{ render }}` (static_explorers.py wraps it); found {statements}"
        )
    module = module.replace("export default ", "const explorer = ", 1)
    return f'(() => {{\n"use strict";\n{module}\n{loader}}})();\n'


def _write_script(app):
    if app.builder.format != "html":
        return
    text = classic_script(
        (STATIC / "explorer.js").read_text(), (HERE / "explorer-loader.js").read_text()
    )
    path = Path(app.outdir) / SCRIPT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    app.builder.nabla_explorer_url = f"{SCRIPT}?v={hashlib.sha256(text.encode()).hexdigest()[:8]}"


def _explorers(state, pagename):
    """{model id: the state an explorer's render reads} from a page's widget state."""
    explorers = {}
    for model_id, model in state["state"].items():
        if model["state"].get("_anywidget_id") == EXPLORER:
            explorers[model_id] = {k: model["state"][k] for k in ("spec", "frames", "index")}
        elif model["model_name"] != "LayoutModel":
            logger.warning(
                f"widget {model_id} ({model['model_name']}) has no view without a kernel: "
                "the static book shows Explorer figures only",
                location=pagename,
            )
    return explorers


def _mount_explorers(app, pagename, templatename, context, doctree):
    if not VIEW.search(context.get("body", "")):
        return
    source = Path(app.env.doc2path(pagename))  # the stored notebook keeps the state
    state = json.loads(source.read_text("utf-8"))["metadata"].get(STORED_STATE)
    if state is None:
        raise ExtensionError(f"{source}: widget views but no {STORED_STATE}: `make notebooks`")
    explorers = _explorers(state, pagename)
    src = context["pathto"](app.builder.nabla_explorer_url, 1)
    first = True

    def mount(view):
        nonlocal first
        model_id = json.loads(view[1])["model_id"]
        if model_id not in explorers:
            logger.warning(f"no stored state for widget view {model_id}", location=pagename)
            return view[0]
        data = json.dumps(explorers[model_id], separators=(",", ":"), ensure_ascii=False)
        data = data.replace("<", "\\u003c")  # no "</script>" or "<!--" inside the script
        script = ""
        if first:  # the figures' CSS after the theme's, as anywidget adds it, and the script
            css = re.sub(r"\s*\n\s*", "\n", (STATIC / "explorer.css").read_text())
            script = f'<style>{css}</style><script src="{src}"></script>'
            first = False
        return (
            f'{view[0]}{script}<script type="application/json">{data}</script>'
            "<script>nablaExplorer.mount(document.currentScript)</script>"
        )

    context["body"] = VIEW.sub(mount, context["body"])
    context["metatags"] = (
        context.get("metatags", "") + f'<link rel="preload" as="script" href="{src}">'
    )


def setup(app):
    app.config.nb_ipywidgets_js = {}  # no widget manager: the explorers mount themselves
    app.connect("builder-inited", _write_script)
    app.connect("html-page-context", _mount_explorers, priority=600)
    # A change to this file or to the scripts rewrites every page (Sphinx rereads all).
    sources = [
        Path(__file__),
        STATIC / "explorer.js",
        STATIC / "explorer.css",
        HERE / "explorer-loader.js",
    ]
    return versioned(*(p.read_bytes() for p in sources))
