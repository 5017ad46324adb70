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

from .errors import InvalidArgument, ParseError, StepsolverError, TooExpensive
from .functions import relu, sigmoid, softplus
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
    "sigmoid": sigmoid, "relu": relu, "softplus": softplus,
}


def make_symbol(name: str) -> sympy.Symbol:
    """Every variable is real: this is a calculus and statistics language."""
    return sympy.Symbol(name, real=True)


def _at(token, message, hint=None, cls=ParseError):
    line = getattr(token, "line", None)
    column = getattr(token, "column", None)
    return cls(message, hint=hint, line=line, column=column)


def _located(token, fn, *args):
    """``fn(*args)``, with any error it raises placed at ``token`` (the distribution's name)
    unless it already has a place."""
    try:
        return fn(*args)
    except StepsolverError as exc:
        if exc.line is None:
            exc.line, exc.column = getattr(token, "line", None), getattr(token, "column", None)
        raise


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
        if isinstance(expr, sympy.binomial) and all(a.is_Integer for a in expr.args):
            return _counting("combinations", *expr.args)
        if isinstance(expr, sympy.factorial) and expr.args[0].is_Integer:
            return {"kind": "counting", "data": {"operation": "factorial", "n": expr.args[0],
                                                 "k": sympy.Integer(0)}}
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
        _no_tuples(a, b, "add")
        if _is_matrix(a) or _is_matrix(b):
            return sympy.MatAdd(*_same_shape(a, b, "add"))
        return a + b

    def sub(self, a, b):
        _no_tuples(a, b, "subtract")
        if _is_matrix(a) or _is_matrix(b):
            a, b = _same_shape(a, b, "subtract")
            return sympy.MatAdd(a, sympy.MatMul(-1, b))
        return a - b

    def mul(self, a, b):
        if isinstance(a, sympy.Symbol) and isinstance(b, sympy.Tuple):
            return _call_notation(a, b)
        _no_tuples(a, b, "multiply")
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
        _no_tuples(a, b, "divide")
        if b == 0:
            raise InvalidArgument("division by zero", hint="the denominator is zero")
        if _is_matrix(b):
            raise InvalidArgument("cannot divide by a matrix", hint="multiply by its inverse: inverse of M")
        if _is_matrix(a):
            return sympy.MatMul(1 / b, a)
        return a / b

    def neg(self, a):
        _no_tuples(a, 0, "negate")
        return sympy.MatMul(-1, a) if _is_matrix(a) else -a

    def pow(self, base, exponent):
        return self._power(base, exponent, None)

    def superscript(self, base, sup):
        return self._power(base, sympy.Integer(int(str(sup).translate(_SUPERSCRIPT))), sup)

    def factorial(self, expr):
        if expr.is_Integer:
            if expr < 0:
                raise InvalidArgument(f"({expr})! is undefined: factorials are of whole numbers ≥ 0",
                                      hint="n! = 1·2·…·n is defined for n = 0, 1, 2, …; for −(3!) write -3!")
            if expr > self.limits.max_factorial:
                raise TooExpensive(f"{expr}! is too large to work with",
                                   hint=f"factorials up to {self.limits.max_factorial}! are supported")
        # Kept unevaluated so `5!` can be asked as a counting problem; it is still the number.
        return sympy.factorial(expr, evaluate=False) if expr.is_Integer else sympy.factorial(expr)

    def _power(self, base, exponent, token):
        _no_tuples(base, exponent, "raise to a power")
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

    # ------------------------------------------------------------- multivariable
    def _function(self, expr, what):
        """The function and its variables: alphabetical, unless written f(x, y) = …"""
        if _is_matrix(expr) or isinstance(expr, (sympy.Tuple, sympy.Rel)) and not isinstance(expr, sympy.Eq):
            raise InvalidArgument(f"{what} needs a function", hint="for example: gradient of x^2 y + y^3")
        notes = []
        variables = None
        if isinstance(expr, sympy.Eq):
            lhs = expr.lhs
            if isinstance(lhs, sympy.core.function.AppliedUndef) and all(isinstance(a, sympy.Symbol) for a in lhs.args):
                variables = tuple(lhs.args)
                expr = expr.rhs
            else:
                name, expr = _function_definition(expr, None)
                notes.append(f"{name} is the function {_plain(expr)}")
        if variables is None:
            variables = tuple(sorted(expr.free_symbols, key=lambda s: s.name))
            if len(variables) > 1:
                notes.append("the variables are taken in alphabetical order: " + ", ".join(map(str, variables)))
        if not variables:
            raise InvalidArgument(f"{what} needs a function of at least one variable",
                                  hint="for example: gradient of x^2 y + y^3")
        return expr, variables, notes

    def _point(self, point, variables):
        if point is None:
            return None
        if isinstance(point, dict):
            values = dict(point)
        else:
            items = list(point) if isinstance(point, sympy.Tuple) else [point]
            if len(items) != len(variables):
                raise InvalidArgument(f"the point has {len(items)} coordinates but the function has "
                                      f"{len(variables)} variables ({', '.join(map(str, variables))})",
                                      hint="give one value per variable, in order: at (1, 2)")
            values = dict(zip(variables, items, strict=True))
        missing = [v for v in variables if v not in values]
        if missing:
            raise InvalidArgument(f"no value given for {', '.join(map(str, missing))}")
        return tuple(values[v] for v in variables)

    def _multivariable(self, kind, expr, point=None, **data):
        f, variables, notes = self._function(expr, kind.replace("_", " "))
        data = dict(data, variables=variables, point=self._point(point, variables))
        return {"kind": kind, "expr": f, "notes": tuple(notes), "data": data}

    def gradient(self, expr, point=None):
        return self._multivariable("gradient", expr, point)

    def hessian(self, *args):
        args = [a for a in args if a is not None]
        expr = args[0] if not isinstance(args[0], Token) else args[1]
        point = args[-1] if len(args) > 1 and not isinstance(args[-1], Token) and args[-1] is not expr else None
        return self._multivariable("hessian", expr, point)

    def at_point(self, value):
        return value

    def at_named_point(self, var, op, value):
        return {self.variable(var): value}

    def critical_points(self, expr):
        return self._multivariable("critical_points", expr, mode="critical")

    def minimize(self, expr):
        return self._multivariable("critical_points", expr, mode="minimize")

    def maximize(self, expr):
        return self._multivariable("critical_points", expr, mode="maximize")

    def tangent_line(self, expr, var, op, value):
        f, variables, notes = self._function(expr, "a tangent line")
        x = self.variable(var)
        if variables != (x,):
            raise InvalidArgument("a tangent line needs a function of one variable, the one in 'at x = …'",
                                  hint="for example: tangent line to x^2 at x = 1")
        return {"kind": "tangent_line", "expr": f, "variable": x, "notes": tuple(notes), "data": {"point": value}}

    def start_named(self, var, op, value):
        return {self.variable(var): value}

    def start_tuple(self, names, op, values):
        names = list(names) if isinstance(names, sympy.Tuple) else [names]
        values = list(values) if isinstance(values, sympy.Tuple) else [values]
        if len(names) != len(values) or not all(isinstance(n, sympy.Symbol) for n in names):
            raise InvalidArgument("the starting point must name each variable: from (x, y) = (1, 2)")
        return dict(zip(names, values, strict=True))

    def _iterations(self, count):
        n = int(str(count)) if str(count).isdigit() else None
        if n is None or n < 1:
            raise InvalidArgument("the number of steps must be a whole number ≥ 1")
        if n > self.limits.max_iterations:
            raise TooExpensive(f"at most {self.limits.max_iterations} iterations are worked step by step")
        return n

    def gradient_descent(self, expr, start, rate, steps):
        if not (rate.is_number and rate.is_positive):
            raise InvalidArgument("the learning rate must be a positive number")
        return self._multivariable("gradient_descent", expr, start, rate=rate, steps=self._iterations(steps))

    def newton_root(self, _tok, expr, start, steps):
        return self._multivariable("newton", expr, start, mode="root", steps=self._iterations(steps))

    def newton_minimize(self, _tok, expr, start, steps):
        return self._multivariable("newton", expr, start, mode="minimize", steps=self._iterations(steps))

    def limit(self, expr, var, _arrow, point, side=None):
        x = self.variable(var)
        if _is_matrix(expr) or isinstance(expr, (sympy.Rel, sympy.Tuple)):
            raise InvalidArgument("a limit needs a single expression")
        return {"kind": "limit", "expr": expr, "variable": x, "data": {"point": point, "side": side or "+-"}}

    def limit_first(self, var, arrow, point, side, expr=None):
        if expr is None:  # no side given: the optional slot was filled by the expression
            expr, side = side, None
        return self.limit(expr, var, arrow, point, side)

    def side_left(self, *_):
        return "-"

    def side_right(self, *_):
        return "+"

    def side_mark(self, token):
        return "-" if str(token)[-1] in "-⁻" else "+"

    # ------------------------------------------------------------- probability
    def prob_of(self, event):
        return ("P", event)

    def expectation(self, var):
        return ("E", self.variable(var))

    def expectation_of(self, expr):
        return _linear_moment("E", expr)

    def variance_of(self, _word, expr):
        return _linear_moment("Var", expr)

    def stat_moment(self, word, expr):
        statistic = _statistic(str(word))
        if statistic not in ("variance", "standard_deviation", "population_variance", "population_standard_deviation"):
            raise InvalidArgument(f"'{word}(X)' is not a moment I know", hint="E[X], Var(X) or SD(X)")
        return _linear_moment("Var" if "variance" in statistic else "SD", expr)

    def event_name(self, var):
        return ("name", str(var))

    def event_relation(self, lhs, op, rhs):
        return ("rel", lhs, _REL_TEXT.get(str(op), str(op)), rhs)

    def event_between(self, a, op1, x, op2, b):
        return ("between", a, _REL_TEXT.get(str(op1), str(op1)), x, _REL_TEXT.get(str(op2), str(op2)), b)

    def event_union(self, a, b):
        return ("or", a, b)

    def event_intersection(self, a, b):
        return ("and", a, b)

    def event_complement(self, a):
        return ("not", a)

    def event_complement_prime(self, a, _prime):
        return ("not", a)

    def event_given(self, a, _bar, b):
        return ("given", a, b)

    def conditions(self, *items):
        return [i for i in items if i is not None and not isinstance(i, Token)]

    def rv_distribution(self, var, dist):
        return ("dist", self.variable(var), dist)

    def known_probability(self, target, op, value):
        if str(op) != "=":
            raise InvalidArgument("a known probability is given with '=': P(A) = 0.3")
        if not (value.is_number and 0 <= value <= 1):
            raise InvalidArgument(f"a probability is between 0 and 1, not {_plain(value)}",
                                  hint="write probabilities as decimals or fractions, e.g. 0.3 or 3/10")
        return ("known", target, value)

    def known_percent(self, target, op, value):
        return self.known_probability(target, op, value / 100)

    def exclusive_pair(self, a, b, *_):
        """"A and B mutually exclusive" (or disjoint) is P(A and B) = 0."""
        return ("known", ("P", ("and", ("name", str(a)), ("name", str(b)))), sympy.Integer(0))

    def independent_pair(self, a, b):
        return ("independent", str(a), str(b))

    def independent_all(self, *_):
        return ("independent",)

    def dist_args(self, *args):
        return list(args)

    def keyword_arg(self, key, op, value):
        return (key, value)

    def dist_key(self, tok):
        return re.sub(r"\s+", " ", str(tok)).lower()

    def distribution(self, name, args):
        return _located(name, _distribution, str(name), args)

    def func_distribution(self, func, args):
        """``X ~ Exp(2)``: the one function name that is also a distribution's short name."""
        if str(func).lower() != "exp":
            raise _at(func, f"'{func}(…)' is not a distribution", cls=InvalidArgument,
                      hint="Exponential(λ) or Exp(λ), Normal(μ, σ), Binomial(n, p), …")
        return _located(func, _distribution, "exponential", args)

    def short_distribution(self, var, args):
        name = str(var)
        if name not in ("N", "t", "T"):
            raise _at(var, f"'{name}(…)' is not a distribution I know", cls=InvalidArgument,
                      hint="Bernoulli(p), Binomial(n, p), Poisson(λ), Geometric(p), Uniform(a, b), "
                           "Normal(μ, σ), N(μ, σ²), Exponential(λ), ChiSquared(k), StudentT(ν)")
        return _located(var, _distribution, "N" if name == "N" else "studentt", args)

    def probability(self, target, conditions):
        return _probability_problem(target, conditions)

    def probability_first(self, conditions, target):
        return _probability_problem(target, conditions)

    def percentile(self, ordinal, var, conditions):
        digits = re.match(r"\d+", str(ordinal))
        if digits is None or not 0 < int(digits.group()) < 100:
            raise InvalidArgument("a percentile is numbered from 1st to 99th", hint="90th percentile of X where X ~ N(0, 1)")
        return _quantile_problem(self.variable(var), sympy.Integer(digits.group()) / 100, conditions)

    def quantile_event(self, unknown, target, op, value, conditions):
        x = self.variable(unknown)
        event = target[1] if target[0] == "P" else None
        if str(op) != "=" or event is None or event[0] != "rel" or event[3] != x or not isinstance(event[1], sympy.Symbol):
            raise InvalidArgument(f"write the condition as P(X < {x}) = p or P(X > {x}) = p",
                                  hint="find x such that P(X < x) = 0.95 where X ~ N(100, 225)")
        if not (value.is_number and 0 < value < 1):
            raise InvalidArgument("the probability must be strictly between 0 and 1")
        if event[2] in ("<", "<="):
            p = value
        elif event[2] in (">", ">="):
            p = 1 - value
        else:
            raise InvalidArgument("the event must be X < x, X ≤ x, X > x or X ≥ x")
        return _quantile_problem(event[1], p, conditions)

    def probability_alone(self, target):
        if isinstance(target, dict):
            return target
        raise InvalidArgument("this probability needs some information to work from",
                              hint="add it after 'where' or 'given': P(X = 3) where X ~ Binomial(10, 0.5)")

    def combinations(self, n, k, *_):
        return _counting("combinations", n, k)

    def combinations_compact(self, token):
        n, kind, k = re.fullmatch(r"(\d+)\s*([CP])\s*(\d+)", str(token)).groups()
        return _counting("combinations" if kind == "C" else "permutations", sympy.Integer(n), sympy.Integer(k))

    def permutations(self, n, k, *_):
        return _counting("permutations", n, k)

    # ------------------------------------------------------------- statistics
    def number_datum(self, token):
        return self.number(token)

    def negative_number(self, token):
        return -self.number(token)

    def data_items(self, *items):
        values = [v for v in items if v is not None and not isinstance(v, Token)]
        if len(values) > self.limits.max_data_points:
            raise TooExpensive(f"{len(values)} data points is over the limit of {self.limits.max_data_points}")
        return values

    def data(self, *parts):
        return next(p for p in parts if isinstance(p, list))

    def describe(self, word, data):
        return {"kind": "descriptive_statistics", "data": {"statistic": _statistic(str(word)), "values": data}}

    def z_score(self, _tok, value, data):
        return {"kind": "descriptive_statistics", "data": {"statistic": "z_score", "values": data, "x": value}}

    def z_score_summary(self, _tok, value, summary):
        if set(summary) - {"mean", "sd", "sigma"} or "mean" not in summary or not ({"sd", "sigma"} & set(summary)):
            raise InvalidArgument("a z-score from summary values needs the mean and the standard deviation",
                                  hint="z-score of 130 given mean 100 and sd 15")
        sd = summary.get("sd", summary.get("sigma"))
        return {"kind": "descriptive_statistics",
                "data": {"statistic": "z_score", "x": value, "mean": summary["mean"], "sd": sd}}

    def covariance(self, first, second):
        return _two_variable("covariance", first, second)

    def population_covariance(self, first, second):
        return _two_variable("population_covariance", first, second)

    def correlation(self, first, second):
        return _two_variable("correlation", first, second)

    def known_sigma(self, var, op, value):
        if str(var) not in ("sigma", "σ"):
            raise InvalidArgument(f"expected 'sigma = …', not '{var} = …'")
        if not (value.is_number and value > 0):
            raise InvalidArgument("sigma must be a positive number")
        return value

    def summary_item(self, key, _op, value):
        return (_summary_key(str(key)), value)

    def summary(self, *items):
        return dict(items)

    def ci_mean(self, ci, *args):
        args = [a for a in args if a is not None]
        word, data = args[-2:] if not isinstance(args[-1], sympy.Expr) else args[-3:-1]
        sigma = args[-1] if isinstance(args[-1], sympy.Expr) else None
        _expect_mean(word)
        return {"kind": "confidence_interval",
                "data": {"type": "mean", "level": _level(ci), "values": data, "sigma": sigma}}

    def ci_summary(self, ci, *args):
        args = [a for a in args if a is not None]
        word, summary = args[-2], args[-1]
        _expect_mean(word)
        missing = [k for k in ("n", "mean") if k not in summary]
        if missing or not ({"sd", "sigma"} & set(summary)):
            raise InvalidArgument("a confidence interval from summary statistics needs n, mean and sd (or sigma)",
                                  hint="… given n = 25, mean = 10, sd = 2")
        return {"kind": "confidence_interval", "data": {"type": "mean_summary", "level": _level(ci), **summary}}

    def ci_proportion(self, ci, *args):
        args = [a for a in args if a is not None and not isinstance(a, Token)]
        k, n = args[-2], args[-1]
        if not (k.is_Integer and n.is_Integer and 0 <= k <= n and n > 0):
            raise InvalidArgument("the successes and trials must be whole numbers with 0 ≤ successes ≤ trials")
        return {"kind": "confidence_interval", "data": {"type": "proportion", "level": _level(ci), "k": k, "n": n}}

    def alternative(self, tok):
        text = str(tok).lower()
        side = "greater" if ("greater" in text or "larger" in text) else "less" if (
            "less" in text or "smaller" in text) else "two-sided"
        return ("alternative", side)

    def significance(self, var, op, value):
        if str(var) not in ("alpha", "α"):
            raise InvalidArgument(f"expected 'at alpha = …', not '{var} = …'")
        if not (value.is_number and 0 < value < 1):
            raise InvalidArgument("alpha must be between 0 and 1")
        return ("alpha", value)

    def _test(self, test, options, **data):
        opts = dict(o for o in options if isinstance(o, tuple))
        return {"kind": "hypothesis_test", "data": {"test": test, "alternative": opts.get("alternative", "two-sided"),
                                                    "alpha": opts.get("alpha", sympy.Rational(1, 20)), **data}}

    def t_test(self, tok, data, word, mu, *options):
        _expect_mean(word)
        return self._test("one_sample_t", options, values=data, mu0=mu)

    def t_test_two(self, tok, first, second, *options):
        text = str(tok).lower()
        if "paired" in text:
            if len(first) != len(second):
                raise InvalidArgument(f"a paired test needs the same number of values in both samples "
                                      f"({len(first)} and {len(second)})")
            return self._test("paired_t", options, values=first, other=second)
        return self._test("welch_t", options, values=first, other=second)

    def z_test(self, tok, data, word, mu, sigma, *options):
        _expect_mean(word)
        return self._test("one_sample_z", options, values=data, mu0=mu, sigma=sigma)

    def t_test_summary(self, tok, summary, word, mu, *options):
        _expect_mean(word)
        if str(tok).lower().strip() not in ("t-test", "t test", "one-sample t-test", "one sample t test",
                                            "one-sample t test", "one sample t-test"):
            raise InvalidArgument("from summary statistics only the one-sample t test is worked",
                                  hint="t-test given n = 25, mean = 52, sd = 5 against mean 50")
        if set(summary) != {"n", "mean", "sd"}:
            raise InvalidArgument("a t test from summary statistics needs n, mean and sd",
                                  hint="t-test given n = 25, mean = 52, sd = 5 against mean 50")
        return self._test("one_sample_t", options, mu0=mu, **summary)

    def z_test_summary(self, tok, summary, word, mu, sigma, *options):
        _expect_mean(word)
        summary = dict(summary)
        if sigma is not None:
            if "sigma" in summary:
                raise InvalidArgument("σ is given twice")
            summary["sigma"] = sigma
        if set(summary) != {"n", "mean", "sigma"}:
            raise InvalidArgument("a z test from summary statistics needs n, mean and the known σ",
                                  hint="z-test given n = 25, mean = 52 against mean 50 with sigma = 5")
        return self._test("one_sample_z", options, mu0=mu, **summary)

    def mle_params(self, *names):
        return [str(n) for n in names]

    def mle(self, *args):
        args = [a for a in args if not (isinstance(a, Token) and a.type != "DIST_NAME")]
        params, dist, data = args[-3], args[-2], args[-1]
        return {"kind": "mle", "data": {"parameters": tuple(params), "family": _family(str(dist)), "values": data}}

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

    def singular(self, value, word=None):
        out = self._matrix_problem("singular", value, square=True)
        asks_invertible = word is not None and str(word).lower() in ("invertible", "nonsingular")
        out["data"] = {"question": "invertible" if asks_invertible else "singular"}
        return out

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


