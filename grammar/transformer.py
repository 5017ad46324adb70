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

_MAX_TOWER = 6

_UNARY = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "sec": sympy.sec, "csc": sympy.csc,
    "cot": sympy.cot, "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
    "asec": sympy.asec, "acsc": sympy.acsc, "acot": sympy.acot, "sinh": sympy.sinh,
    "cosh": sympy.cosh, "tanh": sympy.tanh, "sech": sympy.sech, "csch": sympy.csch,
    "coth": sympy.coth, "asinh": sympy.asinh, "acosh": sympy.acosh, "atanh": sympy.atanh,
    "acoth": sympy.acoth, "asech": sympy.asech, "acsch": sympy.acsch,
    "exp": sympy.exp, "ln": sympy.log, "sqrt": sympy.sqrt, "cbrt": sympy.cbrt, "abs": lambda e: _abs(e),
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
        if isinstance(expr, sympy.MatrixExpr) and not isinstance(expr, sympy.MatrixBase):
            return {"kind": "matrix_arithmetic", "expr": expr}
        return {"kind": "expression", "expr": expr}

    def derivative(self, op, expr, variable=None):
        style, order, op_variable, partial, token = op
        notes = []
        if op_variable is not None and variable is not None and op_variable != variable:
            raise _at(token, f"two variables given: {op_variable} and {variable}",
                      hint="name one variable: d/dx … or 'derivative of … with respect to x'")
        variable = variable or op_variable
        if isinstance(expr, sympy.Eq):
            name, expr = _function_definition(expr, token, variable)
            notes.append(f"{name} is the function {_plain(expr)}")
        if variable is not None and variable not in expr.free_symbols:
            other = make_symbol(variable.name.swapcase())
            if other in expr.free_symbols and len(variable.name) == 1:
                notes.append(f"d/d{variable.name} is read as d/d{other.name}: the expression has "
                             f"{other.name}, not {variable.name}")
                variable = other
        if _is_matrix(expr) or isinstance(expr, (sympy.Rel, sympy.Tuple)):
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
        if _is_matrix(expr) or isinstance(expr, (sympy.Rel, sympy.Tuple)):
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
        return _abs(expr)

    def relation(self, lhs, op, rhs):
        cls = {"=": sympy.Eq, "<": sympy.Lt, "<=": sympy.Le, "≤": sympy.Le, ">": sympy.Gt,
               ">=": sympy.Ge, "≥": sympy.Ge, "!=": sympy.Ne, "≠": sympy.Ne}[str(op)]
        if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
            raise _at(op, "matrices cannot stand in an equation here", cls=InvalidArgument)
        return cls(lhs, rhs, evaluate=False)

    # ------------------------------------------------------------- arithmetic
    def add(self, a, b):
        if _is_matrix(a) or _is_matrix(b):
            return sympy.MatAdd(*_same_shape(a, b, "add"))
        return a + b

    def sub(self, a, b):
        if _is_matrix(a) or _is_matrix(b):
            a, b = _same_shape(a, b, "subtract")
            return sympy.MatAdd(a, sympy.MatMul(-1, b))
        return a - b

    def mul(self, a, b):
        if _is_matrix(a) and _is_matrix(b):
            if a.shape[1] != b.shape[0]:
                raise InvalidArgument(
                    f"cannot multiply a {a.shape[0]}×{a.shape[1]} matrix by a {b.shape[0]}×{b.shape[1]} matrix",
                    hint="the first matrix needs as many columns as the second has rows")
        if _is_matrix(a) or _is_matrix(b):
            if isinstance(a, (sympy.Tuple, sympy.Rel)) or isinstance(b, (sympy.Tuple, sympy.Rel)):
                raise InvalidArgument("cannot multiply a matrix by this")
            return sympy.MatMul(a, b)
        return a * b

    def div(self, a, b):
        if b == 0:
            raise InvalidArgument("division by zero", hint="the denominator is zero")
        if _is_matrix(b):
            raise InvalidArgument("cannot divide by a matrix", hint="multiply by its inverse: inverse of M")
        if _is_matrix(a):
            return sympy.MatMul(1 / b, a)
        return a / b

    def neg(self, a):
        return sympy.MatMul(-1, a) if _is_matrix(a) else -a

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
        if _is_matrix(exponent):
            raise _at(token, "a matrix cannot be an exponent", cls=InvalidArgument)
        if _is_matrix(base):
            return self._matrix_power(base, exponent, token)
        if base.is_number and exponent.is_number and not exponent.is_Rational \
                and _tower_height(exponent) >= _MAX_TOWER:
            raise _at(token, "this tower of powers is too tall to evaluate",
                      hint=f"towers of up to {_MAX_TOWER} numeric powers are supported", cls=TooExpensive)
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
                          cls=InvalidArgument, hint="a power of 0 needs a positive exponent")
        if base == 0 and exponent.free_symbols:
            raise _at(token, "0 to a variable power is 0 for positive exponents and undefined otherwise",
                      hint="write 0 instead", cls=InvalidArgument)
        return sympy.Pow(base, exponent)

    def _matrix_power(self, base, exponent, token):
        if exponent == make_symbol("T"):
            return sympy.Transpose(base)
        if not exponent.is_Integer:
            raise _at(token, "a matrix can only be raised to a whole number (or ^T for its transpose)",
                      cls=InvalidArgument)
        if base.shape[0] != base.shape[1]:
            raise _at(token, "only a square matrix has powers", cls=InvalidArgument)
        n = int(exponent)
        if abs(n) > 64:
            raise _at(token, f"matrix powers up to 64 are supported, not {n}", cls=TooExpensive)
        if n == -1:
            return sympy.Inverse(base)
        if n < 0:
            return sympy.MatPow(sympy.Inverse(base), -n)
        return sympy.MatPow(base, n)

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

    def nested_argument(self, function):  # sin cos x = sin(cos(x))
        return [function]

    def negated_argument(self, factors):  # sin -x = sin(-x)
        return [-_product(factors)]

    def _apply(self, func, args):
        name = str(func)
        if any(_is_matrix(a) or isinstance(a, (sympy.Rel, sympy.Tuple)) for a in args):
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

    def bracket_row(self, row):
        return row

    def matrix(self, *rows):
        rows = list(rows)
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]  # `[x^2 sin x]`: brackets around one expression
        return self._build_matrix(rows)

    def nested_matrix(self, *rows):
        return self._build_matrix(list(rows))

    def _build_matrix(self, rows):
        if any(_is_matrix(e) or isinstance(e, (sympy.Rel, sympy.Tuple)) for row in rows for e in row):
            raise InvalidArgument("matrix entries must be numbers or expressions",
                                  hint="write rows as [[1, 2], [3, 4]] or [1 2; 3 4]")
        width = len(rows[0])
        for k, row in enumerate(rows[1:], start=2):
            if len(row) != width:
                raise InvalidArgument(f"row {k} has {len(row)} entries but row 1 has {width}",
                                      hint="every row of a matrix needs the same number of entries")
        limit = self.limits.max_matrix_dim
        if len(rows) > limit or width > limit:
            raise TooExpensive(f"a {len(rows)}×{width} matrix is over the size limit of {limit}×{limit}",
                               hint=f"matrices up to {limit} rows and {limit} columns are worked step by step")
        return sympy.ImmutableMatrix(rows)

    # ------------------------------------------------------------- linear algebra
    def _matrix_arg(self, value, what, square=False):
        value = _as_matrix(value)
        if not isinstance(value, sympy.MatrixBase):
            raise InvalidArgument(f"{what} needs a matrix", hint="write it row by row: [[1, 2], [3, 4]] or [1 2; 3 4]")
        if square and not value.is_square:
            raise InvalidArgument(f"{what} needs a square matrix; this one is {value.rows}×{value.cols}",
                                  hint="only square matrices have determinants, inverses and eigenvalues")
        return value

    def _vector_arg(self, value, what):
        value = _as_matrix(value)
        if isinstance(value, sympy.Tuple):
            value = sympy.ImmutableMatrix(list(value))
        if not isinstance(value, sympy.MatrixBase) or min(value.shape) != 1:
            raise InvalidArgument(f"{what} needs vectors", hint="write a vector as [1, 2, 3] or (1, 2, 3)")
        return value.reshape(len(value), 1)

    def _matrix_problem(self, kind, value, square=False):
        return {"kind": kind, "expr": self._matrix_arg(value, kind.replace("_", " "), square)}

    def rref(self, *args):
        return self._matrix_problem("rref", args[-1])

    def ref(self, *args):
        return self._matrix_problem("ref", args[-1])

    def determinant(self, *args):
        return self._matrix_problem("determinant", args[-1], square=True)

    def inverse(self, value):
        return self._matrix_problem("inverse", value, square=True)

    def rank(self, value):
        return self._matrix_problem("rank", value)

    def null_space(self, value):
        return self._matrix_problem("null_space", value)

    def singular(self, value):
        return self._matrix_problem("singular", value, square=True)

    def eigenvalues(self, value):
        return self._matrix_problem("eigenvalues", value, square=True)

    def eigenvectors(self, value):
        return self._matrix_problem("eigenvectors", value, square=True)

    def diagonalize(self, value):
        return self._matrix_problem("diagonalize", value, square=True)

    def characteristic_polynomial(self, value):
        return self._matrix_problem("characteristic_polynomial", value, square=True)

    def transpose(self, *args):
        return self._matrix_problem("transpose", args[-1])

    def dot_product(self, u, v):
        u, v = self._vector_arg(u, "a dot product"), self._vector_arg(v, "a dot product")
        if u.rows != v.rows:
            raise InvalidArgument(f"the vectors have {u.rows} and {v.rows} entries",
                                  hint="a dot product needs two vectors of the same length")
        return {"kind": "dot_product", "expr": u, "data": {"other": v}}

    def norm(self, value):
        return {"kind": "norm", "expr": self._vector_arg(value, "a norm")}

    def independence(self, *vectors):
        vectors = [self._vector_arg(v, "linear independence") for v in vectors if v is not None]
        if len({v.rows for v in vectors}) != 1:
            raise InvalidArgument("the vectors have different lengths",
                                  hint="linear independence compares vectors of the same length")
        if len(vectors) < 1:
            raise InvalidArgument("name at least one vector")
        return {"kind": "linear_independence", "expr": sympy.ImmutableMatrix.hstack(*vectors),
                "data": {"vectors": tuple(vectors)}}

    def linear_system(self, *args):
        equations = args[-1]
        return {"kind": "linear_system", "expr": sympy.Tuple(*equations),
                "data": {"unknowns": tuple(sorted(set().union(*(e.free_symbols for e in equations)),
                                                  key=lambda s: s.name))}}

    def equations(self, *relations):
        out = []
        for rel in relations:
            if not isinstance(rel, sympy.Eq):
                raise InvalidArgument("a system is made of equations with '='",
                                      hint="for example: solve x + 2y = 3, 4x - y = 2")
            out.append(rel)
        return out


