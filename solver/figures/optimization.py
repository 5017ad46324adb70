"""Optimisation pictures: critical points on the curve (one variable) or on a contour plot
(two), and the numbered path of gradient descent or Newton's method."""

from __future__ import annotations

import math

import numpy as np
import sympy

from ..render.math import to_text
from . import Figure, register
from ._draw import (
    BLUE,
    GREEN,
    GREY,
    INK,
    ORANGE,
    PURPLE,
    RED,
    Curve,
    Omit,
    axis_lines,
    broken,
    grid,
    is_rule,
    label_of,
    new_figure,
    num,
    real_or_omit,
    steps_by_rule,
    to_svg,
    usable,
    window,
    y_range,
)

# How each classification is drawn and said.
MARKERS = {
    "minimum": ("o", GREEN, "local minimum"),
    "maximum": ("^", RED, "local maximum"),
    "saddle": ("X", PURPLE, "saddle point"),
    "inconclusive": ("D", GREY, "unclassified (the test is inconclusive)"),
}


def _function(solution):
    f = solution.problem.expr
    variables = tuple((solution.problem.data or {}).get("variables") or ())
    if not variables and solution.problem.variable is not None:
        variables = (solution.problem.variable,)
    if not isinstance(f, sympy.Expr) or not variables:
        raise Omit("there is no function to draw")
    if len(variables) > 2:
        raise Omit(f"a function of {len(variables)} variables cannot be drawn in the plane")
    return f, variables


def _coords(point, n: int) -> tuple[float, ...]:
    if n == 1 and not isinstance(point, (sympy.Tuple, tuple, list, sympy.MatrixBase)):
        return (real_or_omit(point, "a point"),)
    values = list(point)
    if len(values) != n:
        raise Omit("a point does not have one coordinate per variable")
    return tuple(real_or_omit(v, "a coordinate") for v in values)


def _point_text(point) -> str:
    if isinstance(point, (sympy.Tuple, tuple, list, sympy.MatrixBase)):
        return "(" + ", ".join(num(v) for v in point) + ")"
    return num(point)


def _box(points: list[tuple[float, float]], pad_fraction: float = 0.35, minimum: float = 1.5):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    pad = max(pad_fraction * span, minimum)
    x0, x1 = min(xs) - pad, max(xs) + pad
    y0, y1 = min(ys) - pad, max(ys) + pad
    # a square-ish box, so circles look like circles
    cx, cy, half = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0) / 2
    return (cx - half, cx + half), (cy - half, cy + half)


def _contours(ax, fig, f, variables, xr, yr, n: int = 101):
    """Filled contours of f with lines, levels spread by quantile so one steep corner does
    not use up every level; returns the sampled values."""
    curve = Curve(f, variables)
    gx, gy = np.meshgrid(np.linspace(*xr, n), np.linspace(*yr, n))
    z = curve(gx, gy)
    usable(z, "f")
    finite = z[np.isfinite(z)]
    levels = np.unique(np.quantile(finite, np.linspace(0, 1, 15)))
    if levels.size < 3:
        levels = np.linspace(finite.min() - 1, finite.max() + 1, 8)
    # contour lines only (a filled plot is several times the bytes), coloured dark-to-light by value
    lines = ax.contour(gx, gy, z, levels=levels, cmap="viridis", linewidths=1.1, negative_linestyles="solid")
    bar = fig.colorbar(lines, ax=ax, shrink=0.85, pad=0.02, ticks=levels[::3])
    bar.set_label("value of f")
    bar.ax.yaxis.set_major_formatter(_short_ticks(float(levels[-1] - levels[0])))
    ax.set_xlim(*xr)
    ax.set_ylim(*yr)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(to_text(variables[0]))
    ax.set_ylabel(to_text(variables[1]))
    return z


def _short_ticks(scale: float):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: "0" if abs(v) < 1e-4 * scale else num(float(v), 3))