def _no_tuples(a, b, verb):
    if isinstance(a, sympy.Tuple) or isinstance(b, sympy.Tuple):
        raise InvalidArgument(f"cannot {verb} a point or list like (1, 2)",
                              hint="a point belongs after 'at' or 'from': gradient of … at (1, 2)")


def _call_notation(name, args):
    """``C(10, 3)`` is a binomial coefficient; ``f(x, y)`` names a function of x and y."""
    if name.name == "C" and len(args) == 2 and all(a.is_Integer for a in args):
        return sympy.binomial(*args, evaluate=False)
    if name.name in ("C", "P") and len(args) == 2 and all(a.is_number for a in args):
        what = "combinations" if name.name == "C" else "permutations"
        bad = next(a for a in args if not (a.is_Integer and a >= 0))
        raise InvalidArgument(f"{name}(n, k) counts {what}, so n and k are whole numbers ≥ 0, not {_plain(bad)}",
                              hint=f"for example {name}(10, 3)")
    if len(name.name) == 1 and all(isinstance(a, sympy.Symbol) for a in args):
        return sympy.Function(name.name)(*args)
    raise InvalidArgument(f"{name}(…) with a list inside is not something I can read",
                          hint=f"for a product write {name}·(…); for a point write it alone: (1, 2)")


