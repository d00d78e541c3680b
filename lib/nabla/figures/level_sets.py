"""Figures of chapter 4: level sets of the hill, gradients across them, their spacing.

Drawing only. The gradients, tangents, chords and spacings come from
``nabla`` (``nabla.gradient``, ``nabla.tangent``, ``nabla.level_curve``,
``nabla.contour_spacing``, ``nabla.crossings.level_chord``).
"""

import numpy as np

import nabla
from nabla.crossings import level_chord
from nabla.examples import HILL_MINIMUM, HILL_SADDLE, hill, hill_gradient
from nabla.figures.common import (
    COLOURS,
    clip,
    contour_lines,
    draw_contours,
    equal_scale_height,
    inside,
    signed,
    true_minus,
)
from nabla.figures.explorer import Explorer, axis, contour_layers, decimals, rounded
from nabla.figures.static import Image, legend, new_figure

# Both panels draw one unit the same length on both axes, so right angles look right.
X1_RANGE = (-4.5, 1.5)
X2_RANGE = (-1.2, -1.2 + equal_scale_height(6.0))
LEVELS = [-1.6, -1.0, 0.0, 1.0, 3.0, 6.0, 11.0, 18.0, 28.0]
DC = 0.5  # the explorer measures the spacing to the level f(x) + DC
CHORD_RADIUS = 0.001  # and the chord of the level curve across this circle
# The explorer's grid: x2 steps over both critical points (x2 = 0 and 1.5), so
# no frame sits where grad f = 0 and the level set has no tangent.
X1 = np.round(-4.5 + np.arange(17) * 0.375, 10)
X2 = np.round(0.2 + np.arange(-3, 8) * 0.4, 10)
ZOOM = 0.5  # half-width of the close-up, in units of x
ZOOM_BOX = ((-ZOOM, ZOOM), (-equal_scale_height(ZOOM), equal_scale_height(ZOOM)))
STEEP = 2.5
"""Where ||grad f|| is below this (near the minimum) the level curves bend sharply and
are traced in finer steps."""


def _unit_gradient(x):
    return nabla.unit_vector(nabla.gradient(hill, x))


def screen_angles(ax, points, directions, normals):
    """The angles, in degrees, at which two families of vectors meet on the drawn axes.

    Each vector is mapped through the axes' data-to-display transform at its
    point, so the result is the angle a reader sees, which equals the true
    angle only when one unit of x1 and one of x2 are drawn the same length.
    """
    ax.figure.draw_without_rendering()
    angles = []
    for p, d, n in zip(points, directions, normals, strict=True):
        base = ax.transData.transform(p)
        seen_d = ax.transData.transform(p + 1e-3 * d) - base
        seen_n = ax.transData.transform(p + 1e-3 * n) - base
        angles.append(nabla.angle_between(seen_d, seen_n))
    return np.array(angles)


def draw_level_sets(ax, *, points, arrow=0.45):
    """Contours of the hill, its critical points, and unit gradients at ``points``."""
    ax.set_facecolor("white")

    def style(level):  # the level 0 crosses itself at the saddle: drawn stronger
        if level == 0.0:
            return {"color": COLOURS["curve"], "lw": 1.6}
        return {"color": COLOURS["faint"], "lw": 1.0}

    draw_contours(ax, contour_lines(hill, X1_RANGE, X2_RANGE, LEVELS, n=241), style)
    for p in points:
        t = nabla.tangent(hill, p)
        g = _unit_gradient(p)
        ax.plot(*np.array([p - 0.3 * t, p + 0.3 * t]).T, color=COLOURS["tangent"], lw=1.5)
        ax.annotate(
            "",
            xy=p + arrow * g,
            xytext=p,
            arrowprops={"arrowstyle": "-|>", "color": COLOURS["grad"], "lw": 1.5},
        )
    ax.plot(*HILL_MINIMUM, "o", color=COLOURS["accent"], ms=5)
    ax.plot(*HILL_SADDLE, "s", color=COLOURS["accent"], ms=5)
    ax.set_xlim(*X1_RANGE)
    ax.set_ylim(*X2_RANGE)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    return ax


ARROW_POINTS = np.array(
    [[-3.6, 0.2], [-3.0, 2.6], [-1.2, 2.2], [-1.5, 0.6], [0.9, 1.2], [0.8, -0.6], [-2.7, -0.6]]
)


