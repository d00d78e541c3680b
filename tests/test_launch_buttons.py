"""Every notebook page offers Binder, Colab, JupyterHub (once a hub is configured) and a
download of its .ipynb, all pointing at the repository named once in _config.yml."""

import html
import importlib.util
import re
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import yaml

from .conftest import ROOT, SITE

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
NOTEBOOK_PAGES = sorted(
    p.relative_to(ROOT).with_suffix("")
    for p in [*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]
)


_spec = importlib.util.spec_from_file_location("launch_buttons", ROOT / "_ext/launch_buttons.py")
LAUNCH = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(LAUNCH)


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("", False),
        ("https://hub.example.org", False),
        ("https://jupyter.example.edu/", False),
        ("https://hub.university.edu", True),
        ("https://myexample.org", True),
    ],
)
def test_a_placeholder_hub_address_is_dropped_before_the_build(url, kept):
    config = SimpleNamespace(html_theme_options={"launch_buttons": {"jupyterhub_url": url}})
    LAUNCH._drop_placeholder_hub(None, config)
    assert config.html_theme_options["launch_buttons"]["jupyterhub_url"] == (url if kept else "")


def _links(page):
    text = (SITE / page.with_suffix(".html")).read_text()
    return {html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)}


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=str)
def test_launch_buttons_point_at_the_configured_repository(page):
    if not (SITE / "index.html").exists():
        pytest.skip("the book is not built: run `make book`")
    repo, branch = CONFIG["repository"]["url"], CONFIG["repository"]["branch"]
    launch = CONFIG["launch_buttons"]
    owner_name = repo.removeprefix("https://github.com/")
    notebook = f"{page}.ipynb"
    expected = {
        "binder": f"{launch['binderhub_url']}/v2/gh/{owner_name}/{branch}"
        f"?urlpath=lab/tree/{notebook}",
        "colab": f"{launch['colab_url']}/github/{owner_name}/blob/{branch}/colab/{notebook}",
        "jupyterhub": f"{launch['jupyterhub_url']}/hub/user-redirect/git-pull"
        f"?repo={quote(repo, safe='/')}&urlpath=lab/tree/{owner_name.split('/')[1]}/{notebook}"
        f"&branch={branch}",
    }
    links = _links(page)
    if LAUNCH.is_placeholder(launch["jupyterhub_url"]):
        del expected["jupyterhub"]
        assert not any("git-pull" in h for h in links), "a JupyterHub button to a placeholder"
    for name, url in expected.items():
        assert url in links, f"no {name} button with {url}"
    assert launch["notebook_interface"] == "jupyterlab"
    download = next(h for h in links if h.endswith(f"_sources/{notebook}"))
    assert (SITE / page.parent / download).resolve().is_file()
    assert (ROOT / "colab" / notebook).is_file(), "the Colab button's edition is missing"