def _abs(expr):
    """|expr| as written: sympy rewrites |e^√x| into atan2 terms that no student typed."""
    if isinstance(expr, sympy.exp) or (expr.is_Pow and expr.base.is_positive and expr.exp.is_real is not False):
        return expr  # |e^u| = e^u for real u
    value = sympy.Abs(expr)
    if value.has(sympy.atan2, sympy.arg, sympy.re, sympy.im):
        return sympy.Abs(expr, evaluate=False)
    return value



_REL_TEXT = {"≤": "<=", "≥": ">=", "≠": "!="}


def _expect_mean(word) -> None:
    if _statistic(str(word)) != "mean":
        raise InvalidArgument(f"expected 'mean', not '{word}'", hint="… for the mean of …")


_STATISTICS = {
    "mean": "mean", "average": "mean", "median": "median", "mode": "mode", "range": "range",
    "variance": "variance", "sample variance": "variance", "population variance": "population_variance",
    "standard deviation": "standard_deviation", "sd": "standard_deviation", "std": "standard_deviation",
    "sample standard deviation": "standard_deviation", "sample sd": "standard_deviation",
    "population standard deviation": "population_standard_deviation", "population sd": "population_standard_deviation",
    "population std": "population_standard_deviation",
    "quartiles": "quartiles", "iqr": "iqr", "interquartile range": "iqr", "skewness": "skewness",
    "kurtosis": "kurtosis", "five number summary": "five_number_summary",
}


