"""Master and student notebooks: generation, staleness, no solutions, readable submissions."""

import json
import re
from pathlib import Path

import nbformat
import pytest
from nabla.grading import ASSIGNMENTS, notebooks
from nabla.grading.notebooks import (
    CODE_BEGIN,
    CODE_END,
    InvalidNotebook,
    generate,
    read_submission,
    strip_code,
    strip_markdown,
    student_version,
)

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"
MASTERS = sorted((EXERCISES / "master").glob("*.ipynb"))


def _load(path):
    return json.loads(path.read_text("utf-8"))


def _solution_lines(master):
    """Every non-trivial line inside a solution region of the master."""
    lines = []
    for cell in master["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            for region in re.findall(r"BEGIN SOLUTION -->(.*?)<!-- END", text, re.DOTALL):
                lines += region.splitlines()
            continue
        inside = False
        for line in text.splitlines():
            if CODE_BEGIN.match(line) or CODE_END.match(line):
                inside = not inside
            elif inside:
                lines.append(line)
    return [ln.strip() for ln in lines if len(ln.strip()) > 12]


def test_six_masters_one_per_subsection():
    assert [p.name[:2] for p in MASTERS] == ["01", "02", "03", "04", "05", "06"]
    named = [_load(p)["metadata"]["nabla"]["assignment"] for p in MASTERS]
    assert named == list(ASSIGNMENTS)


def test_student_notebooks_are_current():
    """Fails when a master changed and `python -m nabla.grading generate` was not run."""
    stale = generate(EXERCISES / "master", EXERCISES, check=True)
    assert stale == [], "run: python -m nabla.grading generate"


def test_generate_reports_and_rewrites_a_stale_notebook(tmp_path):
    master_dir = tmp_path / "master"
    master_dir.mkdir()
    master = _load(MASTERS[1])
    (master_dir / MASTERS[1].name).write_text(json.dumps(master), "utf-8")
    assert generate(master_dir, tmp_path) == [tmp_path / MASTERS[1].name]
    assert generate(master_dir, tmp_path, check=True) == []
    master["cells"][0]["source"] = "# Exercises 2: a new title\n"
    (master_dir / MASTERS[1].name).write_text(json.dumps(master), "utf-8")
    assert generate(master_dir, tmp_path, check=True) == [tmp_path / MASTERS[1].name]


@pytest.mark.parametrize("master_path", MASTERS, ids=lambda p: p.stem)
def test_student_notebook_has_a_title_no_outputs_and_no_solutions(master_path):
    student_path = EXERCISES / master_path.name
    text = student_path.read_text("utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# Exercises ")
    assert "SOLUTION" not in text
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
    master = _load(master_path)
    leaked = [line for line in _solution_lines(master) if line in text]
    assert leaked == []
    name = master["metadata"]["nabla"]["assignment"]
    assert nb.metadata["nabla"] == {"assignment": name}
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for q in ASSIGNMENTS[name].questions:  # every answer has a placeholder and a check
        assert re.search(rf"^(def {q.name}\(|{q.name} = \.\.\.$)", code, re.MULTILINE)
        assert f'exercise.check("{q.id}", {q.name})' in code


@pytest.mark.parametrize("master_path", MASTERS, ids=lambda p: p.stem)
def test_master_is_stored_executed_with_every_check_passing(master_path):
    nb = _load(master_path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    checks = ["".join(c["outputs"][0]["text"]) for c in code if "exercise.check" in str(c)]
    assert checks
    assert all(out.startswith("✔") and "passed" in out for out in checks)


def test_strip_code_rejects_unpaired_markers():
    with pytest.raises(ValueError, match="cell 3: BEGIN SOLUTION without END"):
        strip_code("# BEGIN SOLUTION\nx = 1", "cell 3")
    with pytest.raises(ValueError, match="END SOLUTION without BEGIN"):
        strip_code("x = 1\n# END SOLUTION")
    with pytest.raises(ValueError, match="must assign an answer"):
        strip_code("# BEGIN SOLUTION\nprint(1)\n# END SOLUTION", answers={"w1"})
    with pytest.raises(ValueError, match="unpaired"):
        strip_markdown("<!-- BEGIN SOLUTION --> the answer")


def test_a_master_must_name_its_assignment_consistently():
    master = _load(MASTERS[0])
    master["metadata"]["nabla"]["assignment"] = "gradient"
    with pytest.raises(ValueError, match="must name the same assignment"):
        student_version(master)


def _notebook_bytes(**changes):
    nb = _load(EXERCISES / "02-gradient.ipynb")
    nb.update(changes)
    return json.dumps(nb).encode()


def test_read_submission_finds_the_code_and_the_assignment():
    sub = read_submission(_notebook_bytes())
    assert sub.assignment == "gradient"
    assert any('exercise.check("q2", grad_f)' in c for c in sub.cells)
    no_metadata = read_submission(_notebook_bytes(metadata={}))  # stripped by some tools
    assert no_metadata.assignment == "gradient"
    assert read_submission(_notebook_bytes(cells=[], metadata={})).assignment is None


def test_a_comment_or_a_string_cannot_choose_the_assignment():
    nb = json.loads(_notebook_bytes(metadata={}))
    fake = '# exercise = Exercise("least-squares")\ntext = \'Exercise("level-sets")\''
    nb["cells"].insert(1, {"cell_type": "code", "metadata": {}, "outputs": [], "source": fake})
    assert read_submission(json.dumps(nb).encode()).assignment == "gradient"


def test_a_utf16_notebook_is_read():
    text = _notebook_bytes().decode("utf-8")
    assert read_submission(text.encode("utf-16")).assignment == "gradient"


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"", "not valid notebook JSON"),
        (b"\xff\xfe\x00garbage", "not valid notebook JSON"),
        (_notebook_bytes()[:5000], "truncated"),
        (b"[1, 2, 3]", "no list of cells"),
        (b'{"metadata": {}}', "no list of cells"),
        (b'{"cells": [], "nbformat": 3}', "nbformat 3 is not supported: open it in Jupyter"),
        (
            _notebook_bytes(metadata={"kernelspec": {"language": "R", "name": "ir"}}),
            "runs the r kernel",
        ),
        (b"[" * 100_000, "not valid notebook JSON"),
    ],
)
def test_read_submission_rejects_what_is_not_a_notebook(data, phrase):
    with pytest.raises(InvalidNotebook, match=phrase):
        read_submission(data)


