"""Between lark's lexer and its LALR parser: words, bars, brackets and matrix spaces.

An LALR parser sees one token at a time, so the decisions that need a little more
context are made here, on the whole token list of one (short) input:

* LaTeX commands, braces and ``$`` become plain tokens first (``grammar.latex``);
* a letter run (``WORD``) becomes function, constant and variable tokens;
* ``|`` becomes ``LBAR`` or ``RBAR``;
* brackets are matched, so an unbalanced one is reported where it opens; a brace ``{ }``
  is a bracket like ``( )`` and reaches the parser as one;
* whitespace is dropped, except between the entries of a matrix written with spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lark import Token
from lark.lark import PostLex

from . import latex
from .errors import ParseError, TooExpensive
from .limits import Limits
from .names import (
    CASE_SENSITIVE_CONSTANTS,
    CONSTANTS,
    FUNCTION_ALIASES,
    GREEK_LETTERS,
    GREEK_NAMES,
    closest_name,
    function_prefix,
)

_WORD_PARTS = re.compile(r"(?P<letters>[^\d_]+)(?P<digits>\d+)?(?:_\{?(?P<sub>[^}]+)\}?)?")
_GREEK_ALTERNATION = "|".join(sorted(GREEK_NAMES, key=len, reverse=True))
# An optional short prefix (one or two letters: the `x` of `xdx`), then d + one variable.
_DIFFERENTIAL = re.compile(
    rf"([A-Za-zα-ω]{{1,2}})?(d(?:{_GREEK_ALTERNATION}|[A-Za-zα-ωΑ-Ω])(?:\d+|_[A-Za-z0-9]+)?)")

OPERAND_END = {"NUMBER", "VAR", "CONST", "RPAR", "RSQB", "RBRACE", "RBAR", "BANG", "SUP"}
OPERAND_START = {"NUMBER", "VAR", "CONST", "FUNC", "LPAR", "LSQB", "LBRACE", "LBAR", "BAR", "_FRAC"}
SIGNS = {"PLUS", "_MINUS"}
OPENERS = {"LPAR": "RPAR", "LSQB": "RSQB", "LBRACE": "RBRACE"}
CLOSERS = {"RPAR": "LPAR", "RSQB": "LSQB", "RBRACE": "LBRACE"}
_SHOW = {"LPAR": "(", "RPAR": ")", "LSQB": "[", "RSQB": "]", "LBRACE": "{", "RBRACE": "}",
         "LBAR": "|", "BAR": "|"}
# A brace groups like a bracket: the parser sees it as one (its text stays "{" for errors).
_AS_PARENTHESIS = {"LBRACE": "LPAR", "RBRACE": "RPAR"}


def _at(token: Token, message: str, hint: str | None = None, cls=ParseError):
    return cls(message, hint=hint, line=token.line, column=token.column)


def _piece(kind: str, value: str, word: Token, offset: int) -> Token:
    return Token(kind, value, word.start_pos + offset, word.line, word.column + offset,
                 word.end_line, word.column + offset + 1, word.start_pos + offset + 1)


class ProblemPostLex(PostLex):
    """Turns lark's raw tokens into the tokens the grammar is written in."""

    always_accept = ("WORD", "BAR", "WS", "ROOT_SIGN", "INFINITY_SIGN", *sorted(latex.TOKEN_TYPES))

    def __init__(self, limits: Limits, keywords: Iterable[str] = ()) -> None:
        self.limits = limits
        self.keywords = tuple(keywords)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        raw = list(stream)
        if any(tok.type in latex.TOKEN_TYPES for tok in raw):
            raw = latex.expand(raw, self.limits.max_depth)
        tokens: list[Token] = []
        for tok in raw:
            if tok.type == "WORD":
                tokens.extend(self.split_word(tok))
            elif tok.type == "ROOT_SIGN":
                tokens.append(Token.new_borrow_pos("FUNC", "sqrt" if tok == "√" else "cbrt", tok))
            elif tok.type == "INFINITY_SIGN":
                tokens.append(Token.new_borrow_pos("CONST", "∞", tok))
            else:
                tokens.append(tok)
        spaced = self._space_separated_brackets(tokens)
        yield from self._resolve(tokens, spaced)

    # ------------------------------------------------------------------ words
    def split_word(self, word: Token) -> list[Token]:
        differential = _DIFFERENTIAL.fullmatch(str(word))
        if differential:  # dx, dt, dθ, dtheta, and xdx written without a space
            out = self.split_word(_sub_token(word, 0, differential.start(2))) if differential.group(1) else []
            var = _sub_token(word, differential.start(2), len(word))
            name = self.split_word(Token.new_borrow_pos("WORD", var[1:], var))
            if len(name) != 1 or name[0].type != "VAR":
                raise _at(var, f"'{var}' is not a differential", hint="write dx, dt or dθ")
            return out + [Token.new_borrow_pos("DIFF", name[0].value, var)]
        m = _WORD_PARTS.fullmatch(str(word))
        if m is None:  # the lexer's WORD pattern and this one disagree: a bug, not input
            raise _at(word, f"cannot read '{word}'")
        letters, digits, sub = m.group("letters"), m.group("digits"), m.group("sub")
        low = letters.lower()

        if low in FUNCTION_ALIASES:
            name = FUNCTION_ALIASES[low]
            if sub is not None or (digits is not None and name == "log"):
                if name != "log" or digits is not None and sub is not None:
                    raise _at(word, f"'{word}' is not a function I know",
                              hint="only log takes a base written as a subscript: log_2(x)")
                return [Token.new_borrow_pos("FUNC", f"log_{sub or digits}", word)]
            out = [Token.new_borrow_pos("FUNC", name, word)]
            if digits is not None:  # sin2x is sin(2x)
                out.append(_piece("NUMBER", digits, word, len(letters)))
            return out

        if sub is None and digits is None:
            const = self._constant(letters)
            if const is not None:
                return [Token.new_borrow_pos("CONST", const, word)]
        if low in GREEK_NAMES:
            capital = letters[0].isupper() and low.capitalize() in GREEK_LETTERS.values()
            name = low.capitalize() if capital else low
            return [Token.new_borrow_pos("VAR", _subscripted(name, digits, sub), word)]

        if len(letters) > 2:
            raise _at(word, f"unknown name '{word}'", hint=self._unknown_word_hint(str(word)))

        out = []
        for k, ch in enumerate(letters):
            last = k == len(letters) - 1
            name = GREEK_LETTERS.get(ch, ch)
            if last and (digits is not None or sub is not None):
                out.append(_piece("VAR", _subscripted(name, digits, sub), word, k))
            elif (const := self._constant(ch)) is not None:
                out.append(_piece("CONST", const, word, k))
            else:
                out.append(_piece("VAR", name, word, k))
        return out

    @staticmethod
    def _constant(text: str) -> str | None:
        if text in CASE_SENSITIVE_CONSTANTS:
            return text
        low = text.lower()
        if low in CONSTANTS and low not in CASE_SENSITIVE_CONSTANTS:
            return low
        return None

    def _unknown_word_hint(self, word: str) -> str:
        prefix = function_prefix(word)
        if prefix:
            rest = word[len(prefix):]
            return (f"did you mean '{prefix}'? To apply {prefix} to {rest}, write '{prefix} {rest}' "
                    f"or '{prefix}({rest})'.")
        close = closest_name(word, self.keywords)
        if close:
            return f"did you mean '{close}'?"
        return ("variables are single letters (x, y, θ, x1, x_1); to multiply several, "
                "separate them: 'a b c' or 'a*b*c'.")

    # ------------------------------------------------------------------ brackets
    def _space_separated_brackets(self, tokens: list[Token]) -> set[int]:
        """Indexes of the ``[`` whose entries are separated by spaces (``[1 2; 3 4]``).

        A bracket is read that way when it has a ``;`` at its own level, or no comma and a
        space followed by a (signed) number: ``[1 -2 3]``.  ``[x^2 sin x]`` stays a product.
        """
        spaced: set[int] = set()
        stack: list[list] = []  # [index, has_semicolon, has_comma, has_number_gap]
        for k, tok in enumerate(tokens):
            t = tok.type
            if t in OPENERS:
                stack.append([k, False, False, False])
            elif t in CLOSERS:
                if not stack:
                    raise _at(tok, f"unmatched '{tok}'",
                              hint=f"remove it, or add the matching '{_SHOW[CLOSERS[t]]}' before it")
                start, semi, comma, gap = stack.pop()
                opener = tokens[start]
                if opener.type != CLOSERS[t]:
                    raise _at(tok, f"'{tok}' does not match the '{opener}' at column {opener.column}",
                              hint=f"close the '{opener}' with '{_SHOW[OPENERS[opener.type]]}' first")
                if opener.type == "LSQB" and (semi or (gap and not comma)):
                    spaced.add(start)
            elif stack and tokens[stack[-1][0]].type == "LSQB":
                if t == "SEMICOLON":
                    stack[-1][1] = True
                elif t == "COMMA":
                    stack[-1][2] = True
                elif t == "WS" and _prev_type(tokens, k) in OPERAND_END:
                    nxt = _next_type(tokens, k, 1)
                    if nxt == "NUMBER" or (nxt in SIGNS and _next_type(tokens, k, 2) == "NUMBER"
                                           and tokens[k + 2].type != "WS"):
                        stack[-1][3] = True
        if stack:  # report the unclosed bracket before the parser trips over what is inside
            opener = tokens[stack[-1][0]]
            raise _at(opener, f"the '{opener}' at column {opener.column} is never closed",
                      hint=f"add '{_SHOW[OPENERS[opener.type]]}' where it should end")
        return spaced

    def _resolve(self, tokens: list[Token], spaced: set[int]) -> Iterator[Token]:
        stack: list[tuple[str, Token, bool, bool]] = []  # (type, opening token, spaced, P( … ))
        prev = None
        limit = self.limits.max_depth
        for k, tok in enumerate(tokens):
            t = tok.type
            if t == "WS":
                if (stack and stack[-1][2] and prev in OPERAND_END
                        and _starts_entry(tokens, k)):
                    prev = "_ENTRYSEP"
                    yield Token.new_borrow_pos("_ENTRYSEP", " ", tok)
                continue
            if t == "BAR" and stack and stack[-1][3]:  # P(A | B): the conditional bar
                tok = Token.new_borrow_pos("COND_BAR", "|", tok)
            elif t == "BAR":
                if stack and stack[-1][0] == "LBAR" and prev in OPERAND_END:
                    stack.pop()
                    tok = Token.new_borrow_pos("RBAR", "|", tok)
                else:
                    stack.append(("LBAR", tok, False, False))
                    tok = Token.new_borrow_pos("LBAR", "|", tok)
            elif t in OPENERS:
                stack.append((t, tok, k in spaced, prev == "P" and t == "LPAR"))
                if (t == "LSQB" and _next_significant(tokens, k) == "LSQB"
                        and prev not in ("LSQB", "_NESTED_LSQB")):
                    tok = Token.new_borrow_pos("_NESTED_LSQB", "[", tok)
            elif t in CLOSERS:
                if not stack:
                    raise _at(tok, f"unmatched '{tok}'",
                              hint=f"remove it, or add the matching '{_SHOW[CLOSERS[t]]}' before it")
                open_type, open_tok, _, _ = stack.pop()
                if open_type != CLOSERS[t]:
                    want = _SHOW[OPENERS.get(open_type, "")] if open_type in OPENERS else "|"
                    raise _at(tok, f"'{tok}' does not match the '{_SHOW[open_type]}' at column {open_tok.column}",
                              hint=f"close the '{_SHOW[open_type]}' with '{want}' first")
            if len(stack) > limit:
                raise _at(tok, f"brackets nested more than {limit} deep",
                          hint="simplify the expression", cls=TooExpensive)
            if tok.type in _AS_PARENTHESIS:
                tok = Token.new_borrow_pos(_AS_PARENTHESIS[tok.type], str(tok), tok)
            prev = tok.type
            yield tok
        if stack:
            open_type, open_tok, _, _ = stack[-1]
            close = "|" if open_type == "LBAR" else _SHOW[OPENERS[open_type]]
            raise _at(open_tok, f"the '{_SHOW[open_type]}' at column {open_tok.column} is never closed",
                      hint=f"add '{close}' where it should end")