def _statistic(word: str) -> str:
    key = re.sub(r"[\s-]+", " ", word.lower()).strip()
    key = re.sub(r"^5 number", "five number", key)
    if key not in _STATISTICS:
        raise InvalidArgument(f"'{word}' is not a statistic I compute here")
    return _STATISTICS[key]


def _summary_key(key: str) -> str:
    low = key.lower()
    if low in ("mean", "average", "x̄", "xbar"):
        return "mean"
    if low in ("sd", "std", "s", "standard deviation", "sample sd"):
        return "sd"
    if low in ("sigma", "σ", "population sd"):
        return "sigma"
    if low == "n":
        return "n"
    raise InvalidArgument(f"'{key}' is not a summary statistic I know", hint="n = …, mean = …, sd = …")


def _level(ci_token) -> sympy.Rational:
    m = re.match(r"\s*(\d+(?:\.\d+)?)\s*%", str(ci_token))
    level = sympy.Rational(Fraction(m.group(1))) / 100 if m else sympy.Rational(95, 100)
    if not 0 < level < 1:
        raise InvalidArgument("the confidence level must be between 0% and 100%")
    return level


def _two_variable(statistic, first, second):
    if len(first) != len(second):
        raise InvalidArgument(f"the two data sets have {len(first)} and {len(second)} values",
                              hint=f"{statistic} pairs the values, so both need the same number")
    return {"kind": "two_variable_statistics", "data": {"statistic": statistic, "values": first, "other": second}}


