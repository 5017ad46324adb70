"""Linear algebra pictures: a 2×2 matrix as a map of the plane (the unit square and its
image, eigenvectors as arrows when the solution found real ones) and a system of two
unknowns as lines (one point, parallel lines, or one line)."""

from __future__ import annotations

import numpy as np
import sympy

from ..render.math import to_text
from . import Figure, register
from ._draw import BLUE, GREEN, GREY, INK, ORANGE, PURPLE, RED, Omit, fl, new_figure, num, steps_by_rule, to_svg

MATRIX_KINDS = ("determinant", "singular", "inverse", "eigenvalues", "eigenvectors", "diagonalize",
                "characteristic_polynomial", "rank")
_EIGEN_COLOURS = (GREEN, PURPLE, RED)


def _numbers(m) -> np.ndarray:
    if not isinstance(m, sympy.MatrixBase):
        raise Omit("there is no matrix to draw")
    if m.shape != (2, 2):
        raise Omit(f"only 2×2 matrices are drawn as maps of the plane; this one is {m.rows}×{m.cols}")
    if m.free_symbols:
        raise Omit("the matrix holds letters, so its map cannot be drawn")
    out = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            value = complex(sympy.N(m[i, j]))
            if value.imag:
                raise Omit("the matrix has complex entries")
            out[i, j] = value.real
    return out


def _vector_text(v) -> str:
    return "(" + ", ".join(num(e) for e in v) + ")"


def _eigen(solution) -> list[tuple]:
    """(λ, v) for each real eigenvector the solution found, from its EIGENSPACE steps."""
    out = []
    for step in steps_by_rule(solution, "EIGENSPACE"):
        value = step.parts.get("value")
        if value is None or not (sympy.sympify(value).is_real):
            continue
        for v in step.parts.get("basis", ()):
            entries = list(v)
            if len(entries) == 2 and all(sympy.sympify(e).is_real for e in entries):
                out.append((value, entries))
    return out


def _eigenvalues(solution) -> list:
    found = steps_by_rule(solution, "EIGENVALUES_FROM_ROOTS")
    if not found:
        return []
    after = found[0].after
    return [eq.rhs for eq in after if isinstance(eq, sympy.Equality)] if isinstance(after, sympy.Tuple) else []


def _arrow(ax, tip, colour, width=2.0, label=None, gid=None, style="-|>"):
    arrow = ax.annotate("", xy=tip, xytext=(0, 0),
                        arrowprops={"arrowstyle": style, "color": colour, "linewidth": width, "shrinkA": 0,
                                    "shrinkB": 0, "mutation_scale": 14}, zorder=5)
    if gid:  # an empty annotation draws only its arrow: the id goes there
        arrow.arrow_patch.set_gid(gid)
    if label:
        ax.plot([], [], color=colour, linewidth=width, label=label)


