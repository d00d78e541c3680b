"""Static figures: drawn in the course style without global state, shown with alt text."""

import contextlib
import io
import itertools
from unittest import mock

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.spines import Spine
from matplotlib.text import Text
from nabla.examples import HILL_MINIMUM, HILL_SADDLE
from nabla.figures import descent, directional, gradient, least_squares, level_sets
from nabla.figures.static import (
    CYCLE,
    DPI,
    MIN_POINTS,
    STYLE,
    WIDTH,
    Image,
    new_figure,
)
from PIL import Image as PILImage

from .test_themes import contrast


def test_line_colours_stand_out_on_their_white_card():
    assert STYLE["figure.facecolor"] == STYLE["axes.facecolor"] == "white"
    for colour in CYCLE:
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert contrast(rgb, (255, 255, 255)) >= 4.5, colour


def test_new_figure_leaves_the_global_style_alone():
    before = dict(mpl.rcParams)
    _, ax = new_figure(2.0)
    ax.plot([0, 1], [0, 1])
    assert dict(mpl.rcParams) == before
    assert ax.lines[0].get_color() == CYCLE[0]


def test_image_is_a_small_palette_png_with_its_alt_text():
    fig, ax = new_figure(2.0)
    ax.plot([0, 1], [1, 0])
    image = Image(fig, "a falling line")
    png = PILImage.open(io.BytesIO(image.png))
    assert png.mode == "P"
    assert len(png.getcolors()) <= 64
    bundle = image._repr_mimebundle_()
    assert bundle["text/plain"] == "a falling line"
    assert 'alt="a falling line"' in bundle["text/html"]


def test_image_needs_alt_text():
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="alt"):
        Image(fig, "  ")


def test_a_figure_is_one_narrow_column_of_stacked_panels_with_no_small_text():
    fig, (top, bottom) = new_figure(5.0, nrows=2, ratios=[1, 2])
    top.text(0.5, 0.5, "small", fontsize=6)
    bottom.set_title("bottom")
    image = Image(fig, "two panels")
    png = PILImage.open(io.BytesIO(image.png))
    assert (png.width, png.height) == (round(WIDTH * DPI), round(5.0 * DPI))
    assert top.get_position().height < bottom.get_position().height  # the ratios
    assert image.text_px == round(MIN_POINTS * DPI / 72, 2)  # the 6-point text raised
    html = image._repr_mimebundle_()["text/html"]
    assert html.startswith("<img ")  # one image for every width, no <picture>
    assert f'data-text-px="{image.text_px}"' in html


# --- Labels clear of the drawing -------------------------------------------------------


def _drawn(fig):
    """Every visible artist a draw of fig at the book's DPI draws (texts, lines, collections
    such as quiver arrows, annotation arrows, the axes' frames), in drawing order, and the
    renderer that drew them."""
    drawn = []
    with contextlib.ExitStack() as stack:
        for cls in (Text, Line2D, Collection, FancyArrowPatch, Spine):

            def draw(self, renderer, _original=cls.draw):
                drawn.append(self)
                return _original(self, renderer)

            stack.enter_context(mock.patch.object(cls, "draw", draw))
        canvas = FigureCanvasAgg(fig)
        fig.set_dpi(DPI)
        canvas.draw()
    return [a for a in dict.fromkeys(drawn) if a.get_visible()], canvas.get_renderer()


def _strokes(artist):
    """The polylines an artist draws, in display pixels: a line's segments (none for markers
    alone), each path of a collection at its offset, a patch's outline."""
    if isinstance(artist, Line2D):
        if artist.get_linestyle() in ("None", "", " ") or artist.get_linewidth() == 0:
            return []
        return [artist.get_transform().transform(artist.get_xydata())]
    if isinstance(artist, Collection):
        shift = artist.get_offset_transform().transform(artist.get_offsets())
        return [
            artist.get_transform().transform(path.vertices) + shift[k % len(shift)]
            for k, path in enumerate(artist.get_paths())
        ]
    return artist.get_transform().transform_path(artist.get_path()).to_polygons(closed_only=False)


def _meets(box, a, b):
    """Whether the segment from a to b meets ``box = (x0, y0, x1, y1)`` (Liang-Barsky)."""
    t0, t1 = 0.0, 1.0
    for p, q in (
        (a[0] - b[0], a[0] - box[0]),
        (b[0] - a[0], box[2] - a[0]),
        (a[1] - b[1], a[1] - box[1]),
        (b[1] - a[1], box[3] - a[1]),
    ):
        if p == 0 and q < 0:
            return False
        if p < 0:
            t0 = max(t0, q / p)
        elif p > 0:
            t1 = min(t1, q / p)
    return t0 <= t1


def _on_a_card(text, line):
    """Whether text sits on an opaque card of the figure's colour drawn over line."""
    card = text.get_bbox_patch()
    return (
        card is not None
        and card.get_alpha() in (None, 1)
        and tuple(card.get_facecolor()) == tuple(text.figure.get_facecolor())
        and text.get_zorder() > line.get_zorder()
    )


