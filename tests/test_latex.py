r"""LaTeX input (grammar/latex.py): a problem pasted as LaTeX is the problem of its plain twin.

Each row is ``(latex, plain)``, id = the LaTeX text: both are parsed and must agree on kind,
expression, variable, order, notes and data.  The plain forms are the ones of
shared/spec/problems.md, tested on their own in tests/test_grammar.py.
"""

from __future__ import annotations

import pytest
import sympy

from grammar import InvalidArgument, ParseError, StepsolverError, TooExpensive, make_symbol, parse
from grammar.names import GREEK_NAMES

x, y = make_symbol("x"), make_symbol("y")


def pair(latex, plain):
    return pytest.param(latex, plain, id=latex)


def row(text, *rest, id=None):
    return pytest.param(text, *rest, id=text if id is None else id)


def same_problem(latex: str, plain: str) -> None:
    got, want = parse(latex), parse(plain)
    assert got.kind == want.kind
    assert type(got.expr) is type(want.expr)
    assert got.expr == want.expr
    assert got.variable == want.variable
    assert got.order == want.order
    assert got.notes == want.notes
    assert got.data == want.data


# ------------------------------------------------------------------ calculus
DERIVATIVES = [
    pair(r"\frac{d}{dx} \sin(x^2)", "d/dx sin(x^2)"),
    pair(r"\frac{d}{dx}\left( x^2 e^{3x} \right)", "d/dx (x^2 e^(3x))"),
    pair(r"\frac{d^2}{dx^2} x^3", "d^2/dx^2 x^3"),
    pair(r"\frac{d^{2}}{dx^{2}} x^3", "d^2/dx^2 x^3"),
    pair(r"\frac{\partial}{\partial y} x^2 y", "∂/∂y x^2 y"),
    pair(r"\frac{\partial^2}{\partial x^2} x^2 y", "∂^2/∂x^2 x^2 y"),
    pair(r"\dfrac{d}{dx} \ln x", "d/dx ln x"),
    pair(r"\frac{d}{d\theta} \sin\theta", "d/dθ sin θ"),
    pair(r"\frac{\mathrm{d}}{\mathrm{d}t} e^{2t}", "d/dt e^(2t)"),
    pair(r"\frac{d}{dx_1} x_1^2", "d/dx_1 x_1^2"),
    pair(r"\frac{d}{dx}\Bigl(x^2\Bigr)", "d/dx (x^2)"),
    pair(r"derivative of \frac{x^2}{\sin x}", "derivative of (x^2)/(sin x)"),
    pair(r"second derivative of \sin x", "second derivative of sin x"),
    pair(r"\text{derivative of } x^2", "derivative of x^2"),
]

INTEGRALS = [
    pair(r"\int_0^1 x e^{x} \, dx", "∫_0^1 x e^x dx"),
    pair(r"\int_{0}^{\pi} \sin x \,dx", "∫_0^π sin x dx"),
    pair(r"\int x^2 \, dx", "∫ x^2 dx"),
    pair(r"\int \frac{1}{1+x^2} dx", "∫ 1/(1+x^2) dx"),
    pair(r"\int_0^\infty e^{-x} dx", "∫_0^∞ e^(-x) dx"),
    pair(r"\int \sin\theta \, d\theta", "∫ sin θ dθ"),
    pair(r"\int_0^1 x^2 \, \mathrm{d}x", "∫_0^1 x^2 dx"),
    pair(r"\int^{1}_{-1} x^2 dx", "∫_-1^1 x^2 dx"),
    pair(r"\int_0^{\frac{\pi}{2}} \cos x \, dx", "∫_0^(π/2) cos x dx"),
    pair(r"\int_0^\frac{\pi}{2} \cos x \, dx", "∫_0^(π/2) cos x dx"),
    pair(r"\displaystyle\int\limits_0^1 x\,dx", "∫_0^1 x dx"),
    pair(r"\int e^{-\frac{x^2}{2}}\,dx", "∫ e^(-x^2/2) dx"),
]

