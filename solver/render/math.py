"""Math in four forms: Unicode text, LaTeX, MathML and the machine form.

Formats differ only here and in ``document.py``; sympy's printers do the work, with a few
overrides so a student sees ``x²``, ``ln``, ``arcsin``, ``|x|`` and ``du/dx``.
"""

from __future__ import annotations

import functools
import html
import re
from html.entities import html5

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.str import StrPrinter

from grammar.names import GREEK_NAMES

from ..steps import Minus, Plus, Times

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_GREEK = {
    name: chr(code) for name, code in zip(
        GREEK_NAMES,
        (0x3B1, 0x3B2, 0x3B3, 0x3B4, 0x3B5, 0x3B6, 0x3B7, 0x3B8, 0x3B9, 0x3BA, 0x3BB, 0x3BC,
         0x3BD, 0x3BE, 0x3BF, 0x3C1, 0x3C3, 0x3C4, 0x3C5, 0x3C6, 0x3C7, 0x3C8, 0x3C9),
        strict=True)
}
_GREEK.update({"lamda": "λ", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
               "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω"})
_FUNCTION_NAMES = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "asec": "arcsec",
                   "acsc": "arccsc", "acot": "arccot", "log": "ln", "Phi": "Φ"}
_JUXTAPOSE = re.compile(r"(?<![\w.⁰¹²³⁴⁵⁶⁷⁸⁹/])(\d+)·(?=[A-Za-zα-ωΑ-Ωπ√(|])")


def _is_negative(a) -> bool:
    """A term that starts with a minus sign: subtracting it needs brackets, 7.1 − (−3.2)."""
    return isinstance(a, Minus) or (isinstance(a, sympy.Expr) and a.is_number and a.is_extended_negative is True)


def _bracket_negative(a, shown: str, left: str, right: str) -> str:
    return f"{left}{shown}{right}" if _is_negative(a) else shown


def _compound_factor(a) -> bool:
    """A factor of a product shown as written that needs brackets: a sum or a negative."""
    return a.is_Add or isinstance(a, (Plus, Times)) or (a.is_Number and a < 0) or \
        (a.is_Mul and a.could_extract_minus_sign())


def _reciprocal(a) -> bool:
    return a.is_Pow and a.exp == -1


def _chain(expr):
    """``(1 ≤ X) ∧ (X ≤ 2)`` written as ``1 ≤ X ≤ 2``."""
    if len(expr.args) != 2 or not all(isinstance(a, (sympy.Le, sympy.Lt)) for a in expr.args):
        return None
    first, second = expr.args
    if first.rhs != second.lhs:
        first, second = second, first
    if first.rhs != second.lhs:
        return None
    op = {sympy.Le: "≤", sympy.Lt: "<"}
    return first.lhs, op[type(first)], first.rhs, op[type(second)], second.rhs


def _symbol_text(name: str) -> str:
    m = re.fullmatch(r"([A-Za-z]+)(\d*)(?:_(\w+))?", name)
    if not m:
        return name
    letters, digits, sub = m.groups()
    head = _GREEK.get(letters, letters)
    if digits:
        head += digits.translate(_SUBSCRIPTS)
    if sub:
        head += sub.translate(_SUBSCRIPTS) if sub.isdigit() else "_" + _GREEK.get(sub, sub)
    return head


_DIGIT_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LETTER_SUBSCRIPTS = {"i": "ᵢ", "j": "ⱼ", "k": "ₖ", "n": "ₙ", "m": "ₘ", "t": "ₜ"}


_CONSTANT_OF_INTEGRATION = sympy.Symbol("C")


def _bare_factor(c) -> bool:
    """A coefficient of dx that reads right without brackets: a product with no quotient or sum."""
    return not c.is_Add and not c.could_extract_minus_sign() and sympy.fraction(c)[1] == 1


class _ConstantLast:
    """The constant of integration is written last, as in every textbook: F + C, not C + F."""

    def _as_ordered_terms(self, expr, order=None):
        terms = super()._as_ordered_terms(expr, order=order)
        if _CONSTANT_OF_INTEGRATION in terms and len(terms) > 1:
            terms = [t for t in terms if t != _CONSTANT_OF_INTEGRATION] + [_CONSTANT_OF_INTEGRATION]
        return terms