# ----------------------------------------------------------------------------- critical points
@register("critical_points")
def critical_points(solution):
    f, variables = _function(solution)
    points = list(solution.extra.get("points") or ())
    kinds = list(solution.extra.get("classifications") or ())
    if not points or len(points) != len(kinds):
        raise Omit("the solution lists no classified critical points")
    if len(points) > 40:
        raise Omit(f"{len(points)} critical points are too many to mark on one picture")
    found = [kinds.count(k) for k in MARKERS]
    if len(variables) == 1:
        return _critical_one(solution, f, variables[0], points, kinds)
    return _critical_two(solution, f, variables, points, kinds, found)


def _global(solution) -> dict:
    """{point: 'global minimum'} from the solution's own comparison of critical values."""
    out = {}
    for key in ("global_minimum", "global_maximum"):
        found = solution.extra.get(key)
        if found:
            out[found[0]] = key.replace("_", " ")
    return out


def _critical_one(solution, f, x, points, kinds):
    from ..multivariable.optimize import real_branch  # odd roots real, as the solution reads them

    curve = Curve(real_branch(f, x), (x,))
    xs_points = [_coords(p, 1)[0] for p in points]
    lo, hi = window([curve], xs_points)
    xs = grid(lo, hi, keep=xs_points)
    ys = curve(xs)
    usable(ys, f"f({x})")
    values = [curve.at(p) for p in xs_points]
    limits = y_range([ys], include=values)
    best = _global(solution)
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, broken(ys, limits), color=BLUE, label=label_of(f"f({x})", f))
    said = []
    for k, (p, px, py, kind) in enumerate(zip(points, xs_points, values, kinds, strict=True), start=1):
        if py is None:
            raise Omit(f"f is not defined at the critical point {x} = {num(p)}")
        marker, colour, words = MARKERS.get(kind, MARKERS["inconclusive"])
        extra = f" ({best[p]})" if p in best else ""
        ax.plot([px], [py], marker, color=colour, markersize=10, markeredgecolor="white", zorder=6,
                label=f"{words}{extra}: ({num(p)}, {num(py)})", gid=f"critical-point-{k}")
        ax.annotate(words.split(" (")[0], (px, py), textcoords="offset points", xytext=(0, 10 if kind != "minimum"
                                                                                        else -16),
                    ha="center", fontsize=8, color=colour)
        said.append(f"a {words}{extra} at {x} = {num(p)} (f = {num(py)})")
    ax.set_xlim(lo, hi)
    ax.set_ylim(*limits)
    axis_lines(ax)
    ax.set_xlabel(to_text(x))
    title = "Critical points of f"
    ax.set_title(title)
    ax.legend(loc="best")
    alt = (f"The graph of f({x}) = {to_text(f)} for {x} from {num(lo, 3)} to {num(hi, 3)}, with "
           f"{len(points)} critical point{'s' if len(points) > 1 else ''} marked: " + "; ".join(said) + ".")
    return Figure("critical_points", title, alt, to_svg(fig, title, alt))


def _critical_two(solution, f, variables, points, kinds, found):
    coords = [_coords(p, 2) for p in points]
    xr, yr = _box(coords)
    fig = new_figure(6.4, 5.0)
    ax = fig.add_subplot()
    _contours(ax, fig, f, variables, xr, yr)
    said = []
    for k, (p, (px, py), kind) in enumerate(zip(points, coords, kinds, strict=True), start=1):
        marker, colour, words = MARKERS.get(kind, MARKERS["inconclusive"])
        ax.plot([px], [py], marker, color=colour, markersize=11, markeredgecolor="white", markeredgewidth=1.2,
                zorder=6, label=f"{_point_text(p)}: {words}", gid=f"critical-point-{k}")
        said.append(f"{_point_text(p)} is a {words}")
    names = ", ".join(to_text(v) for v in variables)
    title = f"Critical points of f({names}) on its contour plot"
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncol=2, frameon=False)
    alt = (f"A contour plot of f({names}) = {to_text(f)}, its level curves coloured from dark purple (low values of f) to yellow (high), with its "
           f"{len(points)} critical point{'s' if len(points) > 1 else ''} marked: " + "; ".join(said) + ".")
    return Figure("critical_points_contour", title, alt, to_svg(fig, title, alt))