def orthogonality_figure(stretch=2.0):
    """Gradients across the contours, drawn with equal axes and with x2 stretched.

    Returns
    -------
    Image
        With alt text stating the angles a reader sees in each panel.
    dict
        ``{"left": angles, "right": angles}``: the angle between each arrow and
        its tangent as drawn, in degrees, shape (7,) each.
    """
    fig, (left, right) = new_figure(6.5, nrows=2, ratios=[1, stretch])
    for ax in (left, right):
        draw_level_sets(ax, points=ARROW_POINTS)
    left.set_aspect("equal")
    right.set_aspect(stretch)
    left.set_title("One unit the same length\non both axes", fontsize=10)
    right.set_title(f"x₂ drawn {stretch:g} times taller", fontsize=10)
    tangents = np.array([nabla.tangent(hill, p) for p in ARROW_POINTS])
    normals = np.array([_unit_gradient(p) for p in ARROW_POINTS])
    seen_left = screen_angles(left, ARROW_POINTS, tangents, normals)
    seen_right = screen_angles(right, ARROW_POINTS, tangents, normals)
    levels = ", ".join(f"{c:g}" for c in LEVELS)
    line_right = np.minimum(seen_right, 180 - seen_right)  # a line has no direction
    alt = (
        f"Two contour maps of f(x₁, x₂) = x₁² + 3x₁x₂ + x₂³ at the levels {levels}, "
        f"with the gradient direction drawn as a green arrow and the tangent of the level "
        f"curve as an orange segment at {len(ARROW_POINTS)} points. The level 0 (blue) "
        f"crosses itself at the saddle (0, 0); the closed contours shrink towards the local "
        f"minimum (-2.25, 1.5), where f = -1.6875. On the left, with equal axes, every arrow "
        f"meets its tangent at {seen_left.min():.1f} to {seen_left.max():.1f} degrees on the "
        f"page; on the right, with x₂ drawn {stretch:g} times taller, the same right angles "
        f"appear as {line_right.min():.0f} to {line_right.max():.0f} degrees between arrow and "
        "tangent line."
    )
    return Image(fig, alt), {"left": seen_left, "right": seen_right}


def spacing_error_figure(points, dcs):
    """Relative error of dc / ||grad f|| against dc, on log axes, at a few points.

    Parameters
    ----------
    points : array_like, shape (k, 2)
    dcs : array_like, shape (m,)
        Positive level steps.

    Returns
    -------
    Image
    ndarray, shape (k, m)
        The relative errors it draws.
    """
    points, dcs = np.asarray(points, dtype=float), np.asarray(dcs, dtype=float)
    errors = np.array(
        [[nabla.contour_spacing(hill, p, dc).rel_error for dc in dcs] for p in points]
    )
    norms = [float(np.linalg.norm(nabla.gradient(hill, p))) for p in points]
    fig, ax = new_figure(4.6)
    # Five colours a reader tells apart (no two reds), each with its own marker too; the
    # legend beside the plot, off the data.
    colours = [COLOURS[c] for c in ("curve", "grad", "descent", "tangent", "ink")]
    for p, err, norm, colour, marker in zip(points, errors, norms, colours, "os^Dv", strict=False):
        label = true_minus(f"x = ({p[0]:g}, {p[1]:g}), ‖∇f‖ = {norm:.2f}")
        ax.loglog(dcs, err, f"{marker}-", color=colour, ms=3.5, label=label)
    ax.loglog(dcs, dcs, ":", color=COLOURS["axes"], label="slope 1")
    ax.set_xlabel("level step dc")
    ax.set_ylabel("relative error of dc / ‖∇f‖")
    legend(ax)
    parts = "; ".join(
        f"at ({p[0]:g}, {p[1]:g}), where the gradient has length {norm:.2f}, "
        f"from {err[0]:.1e} to {err[-1]:.1e}"
        for p, err, norm in zip(points, errors, norms, strict=True)
    )
    small = dcs <= 1e-2 * dcs.max()
    slopes = [np.polyfit(np.log10(dcs[small]), np.log10(err[small]), 1)[0] for err in errors]
    alt = (
        "Log-log plot of the relative error of the predicted contour spacing, dc divided by "
        "the length of the gradient, "
        f"against the level step dc, from dc = {dcs[0]:g} to {dcs[-1]:g}, at {len(points)} "
        f"points; for dc up to {dcs[small].max():g} the lines have slopes "
        f"{min(slopes):.2f} to {max(slopes):.2f}. The errors fall {parts}."
    )
    return Image(fig, alt), errors


def _grad_hill(x):
    """nabla's central-difference gradient of the hill, its 4 points through hill in one call:
    the same numbers as ``nabla.gradient(hill, x)``, bit for bit, in half the time (a live
    frame takes about 30 of them; tests/test_live_frames.py checks both)."""
    return nabla.gradient(hill, x, vectorized=True)


