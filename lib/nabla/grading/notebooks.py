"""Exercise notebooks: student versions from the masters, and reading submissions.

A master notebook (``exercises/master/NN-name.ipynb``) holds the questions with
their solutions, marked in code cells by ``# BEGIN SOLUTION`` / ``# END
SOLUTION`` comment lines and in Markdown cells by ``<!-- BEGIN SOLUTION -->`` /
``<!-- END SOLUTION -->``. The student version replaces each region:

- in code at the top level, by ``name = ...`` for each name the region assigns;
- in code inside a function, by ``raise NotImplementedError("...")``;
- in Markdown, by an invitation to write the answer there.

Outputs and execution counts are dropped; the notebook metadata names the
assignment (``metadata.nabla.assignment``), and so does the
``Exercise("name")`` call in the notebook's code.
"""

import ast
import copy
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from nabla.grading import reader
from nabla.grading.assignments import ASSIGNMENTS
from nabla.grading.reader import InvalidNotebook, exercise_calls

CODE_BEGIN = re.compile(r"^(\s*)#+ ?BEGIN SOLUTION\s*$")
CODE_END = re.compile(r"^\s*#+ ?END SOLUTION\s*$")
MD_REGION = re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->", re.DOTALL)
MD_PLACEHOLDER = "*Write your answer here.*"
NOT_IMPLEMENTED = 'raise NotImplementedError("replace this line with your code")'


_source = reader._source


def _placeholder(indent, region, where, answers):
    if indent:
        return [indent + NOT_IMPLEMENTED]
    try:
        tree = ast.parse("\n".join(region))
    except SyntaxError as exc:
        raise ValueError(f"{where}: the solution does not parse: {exc}") from None
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name) and t.id in answers]
    if not names:
        raise ValueError(f"{where}: a top-level solution region must assign an answer")
    return [f"{name} = ..." for name in dict.fromkeys(names)]


def strip_code(source, where="cell", answers=None):
    """The code of a master cell with each solution region replaced.

    Parameters
    ----------
    source : str
    where : str
        Names the cell in error messages.
    answers : collection of str, optional
        The answer names: a top-level region becomes ``name = ...`` for each
        answer name it assigns (its helper variables vanish). Default: every
        name it assigns.

    Raises
    ------
    ValueError
        If the markers do not pair up or a top-level region assigns no answer.

    Examples
    --------
    >>> master = "# BEGIN SOLUTION\\nh = 0.1\\nw1 = [0.7, 1.2]\\n# END SOLUTION"
    >>> print(strip_code(master, answers={"w1"}))
    w1 = ...
    >>> print(strip_code("def f(x):\\n    # BEGIN SOLUTION\\n    return x\\n    # END SOLUTION"))
    def f(x):
        raise NotImplementedError("replace this line with your code")
    """
    out, region, indent = [], None, ""
    for line in source.split("\n"):
        begin, end = CODE_BEGIN.match(line), CODE_END.match(line)
        if begin:
            if region is not None:
                raise ValueError(f"{where}: BEGIN SOLUTION inside a solution region")
            region, indent = [], begin.group(1)
        elif end:
            if region is None:
                raise ValueError(f"{where}: END SOLUTION without BEGIN SOLUTION")
            lines = [ln[len(indent) :] for ln in region]
            out += _placeholder(indent, lines, where, answers or _Everything())
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise ValueError(f"{where}: BEGIN SOLUTION without END SOLUTION")
    return "\n".join(out)


class _Everything:
    def __contains__(self, name):
        return True


def strip_markdown(source, where="cell"):
    """Markdown with each solution region replaced by :data:`MD_PLACEHOLDER`."""
    text = MD_REGION.sub(MD_PLACEHOLDER, source)
    if "BEGIN SOLUTION" in text or "END SOLUTION" in text:
        raise ValueError(f"{where}: unpaired SOLUTION marker")
    return text