@register(*MATRIX_KINDS)
def linear_map(solution):
    matrix = solution.problem.expr
    a = _numbers(matrix)
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    image = square @ a.T
    e1, e2 = a[:, 0], a[:, 1]
    eigen = _eigen(solution)
    fig = new_figure(6.0, 5.2)
    ax = fig.add_subplot()
    ax.fill(square[:, 0], square[:, 1], color=GREY, alpha=0.18, zorder=1, label="unit square", gid="unit-square")
    ax.plot(*np.vstack([square, square[:1]]).T, color=GREY, linewidth=1.2, zorder=2)
    ax.fill(image[:, 0], image[:, 1], color=BLUE, alpha=0.25, zorder=1, label="its image under A", gid="image-square")
    ax.plot(*np.vstack([image, image[:1]]).T, color=BLUE, linewidth=1.6, zorder=2)
    _arrow(ax, (1, 0), GREY, 1.4)
    _arrow(ax, (0, 1), GREY, 1.4)
    _arrow(ax, tuple(e1), BLUE, 2.2, f"A·e₁ = {_vector_text(matrix[:, 0])}", gid="arrow-ae1")
    _arrow(ax, tuple(e2), ORANGE, 2.2, f"A·e₂ = {_vector_text(matrix[:, 1])}", gid="arrow-ae2")
    points = [*square, *image]
    said = []
    for k, (value, v) in enumerate(eigen):
        colour = _EIGEN_COLOURS[k % len(_EIGEN_COLOURS)]
        vec = np.array([fl(e) for e in v])
        length = np.hypot(*vec)
        if length == 0:
            continue
        unit = vec / length * max(1.0, min(length, 2.0))
        lam = fl(value)
        points += [unit, lam * unit]
        _arrow(ax, tuple(unit), colour, 2.4, f"eigenvector {_vector_text(v)}, λ = {num(value)}", gid=f"eigenvector-{k}")
        if abs(lam * np.hypot(*unit)) > 1e-9:
            _arrow(ax, tuple(lam * unit), colour, 1.2, None, style="-|>")
            ax.annotate(f"{num(value)}·v", lam * unit, textcoords="offset points", xytext=(4, 4), fontsize=8, color=colour)
        said.append(f"({', '.join(num(e) for e in v)}) with λ = {num(value)}")
    pts = np.array(points)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = max(float((hi - lo).max()), 1.0)
    pad = 0.18 * span
    cx, cy = (lo + hi) / 2
    half = (span / 2) + pad
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    for k, (_value, v) in enumerate(eigen):  # the eigenvector's line: A maps it to itself
        vec = np.array([fl(e) for e in v])
        if np.hypot(*vec) == 0:
            continue
        t = 4 * half / np.hypot(*vec)
        ax.plot([-t * vec[0], t * vec[0]], [-t * vec[1], t * vec[1]], color=_EIGEN_COLOURS[k % 3], linestyle=":",
                linewidth=1.0, zorder=1)
    ax.set_aspect("equal")
    ax.axhline(0, color="#999999", linewidth=0.9, zorder=0)
    ax.axvline(0, color="#999999", linewidth=0.9, zorder=0)
    rows = "[" + "; ".join(" ".join(num(matrix[i, j]) for j in range(2)) for i in range(2)) + "]"
    title = f"The map of A = {rows}"
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)
    corners = ", ".join(_vector_text(p) for p in [(0, 0), matrix[:, 0], matrix[:, 0] + matrix[:, 1], matrix[:, 1]])
    alt = (f"The unit square (grey) and its image under A = {rows} (blue), the parallelogram with corners {corners}; "
           f"the arrows show A·e₁ = {_vector_text(matrix[:, 0])} and A·e₂ = {_vector_text(matrix[:, 1])}.")
    if solution.kind == "determinant":
        alt += f" Its area is |det A| = {num(abs(sympy.sympify(solution.answer)))}"
        alt += ", and the orientation is flipped (det A < 0)." if sympy.sympify(solution.answer) < 0 else "."
    elif solution.kind == "singular" and solution.answer is sympy.true:
        alt += " A is singular, so the square is flattened onto a line or a point."
    if said:
        alt += (" Eigenvectors, drawn as arrows with dotted lines through them: " + "; ".join(said)
                + ". A maps each of these lines to itself, stretching by λ.")
    elif solution.kind in ("eigenvalues", "eigenvectors", "diagonalize", "characteristic_polynomial"):
        values = _eigenvalues(solution)
        if values and not all(sympy.sympify(v).is_real for v in values):
            alt += " The eigenvalues are not real, so no line is mapped to itself and no eigenvector is drawn."
    return Figure("linear_map", title, alt, to_svg(fig, title, alt))


