"""An interactive figure that works with or without a kernel.

:class:`Explorer` is an anywidget whose front end (``static/explorer.js``)
draws SVG from numbers computed ahead of time by nabla: one *frame* per
combination of control values. Moving a slider, or dragging the point on a
panel, picks the frame for the nearest grid value and redraws it. The frames
travel in the saved widget state, so the same figure responds in the static
HTML book, where no kernel exists, and in JupyterLab, Binder or Colab.
Given a ``live`` function, a live kernel answers every input (a drag, a slider, an arrow key)
with the frame at its very values (:meth:`Explorer.live_frame`); the stored frames stay what a
page without a kernel shows.

Drawing primitives, each a dict with a ``panel`` id and a ``cls`` (the CSS
class that sets its colour):

- ``{"type": "line", "points": [[x, y], ...] or "<shape id>"}``
- ``{"type": "arrow", "points": [[x0, y0], [x1, y1]]}``
- ``{"type": "point", "at": [x, y]}``
- ``{"type": "text", "at": [x, y], "text": "...", "anchor": "start"}`` (``anchor``, the SVG
  ``text-anchor``, optional: ``"start"``, ``"middle"`` or ``"end"``)

Coordinates are in the panel's data units; a log-scaled axis takes log10 of
the value (see :func:`axis`).
"""

import base64
import math
import numbers
import re
import string
import time

import anywidget
import numpy as np
import traitlets

from nabla.figures.common import PLOT_HEIGHT, PLOT_WIDTH, STATIC, clip_out, fixed, true_minus
from nabla.figures.still import first_frame_png

STORED_STATE = "nabla_explorers"
"""The notebook metadata key under which a stored chapter keeps its widget state (Jupyter's
own key is ``widgets``; tools/run_notebooks.py moves it). With no state under ``widgets``,
nbconvert (nbviewer) shows each explorer's first-frame PNG rather than an empty widget
placeholder (GitHub's preview is untested), and JupyterLab shows the PNG until the kernel
runs; the book's ``_ext/static_explorers.py`` reads the frames from here."""
LIVE_DECIMALS = 2
"""A live frame's control values are rounded to at least this many decimals (more where two
grid values lie closer than ten units of the last place: the learning rates), and a control
whose values are all integers to integers: finer than a pixel on every draggable panel and
slider, and the point the readout's numbers belong to is the one shown."""


def nice_ticks(lo, hi, count=5):
    """Round tick values covering [lo, hi]."""
    raw = (hi - lo) / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if m * step >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    return [round(first + k * step, 10) for k in range(int((hi - first) / step + 1e-9) + 1)]


