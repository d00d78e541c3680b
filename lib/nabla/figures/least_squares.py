"""Figures of chapter 5: the least-squares loss over w, and the line that w draws.

Drawing only. Losses, residuals, gradients and the minimiser come from
``nabla`` (``least_squares_loss``, ``residual``, ``least_squares_gradient``,
``normal_equations``, ``quadratic_spectrum``).
"""

import numpy as np

import nabla
from nabla.crossings import level_chord
from nabla.examples import (
    TWO_POINTS_MINIMISER,
    TWO_POINTS_SPECTRUM,
    X_TWO_POINTS,
    Y_TWO_POINTS,
    two_points_gradient,
    two_points_loss,
)
from nabla.figures.common import (
    COLOURS,
    MINUS,
    clip,
    contour_lines,
    draw_contours,
    equal_scale_height,
    fixed,
    line_text,
    point_text,
    pointwise,
    signed,
)
from nabla.figures.explorer import Explorer, axis, contour_layers, rounded
from nabla.figures.static import CARD, Image, new_figure

X, Y = X_TWO_POINTS, Y_TWO_POINTS
XS = X[:, 1]  # the data's x values; the first column of X is the intercept's 1
LR = 0.1  # the learning rate of the step the explorer draws
W1_RANGE = (-3.5, 2.0)
W2_RANGE = (-0.5, -0.5 + equal_scale_height(5.5))  # one unit the same length on both axes
W1 = np.round(np.arange(-14, 9) * 0.25, 10)
W2 = np.round(np.arange(-2, 15) * 0.25, 10)
LEVELS = [0.1, 0.5, 1.5, 3.0, 6.0, 10.0, 14.5, 20.0, 30.0, 45.0]
LINE_X = (0.0, 3.0)
LINE_Y = (-2.0, 8.0)
MOVES = 1e-9
"""The explorer draws the step's arrow only when it moves w by more than this."""


def _contours(n=161):
    return contour_lines(pointwise(two_points_loss), W1_RANGE, W2_RANGE, LEVELS, n=n)


def draw_loss_contours(ax, *, w=None):
    """Contours of the loss over (w1, w2), the minimiser, and -grad f at ``w``."""
    draw_contours(ax, _contours(), {"color": COLOURS["faint"], "lw": 1.0})
    best = TWO_POINTS_MINIMISER
    ax.plot(*best, "o", color=COLOURS["accent"], ms=5)
    ax.annotate("minimiser", best, xytext=(6, 4), textcoords="offset points", fontsize=8, bbox=CARD)
    if w is not None:
        w = np.asarray(w, dtype=float)
        g = two_points_gradient(w)
        ax.plot(*w, "o", color=COLOURS["curve"], ms=5)
        ax.annotate(
            "",
            xy=w - LR * g,
            xytext=w,
            arrowprops={"arrowstyle": "-|>", "color": COLOURS["descent"], "lw": 1.5},
        )
    ax.set_xlim(*W1_RANGE)
    ax.set_ylim(*W2_RANGE)
    ax.set_aspect("equal")
    ax.set_xlabel("w₁ (intercept)")
    ax.set_ylabel("w₂ (slope)")
    return ax


def draw_fit(ax, w, *, colour=COLOURS["curve"], label=None, residuals=True):
    """The data points, the line y = w1 + w2 x, and the residuals as vertical segments."""
    w = np.asarray(w, dtype=float)
    xs = np.array(LINE_X)
    ax.plot(xs, w[0] + w[1] * xs, color=colour, lw=1.6, label=label)
    if residuals:
        r = nabla.residual(w, X, Y)
        for x, y, ri in zip(XS, Y, r, strict=True):
            ax.plot([x, x], [y, y + ri], color=colour, lw=1.2, ls="--")
    ax.plot(XS, Y, "o", color=COLOURS["ink"], ms=5)
    ax.set_xlim(*LINE_X)
    ax.set_ylim(*LINE_Y)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return ax


def fit_figure(w_start=(0.0, 0.0)):
    """The data and two lines (the fit and a start), beside the loss contours over w.

    Returns
    -------
    Image
        With alt text stating the residuals, the loss, the gradient and the
        angle at which -grad f crosses the contour through ``w_start``.
    dict
        The numbers the alt text states.
    """
    w0 = np.asarray(w_start, dtype=float)
    best = TWO_POINTS_MINIMISER
    fig, (left, right) = new_figure(5.6, nrows=2)
    draw_fit(left, w0, colour=COLOURS["descent"], label=f"w = {point_text(w0)}")
    draw_fit(left, best, label=f"w = {point_text(np.round(best))}", residuals=False)
    left.legend(fontsize=8, frameon=False, loc="upper left")
    draw_loss_contours(right, w=w0)
    r0 = nabla.residual(w0, X, Y)
    g0 = two_points_gradient(w0)
    # The contour's direction from values of f alone, not from the gradient.
    chord = level_chord(two_points_loss, w0, 1e-3)
    spectrum = TWO_POINTS_SPECTRUM
    numbers = {
        "best": best,
        "loss_best": two_points_loss(best),
        "residual_best": nabla.residual(best, X, Y),
        "residual_start": r0,
        "loss_start": two_points_loss(w0),
        "gradient_start": g0,
        "step": w0 - LR * g0,
        "angle": nabla.angle_between(-g0, chord),
        "eigenvalues": spectrum.eigenvalues,
    }
    levels = ", ".join(f"{c:g}" for c in LEVELS)
    alt = (
        f"Left: the data points (1, 2) and (2, 5), the line {line_text(*np.round(best))} "
        f"that passes through both (its residuals are zero up to rounding), and the line "
        f"{line_text(*w0)}, "
        f"which misses them by residuals "
        f"{r0[0]:g} and {r0[1]:g}, drawn as dashed segments. Right: contours of the loss "
        f"f(w), half the squared length of Xw {MINUS} y, over (w₁, w₂) at the levels {levels}, "
        "narrow ellipses "
        f"around the minimiser ({best[0]:.0f}, {best[1]:.0f}), where f is zero up to "
        f"rounding; the curvatures along their axes are "
        f"{spectrum.eigenvalues[0]:.3f} and {spectrum.eigenvalues[1]:.3f}. At w = "
        f"({w0[0]:g}, {w0[1]:g}), where f = {numbers['loss_start']:g} and the gradient is "
        f"({g0[0]:g}, {g0[1]:g}), an arrow shows the step of {MINUS}{LR:g} times the gradient to "
        f"({numbers['step'][0]:g}, {numbers['step'][1]:g}); it meets a chord of the contour at "
        f"{numbers['angle']:.1f} degrees."
    )
    return Image(fig, alt), numbers


