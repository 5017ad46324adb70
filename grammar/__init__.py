"""Text -> Problem.  ``parse`` is the only way user text becomes mathematics.

No ``eval``, ``sympify`` or ``parse_expr`` ever sees the text: a lark LALR parser with
``ProblemTransformer`` builds sympy objects directly, after the guards of ``Limits``.
"""

from __future__ import annotations

import functools
import sys

import sympy
from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .errors import (
    InputTooLong,
    InvalidArgument,
    Overloaded,
    ParseError,
    StepsolverError,
    TimeLimit,
    TooExpensive,
    UnsupportedProblem,
)
from .limits import DEFAULT_LIMITS, Limits
from .postlex import ProblemPostLex
from .problem import Problem
from .transformer import ProblemTransformer, make_symbol

__all__ = [
    "parse", "Problem", "Limits", "DEFAULT_LIMITS", "make_symbol", "StepsolverError",
    "ParseError", "InputTooLong", "InvalidArgument", "UnsupportedProblem", "TooExpensive",
    "TimeLimit", "Overloaded",
]


# Python refuses int <-> str conversions over 4,300 digits (a guard against quadratic
# work); our own limits (input length, power bits) already bound numbers well below this.
_DIGITS_NEEDED = 50_000
if 0 < sys.get_int_max_str_digits() < _DIGITS_NEEDED:
    sys.set_int_max_str_digits(_DIGITS_NEEDED)


@functools.lru_cache(maxsize=8)
def _parser(limits: Limits) -> Lark:
    # One parser per set of limits, built once per process: LALR with the transformer
    # passed in, so reductions build sympy objects as they happen and no tree is kept.
    postlex = ProblemPostLex(limits)
    parser = Lark.open(
        "problems.lark", rel_to=__file__, parser="lalr", lexer="basic",
        transformer=ProblemTransformer(limits), postlex=postlex, maybe_placeholders=True,
        cache=True,  # the LALR tables (0.5 s to build) are kept in a temp file between processes
    )
    postlex.keywords = tuple(
        t.pattern.value for t in parser.terminals
        if t.pattern.type == "str" and t.pattern.value.isalpha()
    )
    return parser


def parse(text: str, limits: Limits = DEFAULT_LIMITS) -> Problem:
    """Read one problem.  Raises a ``StepsolverError`` subclass for anything wrong."""
    if not isinstance(text, str):
        raise ParseError("the problem must be text")
    if len(text) > limits.max_input_chars:
        raise InputTooLong(f"the input is {len(text)} characters long; the limit is {limits.max_input_chars}",
                           hint="paste one problem at a time")
    # Only the end is trimmed, so lines and columns in errors match what was sent.
    body = text.rstrip()
    while body and body[-1] in "?.":
        body = body[:-1].rstrip()
    if not body.strip():
        raise ParseError("there is no problem to read", hint="try 'derivative of x^2 sin x'",
                         line=1, column=1)
    try:
        result = _parser(limits).parse(body)
    except StepsolverError as exc:
        if exc.line is not None and exc.context is None:
            exc.context = caret(body, exc.line, exc.column)
        raise
    except UnexpectedInput as exc:
        raise _from_lark(exc, body) from None
    except RecursionError:
        raise TooExpensive("the expression is nested too deeply") from None

    expr = result.get("expr")
    if expr is not None:
        _check_built(expr, limits)
    for value in result.get("data", {}).values():
        _check_built(value, limits)
    return Problem(
        kind=result["kind"], text=body.strip(), expr=expr, variable=result.get("variable"),
        order=result.get("order", 1), notes=tuple(result.get("notes", ())),
        data=result.get("data", {}),
    )


