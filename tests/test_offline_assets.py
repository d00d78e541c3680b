"""_ext/offline_assets.py with builders other than HTML."""

import importlib.util
import types

from .conftest import ROOT


def test_offline_assets_leaves_a_builder_without_scripts_alone():
    """`jupyter-book build --builder pdflatex` crashed in ``_drop_thebe``: the LaTeX builder
    has no ``_js_files``. It must pass untouched, and HTML builders still lose Thebe."""
    spec = importlib.util.spec_from_file_location("offline", ROOT / "_ext" / "offline_assets.py")
    offline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(offline)
    thebe, kept = ("sphinx-thebe.js", {}), ("other.js", {"body": "let x = 1;"})
    latex = types.SimpleNamespace(
        registry=types.SimpleNamespace(js_files=[thebe, kept]), builder=types.SimpleNamespace()
    )
    offline._drop_thebe(latex, None, [])
    assert latex.registry.js_files == [kept]
    assert vars(latex.builder) == {}
    script = types.SimpleNamespace
    html = types.SimpleNamespace(
        registry=types.SimpleNamespace(js_files=[]),
        builder=types.SimpleNamespace(
            _js_files=[
                script(filename=None, attributes={"body": "const THEBE_JS_URL = 1;"}),
                script(filename="kept.js", attributes={}),
            ]
        ),
    )
    offline._drop_thebe(html, None, [])
    assert [js.filename for js in html.builder._js_files] == ["kept.js"]