_FAMILIES = {"expon": "Exponential", "bin": "Binomial", "binom": "Binomial",
             "pois": "Poisson", "geom": "Geometric", "bern": "Bernoulli",
             "bernoulli": "Bernoulli", "binomial": "Binomial", "poisson": "Poisson", "geometric": "Geometric",
             "uniform": "Uniform", "normal": "Normal", "gaussian": "Normal", "exponential": "Exponential",
             "chisquared": "ChiSquared", "chisquare": "ChiSquared", "chi2": "ChiSquared", "studentt": "StudentT",
             "n": "N"}


def _family(name: str) -> str:
    key = re.sub(r"[-_\s]", "", name.lower())
    return _FAMILIES[key]


# name -> parameter names in positional order, and their keyword spellings
_PARAMETERS = {
    "Bernoulli": ("p",), "Binomial": ("n", "p"), "Poisson": ("lambda",), "Geometric": ("p",),
    "Uniform": ("a", "b"), "Normal": ("mu", "sigma"), "N": ("mu", "variance"), "Exponential": ("lambda",),
    "ChiSquared": ("k",), "StudentT": ("nu",),
}
_SHOWN = {"mu": "μ", "sigma": "σ", "lambda": "λ", "nu": "ν", "variance": "σ²", "k": "k"}
_KEYWORDS = {"mean": "mu", "mu": "mu", "μ": "mu", "sd": "sigma", "standard deviation": "sigma",
             "sigma": "sigma", "σ": "sigma", "var": "variance", "variance": "variance", "p": "p", "n": "n",
             "lambda": "lambda", "λ": "lambda", "rate": "lambda", "a": "a", "b": "b", "k": "k", "df": "k",
             "nu": "nu", "ν": "nu"}


