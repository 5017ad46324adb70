"""∇f = 0 solved the way it is done by hand, with every move a checked step.

The moves, tried in this order on the equations left: solve the equations that have one
unknown (factoring, real roots only) and branch on their roots; split a product equal to
0 into cases (one factor is 0); solve an equation that is linear in an unknown with a
constant coefficient for it and substitute.  What none of these moves can do is refused
with ``UnsupportedProblem``: the verifier, not this module, compares the points found with
sympy's own ``solve``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

import sympy
from sympy import Eq, S

from grammar import UnsupportedProblem

from ..algebra import tidy
from ..render.math import to_text
from ..rules import Rule
from ..steps import Step

_MAX_DEPTH = 12
_MAX_POINTS = 40


def _eq(e):
    return Eq(e, 0, evaluate=False)


def _equations(eqs) -> sympy.Tuple:
    return sympy.Tuple(*(_eq(e) for e in eqs))


def _by_name(symbols) -> list[sympy.Symbol]:
    return sorted(symbols, key=lambda s: s.name)


def clean(e, unknowns) -> sympy.Expr:
    """Polynomials expanded, everything else tidied: the forms a student would write."""
    e = sympy.sympify(e)
    if e.is_polynomial(*unknowns):
        return sympy.expand(e)
    return tidy(e)


def sort_key(value) -> tuple:
    """Numbers in increasing order; anything that will not evaluate last."""
    try:
        return (0, float(value))
    except (TypeError, ValueError):
        return (1, 0.0)


def is_real_number(value) -> bool:
    try:
        c = complex(sympy.N(value, 30))
    except (TypeError, ValueError):
        return False
    return abs(c.imag) <= 1e-20 * max(1.0, abs(c.real)) and c.real == c.real and abs(c.real) != float("inf")


def how_reduced(den, dropped, v) -> str:
    """What turned ``e = 0`` into the equation shown: multiplying by the denominator (nonzero
    where f' is defined), dividing by never-zero factors, or factoring."""
    dropped = list(dropped)
    if den.has(v) and (den.is_positive or den.is_negative):  # e^x below: e^(−x) ≠ 0 is a factor
        dropped.insert(0, tidy(1 / den))
        den = S.One
    said = []
    if den.has(v):
        said.append(f"Multiply by {to_text(den)} (not 0 where the equation is defined)")
    if dropped:
        said.append(("Since " if not said else "since ") + " and ".join(f"{to_text(d)} ≠ 0" for d in dropped)
                    + ", divide it out")
    if not said:
        return "Factored, it reads"
    return "; ".join(said) + ": it reads"


def real_solutions(e, v) -> tuple[list, sympy.Expr, str]:
    """The real solutions of ``e = 0`` in ``v``, the factored form shown to the student and how
    it was reached (``how_reduced``)."""
    reduced = sympy.cancel(sympy.together(e)) if not e.is_polynomial(v) else e
    num, den = sympy.fraction(reduced)
    shown = num
    dropped: list = []
    if not num.is_polynomial(v):  # e^(−x²)(1 − 2x²): a never-zero factor does not change the roots
        kept = sympy.factor_terms(num)
        if kept.is_Mul:
            never = [a for a in kept.args if (a.is_positive or a.is_negative) and a.has(v)]
            kept = sympy.Mul(*(a for a in kept.args if not (a.is_positive or a.is_negative)))
            if kept.is_polynomial(v):
                num, shown, dropped = kept, kept, never
    if num.is_polynomial(v):
        poly = sympy.Poly(num, v)
        if poly.degree() <= 0:
            return [], num, how_reduced(den, dropped, v)  # a nonzero constant has no root
        roots = sympy.real_roots(poly)
        values = list(dict.fromkeys(roots))
        factored = sympy.factor(shown)
    else:
        found = sympy.solveset(num, v, S.Reals)
        if not isinstance(found, sympy.FiniteSet):
            if found == S.EmptySet:
                return [], num, how_reduced(den, dropped, v)
            raise UnsupportedProblem(
                f"the equation {to_text(num)} = 0 has infinitely many solutions or none I can write exactly",
                hint="critical points are worked for functions whose gradient vanishes at finitely many "
                     "points that can be written exactly, such as polynomials")
        values = list(found)
        factored = sympy.factor(num) if num.is_Mul or num.is_Add else num
    keep = []
    for r in values:
        if den.has(v) and sympy.simplify(den.xreplace({v: r})) == 0:
            continue
        if not is_real_number(r):
            continue
        keep.append(r)
    return sorted(keep, key=sort_key), factored, how_reduced(den, dropped, v)


def nonconstant_factors(e, unknowns) -> list:
    """The distinct factors of ``e`` that contain an unknown (``2xy`` → ``x``, ``y``)."""
    factored = sympy.factor(e) if e.is_polynomial(*unknowns) else sympy.factor_terms(e)
    if not factored.is_Mul:
        if factored.is_Pow and factored.exp.is_positive and factored.base.free_symbols & unknowns:
            return [factored.base]
        return [factored]
    out = []
    for f in factored.args:
        base = f.base if f.is_Pow and f.exp.is_positive else f
        if base.free_symbols & unknowns and base not in out:
            out.append(base)
    return out


class SystemSolver:
    """One solve of ∇f = 0; ``system`` is kept so every case can be checked against it."""

    def __init__(self, equations: Sequence[sympy.Expr], unknowns: Sequence[sympy.Symbol]) -> None:
        self.unknowns = tuple(unknowns)
        self.system = _equations(equations)
        self.equations = [clean(e, self.unknowns) for e in equations]

    def solve(self) -> tuple[list[Step], list[dict]]:
        steps, solutions = self._solve(self.equations, frozenset(self.unknowns), 0, ())
        unique: dict[tuple, dict] = {}
        for s in solutions:
            key = tuple(sympy.N(s[u], 20) for u in self.unknowns)
            key = tuple(round(complex(k).real, 12) for k in key)
            unique.setdefault(key, s)
        return steps, sorted(unique.values(), key=lambda s: [sort_key(s[u]) for u in self.unknowns])

    # ---------------------------------------------------------------- the moves
    def _solve(self, eqs, unknowns: frozenset, depth: int, assumed: tuple) -> tuple[list[Step], list[dict]]:
        """Solve ``eqs`` for ``unknowns``; ``assumed`` are the conditions of the cases around."""
        if depth > _MAX_DEPTH:
            raise UnsupportedProblem("solving ∇f = 0 needs more cases than I work step by step")
        eqs = [e for e in (clean(e, self.unknowns) for e in eqs) if e != 0]
        impossible = next((e for e in eqs if not (e.free_symbols & unknowns) or e.is_positive or e.is_negative), None)
        if impossible is not None:
            return [Step(Rule.NO_SOLUTION, _eq(impossible), S.EmptySet, {"equation": _eq(impossible)})], []
        if not eqs:
            if unknowns:
                free = ", ".join(sorted(map(str, unknowns)))
                raise UnsupportedProblem(
                    f"the critical points are not isolated: {free} can take any value",
                    hint="every point of a line or curve is critical here; the test by the Hessian needs isolated points")
            return [], [{}]
        for move in (self._one_unknown, self._zero_product, self._eliminate):
            found = move(eqs, unknowns, depth, assumed)
            if found is not None:
                return found
        shown = ", ".join(f"{to_text(e)} = 0" for e in eqs)
        raise UnsupportedProblem(f"I can't solve {shown} step by step",
                                 hint="critical points are worked when ∇f = 0 can be solved one unknown at a "
                                      "time, by factoring, or by eliminating a linear unknown")

    def _one_unknown(self, eqs, unknowns, depth, assumed):
        chosen: dict[sympy.Symbol, sympy.Expr] = {}
        for e in eqs:
            mine = e.free_symbols & unknowns
            if len(mine) == 1:
                v = next(iter(mine))
                chosen.setdefault(v, e)
        if not chosen:
            return None
        steps: list[Step] = []
        roots: dict[sympy.Symbol, list] = {}
        for v, e in sorted(chosen.items(), key=lambda item: item[0].name):
            values, factored, how = real_solutions(e, v)
            after = sympy.Tuple(*(Eq(v, r, evaluate=False) for r in values)) if values else S.EmptySet
            steps.append(Step(Rule.SOLVE_ONE_UNKNOWN, _eq(e), after,
                              {"var": v, "factored": _eq(factored), "equation": _eq(e), "how": how}))
            if not values:
                return steps, []
            roots[v] = values
        order = list(roots)
        rest = [e for e in eqs if e not in chosen.values()]
        left = unknowns - set(order)
        combos = list(product(*(roots[v] for v in order)))
        if len(combos) > _MAX_POINTS:
            raise UnsupportedProblem("∇f = 0 has more cases than I work step by step")
        solutions: list[dict] = []
        for combo in combos:
            assignment = dict(zip(order, combo, strict=True))
            if not rest and not left:
                solutions.append(assignment)
                continue
            condition = tuple(Eq(v, assignment[v], evaluate=False) for v in order)
            inner = (*assumed, *condition) if len(combos) > 1 else assumed
            case_steps, found = self._substitute_and_continue(rest, assignment, left, depth, inner)
            found = [{**assignment, **s} for s in found]
            solutions += found
            if len(combos) > 1:
                steps.append(self._case(sympy.Tuple(*condition), inner, found, case_steps))
            else:
                steps += case_steps
        return steps, solutions

    def _substitute_and_continue(self, rest, assignment, left, depth, assumed):
        steps: list[Step] = []
        new = [clean(e.xreplace(assignment), self.unknowns) for e in rest]
        if rest:
            steps.append(Step(Rule.SUBSTITUTE_VALUES, _equations(rest), _equations(new),
                              {"assignment": sympy.Tuple(*(Eq(k, v, evaluate=False) for k, v in assignment.items())),
                               "mapping": sympy.Dict(assignment)}))
        more, found = self._solve(new, left, depth + 1, assumed)
        return steps + more, found

    def _case(self, condition, assumed, found, substeps) -> Step:
        """One branch; ``assumed`` (this case's condition and those of the cases around it) lets
        the verifier solve the whole system under the same assumptions."""
        points = sympy.Tuple(*(self.point(s) for s in found)) if found else S.EmptySet
        return Step(Rule.CASE, condition, points, {"condition": condition, "assumed": sympy.Tuple(*assumed),
                                                   "system": self.system, "unknowns": sympy.Tuple(*self.unknowns)},
                    tuple(substeps))

    def point(self, solution: dict):
        """A solution as the point shown: a number for one unknown, else a tuple."""
        known = [solution.get(u, u) for u in self.unknowns]
        return known[0] if len(known) == 1 else sympy.Tuple(*known)

    def _zero_product(self, eqs, unknowns, depth, assumed):
        for e in eqs:
            factors = nonconstant_factors(e, unknowns)
            if len(factors) < 2:
                continue
            split = Step(Rule.ZERO_PRODUCT, _eq(e), sympy.Tuple(*(_eq(f) for f in factors)),
                         {"factored": _eq(sympy.factor(e) if e.is_polynomial(*unknowns) else sympy.factor_terms(e)),
                          "factors": sympy.Tuple(*factors)})
            steps, solutions = [split], []
            rest = [o for o in eqs if o is not e]
            for f in factors:
                inner = (*assumed, _eq(f))
                case_steps, found = self._solve([f, *rest], unknowns, depth + 1, inner)
                solutions += found
                steps.append(self._case(sympy.Tuple(_eq(f)), inner, found, case_steps))
            return steps, solutions
        return None

    def _eliminate(self, eqs, unknowns, depth, assumed):
        for e in eqs:
            for v in _by_name(e.free_symbols & unknowns):
                if not e.is_polynomial(v):
                    continue
                poly = sympy.Poly(e, v)
                lead = poly.LC()
                if poly.degree() != 1 or not lead.is_number or lead == 0:
                    continue
                value = clean(-poly.nth(0) / lead, self.unknowns)
                steps = [Step(Rule.SOLVE_FOR_UNKNOWN, _eq(e), Eq(v, value, evaluate=False),
                              {"var": v, "equation": _eq(e)})]
                rest = [o for o in eqs if o is not e]
                more, found = self._substitute_and_continue(rest, {v: value}, unknowns - {v}, depth, assumed)
                steps += more
                solutions = []
                for s in found:
                    known = clean(value.xreplace(s), self.unknowns)
                    if value.free_symbols & unknowns:
                        at = sympy.Tuple(*(Eq(k, s[k], evaluate=False) for k in _by_name(value.free_symbols & unknowns)))
                        steps.append(Step(Rule.BACK_SUBSTITUTE_VALUE, Eq(v, value, evaluate=False),
                                          Eq(v, known, evaluate=False), {"at": at, "mapping": sympy.Dict(s)}))
                    solutions.append({**s, v: known})
                return steps, solutions
        return None