class TextPrinter(_ConstantLast, StrPrinter):
    """Readable one-line Unicode math: ``2x·cos(x²)``, ``√(x + 1)``, ``d/dx[sin(x)]``."""

    def _print_Symbol(self, expr):
        return _symbol_text(expr.name)

    _print_Dummy = _print_Symbol

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "π"

    def _print_Infinity(self, expr):
        return "∞"

    def _print_NegativeInfinity(self, expr):
        return "-∞"

    def _print_ImaginaryUnit(self, expr):
        return "i"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_exp(self, expr):
        arg = expr.args[0]
        shown = self._print(arg)
        if arg.is_Integer:
            return "e" + shown.translate(_SUPERSCRIPTS)
        if arg.is_Atom and not arg.is_Rational:
            return f"e^{shown}"
        return f"e^({shown})"

    def _print_factorial(self, expr):
        arg = expr.args[0]
        return f"{self._print(arg)}!" if arg.is_Atom else f"({self._print(arg)})!"

    def _print_Function(self, expr):
        name = _FUNCTION_NAMES.get(expr.func.__name__, expr.func.__name__)
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    _print_log = _print_Function

    def _print_Pow(self, expr, rational=False):
        base, exp = expr.base, expr.exp
        bare = base.is_Atom and not (base.is_Rational and not base.is_Integer) and not (base.is_Number and base < 0)
        if exp is sympy.S.Half:  # √(37/4), never √37/4
            inner = self._print(base)
            return f"√{inner}" if bare else f"√({inner})"
        if exp == -sympy.S.Half:
            inner = self._print(base)
            return f"1/√{inner}" if bare else f"1/√({inner})"
        if exp.is_Integer and exp < 0 and not base.is_Number:
            return f"1/{self.parenthesize(sympy.Pow(base, -exp), 50)}"
        shown_base = self._print(base)
        if not (base.is_Atom or isinstance(base, sympy.Function)) or base.is_Rational and not base.is_Integer:
            shown_base = f"({shown_base})"
        elif base.is_Integer and base < 0:
            shown_base = f"({shown_base})"
        if exp.is_Integer:
            return shown_base + str(exp).translate(_SUPERSCRIPTS)
        shown_exp = self._print(exp)
        if exp.is_Symbol:
            return f"{shown_base}^{shown_exp}"
        return f"{shown_base}^({shown_exp})"

    def _print_Mul(self, expr):
        out = super()._print_Mul(expr).replace("*", "·")
        return _JUXTAPOSE.sub(r"\1", out)

    def _print_Derivative(self, expr):
        func, *variables = expr.args
        count = sum(c for _, c in variables)
        # ∂ when other letters are held constant, as sympy's LaTeX and MathML printers do;
        # identities (printed as written) always use d: their letters are constants.
        d = "∂" if not self._settings.get("order") == "none" and len(func.free_symbols) > 1 else "d"
        if len(variables) > 1:  # mixed partials: ∂²/∂y∂x, the last variable applied written first
            bottom = "".join(f"{d}{self._print(v)}" + (str(c).translate(_SUPERSCRIPTS) if c > 1 else "")
                             for v, c in reversed(variables))
            op = f"∂{str(count).translate(_SUPERSCRIPTS)}/{bottom}"
            return f"{op}[{self._print(func)}]"
        (var, count), = variables
        v = self._print(var)
        if count == 1:
            op = f"{d}/{d}{v}"
        else:
            n = str(count).translate(_SUPERSCRIPTS)
            op = f"{d}{n}/{d}{v}{n}"
        if func.is_Symbol:
            return f"d{self._print(func)}/d{v}" if count == 1 else f"{op}({self._print(func)})"
        return f"{op}[{self._print(func)}]"

    def _print_Integral(self, expr):
        f = self.parenthesize(expr.function, 41)  # sums get brackets: ∫ (x + 1) dx
        pieces = []
        for limit in expr.limits:
            var = self._print(limit[0])
            if len(limit) == 3:
                pieces.append((f"∫_{self._bound(limit[1])}^{self._bound(limit[2])}", var))
            else:
                pieces.append(("∫", var))
        signs = " ".join(p[0] for p in pieces)
        return f"{signs} {f} " + " ".join(f"d{v}" for _, v in reversed(pieces))

    def _bound(self, value):
        shown = self._print(value)
        return shown if value.is_Atom and not (value.is_Number and value < 0) else f"({shown})"

    def _print(self, expr, **kwargs):
        if isinstance(expr, sympy.Indexed):  # its own _sympystr would win over _print_Indexed
            return self._print_Indexed(expr)
        if isinstance(expr, sympy.AccumBounds):
            return self._print_AccumBounds(expr)
        return super()._print(expr, **kwargs)

    def _print_Indexed(self, expr):
        """x[i] → xᵢ, x[2] → x₂: the subscripts of a formula."""
        base, indices = self._print(expr.base), expr.indices
        if len(indices) == 1 and (indices[0].is_Integer and indices[0] >= 0 or str(indices[0]) in _LETTER_SUBSCRIPTS):
            shown = str(indices[0])
            return base + (shown.translate(_DIGIT_SUBSCRIPTS) if indices[0].is_Integer else _LETTER_SUBSCRIPTS[shown])
        return f"{base}[{', '.join(self._print(i) for i in indices)}]"

    def _print_Sum(self, expr):
        return self._big_operator("Σ", expr)

    def _print_Product(self, expr):
        return self._big_operator("∏", expr)

    def _big_operator(self, sign, expr):
        """Σ[i=1..n] f and ∏[i=1..n] f, in the bracket style of lim[x→a]."""
        bounds = "".join(f"[{self._print(i)}={self._print(a)}..{self._print(b)}]" for i, a, b in expr.limits)
        return f"{sign}{bounds} {self.parenthesize(expr.function, 41)}"

    def _print_Float(self, expr):
        # 0.2000000000 → 0.2: a decimal shows the digits it has, not its working precision
        mantissa, e, exponent = super()._print_Float(expr).partition("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0")
            mantissa += "0" if mantissa.endswith(".") else ""
        return mantissa + (f"e{exponent}" if e else "")

    def _print_Limit(self, expr):
        func, var, point, direction = expr.args
        side = "" if point.is_infinite or str(direction) == "+-" else ("⁺" if str(direction) == "+" else "⁻")
        return f"lim[{self._print(var)}→{self._print(point)}{side}] {self.parenthesize(func, 41)}"

    def _print_Infinitesimal(self, expr):
        c, v = expr.args
        var = self._print(v)
        if c in (1, -1):
            return f"d{var}" if c == 1 else f"−d{var}"
        if _bare_factor(c):  # 2x dx, sec²θ dθ; a quotient or a sum is bracketed: (1/x) dx
            return f"{self._print(c)} d{var}"
        if c.could_extract_minus_sign() and _bare_factor(-c):
            return f"−{self._print(-c)} d{var}"
        return f"({self._print(c)}) d{var}"

    def _print_Tuple(self, expr):
        return ", ".join(self._item(a) for a in expr.args)

    def _item(self, a):
        """A point inside a list or a mapping keeps its brackets: (1, 0)."""
        return f"({self._print(a)})" if isinstance(a, sympy.Tuple) else self._print(a)

    def _print_Dict(self, expr):
        return "{" + ", ".join(f"{self._item(k)}: {self._item(v)}" for k, v in expr.items()) + "}"

    def _print_Determinant(self, expr):
        return f"det({self._print(expr.arg)})"

    def _print_Interval(self, expr):
        """[a, b] with brackets that say which ends belong: (0, 1], not Interval(0, 1)."""
        left = "(" if expr.left_open else "["
        right = ")" if expr.right_open else "]"
        return f"{left}{self._print(expr.start)}, {self._print(expr.end)}{right}"

    def _print_AccumBounds(self, expr):
        """What sympy gives for the 'limit' of an oscillating function: no limit, said so."""
        return f"no limit (it oscillates between {self._print(expr.min)} and {self._print(expr.max)})"

    def _print_Contains(self, expr):
        element, where = expr.args
        return f"{self._print(element)} ∈ {'ℝ' if where == sympy.Reals else self._print(where)}"

    def _print_Times(self, expr):
        top = [a for a in expr.args if not _reciprocal(a)]
        bottom = [a.base for a in expr.args if _reciprocal(a)]
        shown = "·".join(self._factor(a) for a in top) or "1"
        for b in bottom:
            shown += f" / {self._factor(b, fraction=True)}"
        return shown

    def _factor(self, a, fraction=False):
        shown = self._print(a)
        compound = _compound_factor(a) or (fraction and a.is_Rational and not a.is_Integer)
        return f"({shown})" if compound else shown

    def _print_binomial(self, expr):
        return f"C({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_Plus(self, expr):
        out = ""
        for k, term in enumerate(expr.args):
            if isinstance(term, Minus):
                out += (" − " if k else "−") + _bracket_negative(term.args[0], self._print(term.args[0]), "(", ")")
            else:
                out += (" + " if k else "") + self._print(term)
        return out

    def _print_Inverse(self, expr):
        return f"{self._print(expr.arg)}⁻¹"

    def _print_Transpose(self, expr):
        return f"{self._print(expr.arg)}ᵀ"

    def _print_MatMul(self, expr):
        return "·".join(self.parenthesize(a, 50) for a in expr.args)

    def _print_MatPow(self, expr):
        return f"{self._print(expr.base)}{str(expr.exp).translate(_SUPERSCRIPTS)}"

    def _print_Given(self, expr):
        return f"{self._print(expr.args[0])} | {self._print(expr.args[1])}"

    def _print_And(self, expr):
        chain = _chain(expr)
        if chain:
            lo, op1, mid, op2, hi = chain
            return f"{self._print(lo)} {op1} {self._print(mid)} {op2} {self._print(hi)}"
        return " ∩ ".join(self.parenthesize(a, 40) if not a.is_Symbol else self._print(a) for a in expr.args)

    def _print_Or(self, expr):
        return " ∪ ".join(self._print(a) for a in expr.args)

    def _print_Not(self, expr):
        inner = expr.args[0]
        return f"{self._print(inner)}ᶜ" if inner.is_Symbol else f"({self._print(inner)})ᶜ"

    def _print_BooleanTrue(self, expr):
        return "yes"

    def _print_BooleanFalse(self, expr):
        return "no"

    def _print_EmptySet(self, expr):
        return "∅ (no solution)"

    def _print_Relational(self, expr):
        ops = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}
        return f"{self._print(expr.lhs)} {ops[expr.rel_op]} {self._print(expr.rhs)}"

    def _print_MatrixBase(self, expr):
        if expr.cols == 1 and expr.rows > 1:  # a column vector reads as one: (2x·y, x² + 3y²)
            return "(" + ", ".join(self._print(e) for e in expr) + ")"
        rows = ["[" + ", ".join(self._print(e) for e in expr.row(i)) + "]" for i in range(expr.rows)]
        return "[" + ", ".join(rows) + "]"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Subs(self, expr):
        func, (var,), (point,) = expr.args
        return f"{self._print(func)} at {self._print(var)} = {self._print(point)}"


