"""What the figures share: number formats, colours by role, the panel's shape, clipping,
contours."""

import ast
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from nabla.figures import common
from nabla.figures.common import MINUS, STATIC


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(-1e-12, 3, "0.000"), (-0.5, 2, "-0.50"), (2.25, 1, "2.2"), (-17.0, 0, "-17")],
)
def test_fixed_never_shows_a_negative_zero(value, digits, text):
    assert common.fixed(value, digits) == text.replace("-", MINUS)
    assert common.fixed(value, digits, minus="-") == text


@pytest.mark.parametrize(
    ("value", "text"), [(2.5, "2.5"), (-3.0, f"{MINUS}3"), (0.004, "0"), (1.25, "1.25")]
)
def test_short_drops_trailing_zeros(value, text):
    assert common.short(value) == text


def test_four_places_switches_to_exponents_for_large_values():
    assert common.four_places(-1.23456) == "-1.2346"
    assert common.four_places(123456.0) == "1.235e+05"


def test_every_colour_class_of_the_explorer_has_a_role():
    css = (common.STATIC / "explorer.css").read_text()
    used = set(re.findall(r"var\(--nx-([a-z]+)\)", css))
    assert used <= set(common.COLOURS)
    light, dark = css.split('html[data-theme="dark"]', 1)
    for role in used:  # the light theme's value, not the dark theme's
        assert f"--nx-{role}: {common.COLOURS[role]}" in light
        assert f"--nx-{role}: {common.COLOURS[role]};" not in dark


def test_equal_scale_extents_invert_each_other():
    for extent in (0.5, 1.3, 6.0):
        assert common.equal_scale_width(common.equal_scale_height(extent)) == pytest.approx(extent)
    assert common.equal_scale_height(common.PLOT_WIDTH) == pytest.approx(common.PLOT_HEIGHT)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ([[0.5, 0.5], [1.5, 1.5]], [[[0.5, 0.5], [1.5, 1.5]]]),  # inside: unchanged
        ([[-1.0, 1.0], [3.0, 1.0]], [[[0.0, 1.0], [2.0, 1.0]]]),  # through: cut at both edges
        ([[3.0, 3.0], [4.0, 3.0]], []),  # outside
        (
            [[1.0, 1.0], [3.0, 1.0], [3.0, 1.5], [1.0, 1.5]],
            [[[1.0, 1.0], [2.0, 1.0]], [[2.0, 1.5], [1.0, 1.5]]],
        ),
    ],
)
def test_clip(line, expected):
    pieces = common.clip(line, ((0.0, 2.0), (0.0, 2.0)))
    assert [p.tolist() for p in pieces] == expected


def test_clip_keeps_the_vertices_inside_exactly():
    rng = np.random.default_rng(0)
    line = rng.uniform(0.0, 1.0, (50, 2)) * [0.3, 1e-7] + [0.1, 0.2]
    (piece,) = common.clip(line, ((0.0, 1.0), (0.0, 1.0)))
    np.testing.assert_array_equal(piece, line)


def test_inside_includes_the_edges():
    box = ((0.0, 1.0), (-1.0, 0.0))
    assert common.inside([1.0, -1.0], box)
    assert not common.inside([1.0, 0.5], box)


def test_pointwise_calls_f_on_each_point():
    W = np.arange(12.0).reshape(2, 3, 2)
    values = common.pointwise(lambda w: float(w[0] - 2 * w[1]))(W)
    np.testing.assert_array_equal(values, W[..., 0] - 2 * W[..., 1])


def test_contour_lines_lie_on_their_level():
    lines = common.contour_lines(lambda p: np.sum(p**2, axis=-1), (-2, 2), (-2, 2), [1.0, 2.0])
    for level, pieces in lines.items():
        for piece in pieces:
            np.testing.assert_allclose(np.hypot(*piece.T), np.sqrt(level), rtol=1e-3)


def test_draw_contours_styles_each_level():
    ax = Figure().subplots()
    lines = common.contour_lines(lambda p: np.sum(p**2, axis=-1), (-2, 2), (-2, 2), [1.0, 2.0])
    common.draw_contours(ax, lines, lambda level: {"lw": level})
    assert sorted(line.get_linewidth() for line in ax.lines) == [1.0, 2.0]


def _prose(module):
    """The strings of a module that hold words, f-strings' literal parts included: its
    descriptions and labels (not docstrings, names, regular expressions or TeX)."""
    tree = ast.parse(Path(module).read_text())
    statements = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in statements and " " in node.value and not {"\\", "$"} & set(node.value)
    ]


def test_figure_descriptions_say_their_maths_as_a_screen_reader_speaks_it():
    """ASCII stand-ins ("grad f . u", "||grad f||", "x1^2", "lr*0.1") are read out letter by
    letter or as punctuation: a description says "the gradient", "the length of", x₁²."""
    ascii_maths = re.compile(r"grad f|\|\||\^|\w\*\w|\bx[12]\b|\bw[12]\b| \. |lambda|theta")
    found = {
        module.name: hits
        for module in (STATIC.parent).glob("*.py")
        if (hits := [t for t in _prose(module) if ascii_maths.search(t)])
    }
    assert found == {}


def test_clip_out_keeps_exactly_what_clip_drops():
    """Cut out of a box and cut to it, a wandering line loses no length and gains none, and
    nothing left over runs inside the box."""
    rng = np.random.default_rng(16)
    line = np.cumsum(rng.normal(size=(200, 2)), axis=0) * 0.3
    box = ((-1.0, 1.5), (-0.5, 2.0))

    def length(pieces):
        return sum(np.linalg.norm(np.diff(p, axis=0), axis=1).sum() for p in pieces)

    assert length(common.clip(line, box)) > 1  # the line does cross the box
    outside = common.clip_out(line, box)
    assert length(outside) + length(common.clip(line, box)) == pytest.approx(length([line]))
    middles = np.concatenate([(p[1:] + p[:-1]) / 2 for p in outside])
    (x_lo, x_hi), (y_lo, y_hi) = box
    strictly_inside = (
        (middles[:, 0] > x_lo)
        & (middles[:, 0] < x_hi)
        & (middles[:, 1] > y_lo)
        & (middles[:, 1] < y_hi)
    )
    assert not strictly_inside.any()
