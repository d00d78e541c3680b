"""Figures of chapter 1: slices of a surface, and the difference quotient against h."""

import functools

import numpy as np

import nabla
from nabla.examples import POINT, hill, hill_gradient
from nabla.figures.common import contour_lines, signed, true_minus
from nabla.figures.explorer import Explorer, axis, contour_layers, rounded

X1 = np.round(np.linspace(-1.0, 3.0, 17), 10)
X2 = np.round(np.linspace(0.0, 3.0, 13), 10)
LEVELS = [-2, 0, 2, 5, 10, 15, 20, 30, 40, 50]


def _tangent(t0, value, slope, half_width):
    return [
        [t0 - half_width, value - slope * half_width],
        [t0 + half_width, value + slope * half_width],
    ]


def _slice(panel, shape, t0, value, slope, half_width):
    """One slice's layers: the shared curve ``shape``, its tangent at t0, the point."""
    return [
        {"panel": panel, "type": "line", "cls": "curve", "points": shape},
        {
            "panel": panel,
            "type": "line",
            "cls": "tangent",
            "points": rounded(_tangent(t0, value, slope, half_width)),
        },
        {"panel": panel, "type": "point", "at": rounded([t0, value])},
    ]


def _curve_along1(b):
    """f along x1 with x2 = b, the first slice's curve."""
    t = np.linspace(X1[0], X1[-1], 41)
    return rounded(np.column_stack([t, hill(np.column_stack([t, np.full_like(t, b)]))]))


def _curve_along2(a):
    """f along x2 with x1 = a, the second slice's curve."""
    t = np.linspace(X2[0], X2[-1], 41)
    return rounded(np.column_stack([t, hill(np.column_stack([np.full_like(t, a), t]))]))


def slice_frame(a, b, *, live=False):
    """The layers, readout and alt text for the point (a, b).

    The slices' curves are the explorer's shared shapes, or with ``live=True`` (any point,
    not only the grid's) drawn in the frame itself.
    """
    x = np.array([a, b])
    value = float(hill(x))
    d1, d2 = nabla.partial(hill, x, 0), nabla.partial(hill, x, 1)
    layers = [
        {"panel": "map", "type": "line", "cls": "guide", "points": [[X1[0], b], [X1[-1], b]]},
        {"panel": "map", "type": "line", "cls": "guide", "points": [[a, X2[0]], [a, X2[-1]]]},
        {"panel": "map", "type": "point", "at": [a, b]},
        *_slice("along1", _curve_along1(b) if live else f"x2={b:g}", a, value, d1, 0.6),
        *_slice("along2", _curve_along2(a) if live else f"x1={a:g}", b, value, d2, 0.45),
    ]
    readout = [[true_minus(f"{v:.3f}"), v] for v in (value, d1, d2)]
    alt = (
        f"At (x₁, x₂) = ({a:g}, {b:g}), f = {value:.3f}. Holding x₂ fixed, the slice along x₁ "
        f"has tangent slope {d1:.3f}; holding x₁ fixed, the slice along x₂ has slope {d2:.3f}."
    )
    return signed({"layers": layers, "readout": readout, "alt": alt})


def slice_explorer():
    """Drag the point on the contour map; each slice shows its tangent and slope."""
    shapes = {f"x2={b:g}": _curve_along1(b) for b in X2}
    shapes |= {f"x1={a:g}": _curve_along2(a) for a in X1}
    low, high = -5.0, 65.0
    contours = contour_layers("map", contour_lines(hill, (X1[0], X1[-1]), (X2[0], X2[-1]), LEVELS))
    explorer = Explorer(
        title="Two slices through a point of f(x₁, x₂) = x₁² + 3x₁x₂ + x₂³",
        controls=[
            {"name": "x1", "label": "x₁", "values": X1.tolist(), "format": "{:.2f}"},
            {"name": "x2", "label": "x₂", "values": X2.tolist(), "format": "{:.2f}"},
        ],
        panels=[
            {
                "id": "map",
                "title": "Contours of f; drag the point",
                "x": axis("x₁", X1[0], X1[-1]),
                "y": axis("x₂", X2[0], X2[-1]),
            },
            {
                "id": "along1",
                "title": "Slice along x₁ (x₂ held fixed)",
                "x": axis("x₁", X1[0], X1[-1]),
                "y": axis("f", low, high),
            },
            {
                "id": "along2",
                "title": "Slice along x₂ (x₁ held fixed)",
                "x": axis("x₂", X2[0], X2[-1]),
                "y": axis("f", low, high),
            },
        ],
        readout=[
            "f(x₁, x₂)",
            "∂f/∂x₁, slope of the first slice",
            "∂f/∂x₂, slope of the second slice",
        ],
        frames=[slice_frame(a, b) for a in X1 for b in X2],
        layers=contours,
        shapes=shapes,
        drag={"panel": "map", "x": "x1", "y": "x2"},
        live=functools.partial(slice_frame, live=True),
    )
    explorer.index = explorer.frame_index(int(np.argmin(abs(X1 - 1))), int(np.argmin(abs(X2 - 2))))
    return explorer


EXPONENTS = np.round(np.arange(-15.0, 0.01, 0.25), 2)


def spoken_step(e):
    """h = 10**e as a screen reader should say it, to 3 digits (they tell apart exponents
    0.01 apart): "h = 0.0135", and in words where ``.3g`` writes e-notation (below 1e-4):
    "h = 1.23 times 10 to the -10"."""
    h = f"{10.0**e:.3g}"
    if "e" not in h:
        return f"h = {h}"
    digits, power = h.split("e")
    return f"h = {digits} times 10 to the {int(power)}"