class TexPrinter(_ConstantLast, LatexPrinter):
    def __init__(self, order=None):
        super().__init__({"ln_notation": True, "inv_trig_style": "full", "order": order})

    def _print_Derivative(self, expr):
        func, *variables = expr.args
        if func.is_Symbol and len(variables) == 1 and variables[0][1] == 1:
            return rf"\frac{{d{self._print(func)}}}{{d{self._print(variables[0][0])}}}"
        # ∂ when other letters are held constant; identities (d/dx x^n, printed as written)
        # always use d, since their letters are constants.
        partial = self._settings.get("order") != "none" and len(func.free_symbols) > 1
        d = r"\partial " if partial else "d"
        if len(variables) > 1:  # mixed partials: ∂²/∂y∂x, the last variable applied written first
            count = sum(c for _, c in variables)
            bottom = " ".join(rf"\partial {self._print(v)}" + (f"^{{{c}}}" if c > 1 else "")
                              for v, c in reversed(variables))
            op = rf"\frac{{\partial^{{{count}}}}}{{{bottom}}}"
        else:
            var, count = variables[0]
            v = self._print(var)
            op = rf"\frac{{{d}}}{{{d}{v}}}" if count == 1 else rf"\frac{{{d}^{{{count}}}}}{{{d}{v}^{{{count}}}}}"
        return f"{op} {self.parenthesize(func, 50)}"


    def _print_Infinitesimal(self, expr):
        c, v = expr.args
        var = self._print(v)
        if c in (1, -1):
            return rf"d{var}" if c == 1 else rf"-d{var}"
        return rf"{self._print(c)}\, d{var}" if _bare_factor(c) or sympy.fraction(c)[1] != 1 else \
            rf"{self.parenthesize(c, 50)}\, d{var}"

    def _print_Tuple(self, expr):
        return r",\quad ".join(self._item(a) for a in expr.args)

    def _item(self, a):
        """A point inside a list or a mapping keeps its brackets."""
        if isinstance(a, sympy.Tuple):
            return r"\left(" + ", ".join(self._print(b) for b in a.args) + r"\right)"
        return self._print(a)

    def _print_Dict(self, expr):
        items = ", ".join(f"{self._item(k)}: {self._item(v)}" for k, v in expr.items())
        return r"\left\{" + items + r"\right\}"

    def _print_Given(self, expr):
        return rf"{self._print(expr.args[0])} \mid {self._print(expr.args[1])}"

    def _print_And(self, expr):
        chain = _chain(expr)
        if chain:
            lo, op1, mid, op2, hi = chain
            tex = {"≤": r"\le", "<": "<"}
            return f"{self._print(lo)} {tex[op1]} {self._print(mid)} {tex[op2]} {self._print(hi)}"
        return r" \cap ".join(self._print(a) for a in expr.args)

    def _print_Or(self, expr):
        return r" \cup ".join(self._print(a) for a in expr.args)

    def _print_Not(self, expr):
        inner = expr.args[0]
        shown = self._print(inner)
        return f"{shown}^{{c}}" if inner.is_Symbol else rf"\left({shown}\right)^{{c}}"

    def _print_Times(self, expr):
        top = [a for a in expr.args if not _reciprocal(a)]
        bottom = [a.base for a in expr.args if _reciprocal(a)]
        shown = r" \cdot ".join(self._factor(a) for a in top) or "1"
        if bottom:
            below = r" \cdot ".join(self._factor(b) for b in bottom)
            return rf"\frac{{{shown}}}{{{below}}}"
        return shown

    def _factor(self, a):
        shown = self._print(a)
        if a.is_Add or isinstance(a, Plus) or (a.is_Number and a < 0) or (a.is_Mul and a.could_extract_minus_sign()):
            return rf"\left({shown}\right)"
        return shown

    def _print_Plus(self, expr):
        out = ""
        for k, term in enumerate(expr.args):
            if isinstance(term, Minus):
                out += (" - " if k else "-") + _bracket_negative(term.args[0], self._print(term.args[0]),
                                                                r"\left(", r"\right)")
            else:
                out += (" + " if k else "") + self._print(term)
        return out


