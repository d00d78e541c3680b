"""Re-execute notebooks in place, storing outputs and widget state (`make notebooks`).

The widget state goes under ``nabla.figures.explorer.STORED_STATE``, not Jupyter's ``widgets``
key: nbviewer (nbconvert) then shows each explorer's first-frame image.

Each notebook runs from its own folder, as a reader's kernel would. A cell that
raises stops the run unless it is tagged ``raises-exception``. Before running,
the notebook's first code cell is made the install cell for fresh kernels such as
Colab's, pointing at the repository set in ``_config.yml``. Each Markdown cell's
``{eval}`` expressions are evaluated in the kernel after the last cell, as
jupyterlab-myst evaluates them, and their results stored in its ``user_expressions`` metadata
(which JupyterLab shows before anything runs, and the book prints).
"""

import sys
from pathlib import Path

import nbformat
import yaml
from nabla.figures.explorer import STORED_STATE
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from stored_eval import expressions  # noqa: E402

STATE = "application/vnd.jupyter.widget-state+json"
INSTALL_TAG = "install-nabla"
INSTALL = """\
# @title Install the course library (Colab, fresh kernels) {{ display-mode: "form" }}
# On Colab, or any kernel without the course library, install it first.
import importlib.util
import os
import re
import subprocess
import sys

REPOSITORY = "{url}"
REQUIREMENT = f"nabla[notebooks] @ git+{{REPOSITORY}}@{branch}"


class InstallFailed(Exception):
    def _render_traceback_(self):  # Jupyter shows this message alone, without a traceback
        return [str(self)]


def nabla_is_installed():
    # A folder named nabla beside the notebook (a clone of the course) is found as an
    # empty namespace package, which has no origin; the library has nabla/__init__.py.
    spec = importlib.util.find_spec("nabla")
    return spec is not None and spec.origin is not None


if not nabla_is_installed():
    print(f"Installing the course library from {{REPOSITORY}} (about a minute)...", flush=True)
    pip = subprocess.Popen(
        # No colour: a kernel sets FORCE_COLOR, and pip's coloured "ERROR:" hid its reason.
        [sys.executable, "-m", "pip", "install", "--no-color", "--progress-bar=off", REQUIREMENT],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={{**os.environ, "GIT_TERMINAL_PROMPT": "0"}},  # never wait for a password
    )
    said = []
    for line in pip.stdout:
        said.append(line.strip())
        if line.startswith(("Collecting", "Successfully installed")):
            print("  " + line.strip()[:100], flush=True)
    if pip.wait() != 0:
        # A build's own error (the exception its build raised last) before pip's summary
        raised = [s for s in said if re.match(r"[A-Za-z_.]*(Error|Exception): ", s)]
        reasons = raised[-1:] or [s for s in said if s.startswith(("fatal:", "ERROR:", "error:"))]
        reason = (reasons or ["(pip gave no reason)"])[0]
        raise InstallFailed(
            f"Could not install the course library from {{REPOSITORY}}.\\n"
            f"  pip: {{reason[:300]}}\\n"
            "If you forked the course, set repository.url in _config.yml and run "
            "`make notebooks`;\\nor clone the course, run `pip install -e '.[notebooks]'` in it, "
            "and restart the kernel."
        )
    importlib.invalidate_caches()
    for name in [m for m in sys.modules if m == "nabla" or m.startswith("nabla.")]:
        del sys.modules[name]  # a namespace package found before the install
if "google.colab" in sys.modules:  # Colab shows third-party widgets only when asked
    from google.colab import output

    output.enable_custom_widget_manager()"""


def install_source(config_path=ROOT / "_config.yml"):
    """The install cell's source for the repository named in _config.yml."""
    repository = yaml.safe_load(Path(config_path).read_text())["repository"]
    return INSTALL.format(url=repository["url"], branch=repository.get("branch", "main"))


def with_install_cell(nb, source):
    """Put (or refresh) the install cell right after the title cell (below the numbering
    cell of tools/lab_numbering.py, if there is one)."""
    cells = [c for c in nb.cells if INSTALL_TAG not in c.metadata.get("tags", [])]
    cell = nbformat.v4.new_code_cell(source, id="install-nabla")
    cell.metadata["tags"] = [INSTALL_TAG, "remove-cell"]
    cell.metadata["jupyter"] = {"source_hidden": True}  # JupyterLab shows it folded
    title = 2 if cells and cells[0].get("id") == "numbering" else 1
    nb.cells = [*cells[:title], cell, *cells[title:]]
    return nb


class Client(NotebookClient):
    """nbclient that evaluates each Markdown cell's ``{eval}`` expressions when it reaches the
    cell, in order, as Run All in JupyterLab does: a number quoted above the cell that
    computes it fails the run (``glue.<name> is computed further down``)."""

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        if cell.cell_type == "markdown":
            await self.evaluate_prose(cell)
            return cell
        return await super().async_execute_cell(cell, cell_index, *args, **kwargs)

    async def evaluate_prose(self, cell):
        cell.metadata.pop("user_expressions", None)
        asked = list(dict.fromkeys(expressions(cell.source)))
        if not asked:
            return
        named = {str(k): e for k, e in enumerate(asked)}
        msg_id = self.kc.execute("", store_history=False, user_expressions=named)
        reply = (await self.async_wait_for_reply(msg_id, cell))["content"]["user_expressions"]
        failed = [(e, reply[k]) for k, e in named.items() if reply[k]["status"] != "ok"]
        if failed:
            (expression, result), *_ = failed
            raise RuntimeError(
                f"{{eval}}`{expression}` raised {result.get('ename')}: {result.get('evalue')}"
            )
        cell.metadata["user_expressions"] = [
            {"expression": e, "result": reply[k]} for k, e in named.items()
        ]


def run(path):
    nb = with_install_cell(nbformat.read(path, as_version=4), install_source())
    client = Client(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
        store_widget_state=True,
        record_timing=False,  # no timestamps in the stored notebooks
    )
    client.execute()
    # A print can reach Jupyter in two messages, and the book draws each stream output as a
    # box (chapter 4 had one holding a lone newline): one output per run of one stream.
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    state = nb.metadata.pop("widgets", {}).get(STATE)
    if state:
        nb.metadata[STORED_STATE] = state
    nbformat.write(nb, path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"executing {name}", flush=True)
        run(name)
