"""Figures of chapter 2: the gradient field, moving the point, and the cost of a gradient."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import nabla
from nabla.examples import hill
from nabla.figures.common import (
    COLOURS,
    MINUS,
    contour_lines,
    draw_contours,
    equal_scale_height,
    equal_scale_width,
    fixed,
    inside,
    point_text,
    short,
    signed,
)
from nabla.figures.explorer import Explorer, axis, contour_layers, rounded
from nabla.figures.static import CARD, DPI, MIN_POINTS, Image, legend, new_figure
from nabla.timing import fit_power_law

LEVELS = [-1.5, -1, 0, 1, 2, 4, 8, 15, 25, 40, 60]
SCALE = 30.0
"""A gradient g is drawn as an arrow g / SCALE long, in the units of x."""
LABELLED = 20
"""A level is labelled on its longest curve when that curve has more vertices than this."""

# The movable point: steps of 0.3 from the worked point (1, 2); the grid misses
# both points where grad f = 0, (0, 0) and (-2.25, 1.5), where no descent
# direction exists.
X1 = np.round(1.0 + 0.3 * np.arange(-14, 7), 10)
X2 = np.round(2.0 + 0.3 * np.arange(-8, 3), 10)
T = np.round(np.linspace(-0.5, 0.5, 11), 10)


def _grid(x1_range, x2_range, spacing):
    """Cell centres of a grid with the given spacing, shape (k, 2)."""
    a = np.arange(x1_range[0] + spacing / 2, x1_range[1], spacing)
    b = np.arange(x2_range[0] + spacing / 2, x2_range[1], spacing)
    return np.array([[p, q] for q in b for p in a])


def _hit(segments, box):
    """Which of the segments, shape (k, 2, 2), meet ``box = (x0, y0, x1, y1)`` (Liang-Barsky,
    all at once)."""
    a, d = segments[:, 0], segments[:, 1] - segments[:, 0]
    t0, t1 = np.zeros(len(a)), np.ones(len(a))
    miss = np.zeros(len(a), dtype=bool)
    edges = [
        (-d[:, 0], a[:, 0] - box[0]),
        (d[:, 0], box[2] - a[:, 0]),
        (-d[:, 1], a[:, 1] - box[1]),
        (d[:, 1], box[3] - a[:, 1]),
    ]
    for p, q in edges:
        with np.errstate(divide="ignore", invalid="ignore"):
            r = q / p
        miss |= (p == 0) & (q < 0)
        t0 = np.where(p < 0, np.maximum(t0, r), t0)
        t1 = np.where(p > 0, np.minimum(t1, r), t1)
    return ~miss & (t0 <= t1)


def _label_levels(ax, level_lines, arrows, marks, margin=2.0):
    """Names each level with a long curve on its curve, on a card, and returns which arrows
    to draw: those no label covers.

    Each label goes on a vertex of its level's curves, inside the frame, ``margin`` pixels
    clear of the labels before it and of ``marks`` (points drawn, shape (m, 2)); of those
    spots, on one that covers the fewest ``arrows`` (shape (k, 2, 2): tail and head, in data
    units), and of those the nearest to the middle of the level's longest curve. Positions
    are reckoned in the pixels of the final layout at :data:`DPI`."""
    fig = ax.figure
    FigureCanvasAgg(fig)
    fig.set_dpi(DPI)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    arrows = to_px(arrows.reshape(-1, 2)).reshape(arrows.shape)
    marks = to_px(marks)
    frame = ax.bbox
    kept = np.ones(len(arrows), dtype=bool)
    taken = []
    for level, lines in level_lines.items():
        longest = max(lines, key=len, default=[])
        if len(longest) <= LABELLED:
            continue
        label = ax.text(0, 0, short(level), color=COLOURS["axes"], fontsize=MIN_POINTS)
        label.set(ha="center", va="center", bbox=CARD)
        extent = Text.get_window_extent(label, renderer)
        half = np.array([extent.width, extent.height]) / 2 + CARD["pad"] * DPI / 72 + margin
        spots = to_px(np.concatenate(lines))
        best = None
        for spot in spots:
            box = (*(spot - half), *(spot + half))
            if not (frame.x0 <= box[0] and box[2] <= frame.x1):
                continue
            if not (frame.y0 <= box[1] and box[3] <= frame.y1):
                continue
            if any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken
            ):
                continue
            if np.any(np.all(np.abs(marks - spot) < half + 5, axis=1)):
                continue
            covered = _hit(arrows, box) & kept
            far = np.linalg.norm(spot - to_px(longest[len(longest) // 2]))
            if best is None or (covered.sum(), far) < best[0]:
                best = ((covered.sum(), far), spot, box, covered)
        if best is None:
            label.remove()
            continue
        _, spot, box, covered = best
        label.set_position(ax.transData.inverted().transform(spot))
        taken.append(box)
        kept &= ~covered
    return kept


def gradient_field_figure(stationary, x1_range=(-3.5, 3.0), x2_range=(-1.5, 3.0)):
    """The contour map of the hill with an arrow of grad f at the centre of each grid cell.

    Parameters
    ----------
    stationary : dict
        ``{name: point}`` of points where grad f = 0, marked and named.
    """
    points = _grid(x1_range, x2_range, 0.5)
    grads = np.array([nabla.gradient(hill, p) for p in points])
    norms = np.linalg.norm(grads, axis=1)
    fig, ax = new_figure(2.9)
    level_lines = contour_lines(hill, x1_range, x2_range, LEVELS, n=201)
    draw_contours(ax, level_lines, {"color": COLOURS["faint"], "lw": 0.9, "antialiased": False})
    # Named under the map, off the arrows and contours, each by its own marker.
    for (name, p), marker in zip(stationary.items(), "oXsD", strict=False):
        ax.plot(*p, marker, color=COLOURS["accent"], ms=6, label=f"{name} {point_text(p)}")
    ax.set(xlim=x1_range, ylim=x2_range, xlabel="x₁", ylabel="x₂", aspect="equal")
    legend(ax)
    arrows = np.stack([points, points + grads / SCALE], axis=1)
    kept = _label_levels(ax, level_lines, arrows, np.array(list(stationary.values())))
    points, grads, norms = points[kept], grads[kept], norms[kept]  # none under a label
    ax.quiver(
        points[:, 0],
        points[:, 1],
        grads[:, 0],
        grads[:, 1],
        angles="xy",
        scale_units="xy",
        scale=SCALE,
        color=COLOURS["grad"],
        width=0.004,
        antialiased=False,
    )
    big = int(np.argmax(norms))
    alt = (
        f"Contour map of f(x₁, x₂) = x₁² + 3x₁x₂ + x₂³ for x₁ from {short(x1_range[0])} to "
        f"{short(x1_range[1])} and x₂ from {short(x2_range[0])} to {short(x2_range[1])}, with "
        f"contours at f = {', '.join(short(c) for c in LEVELS)}. Green arrows show ∇f at "
        f"{len(points)} grid points, each drawn 1/{SCALE:g} as long as ∇f. Every arrow "
        f"crosses the contours at a right angle and points towards higher values. The longest, "
        f"at {point_text(points[big])}, stands for ‖∇f‖ = {norms[big]:.1f}, where the contours are "
        "packed tightly; the arrows shrink to dots near the points where ∇f = 0: "
        + "; ".join(
            f"the {name} at {point_text(p)}, where f = {short(float(hill(np.asarray(p))))}"
            for name, p in stationary.items()
        )
        + "."
    )
    return Image(fig, alt)


def descent_frame(a, b):
    """Layers, readout and alt text for the point (a, b)."""
    x = np.array([a, b])
    value = float(hill(x))
    grad = nabla.gradient(hill, x)
    norm = float(np.linalg.norm(grad))
    down = nabla.steepest_descent_direction(grad)
    along = 0.6 * nabla.tangent_basis(grad)[0]
    profile = [float(hill(x + t * down)) - value for t in T]
    layers = [
        {
            "panel": "map",
            "type": "line",
            "cls": "guide",
            "points": rounded([x - along, x + along], 4),
        },
        {
            "panel": "map",
            "type": "arrow",
            "cls": "grad",
            "points": rounded([x, x + grad / SCALE], 4),
        },
        {"panel": "map", "type": "arrow", "cls": "descent", "points": rounded([x, x + down], 4)},
        {"panel": "map", "type": "point", "at": [a, b]},
        {
            "panel": "profile",
            "type": "line",
            "cls": "curve",
            "points": rounded(np.column_stack([T, profile]), 3),
        },
        {
            "panel": "profile",
            "type": "line",
            "cls": "tangent",
            "points": rounded([[T[0], -norm * T[0]], [T[-1], -norm * T[-1]]], 3),
        },
    ]
    numbers = [(value, 3), (grad[0], 3), (grad[1], 3), (norm, 3), (down[0], 4), (down[1], 4)]
    readout = [[fixed(v, d), float(v)] for v, d in numbers]
    alt = (
        f"At x = ({a:g}, {b:g}) the gradient is ({grad[0]:.3f}, {grad[1]:.3f}), of length "
        f"{norm:.3f}, pointing uphill across the contour; the unit descent direction is "
        f"({down[0]:.4f}, {down[1]:.4f}), along which f falls with slope {-norm:.3f}."
    )
    return signed({"layers": layers, "readout": readout, "alt": alt})


def _map_bounds(frames, margin=0.2):
    """x1 and x2 ranges holding every point and arrow tip, with the panel's aspect."""
    pts = [
        p
        for frame in frames
        for layer in frame["layers"]
        if layer["panel"] == "map" and layer["type"] == "arrow"
        for p in layer["points"]
    ]
    lo, hi = np.min(pts, axis=0) - margin, np.max(pts, axis=0) + margin
    (w, h), centre = hi - lo, (hi + lo) / 2
    w, h = max(w, equal_scale_width(h)), max(h, equal_scale_height(w))
    return (centre[0] - w / 2, centre[0] + w / 2), (centre[1] - h / 2, centre[1] + h / 2)


