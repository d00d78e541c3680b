"""What the figures of every chapter share: numbers as text, colours by role, the shape
of an explorer panel, clipping to a box, and level curves.

The colours and the panel's shape are read from the explorer's front end
(``static/explorer.css`` and ``static/explorer.js``), so a static figure draws a
gradient in the green the explorer uses, and an equal-scale panel stays equal-scale
if the front end's size or margins change.
"""

import itertools
import re
from pathlib import Path

import contourpy
import numpy as np

STATIC = Path(__file__).parent / "static"

# --- Numbers as text ---------------------------------------------------------------

MINUS = "\N{MINUS SIGN}"


def fixed(v, digits=3, *, minus=MINUS):
    """v with ``digits`` decimals, never a negative zero; ``minus`` replaces "-".

    Examples
    --------
    >>> fixed(-0.0001), fixed(-2.5, 1, minus="-")
    ('0.000', '-2.5')
    """
    text = f"{v:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", minus)


def true_minus(text):
    """text with each hyphen that signs a number, an exponent's too, written as a minus sign.

    Examples
    --------
    >>> true_minus("(-1.50, 2e-05) - x")
    '(−1.50, 2e−05) - x'
    """
    return re.sub(r"(?<![\w.])-(?=[\d.])|(?<=\de)-(?=\d)", MINUS, text)


def signed(frame):
    """An explorer's frame with minus signs (:func:`true_minus`) in all a reader sees or
    hears of it: its readout's texts, its alt text and its labels."""
    return frame | {
        "layers": [
            layer | {"text": true_minus(layer["text"])} if layer["type"] == "text" else layer
            for layer in frame["layers"]
        ],
        "readout": [[true_minus(text), value] for text, value in frame["readout"]],
        "alt": true_minus(frame["alt"]),
    }


