"""What the parser hands to the solver: a kind plus plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy


@dataclass(frozen=True)
class Problem:
    """A problem as understood.

    ``kind`` is the stable identifier of problems.md (``derivative``, ``partial_derivative``,
    ``expression`` …); ``notes`` are the readings a person should be told about
    ("y is treated as a constant").
    """

    kind: str
    text: str
    expr: Any = None
    variable: sympy.Symbol | None = None
    order: int = 1
    notes: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict, compare=False)
