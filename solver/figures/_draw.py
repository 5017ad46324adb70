"""What every figure shares: matplotlib without pyplot, one style, deterministic SVG, the
palette, number text, sampling a function for its curve and choosing the window.

Imported only when a figure is asked for (``solver.figures`` imports the family modules
lazily), so a solve without figures never loads matplotlib.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import matplotlib
import numpy as np
import sympy
from matplotlib.figure import Figure as MplFigure

from ..render.math import to_text

# Okabe–Ito: told apart with every common kind of colour blindness.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
RED = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
YELLOW = "#F0E442"
GREY = "#7f7f7f"
INK = "#222222"

WIDTH, HEIGHT, DPI = 6.4, 4.2, 100

STYLE = {
    "svg.hashsalt": "stepsolver",      # ids in the SVG are hashes: a fixed salt makes them repeat
    "svg.fonttype": "none",            # text stays text: smaller, selectable, read by screen readers
    "svg.image_inline": True,
    "font.family": "DejaVu Sans",      # ships with matplotlib: the same metrics on every machine
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.framealpha": 0.92,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
    "lines.linewidth": 2.0,
    "path.simplify": True,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.bbox": "standard",
}


class Omit(Exception):  # noqa: N818 - it is a verdict, not a failure
    """The figure is not drawn, for the reason given (shown to the client in figures_omitted)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@contextlib.contextmanager
def drawing():
    """The fixed style, numpy quiet about the NaNs and infinities we filter anyway."""
    with matplotlib.rc_context(STYLE), np.errstate(all="ignore"), warnings.catch_warnings():
        # sympy's lambdified functions and numpy warn about values we mask out ourselves
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        warnings.filterwarnings("ignore", message=".*[Gg]lyph.*missing.*")
        yield


def new_figure(width: float = WIDTH, height: float = HEIGHT) -> MplFigure:
    return MplFigure(figsize=(width, height), dpi=DPI, layout="constrained")


_PROLOG = re.compile(r"\A<\?xml[^>]*>\s*<!DOCTYPE[^>]*>\s*", re.S)


def to_svg(fig: MplFigure, title: str, alt: str) -> str:
    """The figure as an SVG string: no date, no creator, a fixed hash salt; a <title> and a
    <desc> (the alt text) as its first children and role="img" for assistive technology."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _PROLOG.sub("", buffer.getvalue())
    head, rest = svg.split(">", 1)
    head = head.replace("<svg ", f'<svg role="img" aria-label={quoteattr(alt)} ', 1)
    return f"{head}>\n <title>{escape(title)}</title>\n <desc>{escape(alt)}</desc>{rest}"


# ----------------------------------------------------------------------------- numbers as text
def num(value, digits: int = 4) -> str:
    """A number as the steps print it: exact forms stay exact (π, 15/4, √15/5), decimals get
    ``digits`` significant digits; anything long or unprintable becomes a short decimal."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value)).replace("-", "−")
    if isinstance(value, (float, np.floating)):
        return _decimal(float(value), digits)
    if isinstance(value, (tuple, list, sympy.Tuple)):
        return "(" + ", ".join(num(v, digits) for v in value) + ")"
    value = sympy.sympify(value)
    if value.is_Float:  # as the steps print it (they round their decimals for display)
        shown = to_text(value)
        return shown.replace("-", "−") if len(shown) <= digits + 4 else _decimal(fl(value), digits)
    if value is sympy.oo:
        return "∞"
    if value is sympy.S.NegativeInfinity:
        return "−∞"
    text = to_text(value)
    if len(text) <= 12 or not (value.is_number and value.is_real):
        return text.replace("-", "−")
    return _decimal(float(value), digits)


def _decimal(x: float, digits: int) -> str:
    if x == 0:
        return "0"
    text = f"{x:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}·10^{int(exponent)}"
    return text.replace("-", "−")


