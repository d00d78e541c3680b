"""Figures of chapter 5: the least-squares loss over w, and the line that w draws.

Drawing only. Losses, residuals, gradients and the minimiser come from
``nabla`` (``least_squares_loss``, ``residual``, ``least_squares_gradient``,
``normal_equations``, ``quadratic_spectrum``).
"""

import numpy as np

import nabla
from nabla.crossings import level_chord
from nabla.examples import X_TWO_POINTS, Y_TWO_POINTS
from nabla.figures.explorer import Explorer, axis, contour_layers, rounded
from nabla.figures.level_sets import PLOT_ASPECT, clip_polyline
from nabla.figures.static import Image, contour_lines, new_figure

X, Y = X_TWO_POINTS, Y_TWO_POINTS
XS = X[:, 1]  # the data's x values; the first column of X is the intercept's 1
LR = 0.1  # the learning rate of the step the explorer draws
W1_RANGE = (-3.5, 2.0)
W2_RANGE = (-0.5, -0.5 + PLOT_ASPECT * 5.5)  # one unit the same length on both axes
W1 = np.round(np.arange(-14, 9) * 0.25, 10)
W2 = np.round(np.arange(-2, 15) * 0.25, 10)
LEVELS = [0.1, 0.5, 1.5, 3.0, 6.0, 10.0, 14.5, 20.0, 30.0, 45.0]
LINE_X = (0.0, 3.0)
LINE_Y = (-2.0, 8.0)


def loss_on_grid(W):
    """The loss at each point of an array of shape (..., 2), one nabla call per point."""
    W = np.asarray(W, dtype=float)
    flat = [nabla.least_squares_loss(w, X, Y) for w in W.reshape(-1, 2)]
    return np.array(flat).reshape(W.shape[:-1])


def _contours(n=161):
    return contour_lines(loss_on_grid, W1_RANGE, W2_RANGE, LEVELS, n=n)


def draw_loss_contours(ax, *, w=None):
    """Contours of the loss over (w1, w2), the minimiser, and -grad f at ``w``."""
    for lines in _contours().values():
        for line in lines:
            ax.plot(*line.T, color="#94a3b8", lw=1.0)
    best = nabla.normal_equations(X, Y)
    ax.plot(*best, "o", color="#b91c1c", ms=5)
    ax.annotate("minimiser", best, xytext=(6, 4), textcoords="offset points", fontsize=8)
    if w is not None:
        w = np.asarray(w, dtype=float)
        g = nabla.least_squares_gradient(w, X, Y)
        ax.plot(*w, "o", color="#0a58ca", ms=5)
        ax.annotate(
            "",
            xy=w - LR * g,
            xytext=w,
            arrowprops={"arrowstyle": "-|>", "color": "#7e22ce", "lw": 1.5},
        )
    ax.set_xlim(*W1_RANGE)
    ax.set_ylim(*W2_RANGE)
    ax.set_aspect("equal")
    ax.set_xlabel("w₁ (intercept)")
    ax.set_ylabel("w₂ (slope)")
    return ax


def draw_fit(ax, w, *, colour="#0a58ca", label=None, residuals=True):
    """The data points, the line y = w1 + w2 x, and the residuals as vertical segments."""
    w = np.asarray(w, dtype=float)
    xs = np.array(LINE_X)
    ax.plot(xs, w[0] + w[1] * xs, color=colour, lw=1.6, label=label)
    if residuals:
        r = nabla.residual(w, X, Y)
        for x, y, ri in zip(XS, Y, r, strict=True):
            ax.plot([x, x], [y, y + ri], color=colour, lw=1.2, ls="--")
    ax.plot(XS, Y, "o", color="#1f2328", ms=5)
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
    best = nabla.normal_equations(X, Y)
    fig, (left, right) = new_figure(6.6, 2.9, ncols=2, width_ratios=[1.0, 1.15])
    draw_fit(left, w0, colour="#7e22ce", label=f"w = ({w0[0]:g}, {w0[1]:g})")
    draw_fit(left, best, label=f"w = ({best[0]:.0f}, {best[1]:.0f})", residuals=False)
    left.legend(fontsize=8, frameon=False, loc="upper left")
    draw_loss_contours(right, w=w0)
    r0 = nabla.residual(w0, X, Y)
    g0 = nabla.least_squares_gradient(w0, X, Y)
    # The contour's direction from values of f alone, not from the gradient.
    chord = level_chord(lambda w: nabla.least_squares_loss(w, X, Y), w0, 1e-3)
    spectrum = nabla.quadratic_spectrum(X.T @ X)
    numbers = {
        "best": best,
        "loss_best": nabla.least_squares_loss(best, X, Y),
        "residual_best": nabla.residual(best, X, Y),
        "residual_start": r0,
        "loss_start": nabla.least_squares_loss(w0, X, Y),
        "gradient_start": g0,
        "step": w0 - LR * g0,
        "angle": nabla.angle_between(-g0, chord),
        "eigenvalues": spectrum.eigenvalues,
    }
    levels = ", ".join(f"{c:g}" for c in LEVELS)
    alt = (
        f"Left: the data points (1, 2) and (2, 5), the line y = {best[0]:.0f} + {best[1]:.0f} x "
        f"that passes through both (its residuals are zero up to rounding), and the line "
        f"y = {w0[0]:g} + {w0[1]:g} x, "
        f"which misses them by residuals "
        f"{r0[0]:g} and {r0[1]:g}, drawn as dashed segments. Right: contours of the loss "
        f"f(w) = 1/2 ||Xw - y||^2 over (w1, w2) at the levels {levels}, narrow ellipses "
        f"around the minimiser ({best[0]:.0f}, {best[1]:.0f}), where f is zero up to "
        f"rounding; the curvatures along their axes are "
        f"{spectrum.eigenvalues[0]:.3f} and {spectrum.eigenvalues[1]:.3f}. At w = "
        f"({w0[0]:g}, {w0[1]:g}), where f = {numbers['loss_start']:g} and grad f = "
        f"({g0[0]:g}, {g0[1]:g}), an arrow shows the step -{LR:g} grad f to "
        f"({numbers['step'][0]:g}, {numbers['step'][1]:g}); it meets a chord of the contour at "
        f"{numbers['angle']:.1f} degrees."
    )
    return Image(fig, alt), numbers


