"""Leave the JupyterHub launch button out while the hub address is empty or a placeholder,
and point the Colab button at the notebook's Colab edition (``colab/``, plain CommonMark:
Colab renders no MyST; ``tools/colab_editions.py`` writes it).

A fork sets ``launch_buttons.jupyterhub_url`` in ``_config.yml`` to its own hub; until then
the address is empty or a reserved example domain (RFC 2606), and a button pointing there
would only lead readers to an error page.
"""

from pathlib import Path
from urllib.parse import urlparse

from sphinx.util import logging
from versioned import versioned

PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example.edu")


def is_placeholder(url):
    """True for an empty address or one under a reserved example domain."""
    host = urlparse(url or "").hostname or ""
    return host == "" or any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)


def _drop_placeholder_hub(app, config):
    buttons = config.html_theme_options.get("launch_buttons", {})
    if buttons.get("jupyterhub_url") and is_placeholder(buttons["jupyterhub_url"]):
        logging.getLogger(__name__).info(
            "no JupyterHub button: %s is a placeholder", buttons["jupyterhub_url"]
        )
        buttons["jupyterhub_url"] = ""


def _colab_edition(app, pagename, templatename, context, doctree):
    # After sphinx-book-theme's launch buttons (priority 501): .../blob/<branch>/<path>
    # becomes .../blob/<branch>/colab/<path>.
    branch = app.config.html_theme_options.get("repository_branch") or "master"  # as the theme
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []):
            if button.get("text") == "Colab":
                head, path = button["url"].split(f"/blob/{branch}/", 1)
                button["url"] = f"{head}/blob/{branch}/colab/{path}"


def setup(app):
    app.connect("config-inited", _drop_placeholder_hub)
    app.connect("html-page-context", _colab_edition, priority=502)
    return versioned(Path(__file__).read_bytes())