def _abs(expr):
    """|expr| as written: sympy rewrites |e^√x| into atan2 terms that no student typed."""
    if isinstance(expr, sympy.exp) or (expr.is_Pow and expr.base.is_positive and expr.exp.is_real is not False):
        return expr  # |e^u| = e^u for real u
    value = sympy.Abs(expr)
    if value.has(sympy.atan2, sympy.arg, sympy.re, sympy.im):
        return sympy.Abs(expr, evaluate=False)
    return value


def _function_definition(equation, token, variable=None):
    """``y = x^2`` or ``f(x) = x^2`` (read as f·x = x^2): the name and the function."""
    lhs, rhs = equation.args
    defines = rhs.free_symbols and lhs != variable
    if defines and isinstance(lhs, sympy.Symbol) and lhs not in rhs.free_symbols:
        return str(lhs), rhs
    if defines and lhs.is_Mul and len(lhs.args) == 2 and all(isinstance(a, sympy.Symbol) for a in lhs.args):
        name, arg = (lhs.args if lhs.args[1] in rhs.free_symbols else lhs.args[::-1])
        if name not in rhs.free_symbols:
            return f"{name}({arg})", rhs
    raise _at(token, "I can differentiate a function, not an equation",
              hint="write the function alone, e.g. 'derivative of x^2 + 1', or define it: 'f(x) = x^2 + 1'",
              cls=InvalidArgument)


