"""Editing a solution's step tree in tests: the step at a path, changed, everything else kept."""

from __future__ import annotations

from dataclasses import replace


def replace_at(steps: tuple, number: str, change) -> tuple:
    """``steps`` with the step numbered ``number`` (``1.2.1``) passed through ``change``."""
    head, _, rest = number.partition(".")
    k = int(head) - 1
    target = steps[k]
    new = change(target) if not rest else replace(target, substeps=replace_at(target.substeps, rest, change))
    return (*steps[:k], new, *steps[k + 1:])