def _distribution(name, args):
    family = _family(name)
    order = _PARAMETERS[family]
    params, notes = {}, []
    positional = [a for a in args if not isinstance(a, tuple)]
    keywords = [a for a in args if isinstance(a, tuple)]
    shape = f"{family}({', '.join(_SHOWN.get(p, p) for p in order)})"
    if len(positional) > len(order):
        raise InvalidArgument(f"{family} takes {len(order)} parameter(s), not {len(positional)}", hint=shape)
    params.update(zip(order, positional, strict=False))
    for key, value in keywords:
        canonical = _KEYWORDS.get(key)
        if canonical is None:
            raise InvalidArgument(f"'{key}' is not a parameter of {family}", hint=shape)
        if family in ("Normal", "N") and canonical in ("sigma", "variance"):
            params.pop("sigma", None)
            params.pop("variance", None)
        elif family == "StudentT" and canonical == "k":
            canonical = "nu"
        params[canonical] = value
        if family == "Normal" and canonical == "variance":
            notes.append(f"{key} = {_plain(value)} is the variance σ², so σ = √({_plain(value)})")
    if family == "N":
        family = "Normal"
        if "variance" in params:
            notes.append("N(μ, σ²): the second parameter is the variance")
    if family == "Normal" and "variance" in params:
        variance = params.pop("variance")
        if not (variance.is_number and variance > 0):
            raise InvalidArgument(f"the variance σ² of a normal distribution must be positive, not {_plain(variance)}",
                                  hint="N(μ, σ²) takes the variance second: N(0, 4) has σ = 2")
        params["sigma"] = sympy.sqrt(variance)
    elif family == "Normal" and "sigma" in params:
        notes.append("Normal(μ, σ): the second parameter is the standard deviation")
    required = {"Normal": ("mu", "sigma")}.get(family, order)
    missing = [p for p in required if p not in params]
    if missing:
        raise InvalidArgument(f"{family} needs {', '.join(_SHOWN.get(m, m) for m in missing)}", hint=shape)
    for key, value in params.items():
        if not (isinstance(value, sympy.Expr) and value.is_number and value.is_real):
            raise InvalidArgument(f"the parameter {_SHOWN.get(key, key)} of {family} must be a number", hint=shape)
    _check_parameters(family, params)
    return (family, tuple(sorted(params.items())), tuple(notes))


