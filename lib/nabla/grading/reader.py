"""Read a submitted notebook's bytes into its code cells, in a process of its own.

Parsing untrusted JSON and Python takes memory out of all proportion to the input (a
10 MB cell of ``a;a;a;...`` makes a syntax tree of about 10 GB), so the grader never does
it itself: it runs this file with ``python -I`` (standard library only), with a memory and
a time limit, and reads back one JSON object: ``{"cells": [...], "metadata_assignment":
..., "exercise_calls": [...]}`` or ``{"error": "..."}``.
"""

import ast
import json
import resource
import sys

MAX_PARSED_CELL = 200_000
"""Characters of a code cell parsed to find an ``Exercise("name")`` call; longer cells are
run but not searched."""


class InvalidNotebook(ValueError):
    """The bytes are not a notebook that can be graded; the message says why."""


def _source(cell):
    src = cell.get("source", "")
    return "".join(map(str, src)) if isinstance(src, list) else str(src)


def exercise_calls(cells):
    """The names in real ``Exercise("name")`` calls, in order: parsed, so a comment or a
    string that looks like one does not count. Lines of magics are left out."""
    names = []
    for source in cells:
        if "Exercise" not in source or len(source) > MAX_PARSED_CELL:
            continue
        code = "\n".join(
            "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
        )
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in ast.walk(tree):
            func = getattr(node, "func", None)
            called = getattr(func, "id", None) or getattr(func, "attr", None)
            if isinstance(node, ast.Call) and called == "Exercise" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names.append(arg.value)
    return names


def parse(data):
    """The code cells and the assignment names a notebook's bytes carry.

    Raises
    ------
    InvalidNotebook
        If the bytes are not a JSON notebook of nbformat 4 with a list of cells, for Python.
    """
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # as some Windows editors save it
    try:
        nb = json.loads(data.decode("utf-16" if utf16 else "utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidNotebook(f"not valid notebook JSON (truncated or damaged?): {exc}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise InvalidNotebook("not a Jupyter notebook: it has no list of cells")
    if nb.get("nbformat", 4) != 4:
        raise InvalidNotebook(
            f"nbformat {nb.get('nbformat')} is not supported: open it in Jupyter and save it, "
            "which writes version 4"
        )
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    kernel = meta.get("kernelspec") if isinstance(meta.get("kernelspec"), dict) else {}
    language = str(kernel.get("language", "python")).lower()
    if language != "python":
        raise InvalidNotebook(
            f"the notebook runs the {language} kernel; the exercises are Python notebooks"
        )
    cells = [
        _source(c) for c in nb["cells"] if isinstance(c, dict) and c.get("cell_type") == "code"
    ]
    nabla_meta = meta.get("nabla")
    named = nabla_meta.get("assignment") if isinstance(nabla_meta, dict) else None
    return {
        "cells": cells,
        "metadata_assignment": named if isinstance(named, str) else None,
        "exercise_calls": exercise_calls(cells),
    }


def main(memory_mb):
    limit = memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = parse(sys.stdin.buffer.read())
    except InvalidNotebook as exc:
        result = {"error": str(exc)}
    except MemoryError:
        result = {"error": f"reading the notebook took more than {memory_mb} MiB of memory"}
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]))
