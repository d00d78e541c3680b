"""Figures of chapter 6: gradient descent on the text's least-squares problem.

The problem is f(w) = 1/2 ||Xw - y||^2 with X = [[1, 1], [1, 2]], y = (2, 5),
started at w0 = (0, 0). Every number drawn comes from ``nabla``: runs from
:func:`nabla.gradient_descent`, losses from :func:`nabla.least_squares_loss`,
rates from :func:`nabla.quadratic_spectrum`.
"""

import numpy as np

import nabla
from nabla.convergence import distances, first_within
from nabla.examples import TWO_POINTS_MINIMISER as W_STAR
from nabla.examples import TWO_POINTS_SPECTRUM as SPECTRUM
from nabla.examples import TWO_POINTS_START as W0
from nabla.examples import two_points_gradient, two_points_loss
from nabla.figures.common import (
    COLOURS,
    MINUS,
    PLOT_HEIGHT,
    PLOT_WIDTH,
    clip,
    contour_lines,
    draw_contours,
    equal_scale_width,
    four_places,
    inside,
    point_text,
    pointwise,
    signed,
    true_minus,
)
from nabla.figures.explorer import Explorer, axis, contour_layers, rounded
from nabla.figures.static import Image, legend, new_figure

LEVELS = [0.1, 0.5, 2.0, 5.0, 10.0, 20.0, 40.0]

# Learning rates of the explorer: too small, the text's 0.1, the best fixed rate 2/7,
# the edge of stability 2/lambda_max, and beyond it.
LRS = [0.01, 0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25]
LRS += [SPECTRUM.best_lr, 0.29, SPECTRUM.max_stable_lr, 0.3, 0.32, 0.35, 0.4]
STEPS = [0, 1, 2, 3, 5, 10, 15, 20, 30, 50, 75, 100, 150, 200]
EDGE = 1e-9
"""A worst factor per step within this of 1 is "on the edge" of stability."""

# The contour panel keeps w1 and w2 at the same scale and is tall enough for the widest
# zigzag of a stable run: at lr = 2/lambda_max the fast part of the error keeps its first
# size and w2 swings up to about 4.7.
PATH_Y = (-0.5, 5.0)
PATH_X = (-equal_scale_width(2.75), equal_scale_width(2.75))
PATH_BOX = (PATH_X, PATH_Y)
LOSS_Y = (1e-12, 1e8)
LOSS_BOX = ((0, STEPS[-1]), tuple(np.log10(LOSS_Y)))
PX = {  # pixels per unit along each axis of each panel
    "path": (PLOT_WIDTH / (PATH_X[1] - PATH_X[0]), PLOT_HEIGHT / (PATH_Y[1] - PATH_Y[0])),
    "loss": (PLOT_WIDTH / STEPS[-1], PLOT_HEIGHT / 20),
}
TINY_LOSS = 1e-300
"""A loss of exactly 0 is drawn at this value on the log axis."""


def run(lr, n_iter):
    """The text's run from w0 = (0, 0), with nabla's default divergence test."""
    return nabla.gradient_descent(two_points_gradient, W0, lr=lr, n_iter=n_iter)


def _losses(path):
    return np.array([two_points_loss(w) for w in path])