def descent_explorer():
    """Drag the point: grad f, the unit descent direction, and f along that line."""
    frames = [descent_frame(a, b) for a in X1 for b in X2]
    x1_range, x2_range = _map_bounds(frames)
    contours = contour_layers("map", contour_lines(hill, x1_range, x2_range, LEVELS), every=2)
    field = []
    for p in _grid(x1_range, x2_range, 0.75):
        tip = p + nabla.gradient(hill, p) / SCALE
        if inside(tip, (x1_range, x2_range)) and np.any(tip != p):
            field.append(
                {"panel": "map", "type": "arrow", "cls": "field", "points": rounded([p, tip], 3)}
            )
    profiles = [
        layer["points"]
        for frame in frames
        for layer in frame["layers"]
        if layer["panel"] == "profile" and layer["type"] == "line"
    ]
    low = min(q[1] for pts in profiles for q in pts)
    high = max(q[1] for pts in profiles for q in pts)
    explorer = Explorer(
        title="The gradient and the steepest-descent direction at a movable point",
        controls=[
            {"name": "x1", "label": "x₁", "values": X1.tolist(), "format": "{:.1f}"},
            {"name": "x2", "label": "x₂", "values": X2.tolist(), "format": "{:.1f}"},
        ],
        panels=[
            {
                "id": "map",
                "title": f"∇f/{SCALE:g} (green), unit descent (purple)",
                "x": axis("x₁", *x1_range),
                "y": axis("x₂", *x2_range),
            },
            {
                "id": "profile",
                "title": "Change in f along the purple arrow",
                "x": axis("t, distance moved along u", T[0], T[-1]),
                "y": axis(f"f(x + t u) {MINUS} f(x)", low, high),
            },
        ],
        readout=[
            "f(x)",
            "∂f/∂x₁",
            "∂f/∂x₂",
            "‖∇f‖, the steepest slope",
            "unit descent direction, first component",
            "unit descent direction, second component",
        ],
        frames=frames,
        layers=[*contours, *field, {"panel": "profile", "type": "point", "at": [0, 0]}],
        drag={"panel": "map", "x": "x1", "y": "x2"},
        live=descent_frame,
    )
    explorer.index = explorer.frame_index(int(np.argmin(abs(X1 - 1))), int(np.argmin(abs(X2 - 2))))
    return explorer