def master_assignment(nb, where="master"):
    """The assignment a master names, checked against its ``Exercise`` call."""
    name = nb.get("metadata", {}).get("nabla", {}).get("assignment")
    called = exercise_calls([_source(c) for c in nb["cells"] if c.get("cell_type") == "code"])
    if name not in ASSIGNMENTS or called != [name]:
        raise ValueError(
            f"{where}: metadata.nabla.assignment ({name!r}) and the one Exercise(...) call "
            f"({called}) must name the same assignment, one of {', '.join(ASSIGNMENTS)}"
        )
    return name


def student_version(master, where="master"):
    """The student notebook (a new dict) made from a master notebook dict.

    Raises
    ------
    ValueError
        If the solution markers do not pair up or the assignment is not named.
    """
    name = master_assignment(master, where)
    answers = {q.name for q in ASSIGNMENTS[name].questions}
    nb = copy.deepcopy(master)
    for k, cell in enumerate(nb["cells"]):
        here = f"{where}, cell {k}"
        if cell["cell_type"] == "code":
            cell["source"] = strip_code(_source(cell), here, answers)
            cell["outputs"], cell["execution_count"] = [], None
            cell["metadata"].pop("execution", None)
        elif cell["cell_type"] == "markdown":
            cell["source"] = strip_markdown(_source(cell), here)
    nb["metadata"] = {
        "kernelspec": master["metadata"]["kernelspec"],
        "language_info": {"name": "python"},
        "nabla": {"assignment": name},
    }
    return nb


def dumps(nb):
    """Notebook JSON as Jupyter writes it (one-space indent, a final newline)."""
    import nbformat

    node = nbformat.from_dict(nb)
    nbformat.validate(node)
    return nbformat.writes(node) + "\n"


def generate(master_dir, out_dir, *, check=False):
    """Write (or with ``check=True`` only compare) the student notebooks.

    Returns
    -------
    list of Path
        The student notebooks that were stale (and, unless ``check``, rewritten).
    """
    masters = sorted(Path(master_dir).glob("*.ipynb"))
    if not masters:
        raise ValueError(f"master_dir {master_dir} holds no .ipynb files")
    stale = []
    for path in masters:
        text = dumps(student_version(json.loads(path.read_text("utf-8")), path.name))
        target = Path(out_dir) / path.name
        if not target.exists() or target.read_text("utf-8") != text:
            stale.append(target)
            if not check:
                target.write_text(text, "utf-8")
    return stale


@dataclass(frozen=True)
class Submission:
    """What the grader reads from a submitted notebook (it never runs it).

    Attributes
    ----------
    cells : tuple of str
        The source of each code cell, in order.
    assignment : str or None
        From ``metadata.nabla.assignment``, else from an ``Exercise("name")``
        call in the code; None if neither names a known assignment.
    """

    cells: tuple
    assignment: str | None


READ_MEMORY_MB = 1024
READ_SECONDS = 30


def read_submission(data):
    """Parse the bytes of a submitted notebook, leniently, in a child process limited to
    :data:`READ_MEMORY_MB` and :data:`READ_SECONDS` (see :mod:`nabla.grading.reader`).

    Raises
    ------
    InvalidNotebook
        If the bytes are not a JSON notebook with a list of cells, or cannot be read within
        the limits.
    """
    try:
        done = subprocess.run(
            [sys.executable, "-I", reader.__file__, str(READ_MEMORY_MB)],
            input=data,
            capture_output=True,
            timeout=READ_SECONDS,
            check=False,
        )
        result = json.loads(done.stdout) if done.returncode == 0 else None
    except subprocess.TimeoutExpired:
        raise InvalidNotebook(f"reading the notebook took more than {READ_SECONDS} s") from None
    except ValueError:
        result = None
    if not isinstance(result, dict):
        raise InvalidNotebook(f"reading the notebook took more than {READ_MEMORY_MB} MiB of memory")
    if "error" in result:
        raise InvalidNotebook(result["error"])
    name = result["metadata_assignment"]
    if name not in ASSIGNMENTS:
        called = [n for n in result["exercise_calls"] if n in ASSIGNMENTS]
        name = called[0] if called else None
    return Submission(cells=tuple(result["cells"]), assignment=name)
