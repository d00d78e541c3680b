"""Static figures: drawn in the course style without global state, shown with alt text."""

import io

import matplotlib as mpl
import pytest
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
