"""Run-wide hooks; they sit at the root so that they apply to the notebooks' nbval items too.

``make test`` runs on every core (pytest-xdist). A unit of work is one test, except:
a notebook's cells run in order in one kernel, so a notebook is one unit; the browser
tests of one page are one unit, so the page is loaded once (``opened``); a module that
builds something once for all its tests (``SHARED``) is one unit. The slowest units
are handed out first, so no core idles at the end.
"""

import os
import re

import pytest

IN_CI = bool(os.environ.get("CI"))
# One BLAS thread per process: the workers already fill every core, and OpenBLAS threads
# spinning against each other made a 1000-coordinate gradient test 4x slower (12 s vs 3 s).
# Set before any worker, kernel or grading child imports numpy; they inherit it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
# Module-scoped fixtures: grade the corpus once; run the sandbox attacks once; print the PDF once.
SHARED = ("tests/test_grading_batch.py", "tests/test_grading_sandbox.py", "tests/test_pdf.py")
# Units handed out first, slowest first (a part of a node id each): under CI the environment
# builds, the PDF and JupyterLab take minutes, and a slow unit started last is a core idling.
FIRST = (
    "test_binder_environment_runs_every_notebook",
    "tests/test_pdf.py",
    "test_install_cell_in_a_fresh_kernel",
    "tests/test_jupyterlab.py",
    "tests/test_grading_batch.py",
    ".ipynb",  # a kernel's work beside the corpus's children waiting on their time limits
    "tests/test_grading_sandbox.py",
    ".html]",  # a page's browser tests
)


def unit(nodeid):
    """The unit of work a test belongs to."""
    path, _, rest = nodeid.partition("::")
    if path.endswith(".ipynb") or path in SHARED:
        return path
    page = re.search(r"\[([^\]]*?\.html)", rest)
    return f"page {page[1]}" if page and "tests/test_" in path else nodeid


def pytest_collection_modifyitems(items):
    def order(item):
        return next((k for k, part in enumerate(FIRST) if part in item.nodeid), len(FIRST))

    items.sort(key=order)


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class Units(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return unit(nodeid)

    # In the order above: xdist would otherwise sort units by their number of tests.
    config.option.loadscopereorder = False
    return Units(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where nothing may skip: {report.longrepr}"
    return report