def _both_ways(x, *, step, n_points):
    """Points of the level curve through x, on both sides of it, in order. Traced with the
    hill's exact gradient: it only steers the steps, and each point is put back on the level
    (about 70 gradients a frame; a live frame took 4.9 ms with nabla's, 3.9 ms with these)."""
    ahead = nabla.level_curve(hill, x, step=step, n_points=n_points, grad_f=hill_gradient)
    # The level set of -f through x is the same curve; its tangent points the other way.
    behind = nabla.level_curve(
        lambda v: -hill(v), x, step=step, n_points=n_points, grad_f=lambda v: -hill_gradient(v)
    )
    return np.vstack([behind[::-1], ahead[1:]])


def level_frame(a, b):
    """Layers, readout and alt text for the point (a, b)."""
    x = np.array([a, b])
    value = float(hill(x))
    g = _grad_hill(x)
    norm = float(np.linalg.norm(g))
    n, t = g / norm, nabla.tangent(hill, x, grad_f=_grad_hill)
    chord = level_chord(hill, x, CHORD_RADIUS, vectorized=True)
    angle = nabla.angle_between(g, chord)
    spacing = nabla.contour_spacing(hill, x, DC, grad_f=_grad_hill)
    layers = [
        {
            "panel": "map",
            "type": "line",
            "cls": "tangent",
            "points": rounded([x - 0.45 * t, x + 0.45 * t]),
        },
        {"panel": "map", "type": "arrow", "cls": "grad", "points": rounded([x, x + 0.6 * n])},
        {"panel": "map", "type": "point", "at": [a, b]},
    ]
    # Where the level curves bend sharply (near the minimum), trace them in finer steps.
    step, n_points = (0.125, 5) if norm >= STEEP else (0.0625, 9)
    curves = [
        ("curve", _both_ways(x, step=step, n_points=n_points) - x),
        ("guide", _both_ways(spacing.foot, step=step, n_points=n_points) - x),
    ]
    for cls, line in curves:
        for piece in clip(line, ZOOM_BOX):
            layers.append({"panel": "zoom", "type": "line", "cls": cls, "points": decimals(piece)})
    predicted = clip([[0.0, 0.0], spacing.predicted * n], ZOOM_BOX)
    if predicted:
        layers.append(
            {"panel": "zoom", "type": "arrow", "cls": "grad", "points": decimals(predicted[0])}
        )
    foot = spacing.foot - x
    if inside(foot, ZOOM_BOX):
        layers.append({"panel": "zoom", "type": "point", "at": decimals(foot)})
    readout = [
        [true_minus(f"{v:.{digits}f}"), v]
        for v, digits in [
            (value, 4),
            (norm, 4),
            (angle, 2),
            (spacing.measured, 4),
            (spacing.predicted, 4),
            (spacing.rel_error, 3),
        ]
    ]
    alt = (
        f"At ({a:g}, {b:g}): the gradient has length {norm:.4f}; the level f + {DC:g} lies "
        f"{spacing.measured:.4f} away (predicted {spacing.predicted:.4f})."
    )
    return signed({"layers": layers, "readout": readout, "alt": alt})


def level_explorer():
    """Drag the point: the tangent, the gradient at a right angle, and the next level."""
    contours = contour_layers("map", contour_lines(hill, X1_RANGE, X2_RANGE, LEVELS, n=61))
    here = {"panel": "zoom", "type": "point", "at": [0, 0]}
    explorer = Explorer(
        title=f"A level curve, its tangent, the gradient and the level f + {DC:g}",
        controls=[
            {"name": "x1", "label": "x₁", "values": X1.tolist(), "format": "{:g}"},
            {"name": "x2", "label": "x₂", "values": X2.tolist(), "format": "{:g}"},
        ],
        panels=[
            {
                "id": "map",
                "title": "Contours of f; drag the point",
                "x": axis("x₁", *X1_RANGE),
                "y": axis("x₂", *X2_RANGE),
            },
            {
                "id": "zoom",
                "title": f"Close-up: levels f(x) and f(x) + {DC:g}",
                "x": axis("x₁ offset", -ZOOM, ZOOM),  # short: clear of the ticks at 320 px
                "y": axis("x₂ offset", *ZOOM_BOX[1]),
            },
        ],
        readout=[
            "f(x)",
            "‖∇f(x)‖",
            f"angle between ∇f and a chord of the level curve (radius {CHORD_RADIUS:g}), degrees",
            f"distance to the level f(x) + {DC:g}, measured",
            f"predicted, {DC:g} / ‖∇f‖",
            "relative error of the prediction",
        ],
        frames=[level_frame(a, b) for a in X1 for b in X2],
        layers=[*contours, here],
        drag={"panel": "map", "x": "x1", "y": "x2"},
        live=level_frame,
    )
    explorer.index = explorer.frame_index(
        int(np.argmin(abs(X1 - 0.9))), int(np.argmin(abs(X2 - 1.95)))
    )
    return explorer