FLOOR = 1e-17  # an error of exactly zero is drawn here on the log axis


def _errors(h, x, i, exact):
    out = {}
    for method in ("forward", "central"):
        estimate = nabla.partial(hill, x, i, h=h, method=method)
        out[method] = (estimate, abs(estimate - exact))
    return out


def step_frame(h, x, i, exact):
    """Layers, readout and alt text for one step h."""
    errs = _errors(h, x, i, exact)
    (fwd, fwd_err), (cen, cen_err) = errs["forward"], errs["central"]
    t0, value = x[i], float(hill(x))
    layers = [
        {  # dashed over the tangent, which shows between its dashes however close they lie
            "panel": "secant",
            "type": "line",
            "cls": "descent dashed",
            "points": rounded(_tangent(t0, value, fwd, 1.0)),
        },
        {"panel": "secant", "type": "point", "at": rounded([t0, value])},
    ]
    for method, cls in (("forward", "descent"), ("central", "grad")):
        err = max(errs[method][1], FLOOR)
        layers.append(
            {
                "panel": "error",
                "type": "point",
                "cls": cls,
                "at": rounded([np.log10(h), np.log10(err)]),
            }
        )
    readout = [
        [true_minus(text), v]
        for text, v in [
            (f"{h:.2e}", h),
            (f"{fwd:.12f}", fwd),
            (f"{fwd_err:.1e}", fwd_err),
            (f"{cen:.12f}", cen),
            (f"{cen_err:.1e}", cen_err),
        ]
    ]
    alt = (
        f"With step h = {h:.1e}, the forward quotient is {fwd:.12f} (error {fwd_err:.1e}) "
        f"and the central quotient is {cen:.12f} (error {cen_err:.1e}); "
        f"the exact value is {exact:g}."
    )
    return signed({"layers": layers, "readout": readout, "alt": alt})


def error_curves(x, i, exact, exponents):
    """log10 of the forward and central errors at steps 10**exponents."""
    curves = {"forward": [], "central": []}
    for e in exponents:
        for method, (_, err) in _errors(10.0**e, x, i, exact).items():
            curves[method].append([e, np.log10(max(err, FLOOR))])
    return curves


def step_explorer(x=POINT, i=1):
    """Shrink h: the secant turns into the tangent, then rounding takes over."""
    x = np.asarray(x, dtype=float)
    exact = float(hill_gradient(x)[i])
    fine = np.linspace(EXPONENTS[0], EXPONENTS[-1], 161)
    curves = error_curves(x, i, exact, fine)
    t = np.linspace(x[i] - 1.0, x[i] + 1.0, 41)
    points = np.tile(x, (t.size, 1))
    points[:, i] = t
    layers = [
        {
            "panel": "secant",
            "type": "line",
            "cls": "curve",
            "points": rounded(np.column_stack([t, hill(points)])),
        },
        {
            "panel": "secant",
            "type": "line",
            "cls": "tangent",
            "points": rounded(_tangent(x[i], float(hill(x)), exact, 1.0)),
        },
        {"panel": "error", "type": "line", "cls": "descent", "points": rounded(curves["forward"])},
        {"panel": "error", "type": "line", "cls": "grad", "points": rounded(curves["central"])},
    ]
    # Each default step's label beside its guide line, clear of the curves and of the other
    # guide: the forward one left of its guide above the curves, the central one right of its
    # guide under them, in two lines (one would reach the forward guide or the frame).
    for method, lines, dx, anchor in (
        ("forward", [(-0.9, "default forward")], -0.3, "end"),
        ("central", [(-12.5, "default"), (-14.3, "central")], 0.3, "start"),
    ):
        e = float(np.log10(nabla.default_step(x, method)[i]))
        layers.append(
            {"panel": "error", "type": "line", "cls": "guide", "points": [[e, -17], [e, 1]]}
        )
        layers += [
            {
                "panel": "error",
                "type": "text",
                "cls": "text",
                "at": [e + dx, height],
                "anchor": anchor,
                "text": text,
            }
            for height, text in lines
        ]

    def frame(e):  # at h = 10**e: with a live kernel, any e in range
        return step_frame(10.0**e, x, i, exact)

    name = f"x{'₁₂'[i]}"
    steps = axis("h", 1e-15, 1.0, log=True)
    steps["ticks"] = steps["ticks"][1:]  # the corner's label is the error axis's
    explorer = Explorer(
        title=f"The difference quotient for ∂f/∂{name} at ({x[0]:g}, {x[1]:g}) as h shrinks",
        controls=[
            {
                "name": "h",
                "label": "log₁₀ h",
                "values": EXPONENTS.tolist(),
                "format": "{:.2f}",
                "spoken": spoken_step,
            }
        ],
        panels=[
            {
                "id": "secant",
                "title": "Forward secant (purple, dashed) and tangent (orange)",
                "x": axis(name, t[0], t[-1]),
                "y": axis("f", float(hill(points).min()), float(hill(points).max())),
            },
            {
                "id": "error",
                "title": "Error against h: forward (purple), central (green)",
                "x": steps,
                "y": axis("error", FLOOR, 10.0, log=True),
            },
        ],
        readout=["step h", "forward quotient", "its error", "central quotient", "its error"],
        frames=[frame(e) for e in EXPONENTS.tolist()],
        layers=layers,
        live=frame,
    )
    explorer.index = int(np.argmin(abs(EXPONENTS + 2)))
    return explorer