def axis(label, lo, hi, *, log=False):
    """An axis spec; with ``log=True`` lo and hi are values, the axis is named
    "log₁₀ <label>" and its ticks are powers of ten, labelled by their exponents (short
    labels, clear of the axis name on a 320 px phone)."""
    if not log:
        ticks = nice_ticks(lo, hi)
        ticks = [[t, true_minus(f"{t:g}")] for t in ticks]
        return {"label": label, "min": lo, "max": hi, "ticks": ticks}
    a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    stride = max(1, (b - a) // 5)
    ticks = [[e, fixed(e, 0)] for e in range(a, b + 1, stride)]
    return {"label": f"log₁₀ {label}", "min": a, "max": b, "ticks": ticks}


def rounded(points, digits=4):
    """Points as nested lists rounded to ``digits`` significant figures (smaller state)."""
    arr = np.asarray(points, dtype=float)
    scale = np.where(arr == 0, 1.0, 10 ** (digits - 1 - np.floor(np.log10(np.abs(arr) + 1e-300))))
    return (np.round(arr * scale) / scale).tolist()


def decimals(points, places=3):
    """Points as nested lists rounded to ``places`` decimals, with no negative zeros."""
    return (np.round(np.asarray(points, dtype=float), places) + 0.0).tolist()


def contour_layers(panel, level_lines, *, every=1):
    """Layers drawing level curves, ``{level: [array of shape (k, 2), ...]}``, on a panel.

    ``every`` keeps every k-th vertex, for a lighter page.
    """
    return [
        {"panel": panel, "type": "line", "cls": "contour", "points": rounded(line[::every], 3)}
        for lines in level_lines.values()
        for line in lines
    ]


def text_box(layer, panel):
    """The box, in data units, that a text layer's label covers on its panel (a dict with
    ``x`` and ``y`` axes): 11 px text (explorer.css) scaled by up to 1.15 on a narrow phone,
    0.62 em a character, with its 3 px halo."""
    em = 11 * 1.15
    width, above, below = len(layer["text"]) * 0.62 * em + 3, 0.95 * em + 1.5, 0.3 * em + 1.5
    start = {"start": 0, "middle": width / 2, "end": width}[layer.get("anchor", "start")]
    per_px = [
        (axis["max"] - axis["min"]) / size
        for axis, size in ((panel["x"], PLOT_WIDTH), (panel["y"], PLOT_HEIGHT))
    ]
    (x, y), (sx, sy) = layer["at"], per_px
    return ((x - (start + 1.5) * sx, x + (width - start) * sx), (y - below * sy, y + above * sy))


def _room_for_labels(layers, panels):
    """The layers with every level curve cut where it would cross a label of its panel."""
    boxes = {
        p["id"]: [text_box(t, p) for t in layers if t["type"] == "text" and t["panel"] == p["id"]]
        for p in panels
    }
    out = []
    for layer in layers:
        if layer.get("cls") != "contour" or not boxes.get(layer["panel"]):
            out.append(layer)
            continue
        pieces = [np.asarray(layer["points"], dtype=float)]
        for box in boxes[layer["panel"]]:
            pieces = [cut for piece in pieces for cut in clip_out(piece, box)]
        out += [layer | {"points": decimals(piece, 3)} for piece in pieces]
    return out


def _formatted(template, value, exact):
    """``template`` (a format string or a function) applied to value; with ``exact``, each
    field's precision raised until its number reads back as value ("{:.1f}" writes 37.23 as
    "37.23", not "37.2"). A function is called as it is: it says any value in range itself."""
    if callable(template):
        return template(value)

    def number(spec):
        if exact and (parts := re.fullmatch(r"(.*\.)(\d+)([eEfFgG])", spec)):
            for digits in range(int(parts[2]), 17):
                text = format(value, f"{parts[1]}{digits}{parts[3]}")
                if float(text) == value:
                    return text
        return format(value, spec)

    pieces = string.Formatter().parse(template)
    return "".join(a + ("" if field is None else number(spec)) for a, field, spec, _ in pieces)


def control_texts(control, value, *, exact=False):
    """A control's value as the page shows it (``format``, then ``symbol``) and as a screen
    reader says it (``spoken`` or ``format``, then ``unit``; the shown text when the control
    gives neither), with minus signs. ``exact`` for a live value between grid values, shown
    to its last digit (:func:`_formatted`); a grid value keeps the control's own precision.

    Examples
    --------
    >>> theta = {"format": "{:.1f}", "unit": "degrees", "symbol": "°"}
    >>> control_texts(theta, -37.5), control_texts(theta, -37.23, exact=True)
    (('−37.5°', '−37.5 degrees'), ('−37.23°', '−37.23 degrees'))
    """
    shown = true_minus(_formatted(control["format"], value, exact) + control.get("symbol", ""))
    if not (control.get("spoken") or control.get("unit")):
        return shown, shown
    said = _formatted(control.get("spoken") or control["format"], value, exact)
    return shown, true_minus(f"{said} {control.get('unit', '')}").strip()


def _integer(control):
    return all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in control["values"]
    )


def _grid_value(control, value):
    """The grid value `value` is, to 1e-9, or None."""
    nearest = min(control["values"], key=lambda w: abs(w - value))
    return nearest if abs(nearest - value) < 1e-9 else None