def timing_figure(n, seconds):
    """Time per gradient against n on log axes, with the fitted power laws.

    Parameters
    ----------
    n : array_like, shape (k,)
    seconds : dict
        ``{label: array of shape (k,)}``, the measured seconds per gradient.
    """
    n = np.asarray(n, dtype=float)
    fig, ax = new_figure(3.4)
    parts = []
    for (label, t), colour, marker in zip(
        seconds.items(), (COLOURS[c] for c in ("descent", "grad", "ink")), "os^", strict=False
    ):
        t = np.asarray(t, dtype=float)
        law = fit_power_law(n, t)
        ax.loglog(n, t * 1e3, marker, color=colour, label=f"{label}: slope {law.exponent:.2f}")
        ax.loglog(n, law(n) * 1e3, "-", color=colour, lw=1)
        parts.append(
            f"{label}, from {t[0] * 1e3:.2g} ms at n = {n[0]:g} to {t[-1] * 1e3:.2g} ms at "
            f"n = {n[-1]:g}, fitted slope {law.exponent:.2f}"
        )
    ax.set(xlabel="n, the number of parameters", ylabel="milliseconds per gradient")
    legend(ax)
    alt = (
        "Log-log plot of the time to compute one gradient of the least-squares loss against "
        "the number of parameters n, with a fitted straight line for each method: "
        + "; ".join(parts)
        + "."
    )
    return Image(fig, alt)