LIMITS = [
    pair(r"\lim_{x \to 0} \frac{\sin x}{x}", "lim x -> 0 sin(x)/x"),
    pair(r"\lim_{x\to\infty}\frac{1}{x}", "lim x -> oo 1/x"),
    pair(r"\lim_{x \to 0^+} \ln x", "lim x -> 0 from the right ln x"),
    pair(r"\lim_{x \to 0^{-}} \frac{1}{x}", "lim x -> 0 from the left 1/x"),
    pair(r"limit of \frac{\sin x}{x} as x \to 0", "limit of sin(x)/x as x -> 0"),
]

MULTIVARIABLE = [
    pair(r"gradient of x^2 y at \left(1, 2\right)", "gradient of x^2 y at (1, 2)"),
    pair(r"tangent line to x^{2} at x = 1", "tangent line to x^2 at x = 1"),
]

# ------------------------------------------------------------------ expressions
EXPRESSIONS = [
    pair(r"\sqrt{x}", "sqrt(x)"),
    pair(r"\sqrt{x^2+1}", "sqrt(x^2+1)"),
    pair(r"\sqrt[3]{x}", "root(x, 3)"),
    pair(r"\sqrt[3]{8}", "cbrt(8)"),
    pair(r"\sqrt2 x", "sqrt(2) x"),
    pair(r"\frac{x+1}{x-1}", "(x+1)/(x-1)"),
    pair(r"\frac12", "1/2"),
    pair(r"\frac ab", "a/b"),
    pair(r"\tfrac{x}{2}", "x/2"),
    pair(r"\frac{1}{2}x", "1/2 x"),
    pair(r"\frac{\sqrt{x}}{2}", "sqrt(x)/2"),
    pair(r"\sqrt{\frac{x}{2}}", "sqrt(x/2)"),
    pair(r"x^{2}", "x^2"),
    pair(r"e^{x}", "e^x"),
    pair(r"\mathrm{e}^{x}", "e^x"),
    pair(r"e^{-\frac{x^2}{2}}", "e^(-x^2/2)"),
    pair(r"e^{i\pi}", "e^(i pi)"),
    pair(r"2 \cdot x", "2*x"),
    pair(r"3 \times 4", "3*4"),
    pair(r"x \div 2", "x/2"),
    pair(r"x^2 \cdot \sin x", "x^2 * sin x"),
    pair(r"\left( x+1 \right)^2", "(x+1)^2"),
    pair(r"\left[ x+1 \right]", "[x+1]"),
    pair(r"\left| x \right|", "|x|"),
    pair(r"\left\lvert x - 1 \right\rvert", "|x - 1|"),
    pair(r"\ln\left|x\right|", "ln|x|"),
    pair(r"{x+1}^2", "(x+1)^2"),
    pair(r"\left\{ x+1 \right\}^2", "(x+1)^2"),
    pair(r"\pi", "pi"),
    pair(r"2\pi r", "2 pi r"),
    pair(r"\pi r^2", "pi r^2"),
    pair(r"\infty", "oo"),
    pair(r"\alpha", "alpha"),
    pair(r"\varepsilon", "epsilon"),
    pair(r"\Delta x", "Δ x"),
    pair(r"\theta_0", "theta_0"),
    pair(r"\theta_{0}", "theta_0"),
    pair(r"x_{1}", "x_1"),
    pair(r"\log_2 x", "log_2 x"),
    pair(r"\log_{10}(x)", "log_10(x)"),
    pair(r"\log_e x", "ln x"),
    pair(r"\sin^2 x", "sin^2 x"),
    pair(r"\sin^{2}(x)", "sin^2(x)"),
    pair(r"\sin^{-1} x", "sin^-1 x"),
    pair(r"\cos^2 x + \sin^2 x", "cos^2 x + sin^2 x"),
    pair(r"\sec^2 x", "sec^2 x"),
    pair(r"\sin 2\theta", "sin 2θ"),
    pair(r"\sin \frac{\pi}{6}", "sin(pi/6)"),
    pair(r"\sin\left(\frac{\pi}{2}\right)", "sin(pi/2)"),
    pair(r"\operatorname{sech} x", "sech x"),
    pair(r"|x|\cdot|y|", "|x|*|y|"),
    pair(r"\binom{10}{3}", "10 choose 3"),
]

