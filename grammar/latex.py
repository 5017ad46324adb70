r"""LaTeX input, read token by token: the first step of the postlexer.

The lexer (grammar/problems.lark) cuts ``\name`` and ``\,`` into LATEX_CMD tokens and
``{ } $ &`` into LBRACE, RBRACE, DOLLAR and AMP.  ``expand`` rewrites them into the tokens
the plain language is lexed as, before grammar/postlex.py reads words, bars and brackets:

* ``\sin \ln \arctan \alpha \Gamma`` become WORD tokens, read like the typed words; a
  subscript joins them (``\theta_0``, ``\log_2``, ``\log_{10}``), and ``d\theta`` is dθ;
* ``\pi \infty \cdot \times \div \le \geq \neq \sim \to \mid \cup \cap \neg \det \Pr`` become
  the token of the plain symbol or keyword (CONST, _TIMES, REL, TILDE, ARROW, BAR, …);
* spacing (``\, \; \: \! \quad \qquad``) becomes WS; sizing (``\left \right \big``) and
  ``\displaystyle`` and ``\limits`` are dropped (``\left.`` with its dot);
* ``\frac{a}{b}`` (also ``\dfrac \tfrac \cfrac`` and ``\frac12``) becomes _FRAC and two brace
  groups, read by a grammar rule as a/b -- except ``\frac{d}{dx}``, ``\frac{d^2}{dx^2}``,
  ``\frac{\partial}{\partial y}``, which become the DDX token of d/dx;
* ``\sqrt{x}`` is sqrt{x}, ``\sqrt[n]{x}`` is root(x, n), ``\binom{n}{k}`` is C(n, k);
* ``\begin{bmatrix}1&2\\3&4\end{bmatrix}`` (matrix, pmatrix, bmatrix, vmatrix, …) is
  [[1,2],[3,4]]; ``\int^b_a`` is ``\int_a^b``; ``\lim_{x \to a^+}`` is lim x -> a from the right;
* ``\text{…}``, ``\mathrm{…}``, ``\operatorname{…}`` keep their content (``\mathrm{d}x`` is dx);
* ``$…$``, ``$$…$$``, ``\(…\)`` and ``\[…\]`` are dropped in pairs.

Braces left over group like brackets: grammar/postlex.py matches them with the others and
hands them to the parser as ( and ).  An unknown command is a located error naming the
closest known one.
"""

from __future__ import annotations

import difflib
import re

from lark import Token

from .errors import ParseError, TooExpensive
from .names import FUNCTION_ALIASES, GREEK_LETTERS, GREEK_NAMES

# The raw token types that mean the input has LaTeX in it.
TOKEN_TYPES = frozenset({"LATEX_CMD", "LBRACE", "RBRACE", "DOLLAR", "AMP"})

# Functions: the plain names (``\sin``, ``\arcsin``, ``\sinh``, ``\ln``, ``\exp``; also ``\sech``
# or ``\abs``, which are not LaTeX but read as what they say).
FUNCTIONS = frozenset(FUNCTION_ALIASES) - {"root", "sqrt"}

GREEK: dict[str, str] = {name: name for name in GREEK_NAMES}
GREEK.update({name.capitalize(): name.capitalize() for name in GREEK_NAMES
              if name.capitalize() in GREEK_LETTERS.values()})
GREEK.update(varepsilon="epsilon", vartheta="theta", varphi="phi", varsigma="sigma",
             varrho="rho", varkappa="kappa")

