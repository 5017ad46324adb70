"""Row reduction with every elementary operation as its own step, in exact arithmetic.

The strategy is the textbook one a student follows with a pencil: work column by column,
take the first row (at or below the current one) with a nonzero entry as the pivot row,
swap it up if needed, optionally scale the pivot to 1, clear the entries below it; for
the reduced form, then clear the entries above each pivot from the last pivot up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from ..render.math import to_text
from ..rules import Rule
from ..steps import Step

Matrix = sympy.ImmutableMatrix


def clean(value):
    """Exact entries stay exact; symbolic ones are brought to one canceled fraction."""
    if value.is_Rational or not value.free_symbols:
        return sympy.nsimplify(value) if value.is_Float else sympy.simplify(value) if not value.is_Rational else value
    return sympy.cancel(value)


def is_zero(value) -> bool | None:
    """True, False, or None when it depends on the letters in it."""
    value = clean(value)
    if value.is_zero is not None:
        return bool(value.is_zero)
    return None


def _row_name(i: int) -> str:
    return f"R{i + 1}"


def _coefficient_text(c) -> str:
    """How a factor is written before a row name: R2 → −R2, R2 → (1/4)R2, R2 → 3R2."""
    if c == -1:
        return "−"
    text = to_text(c).replace("-", "−")
    if c.is_Integer or (c.is_Symbol and len(text) == 1):
        return text
    return f"({text})"


def apply_swap(m: Matrix, i: int, j: int) -> Matrix:
    rows = [list(m.row(k)) for k in range(m.rows)]
    rows[i], rows[j] = rows[j], rows[i]
    return Matrix(rows)


def apply_scale(m: Matrix, i: int, factor) -> Matrix:
    rows = [list(m.row(k)) for k in range(m.rows)]
    rows[i] = [clean(factor * e) for e in rows[i]]
    return Matrix(rows)


def apply_replace(m: Matrix, target: int, source: int, factor) -> Matrix:
    """R_target → R_target + factor · R_source."""
    rows = [list(m.row(k)) for k in range(m.rows)]
    rows[target] = [clean(a + factor * b) for a, b in zip(rows[target], rows[source], strict=True)]
    return Matrix(rows)


def swap_step(m: Matrix, i: int, j: int, reason: str) -> Step:
    after = apply_swap(m, i, j)
    return Step(Rule.ROW_SWAP, m, after,
                {"op": "swap", "i": i, "j": j, "notation": f"{_row_name(i)} ↔ {_row_name(j)}", "reason": reason})


def scale_step(m: Matrix, i: int, factor, reason: str) -> Step:
    after = apply_scale(m, i, factor)
    notation = f"{_row_name(i)} → {_coefficient_text(factor)}{_row_name(i)}"
    return Step(Rule.ROW_SCALE, m, after,
                {"op": "scale", "i": i, "factor": factor, "notation": notation, "reason": reason})


def replace_step(m: Matrix, target: int, source: int, factor, reason: str) -> Step:
    after = apply_replace(m, target, source, factor)
    magnitude = -factor if (factor.could_extract_minus_sign()) else factor
    sign = "−" if factor.could_extract_minus_sign() else "+"
    shown = "" if magnitude == 1 else _coefficient_text(magnitude)
    notation = f"{_row_name(target)} → {_row_name(target)} {sign} {shown}{_row_name(source)}"
    return Step(Rule.ROW_REPLACE, m, after,
                {"op": "replace", "i": target, "j": source, "factor": factor, "notation": notation,
                 "reason": reason})


@dataclass
class Reduction:
    steps: list[Step] = field(default_factory=list)
    result: Matrix | None = None
    pivots: list[tuple[int, int]] = field(default_factory=list)
    swaps: int = 0
    assumptions: list[str] = field(default_factory=list)


def reduce_matrix(m: Matrix, *, reduced: bool, scale: bool, pivot_columns: int | None = None) -> Reduction:
    """Gaussian (``reduced=False``) or Gauss–Jordan (``reduced=True``) elimination.

    ``pivot_columns`` limits the pivot search to the first columns (the coefficient part of
    an augmented matrix).  Returns the steps grouped by pivot, the result and the pivots.
    """
    out = Reduction()
    current = Matrix(m.applyfunc(clean))
    rows, cols = current.shape
    limit = cols if pivot_columns is None else pivot_columns
    r = 0
    for c in range(limit):
        if r >= rows:
            break
        pivot_row = None
        for k in range(r, rows):
            zero = is_zero(current[k, c])
            if zero is False or zero is None:
                pivot_row = k
                if zero is None:
                    shown = to_text(clean(current[k, c]))
                    out.assumptions.append(f"{shown} ≠ 0 (it is used as a pivot)")
                break
        if pivot_row is None:
            continue
        start = current
        ops: list[Step] = []
        if pivot_row != r:
            ops.append(swap_step(current, r, pivot_row,
                                 f"the entry in row {r + 1}, column {c + 1} is 0, so bring up row {pivot_row + 1}, "
                                 "which has a nonzero entry there"))
            current = ops[-1].after
            out.swaps += 1
        pivot = clean(current[r, c])
        if scale and pivot != 1:
            ops.append(scale_step(current, r, clean(1 / pivot), f"divide by the pivot {to_text(pivot)} to make it 1"))
            current = ops[-1].after
            pivot = sympy.Integer(1)
        for k in range(r + 1, rows):
            entry = clean(current[k, c])
            if is_zero(entry) is True:
                continue
            factor = clean(-entry / pivot)
            ops.append(replace_step(current, k, r, factor,
                                    f"make the entry below the pivot in row {k + 1} zero"))
            current = ops[-1].after
        out.pivots.append((r, c))
        purpose = ("make it 1 and clear the entries below it" if scale else "clear the entries below it")
        if not ops:
            purpose = "it is already in place with zeros below"
        out.steps.append(Step(Rule.PIVOT, start, current,
                              {"column": c + 1, "row": r + 1, "pivot": pivot, "purpose": purpose}, tuple(ops)))
        r += 1
    if reduced:
        start = current
        ops = []
        for r, c in reversed(out.pivots):
            pivot = clean(current[r, c])
            if pivot != 1:  # unscaled reduction: make the pivot 1 now
                ops.append(scale_step(current, r, clean(1 / pivot), f"divide by the pivot {to_text(pivot)}"))
                current = ops[-1].after
            for k in range(r):
                entry = clean(current[k, c])
                if is_zero(entry) is True:
                    continue
                ops.append(replace_step(current, k, r, clean(-entry), f"make the entry above the pivot in row {k + 1} zero"))
                current = ops[-1].after
        if ops:
            out.steps.append(Step(Rule.BACK_ELIMINATION, start, current, {}, tuple(ops)))
    out.result = current
    return out


def echelon_summary(red: Reduction, reduced: bool) -> Step:
    columns = ", ".join(str(c + 1) for _, c in red.pivots) or "none"
    form = "Reduced row echelon form" if reduced else "Row echelon form"
    detail = (f"pivots in columns {columns}, each pivot 1 with zeros above and below it" if reduced
              else f"pivots in columns {columns}, with zeros below each pivot")
    return Step(Rule.ECHELON_FORM, red.result, red.result,
                {"form": form, "form_lower": form.lower(), "detail": detail})