def loss_frame(a, b):
    """Layers, readout and alt text for w = (a, b)."""
    w = np.array([a, b])
    loss = two_points_loss(w)
    r = nabla.residual(w, X, Y)
    g = two_points_gradient(w)
    step = w - LR * g
    layers = [{"panel": "loss", "type": "point", "at": [a, b]}]
    arrow = clip([w, step], (W1_RANGE, W2_RANGE))
    if arrow and np.linalg.norm(arrow[0][-1] - arrow[0][0]) > MOVES:
        layers.append(
            {"panel": "loss", "type": "arrow", "cls": "descent", "points": rounded(arrow[0])}
        )
    xs = np.array(LINE_X)
    line = clip(np.column_stack([xs, a + b * xs]), (LINE_X, LINE_Y))
    for piece in line:
        layers.append({"panel": "fit", "type": "line", "cls": "curve", "points": rounded(piece)})
    for x, y, ri in zip(XS, Y, r, strict=True):
        if ri != 0:
            segment = [[x, y], [x, float(np.clip(y + ri, *LINE_Y))]]
            layers.append(
                {"panel": "fit", "type": "line", "cls": "tangent", "points": rounded(segment)}
            )
    shown = [(loss, 4), (r[0], 2), (r[1], 2), (g[0], 2), (g[1], 2), (step[0], 3), (step[1], 3)]
    readout = [[fixed(v, digits), float(v)] for v, digits in shown]
    alt = (
        f"w = ({a:g}, {b:g}): the line {line_text(a, b)} misses the points by "
        f"{r[0]:.2f} and {r[1]:.2f}; f = {loss:.4f}, the gradient is ({g[0]:.2f}, {g[1]:.2f})."
    )
    return signed({"layers": layers, "readout": readout, "alt": alt})


def loss_explorer():
    """Drag w over the loss contours; the line, its residuals and one gradient step follow."""
    contours = contour_layers("loss", _contours(n=81))
    best = TWO_POINTS_MINIMISER
    cross = [[[-0.12, -0.12], [0.12, 0.12]], [[-0.12, 0.12], [0.12, -0.12]]]
    marks = [
        *(
            {"panel": "loss", "type": "line", "cls": "grad", "points": rounded(best + np.array(c))}
            for c in cross
        ),
        *(
            {"panel": "fit", "type": "point", "at": [float(x), float(y)]}
            for x, y in zip(XS, Y, strict=True)
        ),
    ]
    explorer = Explorer(
        title="The least-squares loss over w: the fitted line, its residuals and one step",
        controls=[
            {"name": "w1", "label": "w₁", "values": W1.tolist(), "format": "{:.2f}"},
            {"name": "w2", "label": "w₂", "values": W2.tolist(), "format": "{:.2f}"},
        ],
        panels=[
            {
                "id": "loss",
                "title": f"Loss contours over w, the minimiser {point_text(best)} a green "
                "\N{MULTIPLICATION SIGN}; drag w",
                "x": axis("w₁ (intercept)", *W1_RANGE),
                "y": axis("w₂ (slope)", *W2_RANGE),
            },
            {
                "id": "fit",
                "title": "The line y = w₁ + w₂x; residuals",
                "x": axis("x", *LINE_X),
                "y": axis("y", *LINE_Y),
            },
        ],
        readout=[
            f"f(w) = ½‖Xw {MINUS} y‖²",
            f"residual r₁ = w₁ + w₂·1 {MINUS} 2",
            f"residual r₂ = w₁ + w₂·2 {MINUS} 5",
            "∂f/∂w₁ = r₁ + r₂",
            "∂f/∂w₂ = r₁ + 2r₂",
            f"w₁ after one step, w {MINUS} {LR:g}∇f",
            f"w₂ after one step, w {MINUS} {LR:g}∇f",
        ],
        frames=[loss_frame(a, b) for a in W1 for b in W2],
        layers=[*contours, *marks],
        drag={"panel": "loss", "x": "w1", "y": "w2"},
        live=loss_frame,
    )
    explorer.index = explorer.frame_index(int(np.argmin(abs(W1))), int(np.argmin(abs(W2))))
    return explorer