def short(v, digits=2):
    """v with at most ``digits`` decimals and no trailing zeros, with a true minus sign.

    Examples
    --------
    >>> short(2.50), short(-3.0), short(0.125)
    ('2.5', '−3', '0.12')
    """
    text = fixed(v, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def line_text(intercept, slope):
    """The line y = intercept + slope x as a reader says it, in :func:`short` numbers.

    Examples
    --------
    >>> line_text(-3.5, -0.5), line_text(0, 3)
    ('y = −3.5 − 0.5x', 'y = 0 + 3x')
    """
    sign = MINUS if slope < 0 else "+"
    return f"y = {short(intercept)} {sign} {short(abs(slope))}x"


def point_text(p, digits=2):
    """A 2-D point as ``(x1, x2)`` in :func:`short` numbers of up to ``digits`` decimals."""
    return f"({short(p[0], digits)}, {short(p[1], digits)})"


def four_places(v):
    """v to 4 decimals, or in exponent notation from 10^4 on (a diverging run's iterates)."""
    return f"{v:.4f}" if abs(v) < 1e4 else f"{v:.3e}"


# --- Colours by role ---------------------------------------------------------------


def _css_colours(css):
    """``{role: "#rrggbb"}`` from the light theme's ``--nx-<role>`` variables."""
    light = css[css.index(".nabla-explorer {") : css.index("}")]
    return dict(re.findall(r"--nx-([a-z]+):\s*(#[0-9a-f]{6})", light))


COLOURS = _css_colours((STATIC / "explorer.css").read_text("utf-8")) | {
    "faint": "#94a3b8",  # level curves under a static figure, lighter than "contour"
    "axes": "#57606a",  # a static figure's frame, tick labels and reference lines
}
"""Colours by role. From the explorer's CSS (light theme), named as its classes: ``curve``
(a function, a fitted line), ``tangent`` (tangent lines, residuals), ``grad`` (the
gradient), ``descent`` (descent steps and paths), ``contour``, ``accent`` (marked points),
``muted`` (guides), ``ink`` (text), ``frame`` and ``bg``; and two of static figures only,
``faint`` and ``axes``. Each has at least 4.5:1 contrast on white, ``faint`` and ``frame``
excepted."""


# --- The shape of an explorer panel ---------------------------------------------------


def _panel(js):
    """``(width, height, {side: margin})`` from the constants at the top of explorer.js."""
    found = re.search(r"const W = (\d+), H = (\d+), M = \{ ([^}]*) \};", js)
    margins = {side: int(px) for side, px in re.findall(r"(\w): (\d+)", found[3])}
    return int(found[1]), int(found[2]), margins


PANEL_WIDTH, PANEL_HEIGHT, MARGINS = _panel((STATIC / "explorer.js").read_text("utf-8"))
PLOT_WIDTH = PANEL_WIDTH - MARGINS["l"] - MARGINS["r"]
PLOT_HEIGHT = PANEL_HEIGHT - MARGINS["t"] - MARGINS["b"]
"""The plotting area of an explorer panel, in SVG pixels (inside the margins for ticks and
labels)."""


def equal_scale_height(width):
    """The y extent that draws one unit of y as long as one unit of x, for an x extent."""
    return PLOT_HEIGHT / PLOT_WIDTH * width


def equal_scale_width(height):
    """The x extent that draws one unit of x as long as one unit of y, for a y extent."""
    return PLOT_WIDTH / PLOT_HEIGHT * height


# --- Boxes and clipping --------------------------------------------------------------


def inside(p, box):
    """Whether the 2-D point p lies in ``box = ((x_lo, x_hi), (y_lo, y_hi))``, edges included."""
    return all(lo <= v <= hi for v, (lo, hi) in zip(p, box, strict=True))


def _inside_part(a, b, box):
    """``(t0, t1)``: the segment from a to b lies in the box for t0 <= t <= t1 (Liang-Barsky);
    t0 > t1 when it misses the box."""
    lo, hi = np.array(box, dtype=float).T
    t0, t1, d = 0.0, 1.0, b - a
    for k in range(2):
        for p, q in ((-d[k], a[k] - lo[k]), (d[k], hi[k] - a[k])):
            if p == 0 and q < 0:
                return 1.0, 0.0
            if p < 0:
                t0 = max(t0, q / p)
            elif p > 0:
                t1 = min(t1, q / p)
    return t0, t1


def clip_out(points, box):
    """The parts of a polyline outside ``box``, in order, as a list of arrays of shape (k, 2):
    the polyline with a gap where it crosses the box (room for a label).

    Examples
    --------
    >>> [p.tolist() for p in clip_out([[0.0, 1.0], [4.0, 1.0]], ((1, 2), (0, 2)))]
    [[[0.0, 1.0], [1.0, 1.0]], [[2.0, 1.0], [4.0, 1.0]]]
    """
    points = np.asarray(points, dtype=float)
    pieces, current = [], [points[0]] if len(points) else []
    for a, b in itertools.pairwise(points):
        t0, t1 = _inside_part(a, b, box)
        if t0 > t1 or (t0 == t1 and 0 < t0 < 1):  # misses the box, or only touches it
            current.append(b)
            continue
        if t0 > 0:
            current.append(a + t0 * (b - a))
        if len(current) > 1:
            pieces.append(current)
        current = [a + t1 * (b - a), b] if t1 < 1 else [b]
    if len(current) > 1:
        pieces.append(current)
    return [np.array(p) for p in pieces]


def clip(points, box):
    """The parts of a polyline inside ``box = ((x_lo, x_hi), (y_lo, y_hi))``, in order, as a
    list of arrays of shape (k, 2).

    Each segment is cut where it crosses the box (Liang-Barsky), so a line leaving the
    plotting area ends on its edge instead of running over the axes (explorer panels do
    not clip what they draw); vertices inside the box are kept exactly.

    Examples
    --------
    >>> [p.tolist() for p in clip([[0.0, 0.0], [4.0, 2.0]], ((0, 2), (0, 2)))]
    [[[0.0, 0.0], [2.0, 1.0]]]
    """
    points = np.asarray(points, dtype=float)
    pieces, current = [], []
    for a, b in itertools.pairwise(points):
        t0, t1 = _inside_part(a, b, box)
        d = b - a
        if t0 > t1:
            if len(current) > 1:
                pieces.append(current)
            current = []
            continue
        start = a if t0 == 0 else a + t0 * d
        end = b if t1 == 1 else a + t1 * d
        if not current or t0 > 0:
            if len(current) > 1:
                pieces.append(current)
            current = [start]
        current.append(end)
        if t1 < 1:
            pieces.append(current)
            current = []
    if len(current) > 1:
        pieces.append(current)
    return [np.array(p) for p in pieces]


# --- Level curves --------------------------------------------------------------------


def pointwise(f):
    """f, which takes one point, as a function of an array of points of shape (..., n)."""

    def on_points(points):
        points = np.asarray(points, dtype=float)
        values = [f(p) for p in points.reshape(-1, points.shape[-1])]
        return np.array(values, dtype=float).reshape(points.shape[:-1])

    return on_points


def contour_lines(f, x_range, y_range, levels, *, n=121):
    """Level curves of a 2-D f as {level: [array of shape (k, 2), ...]}, from contourpy.

    f takes an array of points of shape (n, n, 2) (see :func:`pointwise`).
    """
    xs, ys = np.linspace(*x_range, n), np.linspace(*y_range, n)
    grid_x, grid_y = np.meshgrid(xs, ys)
    z = f(np.stack([grid_x, grid_y], axis=-1))
    generator = contourpy.contour_generator(grid_x, grid_y, z)
    return {float(c): generator.lines(c) for c in levels}


def draw_contours(ax, level_lines, style):
    """Plot level curves ``{level: [lines]}`` on matplotlib axes, level by level.

    ``style`` holds the keywords of ``ax.plot``, or is a function of the level that
    returns them.
    """
    for level, lines in level_lines.items():
        keywords = style(level) if callable(style) else style
        for line in lines:
            ax.plot(*line.T, **keywords)