def _check_parameters(family, p):
    def bad(message, hint):
        raise InvalidArgument(f"{family}: {message}", hint=hint)
    if "p" in p and not 0 <= p["p"] <= 1:
        bad(f"p = {_plain(p['p'])} is not a probability (0 ≤ p ≤ 1)", "p is a probability, e.g. 0.3 or 3/10")
    if family == "Geometric" and p["p"] == 0:
        bad("p must be greater than 0", "with p = 0 the first success never comes: use 0 < p ≤ 1")
    if "n" in p and not (p["n"].is_Integer and p["n"] >= 0):
        bad(f"n = {_plain(p['n'])} must be a whole number", "n counts trials: Binomial(10, 0.5)")
    if "n" in p and p["n"] > 10_000:
        bad("n is over the supported limit of 10,000", "for large n a normal approximation is the usual route")
    if "lambda" in p and not p["lambda"] > 0:
        bad(f"λ = {_plain(p['lambda'])} must be positive", f"{family}(2) has rate λ = 2")
    if "sigma" in p and not p["sigma"] > 0:
        bad(f"σ = {_plain(p['sigma'])} must be positive", "Normal(μ, σ) takes the standard deviation: Normal(0, 2)")
    if family == "Uniform" and not p["a"] < p["b"]:
        bad("a must be less than b", "write the smaller end first: Uniform(0, 1)")
    for key in ("k", "nu"):
        if key in p and not p[key] > 0:
            bad(f"{_SHOWN[key]} = {_plain(p[key])} must be positive", "the degrees of freedom are positive: "
                + ("ChiSquared(3)" if family == "ChiSquared" else "StudentT(5)"))


def _probability_problem(target, conditions):
    """Which kind of probability problem: a named distribution, a table, or rules of events."""
    distributions = {c[1]: c[2] for c in conditions if c[0] == "dist"}
    known = [c for c in conditions if c[0] == "known"]
    independent = [c[1:] for c in conditions if c[0] == "independent"]
    if isinstance(target, dict):
        raise InvalidArgument("this is a counting question; it needs no conditions")
    op, arg = target[:2]
    linear = {"linear": target[2]} if len(target) > 2 else {}
    if distributions:
        if known:
            raise InvalidArgument("give either a distribution or a table of probabilities, not both")
        variable = arg if op != "P" else _event_variable(arg)
        if variable not in distributions:
            raise InvalidArgument(f"no distribution is given for {variable}",
                                  hint=f"add '{variable} ~ …', e.g. {variable} ~ Binomial(10, 0.5)")
        family, params, notes = distributions[variable]
        kind = "distribution_probability" if op == "P" else "moment"
        return {"kind": kind, "notes": notes,
                "data": {"target": target[:2], "variable": variable, "family": family, "parameters": dict(params),
                         **linear}}
    table = _table(known)
    if table is not None:
        if op == "P":
            return {"kind": "distribution_probability",
                    "data": {"target": target, "variable": table[0], "family": "Table", "table": table[1]}}
        if arg != table[0]:
            raise InvalidArgument(f"the table is for {table[0]}, not {arg}")
        return {"kind": "moment", "data": {"target": target[:2], "variable": table[0], "family": "Table",
                                           "table": table[1], **linear}}
    if op != "P":
        raise InvalidArgument(f"{op}[{arg}] needs a distribution or a table of probabilities",
                              hint="E[X] where X ~ Poisson(3), or E[X] where P(X=0)=0.2, P(X=1)=0.8")
    events = {k[1][1]: k[2] for k in known}
    kind = "bayes" if arg[0] == "given" and any(e[0] == "given" for e in events) else "probability_rules"
    return {"kind": kind, "data": {"target": arg, "known": events, "independent": tuple(independent)}}


