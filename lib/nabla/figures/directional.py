"""Figures of chapter 3: directional derivatives as u turns around a point."""

import functools

import numpy as np

import nabla
from nabla.examples import POINT, hill
from nabla.figures.common import (
    COLOURS,
    MINUS,
    contour_lines,
    draw_contours,
    equal_scale_width,
    fixed,
    signed,
)
from nabla.figures.explorer import Explorer, axis, contour_layers, rounded
from nabla.figures.static import CARD, Image, new_figure

LEVELS = [5, 10, 15, 20, 25, 30, 40]
HALF_HEIGHT = 1.3
"""The direction panel shows x2 within this distance of the point."""


def _signed_angle(grad, u):
    """The angle in degrees from grad to u, counter-clockwise positive, in (-180, 180]."""
    theta = nabla.angle_between(grad, u)
    return -theta if grad[0] * u[1] - grad[1] * u[0] < 0 else theta


def _window(x):
    """x1 and x2 ranges around x with the panel's aspect."""
    half_width = equal_scale_width(HALF_HEIGHT)
    return (x[0] - half_width, x[0] + half_width), (x[1] - HALF_HEIGHT, x[1] + HALF_HEIGHT)


def named_directions(x=POINT):
    """The five directions of the worked example, ``{name: unit vector u}``."""
    grad = nabla.gradient(hill, x)
    return {
        "e₁": np.array([1.0, 0.0]),
        "e₂": np.array([0.0, 1.0]),
        "∇f/‖∇f‖": nabla.unit_vector(grad),
        "t": nabla.tangent_basis(grad)[0],
        f"{MINUS}∇f/‖∇f‖": nabla.steepest_descent_direction(grad),
    }


def directions_figure(x=POINT):
    """Five unit vectors at x over the contours, and their Dᵤf on the curve against theta."""
    x = np.asarray(x, dtype=float)
    grad = nabla.gradient(hill, x)
    norm = float(np.linalg.norm(grad))
    fig, (left, right) = new_figure(5.6, nrows=2)
    x1_range, x2_range = _window(x)
    draw_contours(
        left,
        contour_lines(hill, x1_range, x2_range, LEVELS, n=161),
        {"color": COLOURS["faint"], "lw": 0.9, "antialiased": False},
    )
    thetas = np.linspace(-180, 180, 181)
    curve = [
        nabla.directional_derivative(hill, x, nabla.direction_at_angle(grad, t)) for t in thetas
    ]
    right.plot(thetas, curve, color=COLOURS["curve"], lw=1.2, antialiased=False)
    right.axhline(0, color=COLOURS["faint"], lw=0.8)
    colours = [COLOURS[c] for c in ("curve", "curve", "grad", "tangent", "descent")]
    # Where each name goes: at 1.22 u from x (e2's left of its tip, under the frame), and
    # its value beside its mark on the curve (the last one under the curve's trough).
    names_at = [1.22, (-0.24, 0.95), 1.22, 1.22, 1.22]
    offsets = [(6, 3, "left"), (6, 3, "left"), (-6, 3, "right"), (6, 4, "left"), (-8, -4, "right")]
    parts = []
    for (name, u), colour, (dx, dy, ha), at in zip(
        named_directions(x).items(), colours, offsets, names_at, strict=True
    ):
        rate = nabla.directional_derivative(hill, x, u)
        theta = _signed_angle(grad, u)
        arrow = {"arrowstyle": "-|>", "color": colour, "lw": 1.5, "shrinkA": 0, "shrinkB": 0}
        left.annotate("", x + u, x, arrowprops=arrow)
        at = x + (at * u if np.isscalar(at) else at)
        left.text(*at, name, color=colour, fontsize=8, ha="center", va="center", bbox=CARD)
        right.plot(theta, rate, "o", color=colour, ms=5)
        right.annotate(
            f"{name}: {fixed(rate, 0)}",
            (theta, rate),
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=8,
            color=colour,
            ha=ha,
            va="top" if dy < 0 else "baseline",
        )
        parts.append(
            f"u = {name} = ({fixed(u[0])}, {fixed(u[1])}) at θ = {fixed(theta, 1)}°, "
            f"Dᵤf = {fixed(rate)}"
        )
    left.plot(*x, "o", color=COLOURS["accent"], ms=4)
    left.set(xlim=x1_range, ylim=x2_range, aspect="equal", xlabel="x₁", ylabel="x₂")
    left.set_title(f"unit vectors u at ({x[0]:g}, {x[1]:g})", fontsize=10)
    right.set(
        xlim=(-180, 180),
        xticks=range(-180, 181, 90),
        xlabel="θ, angle from ∇f to u (degrees)",
        ylabel=r"$D_\mathbf{u} f$",
        ylim=(-1.35 * norm, 1.2 * norm),
    )
    right.set_title(rf"$D_\mathbf{{u}} f = {norm:.0f}\,\cos\theta$", fontsize=10)
    alt = (
        f"Left: contours of f around ({x[0]:g}, {x[1]:g}) and five unit arrows from that point, "
        "t running along the contour. "
        f"Right: the directional derivative Dᵤf against the angle θ from ∇f to u, a cosine "
        f"curve from {fixed(min(curve))} to {fixed(max(curve))}, with the five directions marked: "
        + "; ".join(parts)
        + "."
    )
    return Image(fig, alt)


