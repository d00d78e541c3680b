"""An explorer's first frame as a PNG, for where no widget can be shown.

A stored notebook opened before its kernel runs (JupyterLab, where an untrusted notebook
shows no widget), GitHub's notebook preview and nbviewer show the first image in an
output's bundle instead of the widget view. :class:`~nabla.figures.explorer.Explorer`
adds this one beside its widget view; the static book keeps to the widget view.
"""

import functools
import io

import numpy as np

from nabla.figures.common import COLOURS


def _points(layer, shapes):
    points = layer["points"]
    return shapes[points] if isinstance(points, str) else points


ROLES = {"guide": "muted", "field": "grad"}  # classes drawn in another role's colour (CSS)
ANCHORS = {"start": "left", "middle": "center", "end": "right"}  # SVG text-anchor: ha


def _draw(ax, layer, shapes):
    from matplotlib.patheffects import withStroke

    role, *styles = layer.get("cls", "").split() or [""]
    colour = COLOURS.get(ROLES.get(role, role), COLOURS["ink"])
    kind = layer["type"]
    if kind in ("line", "arrow"):
        xs, ys = zip(*_points(layer, shapes), strict=True)
        width = 1 if role in ("contour", "guide", "field") else 2
        dashes = (0, (3, 2)) if "dashed" in styles or role == "guide" else "-"
        ax.plot(xs, ys, color=colour, lw=width, ls=dashes, solid_capstyle="round")
        if kind == "arrow" and len(xs) > 1:
            ax.annotate(
                "",
                xy=(xs[-1], ys[-1]),
                xytext=(xs[-2], ys[-2]),
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 0, "mutation_scale": 14},
            )
    elif kind == "point":
        ax.plot(*layer["at"], "o", color=COLOURS["accent"], ms=7)
    elif kind == "text":
        ha = ANCHORS[layer.get("anchor", "start")]
        halo = [withStroke(linewidth=3, foreground=COLOURS["bg"])]  # as the page's paint-order
        ax.text(*layer["at"], layer["text"], color=COLOURS["ink"], fontsize=9, ha=ha,
                path_effects=halo)  # fmt: skip


PANEL_INCHES, DPI = 3.6, 80
TITLE_ROOM = 0.78  # of a panel's width: what its left-aligned title has beside the y ticks


def _wrapped(text, width, size, renderer, between=" "):
    """text in lines no wider than width pixels at font size `size`, measured, broken only
    where `between` separates its pieces."""
    from matplotlib.font_manager import FontProperties

    font = FontProperties(size=size)
    lines = []
    for word in text.split(between):
        wider = f"{lines[-1]}{between}{word}" if lines else word
        if lines and renderer.get_text_width_height_descent(wider, font, False)[0] <= width:
            lines[-1] = wider
        else:
            lines.append(word)
    return "\n".join(lines)


def first_frame_figure(spec, frame, index):
    """An explorer's spec drawn at its frame number ``index`` (``frame``) as a matplotlib
    Figure: panels side by side, the controls' values and the readout underneath, every text
    wrapped to fit."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = spec["panels"]
    fig = Figure(figsize=(PANEL_INCHES * len(panels), 3.4), dpi=DPI, layout="constrained")
    renderer = FigureCanvasAgg(fig).get_renderer()
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    shapes = spec.get("shapes") or {}
    for ax, panel in zip(axes, panels, strict=True):
        for layer in [*spec["layers"], *frame["layers"]]:
            if layer["panel"] == panel["id"]:
                _draw(ax, layer, shapes)
        for name, set_lim, set_ticks in (
            ("x", ax.set_xlim, ax.set_xticks),
            ("y", ax.set_ylim, ax.set_yticks),
        ):
            set_lim(panel[name]["min"], panel[name]["max"])
            ticks = panel[name]["ticks"]
            set_ticks([t for t, _ in ticks], [text for _, text in ticks])
        ax.set_xlabel(panel["x"]["label"])
        ax.set_ylabel(panel["y"]["label"])
        room = TITLE_ROOM * PANEL_INCHES * DPI
        ax.set_title(_wrapped(panel["title"], room, 10, renderer), fontsize=10, loc="left")
    controls = spec["controls"]
    at = np.unravel_index(index, [len(c["values"]) for c in controls])
    values = [f"{c['label']} {c['text'][k]}" for c, k in zip(controls, at, strict=True)]
    readout = "; ".join(
        values
        + [
            f"{label}: {text}"  # a label may end in a number: "− 5: −5.00"
            for label, (text, _) in zip(spec["readout"], frame["readout"], strict=True)
        ]
    )
    width = 0.96 * fig.get_figwidth() * DPI
    fig.suptitle(_wrapped(spec["title"], width, 11, renderer), fontsize=11, x=0.01, ha="left")
    readout = _wrapped(readout, width, 9, renderer, between="; ")  # an entry is not split
    under = [readout, "(first frame: run the notebook to explore)"]
    fig.supxlabel("\n".join(under), fontsize=9)
    return fig


def first_frame_png(spec, frame, index):
    """PNG bytes of :func:`first_frame_figure`. No timestamps in the file."""
    from PIL import Image

    drawn = io.BytesIO()
    first_frame_figure(spec, frame, index).savefig(drawn, format="png")
    out = io.BytesIO()  # a third of the size in the palette's colours, each role's kept
    drawn = Image.open(drawn).convert("RGB")
    drawn.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


@functools.cache
def _palette():
    """A PIL palette image: each role's colour blended with the background in 5 steps (the
    edges of anti-aliased lines), and 16 greys."""
    from PIL import Image

    def rgb(hex_colour):
        return np.array([int(hex_colour[k : k + 2], 16) for k in (1, 3, 5)])

    bg = rgb(COLOURS["bg"])
    colours = [rgb(c) * t + bg * (1 - t) for c in COLOURS.values() for t in (1, 0.8, 0.6, 0.4, 0.2)]
    colours += [np.full(3, g) for g in np.linspace(0, 255, 16)]
    flat = np.round(np.array(colours)).astype(int).clip(0, 255).ravel().tolist()
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[-3:] * (256 - len(flat) // 3))
    return palette
