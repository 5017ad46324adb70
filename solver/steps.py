"""A worked solution is data: a tree of frozen steps, verified and rendered elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import sympy
from sympy.printing.precedence import PRECEDENCE

from grammar import Problem

from .rules import Rule


class Infinitesimal(sympy.Expr):
    """``coefficient·dx`` for display (``du = 2x dx``); never part of a computation."""

    def __new__(cls, coefficient, variable):
        return sympy.Expr.__new__(cls, sympy.sympify(coefficient), variable)

    @property
    def coefficient(self):
        return self.args[0]

    @property
    def variable(self):
        return self.args[1]


class _Shown(sympy.Expr):
    """Arithmetic shown as written, for display; ``doit`` gives its value."""

    def __new__(cls, *args):
        return sympy.Expr.__new__(cls, *(sympy.sympify(a) for a in args))


class Times(_Shown):
    """``a·b·c`` exactly as written (``1·4``, ``(−2)·3``)."""

    precedence = PRECEDENCE["Mul"]  # so every printer brackets it as a product: (1·4)^2

    def doit(self, **hints):
        return sympy.Mul(*self.args)


class Plus(_Shown):
    """``t1 + t2 − t3`` in the order written; a ``Minus`` term is shown subtracted."""

    precedence = PRECEDENCE["Add"]  # so every printer brackets it as a sum: (1 − p)^(n − k)

    def doit(self, **hints):
        return sympy.Add(*(a.doit() if isinstance(a, (Times, Minus)) else a for a in self.args))


class Given(_Shown):
    """The event ``A | B`` inside a probability, for display."""


class Minus(_Shown):
    precedence = PRECEDENCE["Add"]

    def doit(self, **hints):
        inner = self.args[0]
        return -(inner.doit() if isinstance(inner, (Times, Plus)) else inner)


@dataclass(frozen=True)
class Step:
    """One change: ``before`` becomes ``after`` by ``rule``.

    ``parts`` are the named pieces the sentence needs (``u``, ``n``, ``f``, …);
    ``substeps`` are the step's own worked parts (the inner derivative of a chain rule).
    """

    rule: Rule
    before: Any
    after: Any
    parts: dict[str, Any] = field(default_factory=dict)
    substeps: tuple[Step, ...] = ()
    role: str = ""
    """What this step is to its parent (``outer``/``inner`` of a chain rule), or empty."""

    def walk(self, path: str = "") -> Iterator[tuple[str, Step]]:
        """Every step of the tree with its number (``1``, ``1.2``, ``1.2.1``)."""
        yield path, self
        for k, sub in enumerate(self.substeps, start=1):
            yield from sub.walk(f"{path}.{k}" if path else str(k))


@dataclass(frozen=True)
class Check:
    """How one claim was checked, independently of the code that made it."""

    step: str
    rule: str
    passed: bool
    method: str
    detail: str = ""


@dataclass(frozen=True)
class Verification:
    checks: tuple[Check, ...] = ()

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def failed(self) -> Check | None:
        return next((c for c in self.checks if not c.passed), None)


@dataclass(frozen=True)
class Solution:
    """A problem as understood, its answer and the steps that reach it.

    ``statement`` is the problem as a mathematical object (``Derivative(f, x)``);
    ``answer_sympy`` is the machine form of problems.md that ``sympy.sympify`` reads back.
    """

    problem: Problem
    statement: Any
    answer: Any
    steps: tuple[Step, ...]
    assumptions: tuple[str, ...] = ()
    answer_sympy: str = ""
    verification: Verification | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Kind-specific facts of the answer (``decimal``, ``diverges`` …), rendered beside it."""

    @property
    def kind(self) -> str:
        return self.problem.kind

    @property
    def verified(self) -> bool:
        return self.verification is not None and self.verification.passed

    def with_verification(self, verification: Verification) -> Solution:
        return replace(self, verification=verification)

    def walk(self) -> Iterator[tuple[str, Step]]:
        for k, step in enumerate(self.steps, start=1):
            yield from step.walk(str(k))