class MathMLPrinter(_ConstantLast, MathMLPresentationPrinter):
    def __init__(self, order=None):
        super().__init__({"ln_notation": True, "inv_trig_style": "full", "order": order})

    def _mo(self, text):
        mo = self.dom.createElement("mo")
        mo.appendChild(self.dom.createTextNode(text))
        return mo

    def _fenced(self, node):
        row = self.dom.createElement("mrow")
        row.appendChild(self._mo("("))
        row.appendChild(node)
        row.appendChild(self._mo(")"))
        return row

    def _print_Times(self, expr):
        """Arithmetic as written: factors joined by ·, a sum or a negative factor in brackets,
        and reciprocal factors (``Pow(b, -1)``) as a fraction bar, as the text printer's " / b"."""
        top = [a for a in expr.args if not _reciprocal(a)]
        bottom = [a.base for a in expr.args if _reciprocal(a)]
        row = self.dom.createElement("mrow")
        for k, a in enumerate(top):
            if k:
                row.appendChild(self._mo("·"))
            node = self._print(a)
            compound = _compound_factor(a)
            alone_over_a_bar = bottom and len(top) == 1 and not (a.is_Number and a < 0)
            row.appendChild(self._fenced(node) if compound and not alone_over_a_bar else node)
        if not top:
            row.appendChild(self._print(sympy.Integer(1)))
        for b in bottom:
            frac = self.dom.createElement("mfrac")
            frac.appendChild(row)
            frac.appendChild(self._print(b))
            row = frac
        return row

    def _print_Function(self, expr):
        """A function the problem names (P, E, Var, Φ) keeps its name: sympy's printer would
        write it in lower case."""
        if not isinstance(expr, AppliedUndef):
            return super()._print_Function(expr)
        row = self.dom.createElement("mrow")
        row.appendChild(self._print(sympy.Symbol(type(expr).__name__)))
        args = self.dom.createElement("mrow")
        for k, a in enumerate(expr.args):
            if k:
                args.appendChild(self._mo(","))
            args.appendChild(self._print(a))
        row.appendChild(self._fenced(args))
        return row

    def _print_Derivative(self, expr):
        func, *variables = expr.args
        if func.is_Symbol and len(variables) == 1 and variables[0][1] == 1:  # du/dx
            frac = self.dom.createElement("mfrac")
            for letter in (func, variables[0][0]):
                row = self.dom.createElement("mrow")
                d = self.dom.createElement("mi")
                d.appendChild(self.dom.createTextNode("d"))
                row.appendChild(d)
                row.appendChild(self._print(letter))
                frac.appendChild(row)
            return frac
        return super()._print_Derivative(expr)

    def _print_Dict(self, expr):
        row = self.dom.createElement("mrow")
        row.appendChild(self._mo("{"))
        for k, (key, value) in enumerate(expr.items()):
            if k:
                row.appendChild(self._mo(","))
            row.appendChild(self._print(key))
            row.appendChild(self._mo(":"))
            row.appendChild(self._print(value))
        row.appendChild(self._mo("}"))
        return row

    def _print_Given(self, expr):
        row = self.dom.createElement("mrow")
        row.appendChild(self._print(expr.args[0]))
        row.appendChild(self._mo("|"))
        row.appendChild(self._print(expr.args[1]))
        return row

    def _joined(self, expr, op):
        row = self.dom.createElement("mrow")
        for k, a in enumerate(expr.args):
            if k:
                row.appendChild(self._mo(op))
            row.appendChild(self._print(a))
        return row

    def _print_And(self, expr):
        return self._joined(expr, "∩")

    def _print_Or(self, expr):
        return self._joined(expr, "∪")

    def _print_Not(self, expr):
        sup = self.dom.createElement("msup")
        sup.appendChild(self._print(expr.args[0]))
        c = self.dom.createElement("mi")
        c.appendChild(self.dom.createTextNode("c"))
        sup.appendChild(c)
        return sup

    def _print_Plus(self, expr):
        row = self.dom.createElement("mrow")
        for k, term in enumerate(expr.args):
            if isinstance(term, Minus):
                row.appendChild(self._mo("−"))
                inner = self._print(term.args[0])
                row.appendChild(self._fenced(inner) if _is_negative(term.args[0]) else inner)
            else:
                if k:
                    row.appendChild(self._mo("+"))
                row.appendChild(self._print(term))
        return row

    def _print_Infinitesimal(self, expr):
        c, v = expr.args
        row = self.dom.createElement("mrow")
        if c == -1:
            row.appendChild(self._mo("−"))
        elif c != 1:
            row.appendChild(self._print(c))
        d = self.dom.createElement("mi")
        d.appendChild(self.dom.createTextNode("d"))
        row.appendChild(d)
        row.appendChild(self._print(v))
        return row