# command -> the token it is, as the plain language lexes the same symbol or keyword
SYMBOLS: dict[str, tuple[str, str]] = {
    "pi": ("CONST", "pi"), "infty": ("CONST", "∞"),
    "cdot": ("_TIMES", "·"), "times": ("_TIMES", "×"), "ast": ("_TIMES", "∗"),
    "div": ("_DIVIDE", "÷"),
    "le": ("REL", "≤"), "leq": ("REL", "≤"), "leqslant": ("REL", "≤"),
    "ge": ("REL", "≥"), "geq": ("REL", "≥"), "geqslant": ("REL", "≥"),
    "ne": ("REL", "≠"), "neq": ("REL", "≠"), "lt": ("REL", "<"), "gt": ("REL", ">"),
    "to": ("ARROW", "→"), "rightarrow": ("ARROW", "→"), "longrightarrow": ("ARROW", "→"),
    "sim": ("TILDE", "~"),
    "mid": ("BAR", "|"), "vert": ("BAR", "|"), "lvert": ("BAR", "|"), "rvert": ("BAR", "|"),
    "cup": ("OR", "or"), "lor": ("OR", "or"), "vee": ("OR", "or"),
    "cap": ("AND", "and"), "land": ("AND", "and"), "wedge": ("AND", "and"),
    "neg": ("NOT", "not"), "lnot": ("NOT", "not"),
    "det": ("DET", "det"), "Pr": ("P", "P"),
    "lbrack": ("LSQB", "["), "rbrack": ("RSQB", "]"),
    "{": ("LBRACE", "{"), "}": ("RBRACE", "}"), "lbrace": ("LBRACE", "{"), "rbrace": ("RBRACE", "}"),
}
SPACES = frozenset({",", ";", ":", "!", " ", ">", "\n", "\t", "\r", "quad", "qquad", "space",
                    "thinspace", "medspace", "thickspace", "enspace", "negthinspace",
                    "negmedspace", "negthickspace"})