def approx(value) -> str:
    """``15/4 ≈ 3.75`` when the exact form is not already a short decimal, else the value."""
    exact = num(value)
    if isinstance(value, (tuple, list, sympy.Tuple)):
        return exact
    try:
        decimal = _decimal(fl(value), 4)
    except (TypeError, ValueError, AttributeError):
        return exact
    return exact if decimal == exact or sympy.sympify(value).is_Float else f"{exact} ≈ {decimal}"


def text(value, limit: int = 48) -> str:
    """A formula as Unicode text for a label, or '' when it is too long to be read there."""
    shown = to_text(value)
    return shown if len(shown) <= limit else ""


def fl(value) -> float:
    """A number as a float; a sympy Float as the steps print it (display-rounded decimals
    carry few bits, and the picture must agree with the printed value, not the bits)."""
    if isinstance(value, sympy.Float):
        return float(str(value))
    return float(sympy.N(value))


def real(value) -> float | None:
    """A finite real float, or None."""
    try:
        number = complex(sympy.N(value))
    except (TypeError, ValueError, AttributeError):
        return None
    if abs(number.imag) > 1e-12 * max(1.0, abs(number.real)) or not math.isfinite(number.real):
        return None
    return number.real


def real_or_omit(value, what: str) -> float:
    out = real(value)
    if out is None:
        raise Omit(f"{what} is not a finite real number")
    return out


# ----------------------------------------------------------------------------- functions
def _activation_modules() -> dict:
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def relu(z):
        return np.maximum(z, 0)

    def softplus(z):
        return np.logaddexp(0, z)

    def heaviside(z, h0=0.0):
        return np.heaviside(z, h0)

    return {"sigmoid": sigmoid, "relu": relu, "softplus": softplus, "Heaviside": heaviside}


@functools.lru_cache(maxsize=256)
def _compiled(expr: sympy.Expr, variables: tuple) -> Callable:
    return sympy.lambdify(variables, expr, modules=[_activation_modules(), "scipy", "numpy"])


class Curve:
    """``expr`` as a numpy function of ``variables``: NaN wherever it is not a finite real."""

    def __init__(self, expr, variables: Sequence[sympy.Symbol]) -> None:
        expr = sympy.sympify(expr)
        self.variables = tuple(variables)
        extra = expr.free_symbols - set(self.variables)
        if extra:
            names = ", ".join(sorted(to_text(s) for s in extra))
            raise Omit(f"the function holds other letters ({names}), so it has no single graph")
        self.expr = expr
        try:
            self._f = _compiled(expr, self.variables)
        except Exception as exc:  # a function numpy has no name for
            raise Omit(f"{to_text(expr)} cannot be evaluated numerically for drawing") from exc

    def __call__(self, *grids) -> np.ndarray:
        try:
            out = self._f(*grids)
        except (ZeroDivisionError, OverflowError, ValueError, TypeError, NameError, AttributeError) as exc:
            raise Omit(f"{to_text(self.expr)} cannot be evaluated numerically for drawing") from exc
        out = np.asarray(out)
        if out.dtype == object:
            try:
                out = out.astype(complex)
            except (TypeError, ValueError) as exc:
                raise Omit(f"{to_text(self.expr)} cannot be evaluated numerically for drawing") from exc
        shape = np.broadcast(*grids).shape
        if out.shape != shape:  # a constant function gives one number
            out = np.broadcast_to(out, shape).copy()
        if np.iscomplexobj(out):
            bad = np.abs(out.imag) > 1e-9 * np.maximum(1.0, np.abs(out.real))
            out = np.where(bad, np.nan, out.real)
        out = out.astype(float)
        out[~np.isfinite(out)] = np.nan
        return out

    def at(self, *point) -> float | None:
        value = self(*(np.array([float(p)]) for p in point))[0]
        return None if np.isnan(value) else float(value)


def usable(values: np.ndarray, what: str, minimum: float = 0.05) -> None:
    """Omit a picture whose function is real and finite on almost none of its window."""
    finite = np.isfinite(values)
    if not finite.any():
        raise Omit(f"{what} has no real, finite value on the window that would be drawn")
    if finite.mean() < minimum:
        raise Omit(f"{what} is real and finite on too little of the window to draw a curve")


# ----------------------------------------------------------------------------- windows
BASE = (-10.0, 10.0)