def loss_frame(a, b):
    """Layers, readout and alt text for w = (a, b)."""
    w = np.array([a, b])
    loss = nabla.least_squares_loss(w, X, Y)
    r = nabla.residual(w, X, Y)
    g = nabla.least_squares_gradient(w, X, Y)
    step = w - LR * g
    lo, hi = np.array([W1_RANGE[0], W2_RANGE[0]]), np.array([W1_RANGE[1], W2_RANGE[1]])
    layers = [{"panel": "loss", "type": "point", "at": [a, b]}]
    arrow = clip_polyline(np.array([w, step]), lo, hi)
    if arrow and np.linalg.norm(arrow[0][-1] - arrow[0][0]) > 1e-9:
        layers.append(
            {"panel": "loss", "type": "arrow", "cls": "descent", "points": rounded(arrow[0])}
        )
    xs = np.array(LINE_X)
    line = clip_polyline(
        np.column_stack([xs, a + b * xs]),
        np.array([LINE_X[0], LINE_Y[0]]),
        np.array([LINE_X[1], LINE_Y[1]]),
    )
    for piece in line:
        layers.append({"panel": "fit", "type": "line", "cls": "curve", "points": rounded(piece)})
    for x, y, ri in zip(XS, Y, r, strict=True):
        if ri != 0:
            segment = [[x, y], [x, float(np.clip(y + ri, *LINE_Y))]]
            layers.append(
                {"panel": "fit", "type": "line", "cls": "tangent", "points": rounded(segment)}
            )
    readout = [
        [f"{loss:.4f}", loss],
        [f"{r[0]:.2f}", r[0]],
        [f"{r[1]:.2f}", r[1]],
        [f"{g[0]:.2f}", g[0]],
        [f"{g[1]:.2f}", g[1]],
        [f"{step[0]:.3f}", step[0]],
        [f"{step[1]:.3f}", step[1]],
    ]
    alt = (
        f"w = ({a:g}, {b:g}): the line y = {a:g} + {b:g} x misses the points by "
        f"{r[0]:.2f} and {r[1]:.2f}; f = {loss:.4f}, grad f = ({g[0]:.2f}, {g[1]:.2f})."
    )
    return {"layers": layers, "readout": readout, "alt": alt}


def loss_explorer():
    """Drag w over the loss contours; the line, its residuals and one gradient step follow."""
    contours = contour_layers("loss", _contours(n=81))
    best = nabla.normal_equations(X, Y)
    cross = [[[-0.12, -0.12], [0.12, 0.12]], [[-0.12, 0.12], [0.12, -0.12]]]
    marks = [
        *(
            {"panel": "loss", "type": "line", "cls": "grad", "points": rounded(best + np.array(c))}
            for c in cross
        ),
        {
            "panel": "loss",
            "type": "text",
            "cls": "text",
            "at": rounded(best + np.array([0.2, 0.1])),
            "text": f"minimiser ({best[0]:.0f}, {best[1]:.0f})",
        },
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
                "title": "Loss contours over w; drag w",
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
            "f(w) = ½‖Xw - y‖²",
            "residual r₁ = w₁ + w₂·1 - 2",
            "residual r₂ = w₁ + w₂·2 - 5",
            "∂f/∂w₁ = r₁ + r₂",
            "∂f/∂w₂ = r₁ + 2r₂",
            f"w₁ after one step, w - {LR:g}∇f",
            f"w₂ after one step, w - {LR:g}∇f",
        ],
        frames=[loss_frame(a, b) for a in W1 for b in W2],
        layers=[*contours, *marks],
        drag={"panel": "loss", "x": "w1", "y": "w2"},
    )
    explorer.index = explorer.frame_index(int(np.argmin(abs(W1))), int(np.argmin(abs(W2))))
    return explorer