def _is_matrix(value) -> bool:
    return isinstance(value, (sympy.MatrixBase, sympy.MatrixExpr))


def _as_matrix(value):
    """An explicit matrix for an arithmetic expression of matrices (``A B`` → its product)."""
    if isinstance(value, sympy.MatrixExpr) and not isinstance(value, sympy.MatrixBase):
        return sympy.ImmutableMatrix(value.doit())
    return value


def _tower_height(expr) -> int:
    if expr.is_Pow:
        return 1 + _tower_height(expr.exp)
    return max((_tower_height(a) for a in expr.args), default=0)


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


def _same_shape(a, b, verb):
    if not (_is_matrix(a) and _is_matrix(b)):
        raise InvalidArgument(f"cannot {verb} a matrix and a number",
                              hint="add and subtract matrices of the same size; multiply a matrix by a number")
    if a.shape != b.shape:
        raise InvalidArgument(f"cannot {verb} a {a.shape[0]}×{a.shape[1]} and a {b.shape[0]}×{b.shape[1]} matrix",
                              hint="matrices are added entry by entry, so they need the same size")
    return a, b


def _product(factors):
    out = factors[0]
    for f in factors[1:]:
        out = sympy.MatMul(out, f) if _is_matrix(out) or _is_matrix(f) else out * f
    return out


def _plain(expr) -> str:
    """A formula inside a note (notes are sentences, printed as they are)."""
    return sympy.sstr(expr).replace("**", "^").replace("*", "·")
