"""Hostile submissions against the sandboxed grader, graded in one run with two victims.

Each attack ends its cell by assigning what it found to ``grad_at_point`` (question q1),
so an attack that reached the answer key, another submission or the grader would earn
the point; every other answer is wrong. The victims are the master notebook.
"""

import json
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from nabla.grading import sandbox
from nabla.grading.batch import Limits, grade_submissions

from .test_grading_batch import code, load, wrong_gradient

pytestmark = pytest.mark.unchanged(
    "exercises/**/*.ipynb", "tests/test_grading_batch.py", "tests/test_grading_sandbox.py"
)

LIMITS = Limits(timeout=10, cell_timeout=3, call_timeout=0.5, memory_mb=1024)
MARK = "nabla-sandbox-test-marker"
if not sandbox.available():
    pytest.fail(sandbox.install_hint(), pytrace=False)

ATTACKS = {
    "answer_key": """import nabla.grading.assignments as key
grad_at_point = key.ASSIGNMENTS["gradient"].question("q1").reference()""",
    "masters_on_disk": """from pathlib import Path
import nabla
root = Path(nabla.__file__).resolve().parents[2]
found = list(root.glob("exercises/master/*.ipynb")) + list(Path("/").rglob("02-gradient.ipynb"))
grad_at_point = [2.5, 6.75] if found else [0.0, 0.0]""",
    "grader_argv": """from pathlib import Path
seen = " ".join(p.read_text(errors="replace") for p in Path("/proc").glob("*/cmdline"))
grad_at_point = [2.5, 6.75] if "grade" in seen or "pytest" in seen else [0.0, 0.0]""",
    "victims_on_disk": """from pathlib import Path
hits = []
for p in Path("/").rglob("victim*.ipynb"):
    p.write_text("{}")
    hits.append(p)
grad_at_point = [2.5, 6.75] if hits else [0.0, 0.0]""",
    "outlives_itself": f"""import subprocess
subprocess.Popen(["sh", "-c", "sleep 30 # {MARK}"], start_new_session=True)
grad_at_point = [0.0, 0.0]""",
    "kills_its_parent": """import os, signal
os.kill(os.getppid(), signal.SIGKILL)
grad_at_point = [0.0, 0.0]""",
    "memory_in_three_processes": """import subprocess, sys
hog = "import time; x = b'x' * (600 << 20); time.sleep(1)"
procs = [subprocess.Popen([sys.executable, "-c", hog]) for _ in range(3)]
codes = [p.wait() for p in procs]
grad_at_point = [2.5, 6.75] if codes == [0, 0, 0] else [0.0, 0.0]""",
    "many_processes": """import subprocess
procs = []
try:
    for _ in range(100):
        procs.append(subprocess.Popen(["sleep", "2"]))
    grad_at_point = [2.5, 6.75]
except OSError:
    grad_at_point = [0.0, 0.0]""",
    "remounts_read_only": """import ctypes, os, nabla, sys
libc = ctypes.CDLL(None, use_errno=True)
targets = [os.path.dirname(nabla.__file__), sys.prefix, "/usr"]
done = [libc.mount(None, t.encode(), None, 32 | 4096, None) == 0 for t in targets]
grad_at_point = [2.5, 6.75] if any(done) else [0.0, 0.0]""",
    "writes_a_sysctl": """path = "/proc/sys/kernel/printk_ratelimit_burst"  # the same value back
try:
    with open(path) as f:
        same = f.read()
    with open(path, "w") as f:
        f.write(same)
    grad_at_point = [2.5, 6.75]
except OSError:
    grad_at_point = [0.0, 0.0]""",
    "grader_environment": """import os
grader = [k for k in os.environ if k.startswith(("PYTEST", "VIRTUAL_ENV", "XDG"))]
grad_at_point = [2.5, 6.75] if grader else [0.0, 0.0]""",
    "network": """import socket
try:
    socket.create_connection(("127.0.0.1", 22), timeout=1)
    grad_at_point = [2.5, 6.75]
except OSError:
    grad_at_point = [0.0, 0.0]""",
    "writes_host_tmp": f"""from pathlib import Path
Path("/tmp/{MARK}").write_text("escaped")
grad_at_point = [0.0, 0.0]""",
}


def _marker_processes():
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if MARK.encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            pass
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    for name in ("victim_a", "victim_b"):
        (root / f"{name}.ipynb").write_text(json.dumps(load("02-gradient")), "utf-8")
    for name, attack in ATTACKS.items():
        nb = wrong_gradient()
        nb["cells"].append(code(attack))
        (root / f"{name}.ipynb").write_text(json.dumps(nb), "utf-8")
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    rows = {r.submission: r for r in grade_submissions(root, jobs=2, limits=LIMITS)}
    time.sleep(0.2)
    return root, before, rows


def test_one_row_per_submission_and_the_victims_keep_full_marks(graded):
    root, before, rows = graded
    assert sorted(rows) == sorted(before)
    for name in ("victim_a.ipynb", "victim_b.ipynb"):
        assert (rows[name].status, rows[name].earned) == ("ok", 5), rows[name].notes
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_earns_nothing(graded, attack):
    _, _, rows = graded
    row = rows[f"{attack}.ipynb"]
    assert row.earned == 0, (row.status, row.notes, [v.message for v in row.verdicts])


def test_nothing_outlives_its_submission_or_escapes_to_the_host(graded):
    assert _marker_processes() == []
    assert not Path(f"/tmp/{MARK}").exists()


def test_a_submission_gets_its_own_share_of_the_processor():
    """Many busy processes of one notebook share one cpu group (an attacker's 58 busy forks
    slowed a notebook graded beside it until its calls timed out)."""
    folders = sandbox.make_cgroup("nabla-test-share", 256)
    if folders is None:
        pytest.fail("no cgroup could be made here: the grader's limits cannot be checked")
    try:
        cpu = [f for f in folders if "/cpu" in str(f) or (f / "cpu.weight").exists()]
        if not (sandbox.CGROUPS / "cgroup.controllers").exists():  # v1
            assert cpu, f"no cpu group among {folders}"
        argv = sandbox.in_cgroup(folders, ["cat", "/proc/self/cgroup"])
        seen = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        assert "nabla-test-share" in seen
        for line in seen.splitlines():
            if line.split(":")[1] in {"cpu", "cpu,cpuacct"}:
                assert line.endswith("nabla-test-share"), line
    finally:
        sandbox.remove_cgroup(folders)


def test_only_the_sized_tmp_and_shm_are_writable():
    probe = (
        "for p in / /dev /tmp /dev/shm; do touch $p/x 2>/dev/null && echo $p; done; "
        "head -c 70000000 /dev/zero > /dev/shm/big 2>/dev/null || echo shm-full"
    )
    argv = sandbox.command(sandbox.student_package(Path(tempfile.mkdtemp())), ["sh", "-c", probe])
    seen = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=True).stdout
    assert seen.split() == ["/tmp", "/dev/shm", "shm-full"]


def test_the_students_grading_package_is_the_child_and_what_it_imports(tmp_path):
    """No reference answer, no judging, no assignment: only what the child imports."""
    import ast

    package = sandbox.student_package(tmp_path)
    grading = package / "grading"
    assert sorted(p.name for p in grading.glob("*.py")) == sorted(sandbox.STUDENT_GRADING)
    for path in grading.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "nabla.grading":
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "nabla.grading."
            ):
                modules = [node.module.split(".")[2]]
            else:
                continue
            for module in modules:
                assert f"{module}.py" in sandbox.STUDENT_GRADING, (path.name, module)
    assert (package / "examples.py").exists()  # the worked examples the exercises import