def _arc(grad, theta, radius, x):
    """Points on the arc from grad's direction to the direction at theta."""
    steps = np.linspace(0.0, theta, max(2, int(abs(theta) // 15) + 2))
    return [x + radius * nabla.direction_at_angle(grad, t) for t in steps]


def rotate_frame(theta, x, grad):
    """Layers, readout and alt text for the direction at angle theta from grad."""
    norm = float(np.linalg.norm(grad))
    u = nabla.direction_at_angle(grad, theta)
    angle = nabla.angle_between(u, grad)
    rate = nabla.directional_derivative(hill, x, u)
    dot = float(grad @ u)
    cosine = norm * float(np.cos(np.radians(angle)))
    layers = [
        {
            "panel": "dir",
            "type": "line",
            "cls": "guide",
            "points": rounded(_arc(grad, theta, 0.4, x), 3),
        },
        {"panel": "dir", "type": "arrow", "cls": "tangent", "points": rounded([x, x + u], 4)},
        {"panel": "curve", "type": "point", "at": rounded([theta, rate], 4)},
    ]
    numbers = [(u[0], 4), (u[1], 4), (angle, 1), (rate, 4), (dot, 4), (cosine, 4)]
    readout = [[fixed(v, d), float(v)] for v, d in numbers]
    u_text, rate_text, dot_text, cos_text = (
        f"({fixed(u[0], 4, minus='-')}, {fixed(u[1], 4, minus='-')})",
        *(fixed(v, 4, minus="-") for v in (rate, dot, cosine)),
    )
    alt = (
        f"u = {u_text} makes an angle of {angle:.1f} degrees with the gradient "
        f"({grad[0]:.3f}, {grad[1]:.3f}); the rate of change along u is {rate_text}, which "
        f"equals the gradient dotted with u, {dot_text}, and the gradient's length times the "
        f"cosine of the angle, {cos_text}."
    )
    return signed({"layers": layers, "readout": readout, "alt": alt})


def angles(x=POINT, step=2.5):
    """Theta on a grid of ``step`` degrees, plus the angles of e1 and e2 from grad f(x)."""
    grad = nabla.gradient(hill, x)
    extra = [_signed_angle(grad, e) for e in np.eye(2)]
    grid = np.arange(-180.0, 180.0 + step / 2, step)
    return np.array(sorted({*np.round(grid, 10).tolist(), *extra}))


def rotate_explorer(x=POINT):
    """Turn u around x: u, grad f, the angle between them, and Dᵤf on its cosine curve."""
    x = np.asarray(x, dtype=float)
    grad = nabla.gradient(hill, x)
    norm = float(np.linalg.norm(grad))
    thetas = angles(x)
    x1_range, x2_range = _window(x)
    contours = contour_layers("dir", contour_lines(hill, x1_range, x2_range, LEVELS))
    along = nabla.tangent_basis(grad)[0]
    fine = np.linspace(-180.0, 180.0, 145)
    curve = [
        [t, nabla.directional_derivative(hill, x, nabla.direction_at_angle(grad, t))] for t in fine
    ]
    layers = [
        *contours,
        {
            "panel": "dir",
            "type": "line",
            "cls": "guide",
            "points": rounded([x - 1.2 * along, x + 1.2 * along], 4),
        },
        {
            "panel": "dir",
            "type": "arrow",
            "cls": "grad",
            "points": rounded([x, x + grad / norm], 4),
        },
        {"panel": "dir", "type": "point", "at": x.tolist()},
        {"panel": "curve", "type": "line", "cls": "curve", "points": rounded(curve, 4)},
        {"panel": "curve", "type": "line", "cls": "guide", "points": [[-180, 0], [180, 0]]},
    ]
    for e, name in ((np.array([1.0, 0.0]), "e₁"), (np.array([0.0, 1.0]), "e₂")):
        at = [_signed_angle(grad, e), nabla.directional_derivative(hill, x, e)]
        side = 1 if at[0] < 0 else -1  # under the curve: right of a rising, left of a falling
        layers.append(
            {
                "panel": "curve",
                "type": "text",
                "cls": "text",
                "at": rounded([at[0] + 6 * side, at[1] - 2.5], 4),
                "anchor": "start" if side > 0 else "end",
                "text": name,
            }
        )
    explorer = Explorer(
        title=f"Turning a unit vector u at ({x[0]:g}, {x[1]:g}): the rate of change along u",
        controls=[
            {
                "name": "theta",
                "label": "θ, angle from ∇f to u",  # its value text says "degrees"
                "values": thetas.tolist(),
                "format": "{:.1f}",
                "unit": "degrees",
                "symbol": "°",
            }
        ],
        panels=[
            {
                "id": "dir",
                "title": "u (orange) and ∇f/‖∇f‖ (green)",
                "x": axis("x₁", *x1_range),
                "y": axis("x₂", *x2_range),
            },
            {
                "id": "curve",
                "title": f"Dᵤf = {norm:.0f} cos θ",
                "x": axis("θ (degrees)", -180, 180)
                | {"ticks": [[t, fixed(t, 0)] for t in range(-180, 181, 90)]},
                "y": axis("Dᵤf", -1.15 * norm, 1.15 * norm),
            },
        ],
        readout=[
            "u₁",
            "u₂",
            "angle between u and ∇f (degrees)",
            "Dᵤf, difference quotient along u",
            "∇f · u",
            "‖∇f‖ cos θ",
        ],
        frames=[rotate_frame(t, x, grad) for t in thetas],
        layers=layers,
        live=functools.partial(rotate_frame, x=x, grad=grad),
    )
    explorer.index = int(np.argmin(abs(thetas - _signed_angle(grad, np.array([1.0, 0.0])))))
    return explorer