def _cells_notebook(cells):
    code = [{"cell_type": "code", "metadata": {}, "outputs": [], "source": c} for c in cells]
    return json.dumps({"nbformat": 4, "metadata": {}, "cells": code}).encode()


def test_a_huge_cell_is_run_but_never_parsed_in_the_grader():
    # Parsed, "a;" * 5e6 makes a syntax tree of about 10 GB (found by an attacker review).
    bomb = (
        "from nabla.grading import Exercise\nexercise = Exercise('gradient')\n" + "a;" * 5_000_000
    )
    sub = read_submission(_cells_notebook([bomb]))
    assert sub.cells == (bomb,)
    assert sub.assignment is None  # not searched: the notebook must name it elsewhere
    assert read_submission(_cells_notebook([bomb, "exercise = Exercise('gradient')"])).assignment


def test_reading_stops_at_its_memory_limit(monkeypatch):
    monkeypatch.setattr(notebooks, "READ_MEMORY_MB", 64)
    many = b'{"nbformat": 4, "cells": [' + b"{}," * 3_000_000 + b"{}]}"  # ~26x in memory
    with pytest.raises(InvalidNotebook, match="took more than 64 MiB of memory"):
        read_submission(many)
    assert read_submission(_cells_notebook(["x = 1"])).cells == ("x = 1",)
