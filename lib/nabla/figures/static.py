"""Static matplotlib figures, shown as images that carry their alt text."""

import base64
import html
import io

import contourpy
import matplotlib as mpl
import numpy as np
import PIL.Image
from cycler import cycler
from matplotlib.figure import Figure

COLOURS = ["#0a58ca", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#57606a"]
"""The explorers' light-theme colours: each has at least 4.5:1 contrast on white."""

STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#57606a",
    "axes.labelcolor": "#1f2328",
    "xtick.color": "#1f2328",
    "ytick.color": "#1f2328",
    "text.color": "#1f2328",
    "font.size": 10,
    "svg.hashsalt": "nabla",
    "axes.prop_cycle": cycler(color=COLOURS),
}
"""A white card: it reads the same on the book's light and dark themes."""


def new_figure(width=6.4, height=3.6, **subplots):
    """A figure and its axes in the course style, without touching global state."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(**subplots)
    return fig, axes


class Image:
    """A rendered figure: PNG bytes plus the alt text that describes them.

    The PNG is re-encoded with a 64-colour palette: line drawings on a white card
    lose nothing visible and shrink to about a quarter of the bytes, which keeps
    chapter pages light.
    """

    def __init__(self, fig, alt):
        if not alt or not alt.strip():
            raise ValueError("alt must describe what the figure shows")
        buffer = io.BytesIO()
        with mpl.rc_context(STYLE):
            fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
        rgb = PIL.Image.open(buffer).convert("RGB")
        palette = rgb.quantize(
            64, method=PIL.Image.Quantize.MEDIANCUT, dither=PIL.Image.Dither.NONE
        )
        buffer = io.BytesIO()
        palette.save(buffer, format="PNG", optimize=True)
        self.png = buffer.getvalue()
        self.alt = alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = base64.b64encode(self.png).decode()
        tag = (
            f'<img class="nabla-figure" src="data:image/png;base64,{data}" '
            f'alt="{html.escape(self.alt)}" style="max-width:100%">'
        )
        return {"text/html": tag, "text/plain": self.alt}


def contour_lines(f, x_range, y_range, levels, *, n=121):
    """Level curves of a 2-D f as {level: [array of shape (k, 2), ...]}, from contourpy."""
    xs, ys = np.linspace(*x_range, n), np.linspace(*y_range, n)
    grid_x, grid_y = np.meshgrid(xs, ys)
    z = f(np.stack([grid_x, grid_y], axis=-1))
    generator = contourpy.contour_generator(grid_x, grid_y, z)
    return {float(c): generator.lines(c) for c in levels}