RELATIONS = [
    pair(r"x \le 2", "x <= 2"),
    pair(r"x \leq 2", "x <= 2"),
    pair(r"x \ge 2", "x >= 2"),
    pair(r"x \geq 2", "x >= 2"),
    pair(r"x \neq 2", "x != 2"),
    pair(r"x \ne 2", "x != 2"),
    pair(r"x \lt 2", "x < 2"),
    pair(r"x \gt 2", "x > 2"),
]

# ------------------------------------------------------------------ linear algebra
MATRICES = [
    pair(r"rref \begin{bmatrix}1&2\\3&4\end{bmatrix}", "rref [[1,2],[3,4]]"),
    pair(r"\det \begin{bmatrix}1&2\\3&4\end{bmatrix}", "det [[1,2],[3,4]]"),
    pair(r"\det \begin{vmatrix} 2 & 1 \\ 1 & 3 \end{vmatrix}", "det [2 1; 1 3]"),
    pair(r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", "[[1,0],[0,1]]"),
    pair(r"\begin{matrix} a & b \\ c & d \end{matrix}", "[a b; c d]"),
    pair(r"\begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array}", "[1 2; 3 4]"),
    pair(r"eigenvalues of \begin{bmatrix} 2 & 0 \\ 0 & 3 \\ \end{bmatrix}", "eigenvalues of [2 0; 0 3]"),
    pair(r"\begin{bmatrix} 1 & -2 & 3 \end{bmatrix}", "[[1, -2, 3]]"),
    pair(r"\begin{bmatrix} 1 \\ -2 \end{bmatrix}", "[[1], [-2]]"),
    pair(r"\begin{bmatrix} 5 \end{bmatrix}", "[[5]]"),
    pair(r"\begin{bmatrix} x y & 1 \\ 2 & x -1 \end{bmatrix}", "[[x y, 1], [2, x - 1]]"),
    pair(r"inverse of \begin{bmatrix} \frac{1}{2} & 0 \\ 0 & 2 \end{bmatrix}", "inverse of [[1/2, 0], [0, 2]]"),
    pair(r"\begin{bmatrix}1&2\\3&4\end{bmatrix}^{-1}", "[[1,2],[3,4]]^-1"),
    pair(r"\begin{bmatrix}1&2\\3&4\end{bmatrix}\begin{bmatrix}1\\1\end{bmatrix}", "[[1,2],[3,4]] [[1],[1]]"),
    pair(r"is \begin{bmatrix}1&2\\2&4\end{bmatrix} singular", "is [1 2; 2 4] singular"),
    pair(r"dot product of \begin{pmatrix}1\\2\end{pmatrix} and \begin{pmatrix}3\\4\end{pmatrix}",
         "dot product of [1, 2] and [3, 4]"),
]

# ------------------------------------------------------------------ probability
PROBABILITY = [
    pair(r"P(X \le 2) where X \sim Poisson(3)", "P(X <= 2) where X ~ Poisson(3)"),
    pair(r"P(1 \le X \le 2) given X \sim \mathcal{N}(0, 1)", "P(1 <= X <= 2) given X ~ N(0, 1)"),
    pair(r"\Pr(X = 3) where X \sim Binomial(10, 0.5)", "P(X = 3) where X ~ Binomial(10, 0.5)"),
    pair(r"\mathbb{E}[X] where X \sim Binomial(10, 0.5)", "E[X] where X ~ Binomial(10, 0.5)"),
    pair(r"\operatorname{Var}(X) where X \sim Poisson(4)", "Var(X) where X ~ Poisson(4)"),
    pair(r"P(A \mid B) given P(A)=0.01, P(B \mid A)=0.9, P(B \mid \neg A)=0.05",
         "P(A|B) given P(A)=0.01, P(B|A)=0.9, P(B|not A)=0.05"),
    pair(r"P(A \cup B) given P(A)=0.3, P(B)=0.4, P(A \cap B)=0.1",
         "P(A or B) given P(A)=0.3, P(B)=0.4, P(A and B)=0.1"),
]

# ------------------------------------------------------------------ delimiters
DELIMITERS = [
    pair(r"$x^2$", "x^2"),
    pair(r"$$\int x \, dx$$", "∫ x dx"),
    pair(r"\( \frac{d}{dx} x^2 \)", "d/dx x^2"),
    pair(r"\[ \sqrt{x} \]", "sqrt(x)"),
    pair(r"derivative of $x^2 \sin x$", "derivative of x^2 sin x"),
    pair("$$\n\\int_0^1 x\\,dx\n$$", "∫_0^1 x dx"),
]


@pytest.mark.parametrize(("latex", "plain"), DERIVATIVES + INTEGRALS + LIMITS + MULTIVARIABLE + EXPRESSIONS
                         + RELATIONS + MATRICES + PROBABILITY + DELIMITERS)
def test_latex_reads_as_its_plain_twin(latex, plain):
    same_problem(latex, plain)


FUNCTIONS = ["ln", "log", "exp", "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
             "sinh", "cosh", "tanh"]


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("form", [r"\{} x", r"\{}(2x + 1)", r"\{}\left(x^{{2}}\right)"])
def test_function_commands(name, form):
    plain = {r"\{} x": "{} x", r"\{}(2x + 1)": "{}(2x + 1)", r"\{}\left(x^{{2}}\right)": "{}(x^2)"}[form]
    same_problem(form.format(name), plain.format(name))


@pytest.mark.parametrize("name", GREEK_NAMES)
def test_greek_commands(name):
    same_problem(f"\\{name}", name)
    same_problem(f"\\{name}_1", f"{name}_1")


@pytest.mark.parametrize("space", [r"\,", r"\;", r"\:", r"\!", r"\quad", r"\qquad", "\\ "])
def test_spacing_commands_are_ignored(space):
    after = " " if space[-1].isalpha() else ""  # \quady would be one (unknown) command
    same_problem(f"x{space}{after}y", "x y")
    same_problem(f"\\int x {space} dx", "∫ x dx")


def test_the_values_themselves():
    # The twins agree; these pin a few LaTeX-only constructs to their meaning as well.
    assert parse(r"\frac{x+1}{x-1}").expr == (x + 1) / (x - 1)
    assert parse(r"\sqrt[3]{x}").expr == sympy.root(x, 3)
    assert parse(r"{x+1}^2").expr == (x + 1) ** 2
    assert parse(r"\frac12").expr == sympy.Rational(1, 2)
    d = parse(r"\frac{d^2}{dx^2} x^3")
    assert (d.kind, d.expr, d.variable, d.order) == ("derivative", x**3, x, 2)
    i = parse(r"\int_0^\infty e^{-x} dx")
    assert i.kind == "definite_integral" and i.data == {"lower": 0, "upper": sympy.oo}
    m = parse(r"rref \begin{bmatrix}1&2\\3&4\end{bmatrix}")
    assert m.kind == "rref" and m.expr == sympy.ImmutableMatrix([[1, 2], [3, 4]])
    assert parse(r"x_{1}").expr == make_symbol("x_1")
    assert parse(r"\theta_0").expr == make_symbol("theta_0")


def test_a_fraction_is_one_factor():
    # \frac{1}{2}x is (1/2)·x, 2\frac{1}{2} is 2·(1/2) (not the mixed number 2½), and a
    # function's bare argument runs over a fraction like over any factor.
    assert parse(r"\frac{1}{2}x").expr == x / 2
    assert parse(r"2\frac{1}{2}").expr == 1
    assert parse(r"\sin \frac{x}{2}").expr == sympy.sin(x / 2)


# ------------------------------------------------------------------ errors
INVALID = [
    # text, error class, (line, column), text the hint contains ("" = any hint)
    row(r"\foo x", ParseError, (1, 1), ""),
    row(r"\sinn x", ParseError, (1, 1), r"\sin"),
    row(r"\sinx", ParseError, (1, 1), r"'\sin x'"),
    row(r"\alpah", ParseError, (1, 1), r"\alpha"),
    row(r"\infinity", ParseError, (1, 1), r"\infty"),
    row(r"\fracc{1}{2}", ParseError, (1, 1), r"\frac"),
    row(r"x + \foo", ParseError, (1, 5), ""),
    row(r"{x+1", ParseError, (1, 1), "}"),
    row(r"x+1}", ParseError, (1, 4), "{"),
    row(r"{x)", ParseError, (1, 3), "}"),
    row(r"(x}", ParseError, (1, 3), ")"),
    row(r"\frac{1}{2", ParseError, (1, 9), "}"),
    row(r"\frac{1}", ParseError, (1, 1), r"\frac{a}{b}"),
    row(r"\frac", ParseError, (1, 1), r"\frac{a}{b}"),
    row(r"\sqrt", ParseError, (1, 1), r"\sqrt{x}"),
    row(r"\sqrt[3{x}", ParseError, (1, 6), "]"),
    row(r"\frac{dy}{dx}", ParseError, (1, 1), r"\frac{d}{dx} x^2"),
    row(r"\frac{d}{dx}", ParseError, (1, 13), ""),
    row(r"\frac{d^2}{dx^3} x", ParseError, (1, 1), "d^2/dx^2"),
    row(r"\begin{bmatrix}1&2", ParseError, (1, 1), r"\end{bmatrix}"),
    row(r"\begin{bmatrix}1\end{pmatrix}", ParseError, (1, 17), r"\end{bmatrix}"),
    row(r"\begin{cases} x \end{cases}", ParseError, (1, 1), "bmatrix"),
    row(r"\begin{bmatrix}1&&2\end{bmatrix}", ParseError, (1, 17), "0"),
    row(r"\begin{bmatrix}1&2\\3\end{bmatrix}", InvalidArgument, None, "same number of entries"),
    row(r"\end{bmatrix}", ParseError, (1, 1), r"\begin"),
    row(r"1 & 2", ParseError, (1, 3), "and"),
    row(r"x \\ y", ParseError, (1, 3), "bmatrix"),
    row(r"$x^2", ParseError, (1, 1), "$"),
    row(r"x^2$", ParseError, (1, 4), "$"),
    row(r"$x$$", ParseError, (1, 3), "$"),
    row(r"\( x", ParseError, (1, 1), r"\)"),
    row(r"\)", ParseError, (1, 1), ""),
    row(r"\sum_{n=1}^{10} n", ParseError, (1, 1), ""),
    row(r"\pm 1", ParseError, (1, 1), ""),
    row(r"\partial x", ParseError, (1, 1), r"\frac{\partial}{\partial x}"),
    row(r"\left x", ParseError, (1, 1), r"\left("),
    row("\\", ParseError, (1, 1), ""),
    row(r"\theta_{x+1}", ParseError, (1, 7), r"\theta_0"),
    row(r"\sin_2 x", ParseError, (1, 1), "log"),
    row("\\frac{" * 70 + "1" + "}{2}" * 70, TooExpensive, (1, 385), "", id="70 nested fractions"),
]


@pytest.mark.parametrize(("text", "cls", "at", "hint"), INVALID)
def test_invalid_latex(text, cls, at, hint):
    with pytest.raises(StepsolverError) as info:
        parse(text)
    err = info.value
    assert type(err) is cls, f"{type(err).__name__}: {err}"
    if at is not None:
        assert (err.line, err.column) == at
        assert err.context is not None
        assert err.context.splitlines()[1] == " " * (at[1] - 1) + "^"
    assert err.hint, "a hint is given"
    assert hint in err.hint


def test_unknown_command_names_the_closest_known_one():
    with pytest.raises(ParseError) as info:
        parse(r"\alpah + 1")
    assert "unknown LaTeX command '\\alpah'" in info.value.message
    assert info.value.hint == "did you mean '\\alpha'?"


@pytest.mark.parametrize(("latex", "plain"), [
    pair("{x+1", "(x+1"),
    pair("x+1}", "x+1)"),
    pair("{x+1]", "(x+1]"),
])
def test_braces_are_reported_like_brackets(latex, plain):
    with pytest.raises(ParseError) as braces:
        parse(latex)
    with pytest.raises(ParseError) as brackets:
        parse(plain)
    swap = str.maketrans("{}", "()")
    assert braces.value.message.translate(swap) == brackets.value.message
    assert braces.value.hint.translate(swap) == brackets.value.hint
    assert (braces.value.line, braces.value.column) == (brackets.value.line, brackets.value.column)


def test_errors_after_latex_point_into_the_original_text():
    with pytest.raises(ParseError) as info:
        parse(r"\frac{1}{x} + \sqrt{x} @")
    assert info.value.column == 24
    with pytest.raises(ParseError) as info:
        parse("\\int_0^1 x\\,dx\n+ @")
    assert (info.value.line, info.value.column) == (2, 3)
