"""Figures: pictures of a worked Solution, as deterministic SVG.

One registry maps a problem kind to a function ``draw(solution) -> Figure | None``; a family
module registers its kinds with ``@register("kind", …)``.  A drawing function reads the
solution — its answer, its steps' parts and values, ``extra`` — and never recomputes the
mathematics, so the picture and the steps cannot disagree (it may evaluate the given
function at plot points to draw its curve).  When a picture would be wrong or unreadable it
raises ``Omit(reason)`` (or returns None) and the client is told why in ``figures_omitted``.

matplotlib is imported only when a figure is asked for: ``figures_for`` loads the family
modules on its first call.  A new engine's pictures go in a new module listed in
``FAMILY_MODULES``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("stepsolver.figures")

FAMILY_MODULES = ("calculus", "optimization", "linalg", "probability", "statistics")
"""Modules of this package whose ``@register`` calls fill the registry."""


@dataclass(frozen=True)
class Figure:
    """One picture: ``kind`` names what it shows (``definite_integral_area``, ``pmf`` …),
    ``alt`` says it in a sentence with the numbers, ``svg`` is the picture itself."""

    kind: str
    title: str
    alt: str
    svg: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "alt": self.alt, "svg": self.svg}


Draw = Callable[[object], "Figure | list[Figure] | None"]
REGISTRY: dict[str, Draw] = {}
"""Problem kind → its drawing function (filled when the family modules load)."""

_loaded = False


def register(*kinds: str) -> Callable[[Draw], Draw]:
    def decorate(fn: Draw) -> Draw:
        for kind in kinds:
            REGISTRY[kind] = fn
        return fn
    return decorate


def registry() -> dict[str, Draw]:
    """The registry with every family module loaded (this is what imports matplotlib)."""
    global _loaded
    if not _loaded:
        for name in FAMILY_MODULES:
            importlib.import_module(f"{__name__}.{name}")
        _loaded = True
    return REGISTRY


def figures_for(solution, strict: bool = False) -> tuple[list[Figure], list[dict]]:
    """The figures of a solution and, for each one not drawn, ``{"kind", "reason"}``.

    Never raises for a drawing problem: a figure that fails is omitted with a reason (and
    logged if it was a bug), so asking for figures cannot break a solve.  ``strict`` (for
    tests) lets a failure other than ``Omit`` propagate.
    """
    from ._draw import Omit, drawing

    kind = solution.kind
    draw = registry().get(kind)
    if draw is None:
        return [], [{"kind": kind, "reason": f"no figure is drawn for problems of kind '{kind}'"}]
    try:
        with drawing():
            result = draw(solution)
    except Omit as omit:
        return [], [{"kind": kind, "reason": omit.reason}]
    except Exception:
        if strict:
            raise
        return _failed(solution)
    if result is None:
        return [], [{"kind": kind, "reason": "this problem has nothing to draw"}]
    figures = [result] if isinstance(result, Figure) else list(result)
    return figures, []


def _failed(solution) -> tuple[list, list[dict]]:
    """A bug in a drawing function (or a function numpy chokes on): log it, omit the figure."""
    log.exception("figure for %r failed", getattr(solution.problem, "text", solution.kind))
    return [], [{"kind": solution.kind, "reason": "the figure could not be drawn for this problem"}]


def figure_dicts(solution) -> dict:
    """``{"figures": [...], "figures_omitted": [...]}`` for the JSON answer."""
    figures, omitted = figures_for(solution)
    return {"figures": [f.to_dict() for f in figures], "figures_omitted": omitted}


_warm = False


def warm() -> None:
    """Load matplotlib and draw one figure (its font cache), once, e.g. before a server forks."""
    global _warm
    if not _warm:
        from .. import solve

        figures_for(solve("∫_0^1 x dx"))
        _warm = True


__all__ = ["Figure", "REGISTRY", "register", "registry", "figures_for", "figure_dicts", "warm"]
