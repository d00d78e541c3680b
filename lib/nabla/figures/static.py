"""Static matplotlib figures, shown as images that carry their alt text.

A figure function decorated with :func:`for_phones` draws twice: as laid out, and once more
in a phone column (:data:`PHONE_WIDTH` wide, its panels stacked, no text under
:data:`PHONE_MIN_POINTS`), shown instead on a narrow screen, so its text stays readable
there rather than shrink with a wide image.
"""

import base64
import contextvars
import functools
import html
import io

import matplotlib as mpl
import PIL.Image
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.text import Text

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


DPI = 110
PHONE_WIDTH = 2.9
"""Inches: 319 px at :data:`DPI`, drawn at its own size in the text column of a 390 px phone
(358 px) and scaled by no less than 0.9 at 320 px (288 px)."""
PHONE_MIN_POINTS = 9
"""No text smaller on a phone: 13.75 px at :data:`DPI`, 12.4 px on a 320 px screen."""
PHONE_SCREEN = "(max-width: 40em)"
_PHONE = contextvars.ContextVar("phone", default=False)


def on_phone():
    """Whether the figure being drawn is the phone layout (:func:`for_phones`)."""
    return _PHONE.get()


def new_figure(width=6.4, height=3.6, *, phone_height=None, phone_ratios=None, **subplots):
    """A figure and its axes in the course style, without touching global state.

    Drawn for a phone (:func:`for_phones`), panels side by side are stacked, each
    :data:`PHONE_WIDTH` wide and about as tall for its width as laid out here, unless
    ``phone_height`` (inches) and ``phone_ratios`` (of the panels' heights) say otherwise.
    """
    if on_phone():
        panels = subplots.pop("ncols", 1)
        subplots.pop("width_ratios", None)
        if panels > 1:
            subplots |= {"nrows": panels, "height_ratios": phone_ratios}
        height = phone_height or panels * max(2.8, height * PHONE_WIDTH * panels / width)
        width = PHONE_WIDTH
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(**subplots)
    return fig, axes


def for_phones(draw):
    """A figure function that returns an :class:`Image` (alone or first in a tuple), made to
    draw a phone layout too: the result's image carries it as ``phone``."""

    def image_of(result):
        return result[0] if isinstance(result, tuple) else result

    @functools.wraps(draw)
    def both(*args, **kwargs):
        result = draw(*args, **kwargs)
        token = _PHONE.set(True)
        try:
            image_of(result).phone = image_of(draw(*args, **kwargs))
        finally:
            _PHONE.reset(token)
        return result

    return both


def _text_px(fig):
    """The size of the smallest text drawn in fig, in pixels of its PNG (0 if none)."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    return round(min(sizes, default=0) * DPI / 72, 2)


def legend(ax, **where):
    """ax's legend in 8 points, at ``where`` (keywords of ``ax.legend``), or under the axes,
    off the data, on a phone."""
    if on_phone():
        where = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.25), "frameon": False}
    ax.legend(fontsize=8, **where)


class Image:
    """A rendered figure: PNG bytes plus the alt text that describes them.

    The PNG is re-encoded with a 64-colour palette: line drawings on a white card
    lose nothing visible and shrink to about a quarter of the bytes, which keeps
    chapter pages light. ``text_px`` is the size of its smallest text in PNG pixels;
    ``phone``, when set (:func:`for_phones`), the image shown on a narrow screen.
    """

    phone = None

    def __init__(self, fig, alt):
        if not alt or not alt.strip():
            raise ValueError("alt must describe what the figure shows")
        if _PHONE.get():
            for text in fig.findobj(Text):
                text.set_fontsize(max(text.get_fontsize(), PHONE_MIN_POINTS))
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
        self.alt = alt

    def _data(self):
        return f"data:image/png;base64,{base64.b64encode(self.png).decode()}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        tag = (
            f'<img class="nabla-figure" src="{self._data()}" data-text-px="{self.text_px}" '
            f'alt="{html.escape(self.alt)}" style="max-width:100%">'
        )
        if self.phone is not None:
            tag = (
                f'<picture><source media="{PHONE_SCREEN}" srcset="{self.phone._data()}" '
                f'data-text-px="{self.phone.text_px}">{tag}</picture>'
            )
        return {"text/html": tag, "text/plain": self.alt}
