"""The activation functions of machine learning as sympy functions: sigmoid, relu, softplus.

They are functions of their own (not their rewrites) so that a derivative reads the way a
course writes it, σ'(z) = σ(z)(1 − σ(z)), and a computation graph can name them.  Each one
evaluates at special numbers, rewrites to elementary functions and evaluates numerically
through that rewrite, so the verifier can compare it at points like any other function.
"""

from __future__ import annotations

import sympy
from sympy import Function, S


def _numeric(arg) -> bool:
    return arg.is_Float


class sigmoid(Function):  # lower-case, like sympy's own sin and tanh
    """The logistic function σ(x) = 1/(1 + e^(−x)), whose derivative is σ(x)(1 − σ(x))."""

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg is S.Zero:
            return S.Half
        if arg is S.Infinity:
            return S.One
        if arg is S.NegativeInfinity:
            return S.Zero
        if _numeric(arg):
            return 1 / (1 + sympy.exp(-arg))
        return None

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sympy.exp(-arg))

    def _eval_rewrite_as_tanh(self, arg, **kwargs):
        return (1 + sympy.tanh(arg / 2)) / 2

    def _eval_evalf(self, prec):
        return self.rewrite(sympy.exp)._eval_evalf(prec)

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None

    def _eval_is_finite(self):
        return True if self.args[0].is_extended_real else None

    def _latex(self, printer, exp=None):
        inner = rf"\left({printer._print(self.args[0])}\right)"
        return rf"\sigma^{{{exp}}}{inner}" if exp else rf"\sigma{inner}"


class relu(Function):
    """ReLU(x) = max(0, x).

    Its derivative is the step function.  At the corner x = 0 there is no derivative; like
    PyTorch and TensorFlow we take the value 0 there, so d/dx ReLU(x) = Heaviside(x, 0)
    (sympy's Heaviside with H(0) = 0).
    """

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg.is_extended_nonnegative:
            return arg
        if arg.is_extended_nonpositive:
            return S.Zero
        return None

    def fdiff(self, argindex=1):
        return sympy.Heaviside(self.args[0], S.Zero)

    def _eval_rewrite_as_Max(self, arg, **kwargs):
        return sympy.Max(S.Zero, arg)

    def _eval_rewrite_as_Piecewise(self, arg, **kwargs):
        return sympy.Piecewise((S.Zero, arg <= 0), (arg, True))

    def _eval_rewrite_as_Heaviside(self, arg, **kwargs):
        return arg * sympy.Heaviside(arg, S.Zero)

    def _eval_evalf(self, prec):
        return self.rewrite(sympy.Max)._eval_evalf(prec)

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_extended_nonnegative(self):
        return True if self.args[0].is_extended_real else None

    def _eval_is_finite(self):
        return self.args[0].is_finite

    def _latex(self, printer, exp=None):
        inner = rf"\operatorname{{ReLU}}\left({printer._print(self.args[0])}\right)"
        return rf"{inner}^{{{exp}}}" if exp else inner


class softplus(Function):
    """softplus(x) = ln(1 + e^x), a smooth ReLU whose derivative is σ(x)."""

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg is S.Zero:
            return sympy.log(2)
        if arg is S.Infinity:
            return S.Infinity
        if arg is S.NegativeInfinity:
            return S.Zero
        if _numeric(arg):
            return sympy.log(1 + sympy.exp(arg))
        return None

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_rewrite_as_log(self, arg, **kwargs):
        return sympy.log(1 + sympy.exp(arg))

    _eval_rewrite_as_exp = _eval_rewrite_as_log

    def _eval_evalf(self, prec):
        return self.rewrite(sympy.log)._eval_evalf(prec)

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None

    def _latex(self, printer, exp=None):
        inner = rf"\operatorname{{softplus}}\left({printer._print(self.args[0])}\right)"
        return rf"{inner}^{{{exp}}}" if exp else inner


ACTIVATIONS = (sigmoid, relu, softplus)
"""The activation functions the language adds; tanh is sympy's own."""
