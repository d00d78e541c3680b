"""The sandbox a submission runs in: bubblewrap, and a student's view of ``nabla``.

Each child runs under ``bwrap`` (the sandbox Flatpak uses) in new user, pid, ipc,
uts, network and cgroup namespaces, as user nobody with every capability dropped and
no further user namespaces (so it cannot remount what is read-only, even when the
grader runs as root), with ``--die-with-parent``: when the child
exits, the pid namespace ends and every process it started ends with it. Its
filesystem holds only

- the system's ``/usr`` (read-only) and a minimal ``/etc``,
- the Python installation and the environment, read-only,
- the student's view of ``nabla`` at the path of the real package: the numerical
  library, the figures, and of :mod:`nabla.grading` only what runs the child
  (no assignments, no references, no master notebooks),
- an empty private ``/tmp``, its working folder.

It sees no submission but its own (its cells arrive on stdin), no output folder,
no other child, and no process of the grader (its ``/proc`` is its own).
"""

import compileall
import shlex
import shutil
import sys
import time
from pathlib import Path

import nabla

BWRAP = "bwrap"
TMP_BYTES = 256 * 2**20
"""Size of the sandbox's private /tmp."""
SHM_BYTES = 64 * 2**20
"""Size of its /dev/shm (shared memory for semaphores and the like)."""
STUDENT_GRADING = ("__init__.py", "child.py", "functions.py", "recording.py", "student.py")
"""The files of nabla.grading a child needs; the rest (assignments above all) stays out."""
STUDENT_INIT = '"""The student\'s view of nabla.grading while a submission is graded."""\n\n'
STUDENT_INIT += "from nabla.grading.student import Exercise\n\n__all__ = ['Exercise']\n"
CHILD_ENV = {
    "MPLBACKEND": "Agg",
    "PYTHONDONTWRITEBYTECODE": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
"""What every grading child runs with, in the sandbox or not: one thread, no display."""
ETC = ("passwd", "group", "hosts", "nsswitch.conf", "localtime", "fonts", "ld.so.cache")


def available():
    """The path of ``bwrap``, or None if it is not installed."""
    return shutil.which(BWRAP)


def install_hint():
    return (
        "the grader runs each submission in a bubblewrap sandbox, and bwrap is not installed: "
        "`apt-get install bubblewrap` (Debian, Ubuntu), `dnf install bubblewrap` (Fedora). "
        "Without it, pass --no-sandbox knowing what is then not protected (see --help)."
    )


def student_package(dest):
    """Copy the student's view of nabla into ``dest/nabla``; return that folder."""
    real = Path(nabla.__file__).resolve().parent
    target = Path(dest) / "nabla"
    shutil.copytree(real, target, ignore=shutil.ignore_patterns("grading", "__pycache__", "*.pyc"))
    (target / "grading").mkdir()
    for name in STUDENT_GRADING:
        shutil.copyfile(real / "grading" / name, target / "grading" / name)
    (target / "grading" / "__init__.py").write_text(STUDENT_INIT, "utf-8")
    compileall.compile_dir(target, quiet=1)  # the sandbox cannot write its byte-code caches
    return target


def command(package, argv):
    """The bwrap command line that runs ``argv`` with ``package`` mounted as nabla."""
    real = Path(nabla.__file__).resolve().parent
    prefixes = sorted({Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
    args = [
        BWRAP,
        "--unshare-all",
        "--unshare-user",  # even when the grader is root: nobody, with no capabilities
        "--uid", "65534",
        "--gid", "65534",
        "--cap-drop", "ALL",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--ro-bind", "/usr", "/usr",
        "--symlink", "usr/bin", "/bin",
        "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64",
        "--symlink", "usr/sbin", "/sbin",
        "--proc", "/proc",
        # Run by root, the sandbox's nobody is root on the host for permission checks:
        # nothing it can reach may be writable but its own /tmp (sysctls above all).
        "--ro-bind", "/proc/sys", "/proc/sys",
        "--dev", "/dev",
        "--size", str(SHM_BYTES),
        "--tmpfs", "/dev/shm",
        "--size", str(TMP_BYTES),
        "--tmpfs", "/tmp",
        "--dir", "/tmp/work",
        "--chdir", "/tmp/work",
    ]  # fmt: skip
    for name in ETC:
        if Path("/etc", name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for prefix in prefixes:
        args += ["--ro-bind", str(prefix), str(prefix)]
    if sys.executable != str(Path(sys.executable).resolve()):
        exe = Path(sys.executable)
        args += ["--ro-bind", str(exe.parent), str(exe.parent)]
    # The student's view over the real package's path (editable or installed), mounted
    # last so that it hides the real one: what a notebook imports as nabla, without the
    # answer key. An editable checkout's other folders (the masters) are not mounted.
    args += ["--ro-bind", str(package), str(real)]
    # Only the sized /tmp and /dev/shm stay writable: bwrap's own root and /dev are
    # tmpfs without a size, which a notebook could otherwise fill with the host's memory.
    args += ["--remount-ro", "/dev", "--remount-ro", "/"]
    args += [
        "--clearenv",
        "--setenv", "PATH", "/usr/bin:/bin",
        "--setenv", "HOME", "/tmp/work",
        "--setenv", "LANG", "C.UTF-8",
        "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib",
        "--setenv", "IPYTHONDIR", "/tmp/ipython",
    ]  # fmt: skip
    for name, value in CHILD_ENV.items():
        args += ["--setenv", name, value]
    return [*args, "--", *argv]


CGROUPS = Path("/sys/fs/cgroup")
MAX_PROCESSES = 64
"""Processes and threads a submission may have at once (cgroup pids.max)."""


def make_cgroup(name, memory_mb):
    """Folders of a new cgroup holding one memory limit and one process-count limit for a
    submission's whole process tree, and, where the cpu controller is there, an equal share
    of the processor whatever the number of its processes; None where the machine does not
    let us make one (no cgroup file system, or not writable). cgroup v2 first, else v1."""
    limit = str(int(memory_mb) * 2**20)
    own = _own_cgroups()  # made inside the grader's own cgroups, so their limits still hold
    if (CGROUPS / "cgroup.controllers").exists():  # v2: one unified hierarchy
        home = CGROUPS / own.get("", "/").lstrip("/")
        # Shares the cpu equally with its siblings where the parent enabled that controller.
        plan = [(home / name, {"memory.max": limit, "pids.max": str(MAX_PROCESSES)})]
    elif all((CGROUPS / c / "cgroup.procs").exists() for c in ("memory", "pids")):  # v1
        plan = [
            (_v1_home("memory", own) / name, {"memory.limit_in_bytes": limit}),
            (_v1_home("pids", own) / name, {"pids.max": str(MAX_PROCESSES)}),
        ]
        if (CGROUPS / "cpu" / "cgroup.procs").exists():
            plan.append((_v1_home("cpu", own) / name, {}))  # siblings share the cpu equally
    else:
        return None
    made = []
    try:
        for folder, settings in plan:
            folder.mkdir()
            made.append(folder)
            for key, value in settings.items():
                (folder / key).write_text(value)
    except OSError:
        remove_cgroup(made)
        return None
    return made


def _v1_home(controller, own):
    return CGROUPS / controller / own.get(controller, "/").lstrip("/")


def _own_cgroups():
    """This process's cgroup path per controller ("" for v2), from /proc/self/cgroup."""
    paths = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return paths
    for line in lines:
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            paths[controller] = path
    return paths


def remove_cgroup(folders):
    """Remove the cgroup once its processes are gone (they end with the pid namespace)."""
    for folder in folders or ():
        for _ in range(50):
            try:
                folder.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.02)


def in_cgroup(folders, argv):
    """``argv`` run by a shell that first moves itself into the cgroup ``folders``."""
    if not folders:
        return argv
    procs = " ".join(shlex.quote(str(f / "cgroup.procs")) for f in folders)
    script = f'for p in {procs}; do echo $$ > "$p" || exit 97; done; exec "$@"'
    return ["/bin/sh", "-c", script, "sh", *argv]