def _linear_moment(which, expr):
    """E[X], Var(X), SD(X), or the same of a linear transformation a·X + b (as (which, X, (a, b)))."""
    if isinstance(expr, sympy.Symbol):
        return (which, expr)
    free = expr.free_symbols if isinstance(expr, sympy.Expr) else set()
    if len(free) == 1:
        x = next(iter(free))
        poly = sympy.Poly(expr, x) if expr.is_polynomial(x) else None
        if poly is not None and poly.degree() == 1:
            a, b = poly.coeff_monomial(x), poly.coeff_monomial(1)
            if a.is_number and a.is_real and b.is_number and b.is_real and a != 0:
                return (which, x, (a, b))
    raise InvalidArgument(f"{which} of a random variable X or of a linear transformation a·X + b",
                          hint=f"{which}(2X + 3) where X ~ Poisson(4)")


def _quantile_problem(variable, p, conditions):
    distributions = {c[1]: c[2] for c in conditions if c[0] == "dist"}
    if variable not in distributions or len(conditions) != 1:
        raise InvalidArgument(f"a percentile needs the distribution of {variable} and nothing else",
                              hint=f"… where {variable} ~ Normal(100, 15)")
    family, params, notes = distributions[variable]
    return {"kind": "quantile", "notes": notes,
            "data": {"variable": variable, "family": family, "parameters": dict(params), "p": p}}


def _event_variable(event):
    """The random variable an event like X = 3 or 1 ≤ X ≤ 2 is about."""
    if event[0] == "rel":
        for side in (event[1], event[3]):
            if isinstance(side, sympy.Symbol):
                return side
    if event[0] == "between" and isinstance(event[3], sympy.Symbol):
        return event[3]
    if event[0] in ("not",):
        return _event_variable(event[1])
    raise InvalidArgument("write the event with the random variable, e.g. P(X <= 3) or P(1 < X < 2)")


def _table(known):
    """P(X=0)=0.2, P(X=1)=0.5, … as (X, ((0, 0.2), (1, 0.5), …)) or None."""
    if not known or not all(k[1][0] == "P" and k[1][1][0] == "rel" and k[1][1][2] == "=" for k in known):
        return None
    variables = set()
    rows = []
    for _, (_, (_, lhs, _, rhs)), value in known:
        if isinstance(lhs, sympy.Symbol) and rhs.is_number:
            variables.add(lhs)
            rows.append((rhs, value))
        else:
            return None
    if len(variables) != 1:
        raise InvalidArgument("a probability table is for one random variable")
    values = [v for v, _ in rows]
    if len(set(values)) != len(values):
        twice = next(v for v in values if values.count(v) > 1)
        raise InvalidArgument(f"the value {_plain(twice)} appears twice in the probability table",
                              hint="give each value of the variable once: P(X=0)=0.2, P(X=1)=0.8")
    return variables.pop(), tuple(sorted(rows, key=lambda r: float(r[0])))


def _counting(kind, n, k):
    for name, v in (("n", n), ("k", k)):
        if not (isinstance(v, sympy.Expr) and v.is_Integer and v >= 0):
            raise InvalidArgument(f"{name} must be a whole number ≥ 0 for {kind}, not {_plain(v)}",
                                  hint="for example " + ("10 choose 3" if kind == "combinations" else "P(10, 3)"))
    if k > n:
        raise InvalidArgument(f"cannot choose {k} from {n}", hint="k must be at most n")
    if n > 1000:
        raise TooExpensive(f"counting is worked for n up to 1000, not {n}",
                           hint="the formula n!/(k!(n − k)!) still holds; try n ≤ 1000")
    return {"kind": "counting", "data": {"operation": kind, "n": n, "k": k}}

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
    """A formula inside a note (notes are sentences, printed as they are); a fraction that
    ends as a decimal is shown as one, the way it was most likely typed (21/2 → 10.5)."""
    if isinstance(expr, sympy.Rational) and not expr.is_Integer:
        q = expr.q
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if q == 1 and expr.q <= 10**6:
            return str(Fraction(int(expr.p), int(expr.q)).__float__())
    return sympy.sstr(expr).replace("**", "^").replace("*", "·")
