"""Re-execute notebooks in place, storing outputs and widget state (`make notebooks`).

Each notebook runs from its own folder, as a reader's kernel would. A cell that
raises stops the run unless it is tagged ``raises-exception``. Before running,
the notebook's first code cell is made the install cell for fresh kernels such as
Colab's, pointing at the repository set in ``_config.yml``.
"""

import sys
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
INSTALL_TAG = "install-nabla"
INSTALL = """\
# On Colab, or any kernel without the course library, install it first (quietly).
import importlib.util
import subprocess
import sys

REQUIREMENT = "nabla[notebooks] @ {requirement}"
if importlib.util.find_spec("nabla") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", REQUIREMENT], check=True)
if "google.colab" in sys.modules:  # Colab shows third-party widgets only when asked
    from google.colab import output

    output.enable_custom_widget_manager()"""


def install_source(config_path=ROOT / "_config.yml"):
    """The install cell's source for the repository named in _config.yml."""
    repository = yaml.safe_load(Path(config_path).read_text())["repository"]
    requirement = f"git+{repository['url']}@{repository.get('branch', 'main')}"
    return INSTALL.format(requirement=requirement)


def with_install_cell(nb, source):
    """Put (or refresh) the install cell right after the title cell."""
    cells = [c for c in nb.cells if INSTALL_TAG not in c.metadata.get("tags", [])]
    cell = nbformat.v4.new_code_cell(source, id="install-nabla")
    cell.metadata["tags"] = [INSTALL_TAG, "remove-cell"]
    nb.cells = [*cells[:1], cell, *cells[1:]]
    return nb


def run(path):
    nb = with_install_cell(nbformat.read(path, as_version=4), install_source())
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
        store_widget_state=True,
        record_timing=False,  # no timestamps in the stored notebooks
    )
    client.execute()
    nbformat.write(nb, path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"executing {name}", flush=True)
        run(name)
