"""A stored explorer output carries its first frame as a PNG; the static book does not."""

import base64
import io
import json
import re

import numpy as np
import pytest
from matplotlib.text import Text
from nabla.figures.common import COLOURS
from nabla.figures.explorer import STORED_STATE, Explorer, axis
from nabla.figures.still import first_frame_figure, first_frame_png
from PIL import Image

from .conftest import ROOT, SITE, WIDGET_VIEW, explorer_outputs

CHAPTERS = sorted(ROOT.glob("chapters/*.ipynb"))


def _explorer(index):
    values = [0, 1, 2]
    return Explorer(
        title="Still test",
        controls=[{"name": "a", "label": "a", "values": values, "format": "{:d}"}],
        panels=[{"id": "map", "title": "Map", "x": axis("x", 0, 2), "y": axis("y", 0, 2)}],
        readout=["a"],
        frames=[
            {
                "layers": [{"panel": "map", "type": "point", "at": [0.5 + a / 2, 0.5 + a / 2]}],
                "readout": [[str(a), a]],
                "alt": f"a = {a}",
            }
            for a in values
        ],
        index=index,
    )


def _pixels(explorer):
    png = base64.b64decode(explorer._repr_mimebundle_()[0]["image/png"])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _accent_at(pixels):
    # Centre of the pixels closest to the accent colour (the frame's point).
    accent = np.array([int(COLOURS["accent"][k : k + 2], 16) for k in (1, 3, 5)])
    rows, cols = np.nonzero(np.abs(pixels.astype(int) - accent).sum(axis=2) < 60)
    return rows.mean(), cols.mean()


def test_the_bundle_has_the_widget_view_and_the_shown_frame_as_png():
    bundle = _explorer(0)._repr_mimebundle_()[0]
    assert WIDGET_VIEW in bundle
    assert bundle["text/plain"].startswith("Explorer(")
    first, last = _pixels(_explorer(0)), _pixels(_explorer(2))
    assert np.array_equal(first, _pixels(_explorer(0)))  # deterministic
    # The point at (0.5, 0.5) is drawn low and left of the point at (1.5, 1.5).
    (r0, c0), (r2, c2) = _accent_at(first), _accent_at(last)
    assert r0 > r2 + 40
    assert c0 < c2 - 40


def test_the_png_carries_the_shown_frames_description_as_alt_text():
    """nbformat's place for it (nbconvert's classic template reads it; its lab template and
    JupyterLab's image renderer read no alt text)."""
    explorer = _explorer(2)
    alt = explorer._repr_mimebundle_()[1]["image/png"]["alt"]
    assert alt == f"{explorer.spec['title']}: {explorer.frames[2]['alt']}"
    assert explorer.frames[2]["alt"] != explorer.frames[0]["alt"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_stored_explorer_output_has_a_png_the_page_leaves_out(path):
    outputs = explorer_outputs(path)
    for output in outputs:
        assert "".join(output["data"]["text/plain"]).startswith("Explorer(")
        assert Image.open(io.BytesIO(base64.b64decode(output["data"]["image/png"]))).size
    page = SITE / "chapters" / path.with_suffix(".html").name
    if outputs and page.exists():
        html = page.read_text()
        for output in outputs:
            head = "".join(output["data"]["image/png"])[:200]
            assert re.sub(r"\s", "", head) not in re.sub(r"\s", "", html)


def _stored_states(path):
    """Each stored explorer output of a notebook with its model's stored state."""
    nb = json.loads(path.read_text())
    states = nb["metadata"][STORED_STATE]
    states = states.get("state", states)
    for output in explorer_outputs(path):
        model = states[output["data"][WIDGET_VIEW]["model_id"]]
        yield output, model.get("state", model)


def _faults(fig):
    """Each text of a drawn figure that the image cuts off or that meets another text."""
    fig.canvas.draw()
    renderer, edge = fig.canvas.get_renderer(), fig.bbox
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    faults = [
        f"{t.get_text()!r} cut"
        for t, b in zip(texts, boxes, strict=True)
        if b.x0 < edge.x0 - 0.5
        or b.x1 > edge.x1 + 0.5
        or b.y0 < edge.y0 - 0.5
        or b.y1 > edge.y1 + 0.5
    ]
    for k, (a, b) in enumerate(zip(texts, boxes, strict=True)):
        for c, d in zip(texts[:k], boxes[:k], strict=True):
            if min(b.x1, d.x1) - max(b.x0, d.x0) > 0.5 and min(b.y1, d.y1) - max(b.y0, d.y0) > 0.5:
                faults.append(f"{a.get_text()!r} meets {c.get_text()!r}")
    return faults


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_stored_first_frame_shows_its_texts_whole_and_apart(path):
    """The PNG stored beside each explorer is still.py's drawing of its spec at its frame, and
    in that drawing no title, label or readout line is cut off or runs into another."""
    for output, state in _stored_states(path):
        spec, index = state["spec"], state["index"]
        frame = state["frames"][index]
        assert base64.b64decode(output["data"]["image/png"]) == first_frame_png(spec, frame, index)
        assert _faults(first_frame_figure(spec, frame, index)) == [], spec["title"]
