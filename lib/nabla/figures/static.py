"""Static matplotlib figures, shown as images that carry their alt text."""

import base64
import html
import io

import matplotlib as mpl
import PIL.Image
from cycler import cycler
from matplotlib.figure import Figure

from nabla.figures.common import COLOURS

CYCLE = [COLOURS[role] for role in ("curve", "tangent", "grad", "descent", "accent", "axes")]
"""The colours of successive lines: the explorers' light-theme colours, then the axes' grey;
each has at least 4.5:1 contrast on white."""

STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": COLOURS["axes"],
    "axes.labelcolor": COLOURS["ink"],
    "xtick.color": COLOURS["ink"],
    "ytick.color": COLOURS["ink"],
    "text.color": COLOURS["ink"],
    "font.size": 10,
    "svg.hashsalt": "nabla",
    "axes.prop_cycle": cycler(color=CYCLE),
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