def label_faults(fig):
    """Each text whose box (less 1 px a side, in the part its mark's clip box keeps) meets a
    plotted line, a marker, an arrow or a plot frame, and each two texts whose boxes meet (by
    more than 0.5 px both ways). A line under a text's own opaque card of the figure's colour
    is hidden there, as a level curve under its label; an annotation's own arrow is its."""
    drawn, renderer = _drawn(fig)
    texts = [a for a in drawn if isinstance(a, Text) and a.get_text().strip()]
    marks = [a for a in drawn if not isinstance(a, Text)]
    boxes = [Text.get_window_extent(t, renderer) for t in texts]  # an annotation's, no arrow
    faults = []
    for k, (text, box) in enumerate(zip(texts, boxes, strict=True)):
        for other, seen in zip(texts[:k], boxes[:k], strict=True):
            w = min(box.x1, seen.x1) - max(box.x0, seen.x0)
            h = min(box.y1, seen.y1) - max(box.y0, seen.y0)
            if w > 0.5 and h > 0.5:
                faults.append(f"{text.get_text()!r} meets {other.get_text()!r}")
        for mark in marks:
            if mark is getattr(text, "arrow_patch", None) or (
                isinstance(mark, Line2D) and _on_a_card(text, mark)
            ):
                continue
            clip = mark.get_clip_box() if mark.get_clip_on() else None
            x0, y0, x1, y1 = box.x0 + 1, box.y0 + 1, box.x1 - 1, box.y1 - 1
            if clip is not None:
                x0, y0 = max(x0, clip.x0), max(y0, clip.y0)
                x1, y1 = min(x1, clip.x1), min(y1, clip.y1)
            if x0 >= x1 or y0 >= y1:
                continue
            hit = any(
                _meets((x0, y0, x1, y1), a, b)
                for line in _strokes(mark)
                for a, b in itertools.pairwise(line)
            )
            if isinstance(mark, Line2D) and mark.get_marker() not in (None, "None", "", " "):
                r = mark.get_markersize() / 2 * fig.dpi / 72
                at = mark.get_transform().transform(mark.get_xydata())
                hit = hit or any(
                    x + r > x0 and x - r < x1 and y + r > y0 and y - r < y1 for x, y in at
                )
            if hit:
                faults.append(f"a {type(mark).__name__} crosses {text.get_text()!r}")
    return faults


def test_label_faults_finds_lines_arrows_and_texts_across_labels():
    fig, ax = new_figure(2.5)
    ax.set(xlim=(0, 10), ylim=(0, 10))
    ax.plot([0, 10], [5, 5])
    ax.text(4, 5, "on the line", va="center")
    ax.text(4, 8, "on a card", va="center", bbox={"fc": "white", "ec": "none"})
    ax.plot([0, 10], [8, 8])
    ax.quiver([1], [2], [8], [0], angles="xy", scale_units="xy", scale=1)
    ax.text(5, 2, "on an arrow", va="center")
    ax.text(1, 1, "one", va="center")
    ax.text(1.3, 1, "two", va="center")
    ax.annotate("", (6, 9.5), (3, 9.5), arrowprops={"arrowstyle": "->"})
    ax.text(4, 9.5, "under an arrow", va="center", bbox={"fc": "white", "ec": "none"})
    ax.text(5, 0.1, "frame", ha="center")  # between two ticks
    ax.text(0.5, 3.5, "clear")
    assert sorted(label_faults(fig)) == [
        "'two' meets 'one'",
        "a FancyArrowPatch crosses 'under an arrow'",
        "a Line2D crosses 'on the line'",
        "a Quiver crosses 'on an arrow'",
        "a Spine crosses 'frame'",
    ]


SIZES = np.array([8, 16, 32, 64, 128, 256, 512, 1024])
STATIC_FIGURES = {  # as the chapters draw them (chapter 2's timings made up)
    "ch2 gradient field": lambda: gradient.gradient_field_figure(
        {"local minimum": HILL_MINIMUM, "saddle": HILL_SADDLE}
    ),
    "ch2 timing": lambda: gradient.timing_figure(
        SIZES, {"central differences": 3e-7 * SIZES**2, "exact gradient": 4e-6 * SIZES**0.3}
    ),
    "ch3 directions": directional.directions_figure,
    "ch4 orthogonality": lambda: level_sets.orthogonality_figure()[0],
    "ch4 spacing error": lambda: level_sets.spacing_error_figure(
        np.array([[1.0, 2.0], [0.8, -0.6], [-1.0, 0.5], [-2.0, 1.3], [0.1, 0.1]]),
        np.logspace(0, -4, 9),
    )[0],
    "ch5 fit": lambda: least_squares.fit_figure()[0],
    "ch6 ten steps": descent.ten_steps_figure,
    "ch6 rates": descent.rates_figure,
}


@pytest.mark.parametrize("name", STATIC_FIGURES)
def test_static_figure_labels_are_clear_of_lines_arrows_and_each_other(name):
    assert label_faults(STATIC_FIGURES[name]().figure) == []
