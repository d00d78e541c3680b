"""Serve MathJax, require.js and the widget manager from the book itself.

A default Jupyter Book page loads MathJax, require.js, the ipywidgets HTML
manager and anywidget from public CDNs: with no network the maths stays raw
TeX and the widgets never mount. This extension downloads pinned npm tarballs
once (checked against the registry's sha512), copies only the files the pages
load into ``_static/offline`` of the built site, and points Sphinx at them.
The anywidget front end comes from the installed Python package, so it always
matches the kernel side.
"""

import base64
import hashlib
import io
import shutil
import tarfile
import urllib.request
from pathlib import Path

import anywidget

REGISTRY = "https://registry.npmjs.org"
# name: (version, sha512 integrity from the registry, {path in tarball: path under offline/})
PACKAGES = {
    "requirejs": (
        "2.3.8",
        "7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        {"require.js": "require.js"},
    ),
    "@jupyter-widgets/html-manager": (
        "1.0.15",
        "5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        {"dist/embed-amd.js": "html-manager/embed-amd.js", "dist/*.woff2": "html-manager/"},
    ),
    "mathjax": (
        "3.2.2",
        "Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        {
            "es5/tex-chtml.js": "mathjax/tex-chtml.js",
            "es5/output/chtml/fonts/woff-v2/*.woff": "mathjax/output/chtml/fonts/woff-v2/",
        },
    ),
}
HERE = Path(__file__).parent
CACHE = HERE.parent / "_build" / ".npm-cache"


def _tarball(name, version, integrity):
    """The package tarball, from the cache or the registry, verified."""
    path = CACHE / f"{name.replace('/', '__')}-{version}.tgz"
    if not path.exists():
        url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    data = path.read_bytes()
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        path.unlink()
        raise RuntimeError(f"{name}@{version}: sha512 mismatch, download removed; retry")
    return tarfile.open(fileobj=io.BytesIO(data))


def _extract(vendor):
    for name, (version, integrity, files) in PACKAGES.items():
        with _tarball(name, version, integrity) as tar:
            for member in tar.getmembers():
                inner = member.name.removeprefix("package/")
                for pattern, target in files.items():
                    if Path(inner).match(pattern) and inner.count("/") == pattern.count("/"):
                        dest = vendor / (
                            target + Path(inner).name if target.endswith("/") else target
                        )
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        dest.write_bytes(tar.extractfile(member).read())
    anywidget_js = Path(anywidget.__file__).parent / "nbextension" / "index.js"
    (vendor / "anywidget").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(anywidget_js, vendor / "anywidget" / "index.js")
    shutil.copyfile(HERE / "widgets-config.js", vendor / "widgets-config.js")


def _builder_inited(app):
    root = Path(app.outdir).parent / "vendor-site"
    vendor = root / "_static" / "offline"
    shutil.rmtree(root, ignore_errors=True)
    _extract(vendor)
    app.config.html_extra_path.append(str(root))


def _is_thebe(filename, body):
    return filename == "sphinx-thebe.js" or "THEBE_JS_URL" in (body or "")


def _drop_thebe(app, env, docnames):
    """Thebe is off in this book (see README); sphinx-thebe still adds scripts that
    point at unpkg and declare THEBE_JS_URL twice, a page error on every page."""
    app.registry.js_files = [
        (name, attrs)
        for name, attrs in app.registry.js_files
        if not _is_thebe(name, attrs.get("body"))
    ]
    if hasattr(app.builder, "_js_files"):  # HTML builders only: LaTeX has no scripts
        app.builder._js_files = [
            js
            for js in app.builder._js_files
            if not _is_thebe(js.filename, js.attributes.get("body"))
        ]


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("env-before-read-docs", _drop_thebe, priority=900)
    app.config.mathjax_path = "offline/mathjax/tex-chtml.js"
    app.config.nb_ipywidgets_js = {
        "offline/require.js": {},
        "offline/widgets-config.js": {},
        "offline/html-manager/embed-amd.js": {},
    }
    return {"parallel_read_safe": True, "parallel_write_safe": True}