_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_KEEP = {"lt", "gt", "amp", "quot", "apos"}


def _numeric_entities(markup: str) -> str:
    """Named entities (``&dd;``, ``&InvisibleTimes;``) as characters, so the MathML is XML."""
    def sub(m):
        name = m.group(1)
        if name == "dd":
            return "d"
        if name in _KEEP:
            return m.group(0)
        char = html5.get(name + ";")
        return html.escape(char) if char else m.group(0)
    return _ENTITY.sub(sub, markup)


_TEXT = TextPrinter()
_TEX = TexPrinter()
_MATHML = MathMLPrinter()
# Identities are written in textbook order (f′g + fg′), so their printers keep argument order.
_TEXT_AS_WRITTEN = TextPrinter({"order": "none"})
_TEX_AS_WRITTEN = TexPrinter(order="none")
_MATHML_AS_WRITTEN = MathMLPrinter(order="none")


def _plain(value) -> bool:
    return isinstance(value, str)


def _sym(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        return sympy.Float(value)
    if isinstance(value, (list, tuple)) and not isinstance(value, sympy.Basic):
        return sympy.Tuple(*(_sym(v) for v in value))
    return value


@functools.lru_cache(maxsize=4096)
def _text_cached(value, as_written: bool) -> str:
    return (_TEXT_AS_WRITTEN if as_written else _TEXT).doprint(value)


@functools.lru_cache(maxsize=4096)
def _latex_cached(value, as_written: bool) -> str:
    return (_TEX_AS_WRITTEN if as_written else _TEX).doprint(value)


@functools.lru_cache(maxsize=4096)
def _mathml_cached(value, as_written: bool) -> str:
    printer = _MATHML_AS_WRITTEN if as_written else _MATHML
    body = _numeric_entities(printer._print(value).toxml())
    if as_written:  # identities: an ordinary d, whatever letters they hold
        body = body.replace("<mo>&#x2202;</mo>", "<mo>d</mo>")
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML">{body}</math>'


def to_text(value, as_written: bool = False) -> str:
    return value if _plain(value) else _text_cached(_sym(value), as_written)


def to_latex(value, as_written: bool = False) -> str:
    if _plain(value):
        return r"\text{" + latex_escape(value) + "}"
    return _latex_cached(_sym(value), as_written)


def to_mathml(value, as_written: bool = False) -> str:
    if _plain(value):
        return f'<math xmlns="http://www.w3.org/1998/Math/MathML"><mtext>{html.escape(value)}</mtext></math>'
    return _mathml_cached(_sym(value), as_written)


def machine(value) -> str:
    """The machine form that ``sympy.sympify`` reads back, on one line (``Matrix([[1, 0], [0, 1]])``)."""
    if isinstance(value, sympy.MatrixBase):
        rows = ", ".join("[" + ", ".join(sympy.sstr(e) for e in value.row(i)) + "]" for i in range(value.rows))
        return f"Matrix([{rows}])"
    if isinstance(value, (sympy.Tuple, tuple, list)):
        return "(" + ", ".join(machine(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return sympy.sstr(value)


def to_sympy(value) -> str:
    """The machine form that ``sympy.sympify`` reads back."""
    if _plain(value):
        return value
    return machine(_sym(value))


def math_dict(value, mathml: bool = True) -> dict:
    out = {"text": to_text(value), "latex": to_latex(value)}
    if mathml:
        out["mathml"] = to_mathml(value)
    out["sympy"] = to_sympy(value)
    return out


_TEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}
_TEX_UNICODE = {"≠": "$\\neq$", "′": "'", "·": "$\\cdot$", "≤": "$\\le$", "≥": "$\\ge$",
                "→": "$\\to$", "−": "-", "×": "$\\times$"}


def latex_escape(text: str) -> str:
    out = "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)
    for k, v in _TEX_UNICODE.items():
        out = out.replace(k, v)
    return out
