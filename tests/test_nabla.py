"""The package ``nabla``: its public names, and what importing it does not load."""

import json
import subprocess
import sys
from pathlib import Path

import nabla

LIB = Path(nabla.__file__).resolve().parent


def test_every_public_name_is_importable_and_documented():
    for name in nabla.__all__:
        assert getattr(nabla, name).__doc__, name


def test_import_nabla_loads_neither_the_figures_nor_the_grader():
    code = "import json, sys, nabla; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    consumers = ("nabla.figures", "nabla.grading", "nabla.practice")
    assert [m for m in loaded if m.startswith(consumers)] == []
    assert not {"matplotlib", "ipywidgets", "anywidget"} & set(loaded)
    assert "nabla.partials" in loaded


def test_the_numerical_modules_never_import_the_figures_or_the_grader():
    for path in LIB.rglob("*.py"):
        parts = path.relative_to(LIB).parts
        if parts[0] not in ("figures", "grading", "practice"):  # consumers, not numerics
            text = path.read_text("utf-8")
            assert "nabla.grading" not in text, path
            assert "nabla.figures" not in text, path
            assert "import matplotlib" not in text, path