def _check_built(expr, limits: Limits) -> None:
    if isinstance(expr, sympy.MatrixBase):
        items = list(expr)
    elif isinstance(expr, (tuple, list)):
        items = [e for part in expr for e in (part if isinstance(part, sympy.MatrixBase) else [part])]
    else:
        items = [expr]
    deepest = 0
    stack = [(e, 1) for e in items if isinstance(e, sympy.Basic)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > 4 * limits.max_depth:
            raise TooExpensive("the expression is nested too deeply",
                               hint=f"expressions up to {4 * limits.max_depth} levels deep are supported")
        stack.extend((a, depth + 1) for a in node.args)
    for e in items:
        if isinstance(e, sympy.Basic) and e.has(sympy.zoo, sympy.nan, sympy.AccumBounds):
            raise InvalidArgument("the expression is undefined (it divides by zero)",
                                  hint="check the denominators and powers of 0")


# --------------------------------------------------------------------- error reports
_FRIENDLY = {
    "NUMBER": "a number", "VAR": "a variable", "CONST": "a constant", "FUNC": "a function",
    "LPAR": "'('", "RPAR": "')'", "LSQB": "'['", "RSQB": "']'", "LBAR": "'|'", "RBAR": "'|'",
    "PLUS": "'+'", "_MINUS": "'-'", "_TIMES": "'*'", "_DIVIDE": "'/'", "_POW": "'^'",
    "BANG": "'!'", "COMMA": "','", "SEMICOLON": "';'", "REL": "'=' or '<'", "SUP": "a power",
    "$END": "the end of the input", "DDX": "d/dx", "_ENTRYSEP": "a space", "ORDINAL": "an ordinal",
}
_OPERAND = {"NUMBER", "VAR", "CONST", "FUNC", "LPAR", "LSQB", "LBAR"}
_CHAR_HINTS = {
    "'": "primes such as f'(x) are not supported: write 'derivative of …'",
    "{": "use ( ) to group", "}": "use ( ) to group",
    "\\": "LaTeX commands are not read here: write sin(x), sqrt(x), pi",
    "$": "leave out the $ signs", "&": "use 'and' or ','", "#": "remove the '#'",
}


def caret(text: str, line: int, column: int) -> str:
    lines = text.splitlines() or [text]
    shown = lines[min(max(line, 1), len(lines)) - 1]
    return f"{shown}\n{' ' * max(column - 1, 0)}^"


def _describe(names) -> str:
    names = set(names)
    if names & _OPERAND:
        return "a number, a variable, a function or '('"
    words = sorted(_FRIENDLY.get(n, n.lower().strip("_")) for n in names)
    return ", ".join(words[:6]) if words else "something else"


def _from_lark(exc: UnexpectedInput, text: str) -> ParseError:
    if isinstance(exc, UnexpectedCharacters):
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        return ParseError(f"unexpected character '{ch}'", line=exc.line, column=exc.column,
                          context=caret(text, exc.line, exc.column),
                          hint=_CHAR_HINTS.get(ch, "remove it, or write it as an operator or name I know"))
    if isinstance(exc, (UnexpectedToken, UnexpectedEOF)):
        token = getattr(exc, "token", None)
        expected = getattr(exc, "expected", None) or getattr(exc, "accepts", None) or set()
        at_end = token is None or token.type == "$END"
        if at_end:
            lines = text.splitlines() or [""]
            line, column = len(lines), len(lines[-1]) + 1
            message = f"the input ends too soon: expected {_describe(expected)}"
            hint = "finish the expression" + (" (an operator needs something after it)"
                                              if text.rstrip()[-1:] in "+-*/^(=,<>" else "")
        else:
            line, column = token.line, token.column
            shown = str(token).strip() or _FRIENDLY.get(token.type, token.type)
            message = f"unexpected {_FRIENDLY.get(token.type, repr(shown)) if token.type in ('NUMBER', 'VAR', 'FUNC') else repr(shown)}"
            if token.type in ("NUMBER", "VAR", "FUNC", "CONST"):
                message = f"unexpected {repr(shown)}"
            hint = _token_hint(token, expected)
        return ParseError(message, line=line, column=column, hint=hint,
                          context=caret(text, line, column))
    return ParseError(str(exc))


def _token_hint(token, expected) -> str:
    expected = set(expected)
    if token.type == "REL":
        return "only one '=' or '<' fits here; write chained conditions separately"
    if token.type == "PRIME":
        return "primes such as f'(x) are not supported: write 'derivative of …'"
    if token.type == "NUMBER" and not (expected & {"NUMBER"}):
        return "put an operator between the two numbers, e.g. 2*3"
    if token.type in ("RPAR", "RSQB", "RBAR") or token.type == "COMMA":
        return "something is missing before it"
    if expected & _OPERAND:
        return f"'{token}' cannot start a term here; write a number, a variable or '(' first"
    if "RPAR" in expected:
        return "close the bracket with ')'"
    return f"expected {_describe(expected)} here"