def features(curve: Curve, lo: float = BASE[0], hi: float = BASE[1], n: int = 4001) -> list[float]:
    """Where a graph is interesting: zeros, turning points, the ends of its domain, poles."""
    xs = np.linspace(lo, hi, n)
    ys = curve(xs)
    found: list[float] = []
    finite = np.isfinite(ys)
    edges = np.nonzero(finite[1:] != finite[:-1])[0]
    found += [float(xs[i] if finite[i] else xs[i + 1]) for i in edges]
    both = finite[1:] & finite[:-1]
    jump = np.abs(np.diff(ys))
    scale = np.nanpercentile(np.abs(ys), 90) if finite.any() else 1.0
    pole = both & (jump > 10 * max(scale, 1e-9)) & (np.sign(ys[1:]) != np.sign(ys[:-1]))
    found += [float((xs[i] + xs[i + 1]) / 2) for i in np.nonzero(pole)[0]]
    crossing = both & ~pole & (np.sign(ys[1:]) != np.sign(ys[:-1]))
    found += [float(xs[i]) for i in np.nonzero(crossing)[0]]
    slope = np.diff(ys)
    turn = np.isfinite(slope[1:]) & np.isfinite(slope[:-1]) & (np.sign(slope[1:]) * np.sign(slope[:-1]) < 0)
    found += [float(xs[i + 1]) for i in np.nonzero(turn)[0] if not pole[i] and not pole[i + 1]]
    return sorted(set(round(v, 6) for v in found))


def window(curves: Iterable[Curve], anchors: Sequence[float] = (), nearest: int = 6,
           min_width: float = 2.0) -> tuple[float, float]:
    """The x window: around the solution's own points (``anchors``) when it has them, else
    around the features of the graph nearest 0 (a few periods of sin x, not [−10, 10])."""
    anchors = [a for a in anchors if a is not None and math.isfinite(a)]
    if anchors:
        lo, hi = min(anchors), max(anchors)
        span = hi - lo
        pad = max(0.35 * span, 1.5, 0.1 * max(abs(lo), abs(hi)))
        return _widen(lo - pad, hi + pad, min_width)
    curves = list(curves)
    points: list[float] = []
    for curve in curves:
        points += features(curve)
    if not points:
        return _domain(curves, -4.0, 4.0)
    points = sorted(set(points), key=lambda v: (abs(v), v))[:nearest]
    lo, hi = min(points), max(points)
    span = hi - lo
    pad = max(0.3 * span, 1.0)
    return _domain(curves, *_widen(lo - pad, hi + pad, max(min_width, 4.0)))


def _domain(curves: list, lo: float, hi: float) -> tuple[float, float]:
    """Shrink the window to where the first curve is defined (√x: from just left of 0), and
    keep it wide on the side where it is."""
    if not curves:
        return lo, hi
    xs = np.linspace(lo, hi, 801)
    finite = np.isfinite(curves[0](xs))
    if not finite.any() or finite.all():
        return lo, hi
    first, last = xs[np.argmax(finite)], xs[len(xs) - 1 - np.argmax(finite[::-1])]
    width = hi - lo
    if finite[0] or finite[-1]:  # defined up to one end: keep that end, start near the boundary
        if not finite[0]:
            return float(first - 0.05 * width), hi
        return lo, float(last + 0.05 * width)
    inner = last - first
    if inner > 0.05 * width:  # defined on a middle piece only (√(1 − x²)): that piece
        return float(first - 0.15 * inner), float(last + 0.15 * inner)
    return lo, hi


def _widen(lo: float, hi: float, min_width: float) -> tuple[float, float]:
    if hi - lo < min_width:
        mid = (lo + hi) / 2
        lo, hi = mid - min_width / 2, mid + min_width / 2
    return float(lo), float(hi)