# ----------------------------------------------------------------------------- systems
@register("linear_system")
def linear_system(solution):
    unknowns = tuple((solution.problem.data or {}).get("unknowns") or ())
    if len(unknowns) != 2:
        raise Omit(f"only systems in two unknowns are drawn; this one has {len(unknowns)}")
    found = steps_by_rule(solution, "AUGMENTED_MATRIX")
    if not found:
        raise Omit("the solution has no augmented matrix to read the lines from")
    system = found[0].parts.get("system", found[0].after)
    equations = list(found[0].parts.get("equations") or solution.problem.expr)
    if not isinstance(system, sympy.MatrixBase) or system.cols != 3 or system.free_symbols:
        raise Omit("the system is not a set of numeric linear equations in two unknowns")
    rows = [[fl(e) for e in system.row(i)] for i in range(system.rows)]
    lines = [(r, eq) for r, eq in zip(rows, equations, strict=False) if abs(r[0]) + abs(r[1]) > 0]
    if not lines:
        raise Omit("no equation of the system is a line")
    verdict = solution.extra.get("solutions")
    point = None
    if verdict == "one" and isinstance(solution.answer, (dict, sympy.Dict)):
        values = [solution.answer.get(u) for u in unknowns]
        if all(v is not None and sympy.sympify(v).is_number for v in values):
            point = (fl(values[0]), fl(values[1]))
    anchors = [point] if point else []
    for (a, b, c), _ in lines:  # the point of each line nearest the origin
        norm = a * a + b * b
        anchors.append((a * c / norm, b * c / norm))
    pts = np.array(anchors)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = max(float((hi - lo).max()), 2.0)
    half = span / 2 + max(0.35 * span, 1.5)
    cx, cy = (lo + hi) / 2
    xr, yr = (cx - half, cx + half), (cy - half, cy + half)
    fig = new_figure(6.0, 5.0)
    ax = fig.add_subplot()
    colours = (BLUE, ORANGE, GREEN, PURPLE, RED)
    xs = np.linspace(*xr, 2)
    for k, ((a, b, c), eq) in enumerate(lines):
        colour = colours[k % len(colours)]
        style = {"color": colour, "linewidth": 2.6 - 0.8 * min(k, 2), "linestyle": "-" if k == 0 else (0, (6, 4)),
                 "label": to_text(eq), "gid": f"line-{k + 1}"}
        if abs(b) > 1e-12:
            ax.plot(xs, (c - a * xs) / b, **style)
        else:
            ax.plot([c / a, c / a], list(yr), **style)
    if point:
        ax.plot([point[0]], [point[1]], "o", color=INK, markersize=8, zorder=6, gid="intersection",
                label=f"solution ({num(solution.answer[unknowns[0]])}, {num(solution.answer[unknowns[1]])})")
    ax.set_xlim(*xr)
    ax.set_ylim(*yr)
    ax.set_aspect("equal")
    ax.axhline(0, color="#999999", linewidth=0.9, zorder=0)
    ax.axvline(0, color="#999999", linewidth=0.9, zorder=0)
    ax.set_xlabel(to_text(unknowns[0]))
    ax.set_ylabel(to_text(unknowns[1]))
    names = "; ".join(to_text(eq) for _, eq in lines)
    if point:
        title = f"One solution: the lines meet at ({num(solution.answer[unknowns[0]])}, " \
                f"{num(solution.answer[unknowns[1]])})"
        alt = f"The lines {names} drawn in the plane; they cross at one point, {title.split('at ')[1]}, the solution."
    elif verdict == "none":
        title = "No solution: the lines do not all meet"
        parallel = len(lines) == 2
        alt = (f"The lines {names} drawn in the plane; " + ("they are parallel and never meet, " if parallel else
               "they have no point in common, ") + "so the system has no solution.")
        if parallel:
            title = "No solution: the lines are parallel"
    elif verdict == "infinite":
        title = "Infinitely many solutions: the equations give the same line"
        alt = (f"The lines {names} drawn in the plane lie on top of each other (the second dashed over the first): "
               "every point of the line is a solution.")
    else:
        title = "The equations as lines"
        alt = f"The lines {names} drawn in the plane."
    ax.set_title(title, fontsize=10.5)
    ax.legend(loc="best")
    return Figure("linear_system_lines", title, alt, to_svg(fig, title, alt))
