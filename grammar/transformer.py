"""Builds sympy objects straight from the parse, one method per grammar alias.

Passed to lark as ``transformer=`` so each reduction calls a method here and no tree is
kept.  The transformer holds only its limits, never per-request state: one instance serves
every request of a process.  Every size guard runs *before* sympy evaluates anything.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import sympy
from lark import Token, Transformer, v_args
from sympy.matrices.common import NonSquareMatrixError, ShapeError

from .errors import InvalidArgument, ParseError, TooExpensive
from .limits import Limits
from .names import CONSTANTS, FUNCTION_ALIASES, GREEK_LETTERS, GREEK_NAMES, INVERSES, function_prefix

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_LEIBNIZ = re.compile(
    r"(?P<d1>[d∂])\s*(?:\^\s*(?P<n1>\d+)|(?P<s1>[²³⁴⁵⁶⁷⁸⁹]))?\s*/\s*(?P<d2>[d∂])\s*"
    r"(?P<var>[^\s^²³⁴⁵⁶⁷⁸⁹]+)\s*(?:\^\s*(?P<n2>\d+)|(?P<s2>[²³⁴⁵⁶⁷⁸⁹]))?",
    re.IGNORECASE)
_SYMBOL_NAME = re.compile(r"(?P<name>[A-Za-zα-ωΑ-Ω]+)(?P<digits>\d+)?(?:_\{?(?P<sub>[A-Za-z0-9]+)\}?)?")

_UNARY = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "sec": sympy.sec, "csc": sympy.csc,
    "cot": sympy.cot, "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
    "asec": sympy.asec, "acsc": sympy.acsc, "acot": sympy.acot, "sinh": sympy.sinh,
    "cosh": sympy.cosh, "tanh": sympy.tanh, "sech": sympy.sech, "csch": sympy.csch,
    "coth": sympy.coth, "asinh": sympy.asinh, "acosh": sympy.acosh, "atanh": sympy.atanh,
    "exp": sympy.exp, "ln": sympy.log, "sqrt": sympy.sqrt, "cbrt": sympy.cbrt, "abs": sympy.Abs,
}


def make_symbol(name: str) -> sympy.Symbol:
    """Every variable is real: this is a calculus and statistics language."""
    return sympy.Symbol(name, real=True)


def _at(token, message, hint=None, cls=ParseError):
    line = getattr(token, "line", None)
    column = getattr(token, "column", None)
    return cls(message, hint=hint, line=line, column=column)


@v_args(inline=True)
class ProblemTransformer(Transformer):
    def __init__(self, limits: Limits) -> None:
        super().__init__(visit_tokens=False)
        self.limits = limits

    # ------------------------------------------------------------- problems
    def start(self, problem):
        return problem

    def expression(self, expr):
        return {"kind": "expression", "expr": expr}

    def derivative(self, op, expr, variable=None):
        style, order, op_variable, partial, token = op
        notes = []
        if op_variable is not None and variable is not None and op_variable != variable:
            raise _at(token, f"two variables given: {op_variable} and {variable}",
                      hint="name one variable: d/dx … or 'derivative of … with respect to x'")
        variable = variable or op_variable
        if isinstance(expr, sympy.Eq):
            lhs, rhs = expr.args
            if not (isinstance(lhs, sympy.Symbol) and lhs != variable):
                raise _at(token, "I can differentiate an expression, not an equation",
                          hint="write the function alone, e.g. 'derivative of x^2 + 1'",
                          cls=InvalidArgument)
            notes.append(f"{lhs} = {_plain(rhs)} is differentiated as the function {lhs}({variable or 'x'})")
            expr = rhs
        if isinstance(expr, (sympy.Rel, sympy.MatrixBase, sympy.Tuple)):
            raise _at(token, "a derivative needs a single expression",
                      hint="write the function to differentiate, e.g. 'd/dx x^2 sin x'",
                      cls=InvalidArgument)
        variable, chosen = _choose_variable(expr, variable, "variable")
        notes.extend(chosen)
        others = expr.free_symbols - {variable}
        if order > self.limits.max_derivative_order:
            raise _at(token, f"derivatives above order {self.limits.max_derivative_order} are not worked step by step",
                      cls=TooExpensive)
        kind = "partial_derivative" if partial or others else "derivative"
        return {"kind": kind, "expr": expr, "variable": variable, "order": order,
                "notes": tuple(notes)}

    def leibniz_op(self, token, *_):
        m = _LEIBNIZ.fullmatch(str(token))
        if m is None:
            raise _at(token, f"cannot read '{token}'", hint="write d/dx or d^2/dx^2")
        n1 = m.group("n1") or (m.group("s1") and m.group("s1").translate(_SUPERSCRIPT))
        n2 = m.group("n2") or (m.group("s2") and m.group("s2").translate(_SUPERSCRIPT))
        if (n1 or n2) and n1 != n2 and n2 is not None:
            raise _at(token, f"'{token}': the orders above and below do not agree",
                      hint="write d^2/dx^2 for a second derivative")
        order = int(n1 or n2 or 1)
        var = self._variable_name(m.group("var"), token)
        partial = m.group("d1") == "∂"
        return ("leibniz", order, var, partial, token)

    def worded_op(self, ordinal, partial):
        order = 1
        if ordinal is not None:
            word = str(ordinal).lower()
            order = _ORDINALS.get(word) or int(re.match(r"\d+", word).group())
        return ("worded", order, None, partial is not None, ordinal or partial)

    def differentiate_op(self):
        return ("worded", 1, None, False, None)

    def with_respect_to(self, var):
        return self.variable(var)

    # ------------------------------------------------------------- integrals
    def integral(self, op, expr, variable=None, bounds=None):
        if isinstance(variable, Token):  # DIFF: dx
            variable = self.variable(variable)
        if op is not None and bounds is not None:
            raise InvalidArgument("the bounds are given twice", hint="write ∫_a^b f dx or 'integral of f from a to b'")
        bounds = bounds or op
        if isinstance(expr, sympy.Eq) and isinstance(expr.lhs, sympy.Symbol):
            expr = expr.rhs
        if isinstance(expr, (sympy.Rel, sympy.MatrixBase, sympy.Tuple)):
            raise InvalidArgument("an integral needs a single expression",
                                  hint="write the function to integrate, e.g. 'integrate x sin x dx'")
        variable, notes = _choose_variable(expr, variable, "integration variable")
        out = {"kind": "integral", "expr": expr, "variable": variable, "notes": notes}
        if bounds is not None:
            lower, upper = bounds
            for b in (lower, upper):
                if not isinstance(b, sympy.Expr) or b.has(variable):
                    raise InvalidArgument("the bounds must be numbers or constants, not depend on "
                                          f"{variable}", hint="for example 'from 0 to pi'")
            out.update(kind="definite_integral", data={"lower": lower, "upper": upper})
        return out

    def integral_bounds_first(self, op, expr, bounds, diff):
        return self.integral(op, expr, diff, bounds)

    def integral_words(self, *_):
        return None

    def integral_sign_bounds(self, _sign, lower, upper):
        return (lower, upper)

    def bounds(self, lower, upper):
        return (lower, upper)

    def _variable_name(self, text: str, token) -> sympy.Symbol:
        m = _SYMBOL_NAME.fullmatch(text)
        if m:
            name = GREEK_LETTERS.get(m.group("name"), m.group("name"))
            if len(name) == 1 or name.lower() in GREEK_NAMES:
                digits, sub = m.group("digits"), m.group("sub")
                return make_symbol(name + (digits or "") + (f"_{sub}" if sub else ""))
        rest = text[1:].lower()
        prefix = len(text) > 1 and (rest in FUNCTION_ALIASES or function_prefix(rest))
        hint = (f"did you mean 'd/d{text[0]} {text[1:]}'? Leave a space after d/d{text[0]}"
                if prefix else "the variable after d/d is one letter or a Greek name: d/dx, d/dθ")
        raise _at(token, f"'{text}' is not a variable", hint=hint)

    # ------------------------------------------------------------- atoms
    def number(self, token):
        return sympy.Rational(Fraction(str(token)))

    def variable(self, token):
        return make_symbol(str(token))

    def constant(self, token):
        return CONSTANTS[str(token)]

    def tuple(self, *items):
        return sympy.Tuple(*items)

    def abs(self, _open, expr, _close):
        return sympy.Abs(expr)

    def relation(self, lhs, op, rhs):
        cls = {"=": sympy.Eq, "<": sympy.Lt, "<=": sympy.Le, "≤": sympy.Le, ">": sympy.Gt,
               ">=": sympy.Ge, "≥": sympy.Ge, "!=": sympy.Ne, "≠": sympy.Ne}[str(op)]
        if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
            raise _at(op, "matrices cannot stand in an equation here", cls=InvalidArgument)
        return cls(lhs, rhs, evaluate=False)

    # ------------------------------------------------------------- arithmetic
    def add(self, a, b):
        return _combine(lambda: a + b, "add")

    def sub(self, a, b):
        return _combine(lambda: a - b, "subtract")

    def mul(self, a, b):
        return _combine(lambda: a * b, "multiply")

    def div(self, a, b):
        if b == 0:
            raise InvalidArgument("division by zero", hint="the denominator is zero")
        if isinstance(b, sympy.MatrixBase):
            raise InvalidArgument("cannot divide by a matrix", hint="multiply by its inverse: inverse of M")
        return _combine(lambda: a / b, "divide")

    def neg(self, a):
        return -a

    def pow(self, base, exponent):
        return self._power(base, exponent, None)

    def superscript(self, base, sup):
        return self._power(base, sympy.Integer(int(str(sup).translate(_SUPERSCRIPT))), sup)

    def factorial(self, expr):
        if expr.is_Integer:
            if expr < 0:
                raise InvalidArgument(f"{expr}! is undefined: factorials are of whole numbers ≥ 0")
            if expr > self.limits.max_factorial:
                raise TooExpensive(f"{expr}! is too large to work with",
                                   hint=f"factorials up to {self.limits.max_factorial}! are supported")
        return sympy.factorial(expr)

    def _power(self, base, exponent, token):
        if isinstance(exponent, sympy.MatrixBase):
            raise _at(token, "a matrix cannot be an exponent", cls=InvalidArgument)
        if exponent.is_Integer:
            n = int(exponent)
            if abs(n) > self.limits.max_exponent and not (base.is_Number and abs(base) in (0, 1)):
                raise _at(token, f"the exponent {n} is too large",
                          hint=f"exponents up to {self.limits.max_exponent} are supported", cls=TooExpensive)
            if base.is_Rational and base != 0:
                size = max(abs(base.p), base.q)
                if abs(n) * math.log2(size) > self.limits.max_power_bits:
                    raise _at(token, f"{base}^{n} is too large to work with exactly",
                              hint="use smaller numbers", cls=TooExpensive)
            if base == 0 and n < 0:
                raise _at(token, "0 to a negative power is undefined (division by zero)",
                          cls=InvalidArgument)
            if isinstance(base, sympy.MatrixBase):
                if not base.is_square:
                    raise _at(token, "only a square matrix has powers", cls=InvalidArgument)
                if base.rows > self.limits.max_matrix_dim or abs(n) > 64:
                    raise _at(token, "matrix power too large", cls=TooExpensive)
                try:
                    return base**n
                except ValueError as exc:  # a singular matrix to a negative power
                    raise _at(token, "the matrix is singular, so it has no inverse",
                              cls=InvalidArgument) from exc
        elif isinstance(base, sympy.MatrixBase):
            raise _at(token, "a matrix can only be raised to a whole number", cls=InvalidArgument)
        return sympy.Pow(base, exponent)

    # ------------------------------------------------------------- functions
    def call(self, func, *args):
        if len(args) == 1 and isinstance(args[0], list):  # bare argument
            args = tuple(args[0])
            args = (_product(args),)
        return self._apply(func, args)

    def call_power(self, func, exponent, *args):
        name = str(func)
        if exponent == -1 and name in INVERSES:
            return self._apply(Token.new_borrow_pos("FUNC", INVERSES[name], func), self._args(args))
        return self._power(self._apply(func, self._args(args)), exponent, func)

    def call_superscript(self, func, sup, *args):
        exponent = sympy.Integer(int(str(sup).translate(_SUPERSCRIPT)))
        return self.call_power(func, exponent, *args)

    @staticmethod
    def _args(args):
        if len(args) == 1 and isinstance(args[0], list):
            return (_product(args[0]),)
        return args

    def bare_argument(self, *factors):
        return list(factors)

    def _apply(self, func, args):
        name = str(func)
        if any(isinstance(a, (sympy.MatrixBase, sympy.Rel, sympy.Tuple)) for a in args):
            raise _at(func, f"{name} takes a number or an expression", cls=InvalidArgument)
        if name.startswith("log_"):
            base = name[4:]
            if len(args) != 1:
                raise _at(func, f"log_{base} takes one argument", hint=f"write log_{base}(x)")
            b = (sympy.Integer(int(base)) if base.isdigit() else
                 sympy.E if base == "e" else make_symbol(base))
            return _log(args[0], b, func)
        if name == "log":
            if len(args) == 1:
                return sympy.log(args[0])
            if len(args) == 2:
                return _log(args[0], args[1], func)
            raise _at(func, "log takes one or two arguments", hint="log(x) or log(x, base)")
        if name == "root":
            if len(args) != 2:
                raise _at(func, "root takes two arguments", hint="root(x, 3) is the cube root of x")
            return sympy.root(args[0], args[1])
        if len(args) != 1:
            raise _at(func, f"{name} takes one argument, not {len(args)}", hint=f"write {name}(x)")
        return _UNARY[name](args[0])

    # ------------------------------------------------------------- matrices
    def matrix_row(self, *entries):
        return list(entries)

    def matrix(self, *rows):
        rows = list(rows)
        if len(rows) == 1 and len(rows[0]) == 1 and not isinstance(rows[0][0], sympy.MatrixBase):
            return rows[0][0]  # `[x^2 sin x]` groups like brackets; `[[5]]` is a 1×1 matrix
        if len(rows) == 1 and rows[0] and all(isinstance(e, sympy.MatrixBase) for e in rows[0]):
            nested = rows[0]
            if any(m.rows != 1 for m in nested):
                raise InvalidArgument("a matrix row cannot itself be a matrix",
                                      hint="write rows as [[1, 2], [3, 4]]")
            rows = [list(m) for m in nested]
        if any(isinstance(e, sympy.MatrixBase) for row in rows for e in row):
            raise InvalidArgument("matrix entries must be numbers or expressions",
                                  hint="write rows as [[1, 2], [3, 4]] or [1 2; 3 4]")
        width = len(rows[0])
        for k, row in enumerate(rows[1:], start=2):
            if len(row) != width:
                raise InvalidArgument(f"row {k} has {len(row)} entries but row 1 has {width}",
                                      hint="every row of a matrix needs the same number of entries")
        limit = self.limits.max_matrix_dim
        if len(rows) > limit or width > limit:
            raise TooExpensive(f"a {len(rows)}×{width} matrix is larger than the limit of {limit}×{limit}")
        if any(isinstance(e, (sympy.Rel, sympy.Tuple)) for row in rows for e in row):
            raise InvalidArgument("matrix entries must be numbers or expressions")
        return sympy.ImmutableMatrix(rows)


def _choose_variable(expr, variable, what: str) -> tuple[sympy.Symbol, tuple[str, ...]]:
    """The variable named, else the only one, else x, else the first alphabetically."""
    notes = []
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if variable is None:
        if not free:
            variable = make_symbol("x")
        elif len(free) == 1:
            variable = free[0]
        else:
            x = make_symbol("x")
            variable = x if x in free else free[0]
            notes.append(f"the {what} is taken to be {variable} (say 'with respect to …' to choose another)")
    others = [s for s in free if s != variable]
    if others:
        names = ", ".join(str(s) for s in others)
        verb = "is" if len(others) == 1 else "are"
        notes.append(f"{names} {verb} treated as constant{'s' if len(others) > 1 else ''}")
    return variable, tuple(notes)


def _log(x, base, token):
    if base.is_Number and (base <= 0 or base == 1):
        raise _at(token, f"log base {base} is undefined", hint="a logarithm base is positive and not 1",
                  cls=InvalidArgument)
    return sympy.log(x, base)


def _product(factors):
    out = factors[0]
    for f in factors[1:]:
        out = out * f
    return out


def _combine(op, verb):
    try:
        return op()
    except (ShapeError, NonSquareMatrixError) as exc:
        raise InvalidArgument(f"cannot {verb} these: the sizes do not match",
                              hint=str(exc).split("\n")[0]) from exc
    except TypeError as exc:
        raise InvalidArgument(f"cannot {verb} a matrix and a number this way",
                              hint="add matrices to matrices of the same size") from exc


def _plain(expr) -> str:
    return sympy.sstr(expr)