def _simplify(points, scale, tol=0.4):
    """Ramer-Douglas-Peucker: the indices of points to keep so that the polyline
    stays within ``tol`` pixels of the original (``scale`` = pixels per unit)."""
    p = np.asarray(points, dtype=float) * scale
    keep = np.zeros(len(p), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(p) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = p[i], p[j]
        d = b - a
        rest = p[i + 1 : j] - a
        norm = np.hypot(*d)
        gap = (
            np.hypot(*rest.T) if norm == 0 else np.abs(d[0] * rest[:, 1] - d[1] * rest[:, 0]) / norm
        )
        k = int(np.argmax(gap))
        if gap[k] > tol:
            keep[i + 1 + k] = True
            stack += [(i, i + 1 + k), (i + 1 + k, j)]
    return np.flatnonzero(keep)


def until_exit(points, box):
    """The polyline up to where it first leaves ``box``, and whether it left."""
    points = np.asarray(points, dtype=float)
    pieces = clip(points, box)
    return (pieces[0] if pieces else points[:1]), not all(inside(p, box) for p in points)


def _polyline(panel, points, box, cls):
    """Line layers for a polyline clipped to box; an arrow head where it leaves."""
    shown, left = until_exit(points, box)
    if len(shown) < 2:
        return []
    keep = _simplify(shown, PX[panel])
    kind = "arrow" if left else "line"
    return [{"panel": panel, "type": kind, "cls": cls, "points": rounded(shown[keep], 4)}]


def _loss_points(losses):
    t = np.arange(len(losses), dtype=float)
    return np.column_stack([t, np.log10(np.maximum(losses, TINY_LOSS))])


def _loss_guide(full):
    """The loss of the whole run ``full`` by step, as far as the loss panel shows it."""
    points, _ = until_exit(_loss_points(_losses(full.path)), LOSS_BOX)
    return rounded(points[_simplify(points, PX["loss"])], 4)


def descent_frame(lr, steps, full=None):
    """Layers, readout and alt text for the first ``steps`` steps at learning rate lr.

    ``full`` is the run of :data:`STEPS` [-1] steps at lr, whose loss curve is the shared
    shape ``loss@lr`` of every frame of lr; without it (a live frame, any lr in range), the
    run is made here and its curve drawn in the frame itself.
    """
    if full is None:
        full = run(lr, STEPS[-1])
        guide = _loss_guide(full)
    else:
        guide = f"loss@{lr!r}"
    shown = run(lr, steps)
    path = shown.path
    losses = _losses(path)
    w, n = shown.x, shown.n_iter
    value, dist = losses[-1], float(np.linalg.norm(w - W_STAR))
    rate = SPECTRUM.contraction(lr)
    layers = _polyline("path", path, PATH_BOX, "descent")
    if inside(w, PATH_BOX):
        layers.append({"panel": "path", "type": "point", "at": rounded(w, 4)})
    layers.append({"panel": "loss", "type": "line", "cls": "guide", "points": guide})
    layers += _polyline("loss", _loss_points(losses), LOSS_BOX, "descent")
    at = _loss_points(losses)[-1]
    if inside(at, LOSS_BOX):
        layers.append({"panel": "loss", "type": "point", "at": rounded(at, 4)})
    if full.diverged and n < steps:
        note = f"diverged: stopped after {n} steps"
    elif rate > 1 + EDGE:
        note = f"diverging: errors grow \N{MULTIPLICATION SIGN}{rate:.3f} a step"
    elif rate > 1 - EDGE:
        note = "on the edge: the zigzag never shrinks"
    else:
        note = ""
    if note:
        # Bottom right: a run with a note climbs or stays level, never comes down there.
        at = [STEPS[-1] - 4, LOSS_BOX[1][0] + 1.5]
        layers.append(
            {
                "panel": "loss",
                "type": "text",
                "cls": "text",
                "at": at,
                "anchor": "end",
                "text": note,
            }
        )
    readout = [
        [f"{n:d}", n],
        [true_minus(four_places(w[0])), float(w[0])],
        [true_minus(four_places(w[1])), float(w[1])],
        [f"{value:.3e}", value],
        [f"{dist:.3e}", dist],
        [f"{rate:.4f}", rate],
    ]
    verdict = "diverged and stopped" if note.startswith("diverged") else "stands"
    alt = (
        f"lr = {lr:.4g}, {n} steps from (0, 0): w {verdict} at "
        f"({four_places(w[0])}, {four_places(w[1])}), "
        f"{dist:.3g} from the minimiser (-1, 3); loss {value:.3g} (14.5 at the start); "
        f"each step multiplies the worst error by {rate:.4f}."
    )
    return signed({"layers": layers, "readout": readout, "alt": alt})


def descent_explorer():
    """Choose lr and the number of steps; the path on the contours and the loss by step."""
    level_lines = contour_lines(pointwise(two_points_loss), PATH_X, PATH_Y, LEVELS, n=101)
    layers = contour_layers("path", level_lines)
    (a, b), r = W_STAR, 0.12
    layers += [  # a cross at the minimiser, so that it is not mistaken for the moving point
        {
            "panel": "path",
            "type": "line",
            "cls": "tangent",
            "points": [[a - r, b - r], [a + r, b + r]],
        },
        {
            "panel": "path",
            "type": "line",
            "cls": "tangent",
            "points": [[a - r, b + r], [a + r, b - r]],
        },
        {
            "panel": "path",
            "type": "text",
            "cls": "text",
            "at": [a + 0.4, b + 0.9],  # where no frame's path runs (its tests check)
            "anchor": "end",
            "text": "w* = (\u22121, 3)",
        },
    ]
    shapes, frames = {}, []
    for lr in LRS:
        full = run(lr, STEPS[-1])
        shapes[f"loss@{lr!r}"] = _loss_guide(full)
        frames += [descent_frame(lr, steps, full) for steps in STEPS]
    explorer = Explorer(
        title="Gradient descent on the least-squares loss: choose lr and the number of steps",
        controls=[
            {"name": "lr", "label": "learning rate lr", "values": LRS, "format": "{:.4g}"},
            {
                "name": "steps",
                "label": "steps",
                "values": STEPS,
                "format": "{:d}",
                "spoken": lambda n: f"{n} step{'s' * (n != 1)}",
            },
        ],
        panels=[
            {
                "id": "path",
                "title": "Path of w over the loss contours",
                "x": axis("w₁", *PATH_X),
                "y": axis("w₂", *PATH_Y),
            },
            {
                "id": "loss",
                "title": "Loss f(wₜ) against the step t",
                "x": axis("step t", 0, STEPS[-1]),
                "y": axis("loss", *LOSS_Y, log=True),
            },
        ],
        readout=[
            "steps taken",
            "w₁ after them",
            "w₂ after them",
            "loss f(w)",
            "distance \u2016w \u2212 (\u22121, 3)\u2016",
            "worst factor per step, max |1 \u2212 lr\u00b7\u03bb|",
        ],
        frames=frames,
        layers=layers,
        shapes=shapes,
        live=descent_frame,
    )
    explorer.index = explorer.frame_index(LRS.index(0.1), STEPS.index(10))
    return explorer


def ten_steps_figure(lr=0.1, n_iter=10, n_more=1050, tols=(1e-1, 1e-3, 1e-6)):
    """The text's run: its first n_iter steps on the contours, and the distance to w* by step.

    Returns
    -------
    Image
        The figure, with alt text stating the numbers drawn.
    """
    best = SPECTRUM.best_lr
    runs = {lr: run(lr, n_more), best: run(best, n_more)}
    fig, (ax, bx) = new_figure(6.6, nrows=2)
    level_lines = contour_lines(pointwise(two_points_loss), (-2.2, 1.6), (-0.4, 3.6), LEVELS)
    draw_contours(ax, level_lines, {"color": COLOURS["contour"], "lw": 0.6})
    path = runs[lr].path
    w10 = path[n_iter]
    # Named in a legend under the map: labels in it would lie on the contours and the path.
    ax.plot(*path[: n_iter + 1].T, "o-", color=COLOURS["descent"], ms=3.5, lw=1.6)
    ax.lines[-1].set_label(f"the first {n_iter} steps")
    ax.plot(*path[n_iter:].T, color=COLOURS["descent"], lw=0.9, ls=(0, (3, 2)), label="then on")
    ax.plot(*w10, "o", mfc="none", mec=COLOURS["ink"], mew=1.2, ms=9)
    ax.lines[-1].set_label(f"w after {n_iter} steps {point_text(w10, 3)}")
    ax.plot(*W_STAR, "*", color=COLOURS["accent"], ms=12, label=f"minimiser {point_text(W_STAR)}")
    ax.set(xlabel="w₁", ylabel="w₂", xlim=(-2.2, 1.6), ylim=(-0.4, 3.6), aspect="equal")
    ax.set_title(f"Descent with lr = {lr:g} from {point_text(W0)}")
    legend(ax)
    found = {}
    for rate, colour in ((lr, COLOURS["descent"]), (best, COLOURS["grad"])):
        d = distances(runs[rate].path, W_STAR)
        bx.semilogy(d, color=colour, lw=1.6, label=f"lr = {rate:.4g}")
        found[rate] = [first_within(d, tol) for tol in tols]
        bx.plot(found[rate], [d[k] for k in found[rate]], "o", color=colour, ms=4)
    for tol in tols:
        bx.axhline(tol, color=COLOURS["muted"], lw=0.8, ls="--")
    bx.axvline(n_iter, color=COLOURS["muted"], lw=0.8, ls=":")
    bx.set(
        xlabel="step t",
        ylabel=f"distance to {point_text(W_STAR)}",
        xlim=(0, n_more),
        ylim=(1e-7, 10),
    )
    bx.set_title("Distance to the minimiser\n(log scale)", pad=9)
    legend(bx)
    d10 = float(np.linalg.norm(w10 - W_STAR))

    def steps(rate):
        return ", ".join(
            f"{tol:g} after {k} steps" for tol, k in zip(tols, found[rate], strict=True)
        )

    alt = (
        f"Top: elongated elliptical contours of the loss around the minimiser "
        f"{point_text(W_STAR)} and the path of gradient descent with lr = {lr:g} from "
        f"{point_text(W0)}. After {n_iter} steps w is at {point_text(w10, 3)}, still "
        f"{d10:.2f} from the minimiser (it started {np.linalg.norm(W0 - W_STAR):.2f} away); "
        "the rest of the path creeps along the floor of the valley. Bottom: the distance to "
        "the minimiser against the step on a log scale. "
        f"With lr = {lr:g} it falls below {steps(lr)}; "
        f"with the best fixed rate lr = {best:.4g}, below {steps(best)}."
    )
    return Image(fig, alt)


def rates_figure(marks=(0.1,)):
    """|1 - lr lambda| for both eigenvalues of X^T X against lr, and the worst of the two.

    Returns
    -------
    Image
    """
    lo, hi = SPECTRUM.eigenvalues
    lrs = np.linspace(1e-4, 0.34, 681)
    fig, ax = new_figure(3.9)
    for lam, name, role in ((lo, "min", "curve"), (hi, "max", "tangent")):
        ax.plot(
            lrs,
            np.abs(1 - lrs * lam),
            color=COLOURS[role],
            lw=1.2,
            label=rf"$|1 - lr\,\lambda_{{\{name}}}|$, $\lambda_{{\{name}}}$ = {lam:.4f}",
        )
    worst = np.array([SPECTRUM.contraction(r) for r in lrs])
    ax.plot(lrs, worst, color=COLOURS["ink"], lw=2.4, alpha=0.35, label="the worse of the two")
    ax.axhline(1, color=COLOURS["accent"], lw=0.8, ls="--")
    edge = rf"$2/\lambda_{{\max}}$ = {SPECTRUM.max_stable_lr:.4f}, the edge"  # named in the legend
    ax.axvline(SPECTRUM.max_stable_lr, color=COLOURS["accent"], lw=0.8, ls="--", label=edge)
    ax.axvline(SPECTRUM.best_lr, color=COLOURS["grad"], lw=0.8, ls="--")
    best_rate = SPECTRUM.contraction(SPECTRUM.best_lr)
    ax.plot([SPECTRUM.best_lr], [best_rate], "o", color=COLOURS["grad"])
    arrow = {"arrowstyle": "->", "color": COLOURS["ink"], "lw": 0.8}
    for lr in marks:
        ax.plot([lr], [SPECTRUM.contraction(lr)], "o", color=COLOURS["descent"])
        ax.annotate(
            f"lr = {lr:g}: {SPECTRUM.contraction(lr):.4f}",
            (lr, SPECTRUM.contraction(lr)),
            xytext=(lr - 0.03, 0.75),
            arrowprops=arrow,
        )
    ax.annotate(
        r"best lr = $2/(\lambda_{\min}+\lambda_{\max})$"
        "\n"
        f"= {SPECTRUM.best_lr:.4f}: {best_rate:.4f}",
        (SPECTRUM.best_lr, best_rate),
        xytext=(0.02, 1.08),
        arrowprops=arrow,
    )
    ax.set(xlabel="learning rate lr", ylabel="factor per step", xlim=(0, 0.34), ylim=(0, 1.35))
    legend(ax)
    alt = (
        f"Each step multiplies the error along the slow eigenvector by the absolute value of "
        f"1 {MINUS} {lo:.4f} lr (a line falling slowly from 1) and along the fast one by the "
        "absolute "
        f"value of 1 {MINUS} {hi:.4f} lr (a V that "
        f"reaches 0 at lr = {1 / hi:.4f} and climbs back through 1 at lr = "
        f"{SPECTRUM.max_stable_lr:.4f}, beyond which descent diverges). The worse of the two is "
        f"smallest, {best_rate:.4f}, where the lines cross at lr = {SPECTRUM.best_lr:.4f}; at "
        + ", ".join(f"lr = {lr:g} it is {SPECTRUM.contraction(lr):.4f}" for lr in marks)
        + "."
    )
    return Image(fig, alt)
