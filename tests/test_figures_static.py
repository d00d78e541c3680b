"""Static figures: drawn in the course style without global state, shown with alt text."""

import io

import matplotlib as mpl
import pytest
from nabla.figures.static import (
    CYCLE,
    DPI,
    PHONE_MIN_POINTS,
    PHONE_SCREEN,
    PHONE_WIDTH,
    STYLE,
    Image,
    for_phones,
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
    _, ax = new_figure(3.0, 2.0)
    ax.plot([0, 1], [0, 1])
    assert dict(mpl.rcParams) == before
    assert ax.lines[0].get_color() == CYCLE[0]


def test_image_is_a_small_palette_png_with_its_alt_text():
    fig, ax = new_figure(3.0, 2.0)
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


def test_a_figure_for_phones_also_draws_a_narrow_stacked_layout_with_larger_text():
    @for_phones
    def two_panels():
        fig, (left, right) = new_figure(8.0, 3.0, ncols=2)
        left.plot([0, 1], [1, 0])
        left.text(0.5, 0.5, "small", fontsize=6)
        right.set_title("right")
        return Image(fig, "two panels"), "numbers"

    image, numbers = two_panels()
    assert numbers == "numbers"
    wide = PILImage.open(io.BytesIO(image.png))
    narrow = PILImage.open(io.BytesIO(image.phone.png))
    assert wide.width == round(8.0 * DPI)
    assert narrow.width == round(PHONE_WIDTH * DPI)
    assert narrow.height > wide.height  # the panels stacked
    assert image.text_px == round(6 * DPI / 72, 2)  # the 6-point text, as drawn
    assert image.phone.text_px == round(PHONE_MIN_POINTS * DPI / 72, 2)  # raised on a phone
    html = image._repr_mimebundle_()["text/html"]
    assert html.startswith(f'<picture><source media="{PHONE_SCREEN}"')
    assert f'data-text-px="{image.phone.text_px}"' in html
    assert html.count('alt="two panels"') == 1
