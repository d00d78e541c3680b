"""Static matplotlib figures, shown as images that carry their alt text.

Every figure is drawn once, in one narrow column (:data:`WIDTH` wide, its panels stacked,
no text under :data:`MIN_POINTS`): shown at its own size wherever the text column is wider,
scaled down only on a phone, its text is at least 11 px on screen at every width.
"""

import base64
import html
import io

import matplotlib as mpl
import PIL.Image
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.text import Text

from nabla.figures.common import COLOURS, true_minus

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

CARD = {"fc": STYLE["figure.facecolor"], "ec": "none", "pad": 1.0}
"""A label's own card (``bbox=CARD``) in the figure's colour: the level curves under the
label stop at its edge, as under a contour label. Paths, arrows and points are kept out
from under labels (tests/test_figures_static.py checks every figure)."""


DPI = 110
WIDTH = 2.9
"""Inches: 319 px at :data:`DPI`, drawn at its own size in any text column of 319 px or
more (a 390 px phone's is 358 px) and scaled by no less than 0.9 at 320 px (288 px)."""
MIN_POINTS = 9
"""No text smaller: 13.75 px at :data:`DPI`, 12.4 px on a 320 px screen."""


def new_figure(height=2.8, *, ratios=None, **subplots):
    """A figure and its axes in the course style, without touching global state:
    :data:`WIDTH` wide and ``height`` inches tall, panels (``nrows``) stacked, their heights
    in ``ratios``."""
    if ratios is not None:
        subplots["height_ratios"] = ratios
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, height), layout="constrained")
        axes = fig.subplots(**subplots)
    return fig, axes


def _text_px(fig):
    """The size of the smallest text drawn in fig, in pixels of its PNG (0 if none)."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    return round(min(sizes, default=0) * DPI / 72, 2)


def legend(ax):
    """ax's legend under the axes, off the data, with no frame."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)


class Image:
    """A rendered figure: PNG bytes plus the alt text that describes them.

    The PNG is re-encoded with a 64-colour palette: line drawings on a white card
    lose nothing visible and shrink to about a quarter of the bytes, which keeps
    chapter pages light. ``text_px`` is the size of its smallest text in PNG pixels, no
    text being drawn under :data:`MIN_POINTS`.
    """

    def __init__(self, fig, alt):
        if not alt or not alt.strip():
            raise ValueError("alt must describe what the figure shows")
        for text in fig.findobj(Text):
            text.set_fontsize(max(text.get_fontsize(), MIN_POINTS))
        buffer = io.BytesIO()
        with mpl.rc_context(STYLE):
            fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        self.text_px = _text_px(fig)  # once drawn: tick labels get their text when drawn
        rgb = PIL.Image.open(buffer).convert("RGB")
        palette = rgb.quantize(
            64, method=PIL.Image.Quantize.MEDIANCUT, dither=PIL.Image.Dither.NONE
        )
        buffer = io.BytesIO()
        palette.save(buffer, format="PNG", optimize=True)
        self.png = buffer.getvalue()
        self.alt = true_minus(alt)  # a screen reader says minus, not dash
        self.figure = fig

    def _data(self):
        return f"data:image/png;base64,{base64.b64encode(self.png).decode()}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        tag = (
            f'<img class="nabla-figure" src="{self._data()}" data-text-px="{self.text_px}" '
            f'alt="{html.escape(self.alt)}" style="max-width:100%">'
        )
        return {"text/html": tag, "text/plain": self.alt}
