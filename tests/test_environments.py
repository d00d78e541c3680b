"""Run anywhere: the Binder environment and the Colab install cell, rebuilt from scratch.

Both tests make fresh virtual environments with pip, as repo2docker and Colab do,
so they are slow (about a minute each).
"""

import importlib.util
import subprocess
import venv

import nbformat
import pytest

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "tools/run_notebooks.py")
run_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_notebooks)

NOTEBOOKS = sorted(ROOT.glob("chapters/*.ipynb")) + sorted(ROOT.glob("exercises/**/*.ipynb"))


def _install_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if run_notebooks.INSTALL_TAG in c.metadata.get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_notebook_installs_nabla_from_the_configured_repository(path):
    cells = _install_cells(path)
    assert len(cells) == 1, "run `make notebooks` to add the install cell"
    assert cells[0].source == run_notebooks.install_source(), "stale: run `make notebooks`"


def _fresh_venv(where):
    venv.EnvBuilder(with_pip=True).create(where)
    return where / "bin" / "python"


def _pip(python, *args, cwd=None):
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
        check=True,
        cwd=cwd,
    )


def _checkout(tmp_path):
    """The committed repository, as Binder or pip would fetch it."""
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    return clone


@pytest.mark.slow
def test_install_cell_in_a_fresh_kernel(tmp_path):
    """A Colab-like kernel: the scientific stack is there, nabla is not."""
    python = _fresh_venv(tmp_path / "env")
    stack = [r for r in (ROOT / "requirements.txt").read_text().splitlines() if "==" in r]
    _pip(python, *stack)
    clone = _checkout(tmp_path)
    source = run_notebooks.INSTALL.format(requirement=f"git+file://localhost{clone}@main")
    probe = "import nabla, nabla.figures.explorer; from myst_nb import glue; print(nabla.__file__)"
    missing = subprocess.run([python, "-c", "import nabla"], capture_output=True, check=False)
    assert missing.returncode != 0, "the fresh kernel must start without nabla"
    first = subprocess.run([python, "-c", source], capture_output=True, text=True, check=True)
    assert first.stdout == ""  # quiet
    installed = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    assert str(tmp_path / "env") in installed.stdout
    again = subprocess.run([python, "-c", source + "\nprint(REQUIREMENT)"], capture_output=True)
    assert again.returncode == 0  # the second run finds nabla and installs nothing


@pytest.mark.slow
def test_binder_environment_runs_every_notebook(tmp_path):
    """repo2docker: `pip install -r requirements.txt` in the repository root, then run."""
    clone = _checkout(tmp_path)
    python = _fresh_venv(tmp_path / "env")
    _pip(python, "-r", "requirements.txt", cwd=clone)
    subprocess.run([python, "-m", "pip", "check"], check=True)
    paths = [str(clone / p.relative_to(ROOT)) for p in NOTEBOOKS if "master" not in p.parts]
    runner = clone / "tools" / "run_notebooks.py"  # nbclient, each notebook from its folder
    done = subprocess.run([python, runner, *paths], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("executing ") == len(paths)
