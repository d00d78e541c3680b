"""Re-execute notebooks in place, storing outputs and widget state (`make notebooks`).

Each notebook runs from its own folder, as a reader's kernel would. A cell that
raises stops the run unless it is tagged ``raises-exception``.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def run(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
        store_widget_state=True,
    )
    client.execute()
    nbformat.write(nb, path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"executing {name}", flush=True)
        run(name)