def _live_value(control, value):
    """A live value as its frame takes it: a grid value as it is (x₁ = 1.125 stays 1.125),
    another rounded (LIVE_DECIMALS), within the grid's range."""
    if _integer(control):
        return value  # whole already (Explorer._checked)
    if (on_grid := _grid_value(control, value)) is not None:
        return on_grid
    lo, hi = control["values"][0], control["values"][-1]  # a live control's values rise
    closest = float(np.min(np.diff(control["values"]), initial=math.inf))
    places = max(LIVE_DECIMALS, math.ceil(-math.log10(closest / 10) - 1e-9))
    return min(max(round(value, places) + 0.0, lo), hi)


class Explorer(anywidget.AnyWidget):
    """Precomputed frames over a grid of control values, drawn as SVG.

    Parameters
    ----------
    title : str
    controls : list of dict
        ``{"name", "label", "values": [...], "format": "{:.2f}"}``; frames are
        indexed row-major over the controls' values. Optional: ``"unit"``, the unit a
        screen reader says after the value (``"degrees"``; none for a pure number such as
        a learning rate, named by its label), ``"symbol"``, the unit shown after it
        (``"°"``), and ``"spoken"``, a format string or a function of the value, the value as
        a screen reader announces it (default: ``format``), for a control whose values are
        not in its real units (``lambda e: f"h = {10**e:.3g}"`` for a slider over log10 h; a
        function must say every value in range, a live one too, to its own precision).
        A control whose values are all integers stays integer when live (``"integer"`` in
        the spec tells the page).
    panels : list of dict
        ``{"id", "title", "x": axis(...), "y": axis(...)}``.
    readout : list of str
        Labels of the numbers each frame reports.
    frames : list of dict
        ``{"layers": [...], "readout": [[text, value], ...], "alt": str}``: one
        ``[text, value]`` per readout label, the text formatted in Python.
    layers : list of dict, optional
        Drawn under every frame (contours, curves that never move).
    shapes : dict, optional
        Polylines shared between frames, referenced by id from a line's points.
    drag : dict, optional
        ``{"panel", "x": control name, "y": control name}``: dragging on that
        panel moves the two controls.
    index : int
        The frame shown first.
    live : callable, optional
        ``live(*values)``, one value per control: the frame anywhere in the grid's range,
        by the function that built the stored frames, its lines' points given inline (no
        shape ids); each control's values must then rise. With it, a kernel answers every
        input: the front end sends the values of a drag, a slider or an arrow key,
        ``{"position": [...]}``, and draws the :meth:`live_frame` it gets back unless a
        later input came first. A first message, ``{"ping": id}``, answered ``{"pong": id}``,
        tells the page that a kernel answers: its sliders then move continuously.
    """

    _esm = STATIC / "explorer.js"
    _css = STATIC / "explorer.css"
    spec = traitlets.Dict().tag(sync=True)
    frames = traitlets.List().tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        *,
        title,
        controls,
        panels,
        readout,
        frames,
        layers=(),
        shapes=None,
        drag=None,
        index=0,
        live=None,
    ):
        sizes = [len(c["values"]) for c in controls]
        if len(frames) != math.prod(sizes):
            raise ValueError(f"frames must have {math.prod(sizes)} entries, got {len(frames)}")
        # Formatted here so the page shows exactly Python's numbers; "−1.5", a minus sign:
        # "-1.5" is read as "dash 1.5" by some readers.
        texts = [[control_texts(c, v) for v in c["values"]] for c in controls]
        spec = {
            "title": title,
            "controls": [
                {"name": c["name"], "label": c["label"], "values": list(c["values"])}
                | {"text": [shown for shown, _ in t], "unit": c.get("unit", "")}
                | ({"spoken": [said for _, said in t]} if c.get("spoken") or c.get("unit") else {})
                | ({"integer": True} if _integer(c) else {})
                for c, t in zip(controls, texts, strict=True)
            ],
            "panels": panels,
            "readout": list(readout),
            "layers": _room_for_labels(list(layers), panels),
            "shapes": shapes or {},
            "drag": drag,
        }
        super().__init__(spec=spec, frames=frames, index=index)
        self._live = live
        self._controls = controls  # their formats, for a live value's texts
        if live is not None:
            falling = [c["name"] for c in controls if np.any(np.diff(c["values"]) <= 0)]
            if falling:  # explorer.js places a value between two grid values on a slider
                raise ValueError(f"controls: a live explorer's values must rise, not {falling}")
            self.on_msg(self._answer)

    def __repr__(self):
        return f"Explorer({self.spec['title']!r}, {len(self.frames)} frames)"

    def _repr_mimebundle_(self, **kwargs):
        # Beside the widget view, the first frame as a PNG: what a stored notebook shows
        # where no widget can be (nabla.figures.still).
        data, metadata = super()._repr_mimebundle_(**kwargs)  # anywidget: (data, metadata)
        frame = self.frames[self.index]
        png = first_frame_png(self.spec, frame, self.index)
        alt = {"image/png": {"alt": f"{self.spec['title']}: {frame['alt']}"}}  # nbconvert's
        return {**data, "image/png": base64.b64encode(png).decode()}, {**metadata, **alt}

    def frame_index(self, *positions):
        """The row-major frame index of one position per control."""
        return int(
            np.ravel_multi_index(positions, [len(c["values"]) for c in self.spec["controls"]])
        )

    def frame_at(self, position):
        """The frame at ``position``, one value per control anywhere in its grid's range, from
        the ``live`` function; at a grid point, the stored frame (shapes drawn inline)."""
        return self._live(*self._checked(position))

    def live_frame(self, position):
        """The answer to the front end's question for ``position``: the frame there, each value
        rounded (LIVE_DECIMALS; an integer control's a whole number), with the values, their
        texts as the page shows and says them (:func:`control_texts`) and the position asked
        (a late answer to an earlier question is then dropped)."""
        checked = zip(self._controls, self._checked(position), strict=True)
        values = [_live_value(c, v) for c, v in checked]
        texts = [  # a grid value in its control's own precision, as its stored frames say it
            control_texts(c, v, exact=_grid_value(c, v) is None)
            for c, v in zip(self._controls, values, strict=True)
        ]
        return {
            "position": list(position),
            "values": values,
            "text": [shown for shown, _ in texts],
            "spoken": [said for _, said in texts],
            "frame": self._live(*values),
        }

    def _checked(self, position):
        """position as floats (an integer control's as an int), or a ValueError naming what
        is wrong with it."""
        if self._live is None:
            raise ValueError("live frames need the Explorer's live function (live=...)")
        controls = self.spec["controls"]
        names = [c["name"] for c in controls]
        if not isinstance(position, list | tuple | np.ndarray) or len(position) != len(controls):
            raise ValueError(f"position must be one number per control {names}, got {position!r}")
        for c, v in zip(controls, position, strict=True):
            lo, hi = min(c["values"]), max(c["values"])
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
                raise ValueError(f"position: {c['name']} must be a finite number, got {v!r}")
            if not lo <= v <= hi:
                raise ValueError(f"position: {c['name']} = {v:g} is outside [{lo:g}, {hi:g}]")
            if c.get("integer") and v != round(v):
                raise ValueError(f"position: {c['name']} takes whole numbers, got {v:g}")
        whole = [c.get("integer", False) for c in controls]
        return [round(v) if w else float(v) for w, v in zip(whole, position, strict=True)]

    def _answer(self, widget, content, buffers):
        # A custom message from the front end: {"ping": id}, answered at once (the page then
        # knows a kernel answers), or {"position": [...]}, answered with the live frame and
        # the milliseconds it took here (benchmarks/live_speed.py reports them).
        if not isinstance(content, dict):
            return
        if "ping" in content:
            self.send({"pong": content["ping"]})
        elif "position" in content:
            start = time.perf_counter()
            answer = self.live_frame(content["position"])
            self.send({"live_frame": answer | {"ms": (time.perf_counter() - start) * 1e3}})