def y_range(series: Iterable[np.ndarray], include: Iterable[float] = (), pad: float = 0.12) -> tuple[float, float]:
    """The y window: every value when the curves are tame; when something shoots off (a
    pole, a steep power) the middle of the values with room around them, so the
    interesting part is not squashed flat against the axis."""
    values = np.concatenate([s[np.isfinite(s)] for s in series] or [np.array([])])
    extra = [v for v in include if v is not None and math.isfinite(v)]
    if values.size == 0 and not extra:
        return -1.0, 1.0
    if values.size:
        lo, hi = float(values.min()), float(values.max())
        q_lo, q_hi = (float(q) for q in np.percentile(values, [10, 90]))
        body = q_hi - q_lo
        if body > 0 and hi - lo > 6 * body:
            lo, hi = max(lo, q_lo - 1.5 * body), min(hi, q_hi + 1.5 * body)
    else:
        lo, hi = min(extra), max(extra)
    if extra:
        lo, hi = min([lo, *extra]), max([hi, *extra])
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    margin = pad * (hi - lo)
    return lo - margin, hi + margin


def broken(ys: np.ndarray, limits: tuple[float, float]) -> np.ndarray:
    """NaN where the curve leaves the window by far or jumps across it, so matplotlib does
    not draw a vertical line through a pole."""
    lo, hi = limits
    span = hi - lo
    out = ys.copy()
    out[(out < lo - 3 * span) | (out > hi + 3 * span)] = np.nan
    jump = np.abs(np.diff(out)) > 1.5 * span
    idx = np.nonzero(jump)[0]
    out[idx] = np.where(np.abs(out[idx] - (lo + hi) / 2) > np.abs(out[idx + 1] - (lo + hi) / 2), np.nan, out[idx])
    out[idx + 1] = np.where(np.isnan(out[idx]), out[idx + 1], np.nan)
    return out


def poles(xs: np.ndarray, ys: np.ndarray, limits: tuple[float, float]) -> list[float]:
    """x positions where the sampled curve runs off the y window on both sides of a jump
    (1/x) or of a gap where it is undefined (1/x² at a sample that hits 0)."""
    lo, hi = limits
    span = hi - lo
    edge = max(abs(lo), abs(hi))
    finite = np.isfinite(ys)
    fx, fy = xs[finite], ys[finite]
    if fx.size < 2:
        return []
    step = (xs[-1] - xs[0]) / max(len(xs) - 1, 1)
    found = []
    for i in range(len(fx) - 1):
        a, b = fy[i], fy[i + 1]
        gap = fx[i + 1] - fx[i]
        if gap > 3.5 * step:
            continue
        jump = abs(b - a) > 2 * span and np.sign(a) != np.sign(b) and max(abs(a), abs(b)) > edge
        hole = gap > 1.5 * step and min(abs(a), abs(b)) > 2 * edge
        if jump or hole:
            found.append(float((fx[i] + fx[i + 1]) / 2))
    return found


def grid(lo: float, hi: float, n: int = 801, keep: Sequence[float] = ()) -> np.ndarray:
    xs = np.linspace(lo, hi, n)
    if keep:
        xs = np.union1d(xs, [k for k in keep if lo <= k <= hi])
    return xs


def axis_lines(ax) -> None:
    """The x and y axes as thin lines through 0, when 0 is in view."""
    lo, hi = ax.get_ylim()
    if lo < 0 < hi:
        ax.axhline(0, color="#999999", linewidth=0.9, zorder=1)
    lo, hi = ax.get_xlim()
    if lo < 0 < hi:
        ax.axvline(0, color="#999999", linewidth=0.9, zorder=1)


def label_of(name: str, expr, limit: int = 40) -> str:
    """``f(x) = x²·sin(x)``, or just ``f(x)`` when the formula is too long for a legend."""
    shown = text(expr, limit)
    return f"{name} = {shown}" if shown else name


def steps_by_rule(solution, *rules: str):
    """Every step (at any depth) whose rule is one of ``rules`` (the ``Rule`` member's name,
    ``NEWTON_STEP``), in order.  Names, not imports: a rule another engine has not added yet
    simply matches nothing."""
    return [step for _, step in solution.walk() if getattr(step.rule, "name", None) in rules]


def is_rule(step, name: str) -> bool:
    return getattr(step.rule, "name", None) == name
