"""npm packages the build needs, fetched once and checked; no request leaves the book.

The built site loads nothing from a CDN: its maths is typeset while the book is built
(static_maths.py, with MathJax from npm) and its interactive figures are drawn by the
course's own script (static_explorers.py). This module downloads a pinned npm tarball
once, checks it against the registry's sha512 and keeps it in ``_build/.npm-cache``.
"""

import base64
import hashlib
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
# name: (version, sha512 integrity from the registry)
PACKAGES = {
    "mathjax": (
        "3.2.2",
        "Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
    ),
}
CACHE = Path(__file__).parent.parent / "_build" / ".npm-cache"


def npm_tarball(name):
    """The bytes of package ``name``'s pinned tarball, from the cache or the registry, verified."""
    version, integrity = PACKAGES[name]
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
    return data


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
    app.connect("env-before-read-docs", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
