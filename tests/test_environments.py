"""Run anywhere: the Colab install cell, in a fresh kernel (Binder's environment: test_jupyterlab).

The test makes a fresh virtual environment, as Colab gives, so it is slow.
CI runs it in full every time. Locally, a test whose inputs (``INPUTS``, and what HEAD
commits of ``COMMITTED``) are unchanged since it last passed here is skipped with a one-line
note saying so.
"""

import importlib.util
import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import nbformat
import pytest

from .conftest import ROOT, unless_passed

# The fresh kernel installs nabla from a clone of HEAD and takes the stack pinned here: its
# inputs are what HEAD commits of the library and its packaging (hatchling reads the readme,
# the licence and .gitignore too), this environment's pins, and the install cell it runs,
# this work tree's.
COMMITTED = ["lib", "pyproject.toml", "runtime.txt", "tools/run_notebooks.py", "jupyter-config"]
COMMITTED += ["README.md", "LICENSE", ".gitignore"]
INPUTS = ["requirements.txt", "requirements-dev.txt", "tests/conftest.py", __file__]
INPUTS += ["tools/run_notebooks.py"]

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
    # Right under the title (and the numbering cell above it, if any): the first thing a
    # student runs, before any text that uses nabla.
    nb = nbformat.read(path, as_version=4)
    above = [c for c in nb.cells[: nb.cells.index(cells[0])] if c.get("id") != "numbering"]
    titles = [re.sub(r"^\(.*\)=\n", "", c.source).startswith("# ") for c in above]
    assert titles == [True], "the install cell is not right under the title"


def _fresh_venv(where):
    venv.EnvBuilder(with_pip=True).create(where)
    return where / "bin" / "python"


def _checkout(tmp_path):
    """The committed repository, as Binder or pip would fetch it: HEAD, on a branch named
    ``main`` as the install cell asks (a work tree may be on another branch)."""
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # The install cell asks for @main: the clone's main is the commit checked out here (a
    # worktree on another branch has no local main in its clone).
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "-B", "main"], check=True)
    return clone


@pytest.fixture
def rebuilt(request):
    """Skip the test if it passed here with these very inputs; else run it, and the test
    calls ``rebuilt()`` as its last line to remember the pass."""
    tree = subprocess.run(
        ["git", "-C", ROOT, "ls-tree", "-r", "HEAD", "--", *COMMITTED],
        capture_output=True,
        text=True,
        check=True,
    )
    return unless_passed(request.node.name, INPUTS, extra=tree.stdout)


@pytest.mark.slow
def test_install_cell_in_a_fresh_kernel(tmp_path, rebuilt):
    """A Colab-like kernel: the scientific stack is there, nabla is not.

    The stack is the pinned one already installed in this environment, put on the fresh
    kernel's path by a ``.pth`` line; nabla's own (editable) hook in that folder is a ``.pth``
    file too, and those are read only in the kernel's own site-packages, so nabla is absent.
    """
    python = _fresh_venv(tmp_path / "env")
    fresh = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    (Path(fresh.stdout.strip()) / "stack.pth").write_text(sysconfig.get_path("purelib") + "\n")
    clone = _checkout(tmp_path)
    source = run_notebooks.INSTALL.format(url=f"file://localhost{clone}", branch="main")
    # The kernel starts beside a clone of the course named nabla: an empty namespace package.
    (tmp_path / "work" / "nabla").mkdir(parents=True)
    probe = source + "\nimport nabla.examples, nabla.figures.explorer\nprint(nabla.__file__)"
    missing = subprocess.run([python, "-c", "import nabla.examples"], cwd=tmp_path / "work")
    assert missing.returncode != 0, "the fresh kernel must start without nabla"
    first = subprocess.run(
        [python, "-c", probe], cwd=tmp_path / "work", capture_output=True, text=True
    )
    assert first.returncode == 0, first.stdout + first.stderr  # pip's or Python's reason
    assert first.stdout.startswith("Installing the course library from file://")
    assert "Successfully installed" in first.stdout  # progress, one line a package
    assert str(tmp_path / "env") in first.stdout.splitlines()[-1]  # the installed library
    again = subprocess.run([python, "-c", source], capture_output=True, text=True, check=True)
    assert again.stdout == ""  # the second run finds nabla and installs nothing
    rebuilt()


def _install_cell_says(source):
    """What the install cell shows, run as Jupyter or Colab (IPython) runs it, with nabla
    taken to be absent, in a kernel's environment (FORCE_COLOR: ipykernel sets it)."""
    absent = (
        "import importlib.util as u\n_find = u.find_spec\n"
        "u.find_spec = lambda name, *a: None if name == 'nabla' else _find(name, *a)\n"
    )
    done = subprocess.run(
        [Path(sys.executable).parent / "ipython", "--no-banner", "-c", absent + source],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "FORCE_COLOR": "1"},
    )
    shown = done.stdout + done.stderr
    assert "Traceback" not in shown
    assert "CalledProcessError" not in shown
    assert len(shown.strip().splitlines()) <= 6, shown
    return shown


def test_an_unreachable_repository_stops_the_install_cell_in_one_short_message(tmp_path):
    missing = f"file://localhost{tmp_path}/no-such-repository"
    shown = _install_cell_says(run_notebooks.INSTALL.format(url=missing, branch="main"))
    assert "Could not install the course library from file://" in shown
    assert "set repository.url in _config.yml" in shown
    assert f"pip: fatal: '{tmp_path}/no-such-repository' does not appear to be a git" in shown


def test_pips_own_reason_is_shown_without_colour():
    """The cold reviewer's case: pip rejects the requirement itself ("ERROR: ...")."""
    shown = _install_cell_says(run_notebooks.INSTALL.format(url="file:///no such", branch="main"))
    assert "pip: ERROR: Invalid requirement: 'nabla[notebooks] @ git+file:///no such@main'" in shown
    assert "\x1b[" not in shown


def test_a_failed_build_shows_its_own_error(tmp_path):
    """A repository whose package fails to build: the build's exception is the reason shown,
    not pip's "subprocess-exited-with-error" (an in-tree backend, so nothing is downloaded)."""
    repo = tmp_path / "course"
    repo.mkdir()
    (repo / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n'
    )
    (repo / "backend.py").write_text(
        "def get_requires_for_build_wheel(config_settings=None):\n"
        "    raise OSError('Readme file does not exist: README.md')\n"
    )
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "broken"]):
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", repo, *command]
        subprocess.run(git, check=True)
    shown = _install_cell_says(
        run_notebooks.INSTALL.format(url=f"file://localhost{repo}", branch="main")
    )
    assert "pip: OSError: Readme file does not exist: README.md" in shown