DROPPED = frozenset({"displaystyle", "textstyle", "scriptstyle", "limits", "nolimits",
                     "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                     "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm"})
SIZED = frozenset({"left", "right", "middle"})  # each takes a delimiter; `\left.` is none
FONTS = frozenset({"text", "textrm", "textit", "textbf", "textsf", "texttt", "textnormal",
                   "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathbb", "mathcal",
                   "mathfrak", "mathnormal", "boldsymbol", "bm", "operatorname", "mbox", "hbox"})
FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
MATRIX_ENVIRONMENTS = frozenset({"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix",
                                 "smallmatrix", "array"})
SPECIAL = frozenset({"sqrt", "binom", "begin", "end", "int", "lim", "partial"})
OPENING_MATH = {"(": ")", "[": "]"}  # \( … \) and \[ … \]

# Known commands the language has no meaning for: what to write instead.
UNSUPPORTED: dict[str, str] = {
    "sum": "sums are not supported; write the terms out",
    "prod": "products with ∏ are not supported; write the factors out",
    "iint": "only single integrals are supported", "iiint": "only single integrals are supported",
    "oint": "only single integrals are supported",
    "pm": "± gives two problems: write the + and the - one separately", "mp": "write + or -",
    "nabla": "write 'gradient of …'",
    "prime": "primes are not supported: write 'derivative of …'",
    "langle": "write a vector as [1, 2, 3] or (1, 2, 3)", "rangle": "write a vector as [1, 2, 3] or (1, 2, 3)",
    "vec": "write the plain letter", "hat": "write the plain letter", "bar": "write the plain letter",
    "overline": "write the plain letter", "tilde": "write the plain letter",
    "dot": "write 'derivative of …'", "ddot": "write 'second derivative of …'",
    "cdots": "write every term out", "ldots": "write every term out", "dots": "write every term out",
    "vdots": "write every entry out", "ddots": "write every entry out",
    "approx": "use =", "equiv": "use =", "in": "write the condition with < or <=",
    "max": "write 'maximize …'", "min": "write 'minimize …'",
    "%": "write the percentage as a number, e.g. 95% confidence interval",
}

KNOWN = sorted(
    (set(FUNCTIONS) | set(GREEK) | set(SYMBOLS) | SPACES | DROPPED | SIZED | FONTS | FRACTIONS
     | SPECIAL) - {"{", "}"})
_KNOWN_WORDS = [k for k in KNOWN if k.isalpha()]
# Commands that stand for an operand or take one: `\sinx` and `\pix` are \sin x and \pi x.
_OPERAND_WORDS = sorted(set(FUNCTIONS) | set(GREEK) | {"pi", "infty"})

_LETTERS = "A-Za-zα-ωΑ-Ω"
_NUMERATOR = re.compile(r"[d∂](\^\d+)?")
_DENOMINATOR = re.compile(rf"[d∂][{_LETTERS}]+(\d+|_[A-Za-z0-9]+)?(\^\d+)?")
_NAMED_DERIVATIVE = re.compile(rf"[d∂](\^\d+)?[{_LETTERS}]")  # dy of dy/dx
_SUBSCRIPT = re.compile(r"[A-Za-z0-9]+")
_DELIMITERS_AFTER_SIZE = {"LPAR", "RPAR", "LSQB", "RSQB", "BAR", "_STOP"}
_DELIMITER_COMMANDS = {"{", "}", "lbrace", "rbrace", "lbrack", "rbrack", "vert", "lvert", "rvert", "mid"}


def _error(token: Token, message: str, hint: str | None = None, cls=ParseError):
    return cls(message, hint=hint, line=token.line, column=token.column)


def _tok(kind: str, value: str, first: Token, last: Token | None = None) -> Token:
    """A new token spanning ``first`` … ``last`` of the input."""
    last = last or first
    return Token(kind, value, first.start_pos, first.line, first.column,
                 last.end_line, last.end_column, last.end_pos)


def _name(token: Token) -> str:
    return str(token)[1:]


def expand(tokens: list[Token], max_depth: int = 64) -> list[Token]:
    """Rewrite the LaTeX tokens of one input into the tokens of the plain language."""
    return _Expander(max_depth).run(_without_math_delimiters(tokens), 0)


def _without_math_delimiters(tokens: list[Token]) -> list[Token]:
    """Drop ``$…$``, ``$$…$$``, ``\\(…\\)`` and ``\\[…\\]`` (in pairs, around the whole input or a part)."""
    out: list[Token] = []
    stack: list[Token] = []
    for tok in tokens:
        if tok.type == "DOLLAR":
            if stack and str(stack[-1]) == str(tok):
                stack.pop()
            elif stack and stack[-1].type == "DOLLAR":
                raise _error(tok, f"'{tok}' does not match the '{stack[-1]}' at column {stack[-1].column}",
                             hint=f"close it with '{stack[-1]}', or leave out the $ signs")
            else:
                stack.append(tok)
        elif tok.type == "LATEX_CMD" and _name(tok) in OPENING_MATH:
            stack.append(tok)
        elif tok.type == "LATEX_CMD" and _name(tok) in OPENING_MATH.values():
            want = "\\" + OPENING_MATH[_name(stack[-1])] if stack and stack[-1].type == "LATEX_CMD" else None
            if want != str(tok):
                raise _error(tok, f"'{tok}' closes math that was not opened",
                             hint="remove it, or open the formula before it" if not stack
                             else f"close the '{stack[-1]}' at column {stack[-1].column} first")
            stack.pop()
        else:
            out.append(tok)
    if stack:
        opener = stack[-1]
        close = str(opener) if opener.type == "DOLLAR" else "\\" + OPENING_MATH[_name(opener)]
        raise _error(opener, f"the '{opener}' at column {opener.column} is never closed",
                     hint=f"add '{close}' where the formula ends, or leave it out")
    return out


class _Expander:
    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth

    def run(self, tokens: list[Token], depth: int) -> list[Token]:
        tokens = list(tokens)  # arguments split a token in place (\frac12)
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "LATEX_CMD":
                i = self.command(tokens, i, out, depth)
            elif tok.type == "AMP":
                raise _error(tok, "'&' separates the entries of a matrix",
                             hint=r"write matrices as \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}; "
                                  "for two conditions use 'and' or ','")
            else:
                out.append(tok)
                i += 1
        return out

    def inner(self, tokens: list[Token], depth: int, at: Token) -> list[Token]:
        if depth >= self.max_depth:
            raise _error(at, f"LaTeX groups nested more than {self.max_depth} deep",
                         hint="simplify the expression", cls=TooExpensive)
        return self.run(tokens, depth + 1)

    # ------------------------------------------------------------------ commands
    def command(self, tokens: list[Token], i: int, out: list[Token], depth: int) -> int:
        tok = tokens[i]
        name = _name(tok)
        if name in SPACES:
            out.append(_tok("WS", " ", tok))
            return i + 1
        if name in DROPPED:
            return i + 1
        if name in SIZED:
            return self.sized(tokens, i)
        if name in FRACTIONS:
            return self.fraction(tokens, i, out, depth)
        if name in FONTS:
            return self.font(tokens, i, out, depth)
        if name in GREEK:
            word, j = self.named(tokens, i, GREEK[name])
            if out and out[-1].type == "WORD" and str(out[-1]) == "d" and out[-1].end_pos == tok.start_pos:
                d = out.pop()  # d\theta is dθ
                word = _tok("WORD", "d" + str(word), d, word)
            out.append(word)
            return j
        if name in FUNCTIONS:
            word, j = self.named(tokens, i, name)
            out.append(word)
            return j
        if name in SYMBOLS:
            kind, value = SYMBOLS[name]
            out.append(_tok(kind, value, tok))
            return i + 1
        handler = {"sqrt": self.sqrt, "binom": self.binom, "begin": self.environment,
                   "int": self.integral, "lim": self.limit}.get(name)
        if handler is not None:
            return handler(tokens, i, out, depth)
        raise self.unknown(tok)

    def unknown(self, tok: Token) -> ParseError:
        name = _name(tok)
        if name == "":
            return _error(tok, "a '\\' on its own", hint=r"LaTeX commands are written \frac, \sqrt, \sin, \pi")
        if name == "\\":
            return _error(tok, "'\\\\' ends a row of a matrix",
                          hint=r"use it inside \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}")
        if name == "end":
            return _error(tok, "'\\end' without its '\\begin'", hint=r"\begin{bmatrix} … \end{bmatrix}")
        if name == "partial":
            return _error(tok, "'\\partial' on its own is not read here",
                          hint=r"write \frac{\partial}{\partial x} f, or 'partial derivative of f with respect to x'")
        if name in UNSUPPORTED:
            return _error(tok, f"'{tok}' is not supported", hint=UNSUPPORTED[name])
        return _error(tok, f"unknown LaTeX command '{tok}'", hint=_command_hint(name))

    def named(self, tokens: list[Token], i: int, word: str) -> tuple[Token, int]:
        r"""``\theta``, ``\theta_0``, ``\theta_{12}``, ``\log_2``: one WORD, read like typed text."""
        tok = tokens[i]
        j, last = i + 1, tok
        if j < len(tokens) and tokens[j].type == "UNDERSCORE":
            sub, j, _, last = self.argument(tokens, j + 1, tokens[j], single_character=False)
            text = "".join(str(t) for t in sub if t.type != "WS")
            if not _SUBSCRIPT.fullmatch(text):
                raise _error(tokens[i + 1], "a subscript is a number or letters",
                             hint=r"for example \theta_0, x_{12} or \log_2 x")
            word = f"{word}_{text}"
        return _tok("WORD", word, tok, last), j

    def sized(self, tokens: list[Token], i: int) -> int:
        r"""``\left(`` is ``(``; ``\left.`` is nothing; ``\left x`` is an error."""
        tok = tokens[i]
        j = _skip_space(tokens, i + 1)
        nxt = tokens[j] if j < len(tokens) else None
        if nxt is not None and nxt.type == "_STOP":
            return j + 1
        if nxt is not None and (nxt.type in _DELIMITERS_AFTER_SIZE
                                or nxt.type == "LATEX_CMD" and _name(nxt) in _DELIMITER_COMMANDS):
            return i + 1
        raise _error(tok, f"'{tok}' needs a bracket after it",
                     hint=rf"for example {tok}( … or {tok}| … or {tok}[ …")

    def argument(self, tokens: list[Token], i: int, command: Token, single_character: bool = True,
                 needs: str = "something after it") -> tuple[list[Token], int, Token, Token]:
        r"""The argument at ``tokens[i:]``: a brace group, else one token (``\frac12``: one digit).

        Returns the tokens inside, the index after it, and the tokens that open and close it.
        """
        i = _skip_space(tokens, i)
        if i >= len(tokens):
            raise _error(command, f"'{command}' needs {needs}", hint=rf"for example {_example(command)}")
        tok = tokens[i]
        if tok.type == "LBRACE":
            j = _closing(tokens, i)
            return tokens[i + 1:j], j + 1, tok, tokens[j]
        text = str(tok)
        if tok.type == "NUMBER" and single_character and len(text) > 1 and text[:2].isdigit():
            head, tokens[i] = _split(tok, 1)
            return [head], i, head, head
        if tok.type == "WORD" and single_character and len(text) > 1 and text.isalpha():
            head, tokens[i] = _split(tok, 1)
            return [head], i, head, head
        if tok.type in ("NUMBER", "WORD", "LATEX_CMD") or text.isalnum():
            return [tok], i + 1, tok, tok
        raise _error(tok, f"'{command}' needs its argument in braces", hint=rf"for example {_example(command)}")

    def fraction(self, tokens: list[Token], i: int, out: list[Token], depth: int) -> int:
        tok = tokens[i]
        needs = "a numerator and a denominator"
        top, j, open1, close1 = self.argument(tokens, i + 1, tok, needs=needs)
        bottom, j, open2, close2 = self.argument(tokens, j, tok, needs=needs)
        leibniz = _leibniz(top, bottom)
        if leibniz is not None:  # \frac{d}{dx} is d/dx
            out.append(_tok("DDX", leibniz, tok, close2))
            return j
        named = _spelled(top)
        if named and _NAMED_DERIVATIVE.fullmatch(named) and _DENOMINATOR.fullmatch(_spelled(bottom) or ""):
            raise _error(tok, f"'{tok}{{{named}}}{{{_spelled(bottom)}}}' names a derivative but not the function",
                         hint=rf"write the operator, then the function: {tok}{{d}}{{dx}} x^2 "
                              rf"or {tok}{{\partial}}{{\partial x}} x^2 y")
        out.append(_tok("_FRAC", str(tok), tok))
        out.append(_tok("LBRACE", "{", open1))
        out.extend(self.inner(top, depth, tok))
        out.append(_tok("RBRACE", "}", close1))
        out.append(_tok("LBRACE", "{", open2))
        out.extend(self.inner(bottom, depth, tok))
        out.append(_tok("RBRACE", "}", close2))
        return j

    def sqrt(self, tokens: list[Token], i: int, out: list[Token], depth: int) -> int:
        tok = tokens[i]
        j = _skip_space(tokens, i + 1)
        index = None
        if j < len(tokens) and tokens[j].type == "LSQB":  # \sqrt[3]{x} is root(x, 3)
            k = _closing(tokens, j, "LSQB", "RSQB")
            index, j = tokens[j + 1:k], k + 1
        body, j, opened, closed = self.argument(tokens, j, tok)
        if index is None:
            out.append(_tok("FUNC", "sqrt", tok))
            out.append(_tok("LBRACE", "{", opened))
            out.extend(self.inner(body, depth, tok))
            out.append(_tok("RBRACE", "}", closed))
        else:
            out.append(_tok("FUNC", "root", tok))
            out.append(_tok("LPAR", "(", opened))
            out.extend(self.inner(body, depth, tok))
            out.append(_tok("COMMA", ",", closed))
            out.extend(self.inner(index, depth, tok))
            out.append(_tok("RPAR", ")", closed))
        return j

    def binom(self, tokens: list[Token], i: int, out: list[Token], depth: int) -> int:
        r"""``\binom{n}{k}`` is C(n, k)."""
        tok = tokens[i]
        n, j, opened, _ = self.argument(tokens, i + 1, tok)
        k, j, _, closed = self.argument(tokens, j, tok)
        out.extend([_tok("VAR", "C", tok), _tok("LPAR", "(", opened), *self.inner(n, depth, tok),
                    _tok("COMMA", ",", opened), *self.inner(k, depth, tok), _tok("RPAR", ")", closed)])
        return j

    def font(self, tokens: list[Token], i: int, out: list[Token], depth: int) -> int:
        r"""``\text{…}``, ``\mathrm{…}``, ``\operatorname{…}``: the content; ``\mathrm{d}x`` is dx."""
        tok = tokens[i]
        body, j, _, _ = self.argument(tokens, i + 1, tok, single_character=False)
        content = self.inner(body, depth, tok)
        if [str(t) for t in content if t.type != "WS"] == ["d"]:
            k = _skip_space(tokens, j)
            nxt = tokens[k] if k < len(tokens) else None
            d = next(t for t in content if t.type != "WS")
            if nxt is not None and nxt.type == "WORD":
                out.append(_tok("WORD", "d" + str(nxt), d, nxt))
                return k + 1
            if nxt is not None and nxt.type == "LATEX_CMD" and _name(nxt) in GREEK:
                word, k = self.named(tokens, k, GREEK[_name(nxt)])
                out.append(_tok("WORD", "d" + str(word), d, word))
                return k
        out.extend(content)
        return j

    def environment(self, tokens: list[Token], i: int, out: list[Token], depth: int) -> int:
        r"""``\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`` is [[1, 2], [3, 4]]."""
        begin = tokens[i]
        name, j = self.environment_name(tokens, i)
        if name not in MATRIX_ENVIRONMENTS:
            raise _error(begin, f"the environment '{name}' is not read here",
                         hint=r"matrices are read: \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}")
        if name == "array":  # the column layout, {cc} or {c|c}
            k = _skip_space(tokens, j)
            if k < len(tokens) and tokens[k].type == "LBRACE":
                j = _closing(tokens, k) + 1
        end = j
        nesting = 0
        while end < len(tokens):
            t = tokens[end]
            if t.type == "LATEX_CMD" and _name(t) == "begin":
                nesting += 1
            elif t.type == "LATEX_CMD" and _name(t) == "end":
                if nesting == 0:
                    break
                nesting -= 1
            end += 1
        else:
            raise _error(begin, f"'\\begin{{{name}}}' is never ended", hint=f"add '\\end{{{name}}}' after the last row")
        end_name, after = self.environment_name(tokens, end)
        if end_name != name:
            raise _error(tokens[end], f"'\\end{{{end_name}}}' does not match the '\\begin{{{name}}}' "
                                      f"at column {begin.column}", hint=f"end it with '\\end{{{name}}}'")
        rows = self.matrix_rows(tokens[j:end], begin, depth)
        out.append(_tok("LSQB", "[", begin))
        for r, (row_at, cells) in enumerate(rows):
            if r:
                out.append(_tok("COMMA", ",", row_at))
            out.append(_tok("LSQB", "[", row_at))
            for c, (cell_at, cell) in enumerate(cells):
                if c:
                    out.append(_tok("COMMA", ",", cell_at))
                out.extend(cell)
            out.append(_tok("RSQB", "]", row_at))
        out.append(_tok("RSQB", "]", tokens[end]))
        return after

    def environment_name(self, tokens: list[Token], i: int) -> tuple[str, int]:
        command = tokens[i]
        k = _skip_space(tokens, i + 1)
        if k >= len(tokens) or tokens[k].type != "LBRACE":
            raise _error(command, f"'{command}' needs the name of an environment", hint=rf"{command}{{bmatrix}}")
        body, j, _, _ = self.argument(tokens, k, command, single_character=False)
        return "".join(str(t) for t in body if t.type != "WS"), j

    def matrix_rows(self, body: list[Token], begin: Token, depth: int):
        """Split at ``&`` and ``\\\\`` (outside braces); each cell read on its own, spaces dropped."""
        rows: list[tuple[Token, list[tuple[Token, list[Token]]]]] = []
        cells: list[tuple[Token, list[Token]]] = []
        cell: list[Token] = []
        row_at = cell_at = begin
        level = 0
        for tok in body:
            name = _name(tok) if tok.type == "LATEX_CMD" else None
            if tok.type == "LBRACE" or name == "begin":
                level += 1
            elif tok.type == "RBRACE" or name == "end":
                level -= 1
            if level == 0 and tok.type == "AMP":
                cells.append((cell_at, cell))
                cell, cell_at = [], tok
            elif level == 0 and name == "\\":
                cells.append((cell_at, cell))
                rows.append((row_at, cells))
                cells, cell, row_at, cell_at = [], [], tok, tok
            elif name != "hline":
                cell.append(tok)
        cells.append((cell_at, cell))
        rows.append((row_at, cells))
        read = []
        for row_at, row in rows:
            row = [(at, [t for t in self.inner(c, depth, at) if t.type != "WS"]) for at, c in row]
            read.append((row_at, row))
        if len(read) > 1 and all(not c for _, c in read[-1][1]):
            read.pop()  # a \\ after the last row
        for _, row in read:
            for at, c in row:
                if not c:
                    raise _error(at, "a matrix entry is empty", hint="write 0 for a zero entry")
        return read

    def integral(self, tokens: list[Token], i: int, out: list[Token], depth: int) -> int:
        r"""``\int``, and ``\int^b_a`` read as ``\int_a^b``."""
        tok = tokens[i]
        out.append(_tok("INTEGRAL_SIGN", "∫", tok))
        j = _skip_dropped(tokens, i + 1)
        if j < len(tokens) and tokens[j].type == "_POW":
            upper, k, up_open, up_close = self.argument(tokens, j + 1, tokens[j], single_character=False)
            k = _skip_dropped(tokens, k)
            if k < len(tokens) and tokens[k].type == "UNDERSCORE":
                lower, k2, low_open, low_close = self.argument(tokens, k + 1, tokens[k], single_character=False)
                out.extend([tokens[k], _tok("LBRACE", "{", low_open), *self.inner(lower, depth, tok),
                            _tok("RBRACE", "}", low_close), tokens[j], _tok("LBRACE", "{", up_open),
                            *self.inner(upper, depth, tok), _tok("RBRACE", "}", up_close)])
                return k2
        return i + 1

    def limit(self, tokens: list[Token], i: int, out: list[Token], depth: int) -> int:
        r"""``\lim_{x \to a}`` is lim x -> a; ``a^+`` / ``a^-`` is from the right / left."""
        tok = tokens[i]
        out.append(_tok("LIM", "lim", tok))
        j = _skip_dropped(tokens, i + 1)
        if j >= len(tokens) or tokens[j].type != "UNDERSCORE":
            return i + 1
        sub, k, _, closed = self.argument(tokens, j + 1, tokens[j], single_character=False)
        core = [t for t in self.inner(sub, depth, tok) if t.type != "WS"]
        types = [t.type for t in core]
        side = None
        if types[-2:] in (["_POW", "PLUS"], ["_POW", "_MINUS"]):
            side, core = core[-1], core[:-2]
        elif types[-4:] in (["_POW", "LBRACE", "PLUS", "RBRACE"], ["_POW", "LBRACE", "_MINUS", "RBRACE"]):
            side, core = core[-2], core[:-4]
        out.extend(core)
        if side is not None:
            out.append(_tok("FROM", "from", side))
            out.append(_tok("RIGHT", "right", side) if side.type == "PLUS" else _tok("LEFT", "left", side))
        return k


def _skip_space(tokens: list[Token], i: int) -> int:
    while i < len(tokens) and tokens[i].type == "WS":
        i += 1
    return i


def _skip_dropped(tokens: list[Token], i: int) -> int:
    r"""Past spaces and ``\limits``/``\nolimits`` (``\int\limits_0^1``)."""
    while i < len(tokens) and (tokens[i].type == "WS" or
                               tokens[i].type == "LATEX_CMD" and _name(tokens[i]) in DROPPED):
        i += 1
    return i


def _closing(tokens: list[Token], i: int, opening: str = "LBRACE", closing: str = "RBRACE") -> int:
    """The index of the bracket that closes the one at ``i``; an error where it opens if none does."""
    level = 0
    for j in range(i, len(tokens)):
        if tokens[j].type == opening:
            level += 1
        elif tokens[j].type == closing:
            level -= 1
            if level == 0:
                return j
    tok = tokens[i]
    close = "}" if closing == "RBRACE" else "]"
    raise _error(tok, f"the '{tok}' at column {tok.column} is never closed", hint=f"add '{close}' where it should end")


def _split(tok: Token, at: int) -> tuple[Token, Token]:
    text = str(tok)
    head = Token(tok.type, text[:at], tok.start_pos, tok.line, tok.column,
                 tok.line, tok.column + at, tok.start_pos + at)
    rest = Token(tok.type, text[at:], tok.start_pos + at, tok.line, tok.column + at,
                 tok.end_line, tok.end_column, tok.end_pos)
    return head, rest


def _spelled(tokens: list[Token]) -> str | None:
    r"""The plain spelling of a short group (``d^2``, ``\partial y``, ``\mathrm{d}x``), or None."""
    out = []
    for tok in tokens:
        if tok.type in ("WS", "LBRACE", "RBRACE"):
            continue
        if tok.type == "LATEX_CMD":
            name = _name(tok)
            if name == "partial":
                out.append("∂")
            elif name in GREEK:
                out.append(GREEK[name])
            elif name not in FONTS and name not in SPACES:
                return None
        elif tok.type == "UNDERSCORE":
            out.append("_")
        elif tok.type == "_POW":
            out.append("^")
        elif str(tok).replace("_", "").replace("{", "").replace("}", "").isalnum():
            out.append(str(tok).replace("{", "").replace("}", ""))
        else:
            return None
    return "".join(out)


def _leibniz(top: list[Token], bottom: list[Token]) -> str | None:
    r"""``d/dx`` for ``\frac{d}{dx}``, ``d^2/dx^2``, ``∂/∂y``; None for any other fraction."""
    numerator, denominator = _spelled(top), _spelled(bottom)
    if numerator is None or denominator is None:
        return None
    if _NUMERATOR.fullmatch(numerator) and _DENOMINATOR.fullmatch(denominator):
        return f"{numerator}/{denominator}"
    return None


def _example(command: Token) -> str:
    name = _name(command)
    return {"frac": r"\frac{a}{b}", "dfrac": r"\dfrac{a}{b}", "tfrac": r"\tfrac{a}{b}",
            "cfrac": r"\cfrac{a}{b}", "sqrt": r"\sqrt{x} or \sqrt[3]{x}", "binom": r"\binom{n}{k}",
            "begin": r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"}.get(
        name, f"{command}{{x}}" if name.isalpha() else r"x_{1}, x^{2}")


def _command_hint(name: str) -> str:
    """``\\sinx``: a known command and a letter run together; else the closest known command."""
    prefix = max((k for k in _OPERAND_WORDS if name.startswith(k) and len(k) < len(name) and len(k) > 1),
                 key=len, default=None)
    if prefix is not None:
        rest = name[len(prefix):]
        return (f"did you mean '\\{prefix} {rest}'? A command's name runs over all the letters "
                f"that follow the \\, so leave a space after '\\{prefix}'")
    close = difflib.get_close_matches(name, _KNOWN_WORDS, n=1, cutoff=0.6)
    if close:
        return f"did you mean '\\{close[0]}'?"
    return (r"commands read here include \frac, \sqrt, \sin, \ln, \pi, \alpha, \cdot, \le, \int "
            r"and \begin{bmatrix}; or write it in words, e.g. sqrt(x), pi")