def _sub_token(word: Token, start: int, end: int) -> Token:
    return Token("WORD", str(word)[start:end], word.start_pos + start, word.line, word.column + start,
                 word.end_line, word.column + end, word.start_pos + end)


def _subscripted(name: str, digits: str | None, sub: str | None) -> str:
    """``x1`` and ``x_1`` are one symbol, ``x_1`` (a letter followed by digits is subscripted)."""
    if digits is not None and sub is not None:
        return f"{name}_{digits}{sub}"
    if digits is not None:
        return f"{name}_{digits}"
    if sub is not None:
        return f"{name}_{sub}"
    return name


def _prev_type(tokens: list[Token], k: int) -> str | None:
    return tokens[k - 1].type if k > 0 else None


def _next_type(tokens: list[Token], k: int, ahead: int) -> str | None:
    j = k + ahead
    return tokens[j].type if j < len(tokens) else None


def _next_significant(tokens: list[Token], k: int) -> str | None:
    for tok in tokens[k + 1:]:
        if tok.type != "WS":
            return tok.type
    return None


def _starts_entry(tokens: list[Token], k: int) -> bool:
    """After a space at ``k``: does a new matrix entry start (``2``, ``x``, ``-3``)?"""
    nxt = _next_type(tokens, k, 1)
    if nxt in OPERAND_START:
        return True
    return (nxt in SIGNS and _next_type(tokens, k, 2) in OPERAND_START)