# ----------------------------------------------------------------------------- iterations
def _iterates(solution, rule: str, step_rule: str):
    """The points x₀, x₁, …, as the solution's own iteration steps give them."""
    outer = steps_by_rule(solution, rule)
    if not outer:
        raise Omit("the solution has no iterations to draw")
    steps = [s for s in outer[0].substeps if is_rule(s, step_rule)]
    if not steps:
        raise Omit("the method stopped before its first step, so there is no path to draw")
    return [steps[0].before, *(s.after for s in steps)]


def _on_picture(coords: list[tuple[float, ...]]) -> int:
    """How many leading iterates fit on one readable picture: stop once the path has grown
    far beyond where it started (a diverging run), keeping at least two."""
    start = np.array(coords[0])
    first = max(float(np.max(np.abs(np.array(coords[1]) - start))), 1e-9) if len(coords) > 1 else 1.0
    scale = max(first, float(np.max(np.abs(start))), 1.0)
    for k in range(2, len(coords)):
        if float(np.max(np.abs(np.array(coords[k]) - start))) > 60 * scale:
            return k
    return len(coords)


@register("gradient_descent")
def gradient_descent(solution):
    return _path(solution, "GRADIENT_DESCENT", "GRADIENT_DESCENT_STEP", "Gradient descent")


@register("newton")
def newton(solution):
    return _path(solution, "NEWTON", "NEWTON_STEP", "Newton's method")


def _path(solution, rule, step_rule, method):
    f, variables = _function(solution)
    points = _iterates(solution, rule, step_rule)
    coords = [_coords(p, len(variables)) for p in points]
    shown = _on_picture(coords)
    hidden = len(coords) - shown
    if len(variables) == 1:
        return _path_one(solution, f, variables[0], points, coords[:shown], hidden, method)
    return _path_two(solution, f, variables, points, coords[:shown], hidden, method)


def _numbered(ax, xs, ys, colour) -> list[str]:
    """A marker per iterate and its number; iterates that sit on top of each other at this
    scale share one label (``3–5``).  Call after the axes' limits are set."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    groups: list[list[int]] = []
    for k, (px, py) in enumerate(zip(xs, ys, strict=True)):
        ax.plot([px], [py], "o", color=colour, markersize=7, markeredgecolor="white", zorder=7,
                gid=f"iterate-{k}")
        near = next((g for g in groups if abs(px - xs[g[0]]) < 0.025 * (x1 - x0)
                     and abs(py - ys[g[0]]) < 0.025 * (y1 - y0)), None)
        if near is not None:  # on top of an earlier iterate (converged, or a cycle)
            near.append(k)
            continue
        groups.append([k])
    labels = []
    for group in groups:
        if len(group) == 1:
            label = str(group[0])
        elif group == list(range(group[0], group[-1] + 1)):
            label = f"{group[0]}–{group[-1]}"
        else:
            label = ", ".join(map(str, group))
        labels.append(label)
        ax.annotate(label, (xs[group[0]], ys[group[0]]), textcoords="offset points", xytext=(6, 6), fontsize=9,
                    color=INK, fontweight="bold", zorder=8)
    return [label for label in labels if "–" in label or "," in label]


def _arrows(ax, xs, ys, colour):
    for k in range(len(xs) - 1):
        if math.hypot(xs[k + 1] - xs[k], ys[k + 1] - ys[k]) == 0:
            continue
        ax.annotate("", xy=(xs[k + 1], ys[k + 1]), xytext=(xs[k], ys[k]),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.3, "shrinkA": 4, "shrinkB": 4},
                    zorder=6)


def _path_one(solution, f, x, points, coords, hidden, method):
    mode = (solution.problem.data or {}).get("mode", "minimize")
    curve = Curve(f, (x,))
    xs_points = [c[0] for c in coords]
    span = max(xs_points) - min(xs_points)
    lo, hi = min(xs_points) - max(0.3 * span, 0.5), max(xs_points) + max(0.3 * span, 0.5)
    xs = grid(lo, hi, keep=xs_points)
    ys = curve(xs)
    usable(ys, f"f({x})")
    heights = [curve.at(p) for p in xs_points]
    if any(h is None for h in heights):
        raise Omit("f is not defined at one of the iterates")
    limits = y_range([ys], include=heights + ([0.0] if mode == "root" else []))
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot(xs, broken(ys, limits), color=BLUE, label=label_of(f"f({x})", f), zorder=3)
    if method == "Newton's method" and mode == "root":
        for k in range(len(xs_points) - 1):  # the tangent at x_k meets the axis at x_{k+1}
            ax.plot([xs_points[k], xs_points[k + 1]], [heights[k], 0], color=ORANGE, linestyle="--", linewidth=1.2,
                    label="tangent line to the next x" if k == 0 else None, zorder=4)
            ax.plot([xs_points[k + 1]] * 2, [0, heights[k + 1]], color=GREY, linestyle=":", linewidth=1.0, zorder=4)
    else:
        _arrows(ax, xs_points, heights, ORANGE)
    ax.set_xlim(lo, hi)
    ax.set_ylim(*limits)
    together = _numbered(ax, xs_points, heights, ORANGE)
    ax.plot([], [], "o", color=ORANGE, label=f"iterates x₀ … x{_sub(len(coords) - 1)} (numbered)")
    axis_lines(ax)
    ax.set_xlabel(to_text(x))
    title = f"{method}: {len(coords) - 1} step{'s' if len(coords) != 2 else ''} from {x} = {num(points[0])}"
    ax.set_title(title)
    ax.legend(loc="best")
    path = ", ".join(num(p) for p in points[:len(coords)])
    alt = (f"The graph of f({x}) = {to_text(f)} with the iterates of {method} marked on the curve and numbered "
           f"0 to {len(coords) - 1}: {x} = {path}.")
    if together:
        alt += f" Iterates {', '.join(together)} lie on top of each other at this scale."
    if hidden:
        alt += f" The last {hidden} iterate{'s are' if hidden > 1 else ' is'} too far away to show."
    return Figure("iteration_path", title, alt, to_svg(fig, title, alt))


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _path_two(solution, f, variables, points, coords, hidden, method):
    xr, yr = _box(coords, pad_fraction=0.25, minimum=0.5)
    fig = new_figure(6.4, 5.0)
    ax = fig.add_subplot()
    _contours(ax, fig, f, variables, xr, yr)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    _arrows(ax, xs, ys, ORANGE)
    together = _numbered(ax, xs, ys, ORANGE)
    ax.plot([], [], "o", color=ORANGE, label=f"iterates 0 … {len(coords) - 1}, in order")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False)
    names = ", ".join(to_text(v) for v in variables)
    title = f"{method} on the contour plot of f({names})"
    ax.set_title(title)
    path = "; ".join(_point_text(p) for p in points[:len(coords)])
    alt = (f"A contour plot of f({names}) = {to_text(f)}, its level curves coloured from dark purple (low values of f) to yellow (high), with the path of {method} "
           f"drawn as numbered points joined by arrows, 0 to {len(coords) - 1}: {path}.")
    if together:
        alt += f" Iterates {', '.join(together)} lie on top of each other at this scale."
    if hidden:
        alt += f" The last {hidden} iterate{'s are' if hidden > 1 else ' is'} too far away to show."
    return Figure("iteration_path_contour", title, alt, to_svg(fig, title, alt))
