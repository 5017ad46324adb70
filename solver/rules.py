"""The one closed list of rule ids, each with its title, sentence template and example.

A step names its rule by one of these ids; renderers fill the template with the step's
named parts (``{u}``, ``{n}``, …) printed in the target format, plus ``{before}``,
``{after}``, ``{var}`` and ``{identity}`` (the rule's identity as a formula).  Engines
never write prose: adding a rule touches this table, the rule function and its tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

import sympy

_x, _n, _a, _u, _c = sympy.symbols("x n a u k", real=True)  # k, not c: c is a common letter in problems
IDENTITY_VARIABLE = _x
"""Identities are written in x; a step shows them in its own variable."""
_f, _g, _f1, _g1 = sympy.symbols("f g f' g'")
_D = sympy.Derivative


def _eq(lhs, rhs):
    return sympy.Eq(lhs, rhs, evaluate=False)


def _add(*terms):
    return sympy.Add(*terms, evaluate=False)


def _mul(*factors):
    return sympy.Mul(*factors, evaluate=False)


class Rule(StrEnum):
    # -- derivatives
    DERIVATIVE = "derivative"
    HIGHER_ORDER = "higher_order_derivative"
    CONSTANT = "constant_rule"
    VARIABLE = "variable_rule"
    CONSTANT_MULTIPLE = "constant_multiple_rule"
    SUM = "sum_rule"
    POWER = "power_rule"
    PRODUCT = "product_rule"
    QUOTIENT = "quotient_rule"
    CHAIN = "chain_rule"
    EXPONENTIAL = "exponential_rule"
    LOGARITHM = "logarithm_rule"
    TRIG = "trig_rule"
    INVERSE_TRIG = "inverse_trig_rule"
    HYPERBOLIC = "hyperbolic_rule"
    ABS = "abs_rule"
    LOGARITHMIC_DIFFERENTIATION = "logarithmic_differentiation"
    # -- integrals
    INTEGRAL_CONSTANT = "integral_constant"
    INTEGRAL_SUM = "integral_sum"
    INTEGRAL_CONSTANT_MULTIPLE = "integral_constant_multiple"
    INTEGRAL_POWER = "integral_power"
    INTEGRAL_RECIPROCAL = "integral_reciprocal"
    INTEGRAL_EXPONENTIAL = "integral_exponential"
    INTEGRAL_TRIG = "integral_trig"
    INTEGRAL_INVERSE_TRIG = "integral_inverse_trig"
    INTEGRAL_HYPERBOLIC = "integral_hyperbolic"
    INTEGRAL_TABLE = "integral_table"
    U_SUBSTITUTION = "u_substitution"
    CHANGE_OF_VARIABLE = "change_of_variable"
    BACK_SUBSTITUTION = "back_substitution"
    INTEGRATION_BY_PARTS = "integration_by_parts"
    PARTS_FORMULA = "parts_formula"
    CYCLIC_INTEGRATION_BY_PARTS = "cyclic_integration_by_parts"
    TABULAR_INTEGRATION = "tabular_integration"
    SOLVE_FOR_INTEGRAL = "solve_for_integral"
    PARTIAL_FRACTIONS = "partial_fractions"
    POLYNOMIAL_DIVISION = "polynomial_division"
    PARTIAL_FRACTIONS_DECOMPOSE = "partial_fraction_coefficients"
    TRIG_IDENTITY = "trig_identity"
    REDUCTION_FORMULA = "reduction_formula"
    REWRITE_INTEGRAND = "rewrite_integrand"
    COMPLETE_THE_SQUARE = "complete_the_square"
    TRIG_SUBSTITUTION = "trig_substitution"
    TRIG_SUBSTITUTION_REWRITE = "trig_substitution_rewrite"
    TRIANGLE_BACK_SUBSTITUTION = "triangle_back_substitution"
    SPECIAL_FUNCTION = "special_function"
    CONSTANT_OF_INTEGRATION = "constant_of_integration"
    FUNDAMENTAL_THEOREM = "fundamental_theorem"
    IMPROPER_INTEGRAL = "improper_integral"
    NUMERIC_INTEGRATION = "numeric_integration"
    # -- linear algebra
    ROW_SWAP = "row_swap"
    ROW_SCALE = "row_scale"
    ROW_REPLACE = "row_replace"
    PIVOT = "pivot"
    BACK_ELIMINATION = "back_elimination"
    ECHELON_FORM = "echelon_form"
    AUGMENTED_MATRIX = "augmented_matrix"
    READ_SOLUTION = "read_solution"
    INCONSISTENT_SYSTEM = "inconsistent_system"
    PARAMETRIC_SOLUTION = "parametric_solution"
    DETERMINANT_1X1 = "determinant_1x1"
    DETERMINANT_2X2 = "determinant_2x2"
    COFACTOR_EXPANSION = "cofactor_expansion"
    DETERMINANT_BY_ELIMINATION = "determinant_by_elimination"
    TRIANGULAR_DETERMINANT = "triangular_determinant"
    AUGMENT_IDENTITY = "augment_identity"
    READ_INVERSE = "read_inverse"
    ADJUGATE_FORMULA = "adjugate_formula"
    SINGULAR_MATRIX = "singular_matrix"
    INVERTIBLE_MATRIX = "invertible_matrix"
    COUNT_PIVOTS = "count_pivots"
    NULL_SPACE_BASIS = "null_space_basis"
    INDEPENDENCE_TEST = "independence_test"
    CHARACTERISTIC_POLYNOMIAL = "characteristic_polynomial"
    EIGENVALUES_FROM_ROOTS = "eigenvalues_from_roots"
    EIGENSPACE = "eigenspace"
    DIAGONALIZATION = "diagonalization"
    NOT_DIAGONALIZABLE = "not_diagonalizable"
    MATRIX_PRODUCT = "matrix_product"
    ENTRY_PRODUCT = "entry_row_times_column"
    MATRIX_SUM = "matrix_sum"
    SCALAR_MULTIPLE = "scalar_multiple"
    MATRIX_POWER = "matrix_power"
    TRANSPOSE = "transpose"
    DOT_PRODUCT = "dot_product"
    NORM = "norm"
    # -- probability (rule ids)
    PMF_FORMULA = "pmf_formula"
    PMF_TERM = "pmf_term"
    PMF_SUM = "pmf_sum"
    TABLE_VALUE = "table_value"
    DISCRETE_CDF = "discrete_cdf"
    DISCRETE_EVENT = "discrete_event"
    IMPOSSIBLE_EVENT = "impossible_event"
    CERTAIN_EVENT = "certain_event"
    COMPLEMENT_RULE = "complement_rule"
    CONTINUOUS_POINT = "continuous_point"
    STANDARDIZE = "standardize"
    NORMAL_CDF = "normal_cdf"
    STANDARD_NORMAL_PROBABILITY = "standard_normal_probability"
    CDF_DIFFERENCE = "cdf_difference"
    MOMENT_FORMULA = "moment_formula"
    STANDARD_DEVIATION_FROM_VARIANCE = "standard_deviation_from_variance"
    TABLE_EXPECTATION = "table_expectation"
    TABLE_SECOND_MOMENT = "table_second_moment"
    VARIANCE_SHORTCUT = "variance_shortcut"
    ADDITION_RULE = "addition_rule"
    ADDITION_RULE_REARRANGED = "addition_rule_rearranged"
    MULTIPLICATION_RULE = "multiplication_rule"
    MULTIPLICATION_RULE_INDEPENDENT = "multiplication_rule_independent"
    CONDITIONAL_PROBABILITY = "conditional_probability"
    TOTAL_PROBABILITY = "total_probability"
    BAYES_THEOREM = "bayes_theorem"
    CONDITIONAL_COMPLEMENT = "conditional_complement"
    INTERSECTION_WITH_COMPLEMENT = "intersection_with_complement"
    CDF_VALUE = "cdf_value"
    INVERSE_NORMAL = "inverse_normal"
    LINEAR_EXPECTATION = "linear_expectation"
    LINEAR_VARIANCE = "linear_variance"
    LINEAR_STANDARD_DEVIATION = "linear_standard_deviation"
    UNSTANDARDIZE = "unstandardize"
    COMBINATIONS = "combinations"
    PERMUTATIONS = "permutations"
    FACTORIAL = "factorial"
    ZERO_FACTORIAL = "zero_factorial"
    # -- statistics (rule ids)
    SUM_OF_VALUES = "sum_of_values"
    MEAN_OF_VALUES = "mean_of_values"
    SORT_DATA = "sort_data"
    MEDIAN_MIDDLE_VALUE = "median_middle_value"
    MEDIAN_TWO_MIDDLE_VALUES = "median_two_middle_values"
    FREQUENCY_TABLE = "frequency_table"
    MODE_MOST_FREQUENT = "mode_most_frequent"
    NO_MODE = "no_mode"
    DATA_RANGE = "data_range"
    DEVIATION_TABLE = "deviation_table"
    SUM_OF_DEVIATION_POWERS = "sum_of_deviation_powers"
    SAMPLE_VARIANCE = "sample_variance"
    POPULATION_VARIANCE = "population_variance"
    STANDARD_DEVIATION_ROOT = "standard_deviation_root"
    SAMPLE_STANDARD_DEVIATION = "sample_standard_deviation"
    DECIMAL_VALUE = "decimal_value"
    QUARTILE_AT_POSITION = "quartile_at_position"
    QUARTILE_INTERPOLATION = "quartile_interpolation"
    INTERQUARTILE_RANGE = "interquartile_range"
    FIVE_NUMBER_SUMMARY = "five_number_summary"
    CENTRAL_MOMENT = "central_moment"
    SKEWNESS_COEFFICIENT = "skewness_coefficient"
    EXCESS_KURTOSIS = "excess_kurtosis"
    DEVIATION_FROM_MEAN = "deviation_from_mean"
    Z_SCORE = "z_score"
    Z_SCORE_GIVEN = "z_score_given"
    DEVIATION_PRODUCTS_TABLE = "deviation_products_table"
    SAMPLE_COVARIANCE = "sample_covariance"
    POPULATION_COVARIANCE = "population_covariance"
    PEARSON_CORRELATION = "pearson_correlation"
    SAMPLE_PROPORTION = "sample_proportion"
    STANDARD_ERROR_OF_MEAN = "standard_error_of_mean"
    STANDARD_ERROR_OF_DIFFERENCE = "standard_error_of_difference"
    STANDARD_ERROR_OF_PROPORTION = "standard_error_of_proportion"
    T_CRITICAL_VALUE = "t_critical_value"
    Z_CRITICAL_VALUE = "z_critical_value"
    MARGIN_OF_ERROR = "margin_of_error"
    CONFIDENCE_INTERVAL = "confidence_interval"
    STATE_HYPOTHESES = "state_hypotheses"
    PAIRED_DIFFERENCES = "paired_differences"
    WELCH_DEGREES_OF_FREEDOM = "welch_degrees_of_freedom"
    T_STATISTIC = "t_statistic"
    WELCH_T_STATISTIC = "welch_t_statistic"
    Z_STATISTIC = "z_statistic"
    T_P_VALUE = "t_p_value"
    Z_P_VALUE = "z_p_value"
    TEST_DECISION = "test_decision"
    LIKELIHOOD = "likelihood"
    LOG_LIKELIHOOD = "log_likelihood"
    SUM_OF_SQUARES_DECOMPOSITION = "sum_of_squares_decomposition"
    SCORE_FUNCTION = "score_function"
    SCORE_EQUATION = "solve_score_equation"
    PROFILE_LIKELIHOOD = "profile_likelihood"
    LIKELIHOOD_SECOND_DERIVATIVE = "likelihood_second_derivative"
    MONOTONE_LIKELIHOOD = "monotone_likelihood"
    CLIP_INTERVAL = "clip_interval"
    ESTIMATE_ON_DATA = "estimate_on_data"
    # -- multivariable (rule ids)
    SIGMOID = "sigmoid_rule"
    RELU = "relu_rule"
    SOFTPLUS = "softplus_rule"
    DIFFERENTIATE_FUNCTION = "differentiate_function"
    PARTIAL_DERIVATIVE = "partial_derivative"
    GRADIENT = "gradient"
    HESSIAN = "hessian"
    MIXED_PARTIALS = "equal_mixed_partials"
    EVALUATE_AT_POINT = "evaluate_at_point"
    CRITICAL_EQUATIONS = "solve_gradient_zero"
    SOLVE_ONE_UNKNOWN = "solve_one_unknown"
    ZERO_PRODUCT = "zero_product"
    SOLVE_FOR_UNKNOWN = "solve_for_unknown"
    SUBSTITUTE_VALUES = "substitute_values"
    CASE = "case"
    NO_SOLUTION = "no_solution_in_case"
    BACK_SUBSTITUTE_VALUE = "back_substitute_value"
    CONCAVITY_TEST = "second_derivative_classification"
    HIGHER_DERIVATIVE_TEST = "higher_derivative_test"
    INCONCLUSIVE_TEST = "inconclusive_test"
    SECOND_PARTIALS_TEST = "second_partials_test"
    PRINCIPAL_MINORS_TEST = "principal_minors_test"
    END_BEHAVIOUR = "end_behaviour"
    GLOBAL_EXTREMUM = "global_extremum"
    NO_GLOBAL_EXTREMUM = "no_global_extremum"
    TANGENT_LINE = "point_slope_form"
    GRADIENT_DESCENT = "gradient_descent"
    GRADIENT_DESCENT_STEP = "gradient_descent_step"
    NEWTON = "newtons_method"
    NEWTON_STEP = "newton_step"
    CONVERGED = "converged"
    DESCENDING = "descending"
    DIVERGED = "diverged"
    CYCLE = "cycle"
    ZERO_DERIVATIVE = "zero_derivative"
    SINGULAR_HESSIAN = "singular_hessian"
    DIRECT_SUBSTITUTION = "direct_substitution"
    LIMIT_OF_PARTS = "limit_of_parts"
    INDETERMINATE_FORM = "indeterminate_form"
    FACTOR_AND_CANCEL = "factor_and_cancel"
    LHOPITAL = "lhopitals_rule"
    REWRITE_LIMIT = "rewrite_as_quotient"
    EXPONENTIAL_FORM = "exponential_form"
    DOMINANT_TERMS = "dominant_terms"
    LEADING_TERM = "leading_term"
    INFINITE_LIMIT = "infinite_limit"
    LIMIT_DOES_NOT_EXIST = "limit_does_not_exist"
    MULTIPLY_BY_CONJUGATE = "multiply_by_conjugate"
    SQUEEZE_THEOREM = "squeeze_theorem"
    DERIVATIVE_UNDEFINED = "derivative_undefined"
    FIRST_DERIVATIVE_TEST = "first_derivative_test"
    ONE_SIDED_LIMITS = "one_sided_limits"
    OSCILLATING_LIMIT = "oscillating_limit"
    NEWTON_CURVATURE = "newton_curvature_check"
    ABS_ON_ONE_SIDE = "absolute_value_on_one_side"
    EXTREME_VALUE = "extreme_value"
    COMPUTATION_GRAPH = "computation_graph"
    FORWARD_PASS = "forward_pass"
    LOCAL_DERIVATIVE = "local_derivative"
    CHAIN_PRODUCT = "chain_rule_product"
    SUBSTITUTE_INTERMEDIATES = "substitute_intermediates"
    # -- algebra shared by every engine
    SIMPLIFY = "simplify"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class RuleInfo:
    title: str
    template: str
    example: str
    identity: sympy.Basic | None = None
    relation: str = "="
    """How ``before`` and ``after`` are joined when shown: = (equal), ~ (row-equivalent),
    → (rewritten as), ⇒ (leads to)."""
    hint: str = ""
    """What to do next, without the result (for /hint); filled from the step's parts as text."""


RULES: dict[Rule, RuleInfo] = {
    Rule.DERIVATIVE: RuleInfo(
        "Differentiate",
        "Differentiate {before} with respect to {var}.",
        "d/dx x^2 sin x"),
    Rule.HIGHER_ORDER: RuleInfo(
        "Derivative of order {order}",
        "Differentiate {function}{again} to get the derivative of order {order}.",
        "d^2/dx^2 x^3 -> 6x"),
    Rule.CONSTANT: RuleInfo(
        "Constant rule",
        "{function} does not depend on {var}, so its derivative is 0.",
        "d/dx 7 = 0",
        _eq(_D(_c, _x), 0)),
    Rule.VARIABLE: RuleInfo(
        "Derivative of the variable",
        "The derivative of {var} with respect to itself is 1.",
        "d/dx x = 1",
        _eq(_D(_x, _x), 1)),
    Rule.CONSTANT_MULTIPLE: RuleInfo(
        "Constant multiple rule",
        "A constant factor stays in front: {identity}, with k = {constant}.",
        "d/dx 3x^2 = 3 d/dx x^2",
        _eq(_D(_mul(_c, _f), _x), _mul(_c, _f1))),
    Rule.SUM: RuleInfo(
        "Sum rule",
        "The derivative of a sum is the sum of the derivatives: differentiate each of the {count} terms.",
        "d/dx (x^2 + sin x) = 2x + cos x",
        _eq(_D(_add(_f, _g), _x), _add(_f1, _g1))),
    Rule.POWER: RuleInfo(
        "Power rule",
        "Apply the power rule, {identity}, with n = {n}.",
        "d/dx x^3 = 3x^2",
        _eq(_D(_x**_n, _x), _mul(_n, sympy.Pow(_x, _add(_n, -1), evaluate=False)))),
    Rule.PRODUCT: RuleInfo(
        "Product rule",
        "Apply the product rule, {identity}, with f = {f} and g = {g}.",
        "d/dx x sin x = sin x + x cos x",
        _eq(_D(_mul(_f, _g), _x), _add(_mul(_f1, _g), _mul(_f, _g1)))),
    Rule.QUOTIENT: RuleInfo(
        "Quotient rule",
        "Apply the quotient rule, {identity}, with f = {f} (the numerator) and g = {g} (the denominator).",
        "d/dx sin x / x = (x cos x - sin x)/x^2",
        _eq(_D(_mul(_f, sympy.Pow(_g, -1, evaluate=False)), _x),
            _mul(_add(_mul(_f1, _g), _mul(-1, _f, _g1)), sympy.Pow(_g**2, -1, evaluate=False)))),
    Rule.CHAIN: RuleInfo(
        "Chain rule",
        "Chain rule {identity}: {function} is the outer function {outer} of the inner function {u_eq}. Its derivative is the outer derivative {outer_derivative} evaluated at {u_eq}, times the inner derivative {du}.",
        "d/dx sin(x^2) = cos(x^2) * 2x",
        _eq(_D(sympy.Function("f")(sympy.Function("g")(_x)), _x),
            _mul(sympy.Function("f'")(sympy.Function("g")(_x)), sympy.Function("g'")(_x)))),
    Rule.EXPONENTIAL: RuleInfo(
        "Exponential rule",
        "Apply the exponential rule: {identity}.",
        "d/dx 2^x = 2^x ln 2",
        _eq(_D(_a**_x, _x), _mul(_a**_x, sympy.log(_a)))),
    Rule.LOGARITHM: RuleInfo(
        "Logarithm rule",
        "The derivative of the natural logarithm: {identity}.",
        "d/dx ln x = 1/x",
        _eq(_D(sympy.log(_x), _x), 1 / _x)),
    Rule.TRIG: RuleInfo(
        "Trigonometric derivative",
        "Standard derivative: {identity}.",
        "d/dx sin x = cos x"),
    Rule.INVERSE_TRIG: RuleInfo(
        "Inverse trigonometric derivative",
        "Standard derivative: {identity}.",
        "d/dx atan x = 1/(1 + x^2)"),
    Rule.HYPERBOLIC: RuleInfo(
        "Hyperbolic derivative",
        "Standard derivative: {identity}.",
        "d/dx sinh x = cosh x"),
    Rule.ABS: RuleInfo(
        "Absolute value",
        "{identity} for {var} ≠ 0 (|{var}| has a corner at 0, where it has no derivative).",
        "d/dx |x| = x/|x|",
        _eq(_D(sympy.Abs(_x), _x), _x / sympy.Abs(_x))),
    Rule.LOGARITHMIC_DIFFERENTIATION: RuleInfo(
        "Logarithmic differentiation",
        "Both the base and the exponent depend on {var}, so take logarithms: with y = {function}, ln y = {log_form}. Differentiating both sides gives y'/y = {log_derivative}, so y' = y · ({log_derivative}).",
        "d/dx x^x = x^x (ln x + 1)"),
    # ------------------------------------------------------------------ integrals
    Rule.INTEGRAL_CONSTANT: RuleInfo(
        "Integral of a constant",
        "{constant} does not depend on {var}: {identity}.",
        "∫ 5 dx = 5x",
        _eq(sympy.Integral(_c, _x), _mul(_c, _x))),
    Rule.INTEGRAL_SUM: RuleInfo(
        "Sum rule",
        "The integral of a sum is the sum of the integrals: integrate each of the {count} terms.",
        "∫ (x + cos x) dx = x²/2 + sin x",
        _eq(sympy.Integral(_add(_f, _g), _x), _add(sympy.Integral(_f, _x), sympy.Integral(_g, _x)))),
    Rule.INTEGRAL_CONSTANT_MULTIPLE: RuleInfo(
        "Constant multiple rule",
        "A constant factor moves out of the integral: {identity}, with k = {constant}.",
        "∫ 3x² dx = 3 ∫ x² dx",
        _eq(sympy.Integral(_mul(_c, _f), _x), _mul(_c, sympy.Integral(_f, _x)))),
    Rule.INTEGRAL_POWER: RuleInfo(
        "Power rule",
        "Apply the power rule for integrals, {identity} (n ≠ −1), with n = {n}.",
        "∫ x³ dx = x⁴/4",
        _eq(sympy.Integral(_x**_n, _x), _mul(sympy.Pow(_add(_n, 1), -1, evaluate=False), sympy.Pow(_x, _add(_n, 1), evaluate=False)))),
    Rule.INTEGRAL_RECIPROCAL: RuleInfo(
        "Integral of 1/x",
        "The power rule does not apply to n = −1; instead {identity}. The absolute value keeps it valid for negative {var} too.",
        "∫ 1/x dx = ln|x|",
        _eq(sympy.Integral(sympy.Pow(_x, -1, evaluate=False), _x), sympy.log(sympy.Abs(_x)))),
    Rule.INTEGRAL_EXPONENTIAL: RuleInfo(
        "Exponential rule",
        "Standard integral: {identity}.",
        "∫ eˣ dx = eˣ; ∫ 2ˣ dx = 2ˣ/ln 2"),
    Rule.INTEGRAL_TRIG: RuleInfo(
        "Trigonometric integral",
        "Standard integral (it reverses a derivative rule): {identity}.",
        "∫ cos x dx = sin x"),
    Rule.INTEGRAL_INVERSE_TRIG: RuleInfo(
        "Inverse trigonometric form",
        "Standard integral whose answer is an inverse trigonometric function: {identity}.",
        "∫ 1/(1 + x²) dx = arctan x"),
    Rule.INTEGRAL_HYPERBOLIC: RuleInfo(
        "Hyperbolic integral",
        "Standard integral: {identity}.",
        "∫ cosh x dx = sinh x"),
    Rule.INTEGRAL_TABLE: RuleInfo(
        "Standard form",
        "This is a standard form from the table of integrals: {identity}.",
        "∫ √(x² + 1) dx"),
    Rule.U_SUBSTITUTION: RuleInfo(
        "u-substitution",
        "Substitute {u_eq}: {why}. Then {du}, the integral becomes {rewritten}, and after integrating we substitute back.",
        "∫ 2x cos(x²) dx, u = x²"),
    Rule.CHANGE_OF_VARIABLE: RuleInfo(
        "Rewrite in terms of {u}",
        "With {u_eq} and {du}, every {var} in the integral is replaced: {before} = {after}.",
        "∫ 2x cos(x²) dx = ∫ cos u du",
        relation="→"),
    Rule.BACK_SUBSTITUTION: RuleInfo(
        "Substitute back",
        "Put {u_eq} back, so the answer is in terms of {var}.",
        "sin u → sin(x²)"),
    Rule.INTEGRATION_BY_PARTS: RuleInfo(
        "Integration by parts",
        "Use {identity} with u = {u} and dv = {dv_dx}. By LIATE, u is the {u_kind} factor, which gets simpler when differentiated, and dv is the {dv_kind} factor, which we can integrate.",
        "∫ x eˣ dx, u = x, dv = eˣ dx",
        _eq(sympy.Integral(_u, sympy.Symbol("v")), _add(_mul(_u, sympy.Symbol("v")), -sympy.Integral(sympy.Symbol("v"), _u)))),
    Rule.PARTS_FORMULA: RuleInfo(
        "Apply the formula",
        "With u = {u}, du = {du_dx}, dv = {dv_dx} and v = {v}: {before} = {formula}.",
        "∫ x eˣ dx = x eˣ − ∫ eˣ dx"),
    Rule.TABULAR_INTEGRATION: RuleInfo(
        "The same by the tabular method",
        "Repeated parts fit in one table: differentiate u = {u} until it reaches 0, integrate dv = {dv} once more than that, and multiply across each row with signs +, −, +, …. The rows (sign, k-th derivative of u, (k + 1)-th antiderivative of dv) are {table}, so the integral is {sum} = {after}, as above.",
        "∫ x² eˣ dx = x² eˣ − 2x eˣ + 2 eˣ"),
    Rule.CYCLIC_INTEGRATION_BY_PARTS: RuleInfo(
        "Integration by parts, twice, then solve",
        "Integrating by parts twice brings back the original integral {integral}; call it I and solve the resulting equation for I.",
        "∫ eˣ sin x dx"),
    Rule.SOLVE_FOR_INTEGRAL: RuleInfo(
        "Solve for the integral",
        "The equation {equation} has the integral I on both sides; collect the I terms and divide: {after}.",
        "I = eˣ sin x − eˣ cos x − I  ⇒  I = eˣ(sin x − cos x)/2",
        relation="⇒"),
    Rule.PARTIAL_FRACTIONS: RuleInfo(
        "Partial fractions",
        "The integrand is a rational function, so split it into simple fractions, {rewritten}, and integrate each one.",
        "1/(x² − 1) = 1/(2(x − 1)) − 1/(2(x + 1))"),
    Rule.POLYNOMIAL_DIVISION: RuleInfo(
        "Polynomial long division",
        "The numerator's degree is not below the denominator's, so divide first: quotient {quotient}, remainder {remainder}, giving {after}.",
        "x³/(x² + 1) = x − x/(x² + 1)"),
    Rule.PARTIAL_FRACTIONS_DECOMPOSE: RuleInfo(
        "Solve for the coefficients",
        "Factor the denominator as {factored} and write {before} = {template}. Multiplying by the denominator and matching the coefficients of each power of {var} gives {equations}, so {coefficients}.",
        "1/(x(x + 1)) = A/x + B/(x + 1), A = 1, B = −1"),
    Rule.TRIG_IDENTITY: RuleInfo(
        "Trigonometric identity",
        "Rewrite the integrand with {identity}: {rewritten}.",
        "sin²x = (1 − cos 2x)/2"),
    Rule.REDUCTION_FORMULA: RuleInfo(
        "Reduction formula",
        "Integration by parts (u = {function}^(n−2), dv = {function}²) gives the reduction formula for {function}^n; with n = {n}: {before} = {formula}.",
        "∫ sec³x dx = sec x tan x/2 + (1/2)∫ sec x dx"),
    Rule.REWRITE_INTEGRAND: RuleInfo(
        "Rewrite the integrand",
        "Rewrite the integrand algebraically as {rewritten}.",
        "x²/(x² + 1) = 1 − 1/(x² + 1)"),
    Rule.COMPLETE_THE_SQUARE: RuleInfo(
        "Complete the square",
        "Complete the square in the denominator: the integrand becomes {rewritten}.",
        "x² + 4x + 5 = (x + 2)² + 1"),
    Rule.TRIG_SUBSTITUTION: RuleInfo(
        "Trigonometric substitution",
        "The integrand contains {radical}, so substitute {substitution} (a {kind} substitution): the Pythagorean identity removes the square root.",
        "∫ √(4 − x²) dx, x = 2 sin θ"),
    Rule.TRIG_SUBSTITUTION_REWRITE: RuleInfo(
        "Rewrite in terms of θ",
        "With {substitution} and {dx}, and using {identity}, the integral becomes {after}.",
        "∫ √(4 − x²) dx = ∫ 4cos²θ dθ",
        relation="→"),
    Rule.TRIANGLE_BACK_SUBSTITUTION: RuleInfo(
        "Back to {var} with a right triangle",
        "Since {var} = {x_of_theta}, {theta_eq}. A right triangle with angle θ and sides that match {triangle} gives every trigonometric function of θ in terms of {var}.",
        "θ = arcsin(x/2), cos θ = √(4 − x²)/2"),
    Rule.SPECIAL_FUNCTION: RuleInfo(
        "No elementary antiderivative",
        "{function} has no antiderivative made of elementary functions; it is written with the special function(s) {names}, which are defined by such integrals.",
        "∫ e^(x²) dx = √π erfi(x)/2"),
    Rule.CONSTANT_OF_INTEGRATION: RuleInfo(
        "Add the constant of integration",
        "Every antiderivative differs from this one by a constant, so add + C.",
        "x²/2 + C"),
    Rule.FUNDAMENTAL_THEOREM: RuleInfo(
        "Evaluate with the Fundamental Theorem of Calculus",
        "With the antiderivative F({var}) = {antiderivative}, the integral is F({upper}) − F({lower}) = {difference} = {after}.",
        "∫₀¹ x² dx = 1/3 − 0"),
    Rule.IMPROPER_INTEGRAL: RuleInfo(
        "Improper integral: take limits",
        "{reason}{split_note} With the antiderivative F({var}) = {antiderivative}: {values}; so the integral is {conclusion}.{verdict}",
        "∫₁^∞ 1/x² dx = lim F(t) − F(1) = 1"),
    Rule.NUMERIC_INTEGRATION: RuleInfo(
        "Numeric value",
        "{claim} {function}, so the Fundamental Theorem cannot be applied by hand; the value is computed numerically (adaptive quadrature): {after}.",
        "∫₀¹ e^(x²) dx ≈ 1.4627"),
    # ------------------------------------------------------------------ linear algebra
    Rule.ROW_SWAP: RuleInfo(
        "Swap rows: {notation}",
        "{notation}: {reason}.",
        "R1 ↔ R2",
        relation="~"),
    Rule.ROW_SCALE: RuleInfo(
        "Scale a row: {notation}",
        "{notation}: {reason}.",
        "R2 → (1/4)R2",
        relation="~"),
    Rule.ROW_REPLACE: RuleInfo(
        "Row replacement: {notation}",
        "{notation}: {reason}.",
        "R2 → R2 − 3R1",
        relation="~"),
    Rule.PIVOT: RuleInfo(
        "Pivot in column {column}",
        "The pivot for column {column} is in row {row}; {purpose}.",
        "pivot 2 in row 1, column 1",
        relation="~"),
    Rule.BACK_ELIMINATION: RuleInfo(
        "Clear above the pivots",
        "Working from the last pivot up, make every entry above each pivot 0.",
        "R1 → R1 − 2R2",
        relation="~"),
    Rule.ECHELON_FORM: RuleInfo(
        "{form}",
        "The matrix is now in {form_lower}: {detail}.",
        "pivots in columns 1 and 2"),
    Rule.AUGMENTED_MATRIX: RuleInfo(
        "Write the augmented matrix",
        "Write the coefficients of {unknowns} in each equation as a row, with the right-hand side after the bar: {system}.",
        "x + 2y = 3, 4x − y = 2 → [1 2 | 3; 4 −1 | 2]",
        relation="→"),
    Rule.READ_SOLUTION: RuleInfo(
        "Read off the solution",
        "Every unknown has a pivot, so the system has exactly one solution: {solution}.",
        "x = 1, y = 1",
        relation="⇒"),
    Rule.INCONSISTENT_SYSTEM: RuleInfo(
        "No solution",
        "Row {row} reads {equation}, which is impossible, so the system has no solution.",
        "0 = 5",
        relation="⇒"),
    Rule.PARAMETRIC_SOLUTION: RuleInfo(
        "Infinitely many solutions",
        "No pivot falls in the {columns} of {free}, so {free} {are} free: any real value. Solving each pivot row for its variable gives {solution}.",
        "x = 3 − 2t, y = t",
        relation="⇒"),
    Rule.DETERMINANT_1X1: RuleInfo(
        "Determinant of a 1×1 matrix",
        "The determinant of a 1×1 matrix is its only entry.",
        "det [5] = 5"),
    Rule.DETERMINANT_2X2: RuleInfo(
        "2×2 determinant",
        "For a 2×2 matrix, {identity}: {products} = {after}.",
        "det [[1,2],[3,4]] = 1·4 − 2·3 = −2",
        _eq(sympy.Symbol("det [[a, b], [c, d]]"), _add(_mul(_a, sympy.Symbol("d")), _mul(-1, sympy.Symbol("b"), _c)))),
    Rule.COFACTOR_EXPANSION: RuleInfo(
        "Cofactor expansion along {line}",
        "Expand along {line}, {why}: each entry times its cofactor (−1)^(i+j)·M_ij, with signs {signs}: {expansion}. With the 2×2 determinants worked below, this is {combined} = {after}.",
        "det A = a11 C11 + a12 C12 + a13 C13"),
    Rule.DETERMINANT_BY_ELIMINATION: RuleInfo(
        "Determinant by row reduction",
        "Reduce to an upper triangular matrix. A row replacement does not change the determinant; each row swap multiplies it by −1 ({swaps} swap{plural} here).",
        "det A = (−1)^s · product of the pivots",
        relation="~"),
    Rule.TRIANGULAR_DETERMINANT: RuleInfo(
        "Product of the diagonal",
        "The determinant of a triangular matrix is the product of its diagonal entries: {product}; with the sign {sign} from the row swaps, det = {after}.",
        "det = 1·(−2) = −2"),
    Rule.AUGMENT_IDENTITY: RuleInfo(
        "Augment with the identity",
        "Write [A | I]; row operations that turn A into I turn I into A⁻¹.",
        "[A | I]",
        relation="→"),
    Rule.READ_INVERSE: RuleInfo(
        "Read off the inverse",
        "The left block is now I, so the right block is the inverse: {after}.",
        "[I | A⁻¹]",
        relation="⇒"),
    Rule.ADJUGATE_FORMULA: RuleInfo(
        "2×2 inverse formula",
        "For a 2×2 matrix with det = {det} ≠ 0, swap the diagonal entries, negate the others and divide by the determinant: {after}.",
        "[[a, b], [c, d]]⁻¹ = 1/(ad − bc) [[d, −b], [−c, a]]"),
    Rule.SINGULAR_MATRIX: RuleInfo(
        "The matrix is singular",
        "{reason}, so the matrix is singular: it has no inverse.",
        "a zero row in the reduced left block",
        relation="⇒"),
    Rule.INVERTIBLE_MATRIX: RuleInfo(
        "The matrix is invertible",
        "Its determinant is {det} ≠ 0, so the matrix is invertible (not singular).",
        "det = −2 ≠ 0",
        relation="⇒"),
    Rule.COUNT_PIVOTS: RuleInfo(
        "Count the pivots",
        "The reduced form has pivots in columns {columns}, so {conclusion}.",
        "rank = 2",
        relation="⇒"),
    Rule.NULL_SPACE_BASIS: RuleInfo(
        "Basis of the null space",
        "Solve A x = 0 from the reduced form: {free_text}. Setting each free variable to 1 in turn (the others 0) gives the basis {basis}.",
        "x2 free: x = t(−2, 1)",
        relation="⇒"),
    Rule.INDEPENDENCE_TEST: RuleInfo(
        "Linear independence",
        "Put the vectors as the columns of a matrix and reduce it: {conclusion}.",
        "a pivot in every column: independent",
        relation="⇒"),
    Rule.CHARACTERISTIC_POLYNOMIAL: RuleInfo(
        "Characteristic polynomial",
        "The eigenvalues are the roots of det(A − λI) = 0: {before} expands to {after}.",
        "det(A − λI) = λ² − 4λ + 3"),
    Rule.EIGENVALUES_FROM_ROOTS: RuleInfo(
        "Eigenvalues",
        "Factor the characteristic polynomial, {factored} = 0; its roots are the eigenvalues, each with its algebraic multiplicity: {roots}.",
        "(λ − 1)(λ − 3) = 0: λ = 1, 3",
        relation="⇒"),
    Rule.EIGENSPACE: RuleInfo(
        "Eigenvectors for λ = {value}",
        "The eigenvectors for λ = {value} are the nonzero solutions of (A − λI)v = 0, the null space of {shifted}: basis {basis}{defect}.",
        "λ = 1: v = (1, −1)",
        relation="→"),
    Rule.DIAGONALIZATION: RuleInfo(
        "Diagonalize",
        "There are {n} independent eigenvectors, so A = P D P⁻¹ with the eigenvectors as the columns of P = {P} and the eigenvalues on the diagonal of D = {D}.",
        "A = P D P⁻¹",
        relation="⇒"),
    Rule.NOT_DIAGONALIZABLE: RuleInfo(
        "Not diagonalizable",
        "λ = {value} has algebraic multiplicity {algebraic} but only {geometric} independent eigenvector(s), so A has too few eigenvectors to be diagonalized.",
        "[[1, 1], [0, 1]]",
        relation="⇒"),
    Rule.MATRIX_PRODUCT: RuleInfo(
        "Matrix product",
        "A {left_shape} matrix times a {right_shape} matrix is {result_shape}: entry (i, j) is row i of the first times column j of the second.",
        "[[1,2],[3,4]]·[[5],[6]] = [[17],[39]]"),
    Rule.ENTRY_PRODUCT: RuleInfo(
        "Entry ({i}, {j})",
        "Row {i} times column {j}: {expansion} = {after}.",
        "1·5 + 2·6 = 17"),
    Rule.MATRIX_SUM: RuleInfo(
        "Matrix sum",
        "Matrices of the same size add entry by entry.",
        "[[1,2]] + [[3,4]] = [[4,6]]"),
    Rule.SCALAR_MULTIPLE: RuleInfo(
        "Scalar multiple",
        "Multiply every entry by {scalar}.",
        "2[[1,2]] = [[2,4]]"),
    Rule.MATRIX_POWER: RuleInfo(
        "Matrix power",
        "A^{n} is A multiplied by itself {n} times.",
        "A² = A·A"),
    Rule.TRANSPOSE: RuleInfo(
        "Transpose",
        "The rows of the matrix become the columns of its transpose: entry (i, j) moves to (j, i).",
        "[[1,2,3]]ᵀ = [[1],[2],[3]]"),
    Rule.DOT_PRODUCT: RuleInfo(
        "Dot product",
        "Multiply matching entries and add: {expansion} = {after}.",
        "(1,2,3)·(4,5,6) = 4 + 10 + 18 = 32"),
    Rule.NORM: RuleInfo(
        "Euclidean norm",
        "The length is the square root of the sum of the squared entries: {expansion} = {after}, so the norm is {root} = {norm}.",
        "‖(3, 4)‖ = √(9 + 16) = 5"),
    # ------------------------------------------------------------------ probability
    Rule.PMF_FORMULA: RuleInfo(
        "Probability mass function",
        "For {variable} ~ {distribution}, P({variable} = k) = {general} for k = {support}; with these parameters {after}.",
        "Binomial: C(n, k) p^k (1 − p)^(n − k)"),
    Rule.PMF_TERM: RuleInfo(
        "P(X = {value})",
        "Substitute k = {value}: {substituted} = {after}.",
        "C(10, 3)·0.5³·0.5⁷ = 15/128"),
    Rule.TABLE_VALUE: RuleInfo(
        "P(X = {value})",
        "Read it from the table: P(X = {value}) = {after}.",
        "P(X = 1) = 0.5"),
    Rule.PMF_SUM: RuleInfo(
        "Add the probabilities",
        "The event holds only for X = {values}, separate outcomes whose probabilities add: {before} = {sum} = {after}.",
        "P(X ≤ 2) = P(X = 0) + P(X = 1) + P(X = 2)"),
    Rule.DISCRETE_CDF: RuleInfo(
        "Use the CDF",
        "The event holds for the {count} values from {first} to {last}: too many to add by hand, so use {cdf}: {before} = {difference} = {after}.",
        "P(5 ≤ X ≤ 20) = F(20) − F(4)"),
    Rule.DISCRETE_EVENT: RuleInfo(
        "Rewrite the event",
        "X takes only whole-number values, so {before} is the same as {after}.",
        "P(X < 3) = P(X ≤ 2)"),
    Rule.IMPOSSIBLE_EVENT: RuleInfo(
        "Impossible event",
        "X only takes the values {support}, and none of them satisfies the event, so its probability is 0.",
        "P(X = 11) for X ~ Binomial(10, p)"),
    Rule.CERTAIN_EVENT: RuleInfo(
        "Certain event",
        "X only takes the values {support}, and every one of them satisfies the event, so its probability is 1.",
        "P(0 ≤ X ≤ 10) for X ~ Binomial(10, p)"),
    Rule.COMPLEMENT_RULE: RuleInfo(
        "Complement rule",
        "The complement rule: an event and its opposite have probabilities adding to 1, so {before} = {difference} = {after}.",
        "P(X ≥ 1) = 1 − P(X = 0)"),
    Rule.CONTINUOUS_POINT: RuleInfo(
        "A single value of a continuous variable",
        "For a continuous random variable the probability of any single value is 0 (there is no area above a point).",
        "P(X = 2) = 0"),
    Rule.STANDARDIZE: RuleInfo(
        "Standardize",
        "Convert to the standard normal Z with {formula}: z = {before} = {z}{approx}.",
        "z = (1.96 − 0)/1 = 1.96"),
    Rule.LINEAR_EXPECTATION: RuleInfo(
        "Expectation of a linear transformation",
        "Expectation is linear: E[aX + b] = a·E[X] + b, here with a = {a} and b = {b}.",
        "E[2X + 3] = 2·4 + 3 = 11"),
    Rule.LINEAR_VARIANCE: RuleInfo(
        "Variance of a linear transformation",
        "Adding a constant does not change the spread, and scaling by a multiplies the variance by a²: Var(aX + b) = a²·Var(X), here with a = {a}.",
        "Var(2X + 3) = 2²·2.1 = 8.4"),
    Rule.LINEAR_STANDARD_DEVIATION: RuleInfo(
        "Standard deviation of a linear transformation",
        "SD(aX + b) = |a|·SD(X), here with a = {a}: the shift b does not change the spread.",
        "SD(2X + 3) = 2·2 = 4"),
    Rule.INVERSE_NORMAL: RuleInfo(
        "Inverse standard normal",
        "Find the z with Φ(z) = P(Z ≤ z) = {p}, read from the standard normal table backwards: z = Φ⁻¹({p}) = √2·erfinv(2·{p} − 1), {side} the mean.",
        "Φ(z) = 0.975 → z ≈ 1.95996"),
    Rule.UNSTANDARDIZE: RuleInfo(
        "Back to the original scale",
        "Undo the standardization z = (x − μ)/σ: x = μ + z·σ with μ = {mu} and σ = {sigma}.",
        "x = 100 + 1.28155·15 ≈ 119.223"),
    Rule.NORMAL_CDF: RuleInfo(
        "Standard normal CDF",
        "Φ({z}) = P(Z ≤ {z}) ≈ {shown} (the standard normal table, or (1 + erf(z/√2))/2).",
        "Φ(1.96) ≈ 0.975"),
    Rule.STANDARD_NORMAL_PROBABILITY: RuleInfo(
        "Probability from Φ",
        "{before} = {difference} ≈ {shown}{symmetry}.",
        "P(Z > 1.96) = 1 − Φ(1.96) ≈ 0.025"),
    Rule.CDF_DIFFERENCE: RuleInfo(
        "Use the CDF",
        "For {variable} ~ {distribution} the CDF is F(x) = {cdf}, so {before} = {difference} {relation} {shown}.",
        "P(1 < X < 3) = F(3) − F(1)"),
    Rule.MOMENT_FORMULA: RuleInfo(
        "{family} moment formula",
        "For {variable} ~ {distribution}, {formula}; with these parameters the value is {after}.",
        "Binomial: E[X] = np"),
    Rule.STANDARD_DEVIATION_FROM_VARIANCE: RuleInfo(
        "Standard deviation",
        "The standard deviation is the square root of the variance: √({variance}) = {after}.",
        "SD = √2.1"),
    Rule.TABLE_EXPECTATION: RuleInfo(
        "Expected value from the table",
        "E[{variable}] = Σ x·P(X = x): {sum} = {after}.",
        "0·0.2 + 1·0.5 + 2·0.3 = 1.1"),
    Rule.TABLE_SECOND_MOMENT: RuleInfo(
        "E[X²] from the table",
        "E[{variable}²] = Σ x²·P(X = x): {sum} = {after}.",
        "0²·0.2 + 1²·0.5 + 2²·0.3 = 1.7"),
    Rule.VARIANCE_SHORTCUT: RuleInfo(
        "Variance",
        "Var(X) = E[X²] − (E[X])² = {before} = {after}.",
        "1.7 − 1.1² = 0.49"),
    Rule.ADDITION_RULE: RuleInfo(
        "Addition rule",
        "P(A ∪ B) = P(A) + P(B) − P(A ∩ B), subtracting the overlap counted twice: {numbers} = {after}.",
        "0.3 + 0.4 − 0.1 = 0.6"),
    Rule.ADDITION_RULE_REARRANGED: RuleInfo(
        "Addition rule, rearranged",
        "P(A ∩ B) = P(A) + P(B) − P(A ∪ B): {numbers} = {after}.",
        "0.3 + 0.4 − 0.6 = 0.1"),
    Rule.MULTIPLICATION_RULE: RuleInfo(
        "Multiplication rule",
        "P({a} ∩ {b}) = P({a} | {b})·P({b}): {numbers} = {after}.",
        "0.9·0.01 = 0.009"),
    Rule.MULTIPLICATION_RULE_INDEPENDENT: RuleInfo(
        "Multiplication rule for independent events",
        "{reason}, so P({a} ∩ {b}) = P({a})·P({b}): {numbers} = {after}.",
        "0.5·0.2 = 0.1"),
    Rule.CONDITIONAL_PROBABILITY: RuleInfo(
        "Conditional probability",
        "P(A | B) = P(A ∩ B)/P(B): {numbers} = {after}.",
        "0.1/0.4 = 0.25"),
    Rule.TOTAL_PROBABILITY: RuleInfo(
        "Law of total probability",
        "{b} happens either with {a} or without it: P({b}) = P({b} | {a})·P({a}) + P({b} | {not_a})·P({not_a}) = {numbers} = {after}.",
        "0.9·0.01 + 0.05·0.99 = 0.0585"),
    Rule.BAYES_THEOREM: RuleInfo(
        "Bayes' theorem",
        "P({a} | {b}) = P({b} | {a})·P({a}) / P({b}) = {numbers} = {after} ≈ {percent}.",
        "0.9·0.01/0.0585 ≈ 15.4%"),
    Rule.CONDITIONAL_COMPLEMENT: RuleInfo(
        "Complement rule, given {condition}",
        "Given {condition}, {complement} either happens or not, so the complement rule holds for conditional probabilities too: {before} = {difference} = {numbers} = {after}.",
        "P(Bᶜ | A) = 1 − P(B | A) = 1 − 0.9 = 0.1"),
    Rule.INTERSECTION_WITH_COMPLEMENT: RuleInfo(
        "Split P({a}) by {b}",
        "{a} happens either together with {b} or without it, so P({a}) = P({a} ∩ {b}) + P({a} ∩ {b}ᶜ) and {before} = P({a}) − P({a} ∩ {b}) = {numbers} = {after}.",
        "P(A ∩ Bᶜ) = 0.5 − 0.2 = 0.3"),
    Rule.CDF_VALUE: RuleInfo(
        "F({point})",
        "{where}, so the CDF there is {piece}: {before} = {shown}.",
        "F(−5) = 0 for X ~ Uniform(0, 10)"),
    Rule.COMBINATIONS: RuleInfo(
        "Combinations",
        "The number of ways to choose {k} of {n} when order does not matter is C(n, k) = {formula}: {shown} = {after}.",
        "C(10, 3) = 10·9·8/(3·2·1) = 120"),
    Rule.PERMUTATIONS: RuleInfo(
        "Permutations",
        "The number of ordered arrangements of {k} of {n} is P(n, k) = {formula}: {shown} = {after}.",
        "P(10, 3) = 10·9·8 = 720"),
    Rule.FACTORIAL: RuleInfo(
        "Factorial",
        "{n}! is the product of the whole numbers from {n} down to 1: {product} = {after}.",
        "5! = 5·4·3·2·1 = 120"),
    Rule.ZERO_FACTORIAL: RuleInfo(
        "Zero factorial",
        "0! = 1 by definition: it is the empty product (there is nothing to multiply), and it makes C(n, 0) = n!/(0!·n!) = 1 work.",
        "0! = 1"),
    # ------------------------------------------------------------------ statistics
    Rule.SUM_OF_VALUES: RuleInfo(
        "Add the values",
        "Add up the {n} values of {label}.",
        "2 + 4 + 4 + 4 + 5 + 5 + 7 + 9 = 40"),
    Rule.MEAN_OF_VALUES: RuleInfo(
        "Mean {symbol}",
        "The mean {symbol} is the sum of the values divided by how many there are, n = {n}.",
        "x̄ = 40/8 = 5"),
    Rule.SORT_DATA: RuleInfo(
        "Sort the data",
        "Put the {n} values in order from smallest to largest.",
        "7, 2, 9 → 2, 7, 9",
        relation="→"),
    Rule.MEDIAN_MIDDLE_VALUE: RuleInfo(
        "Median: the middle value",
        "There is an odd number of values, n = {n}, so the median is the middle one: value number (n + 1)/2 = {position} of the sorted list.",
        "1, 3, 7 ⇒ 3",
        relation="⇒"),
    Rule.MEDIAN_TWO_MIDDLE_VALUES: RuleInfo(
        "Median: halfway between the two middle values",
        "There is an even number of values, n = {n}, so the median is the mean of the two middle ones, values number {left} and {right} of the sorted list: ({lower} + {upper})/2 = {after}.",
        "1, 3, 7, 9 ⇒ (3 + 7)/2 = 5",
        relation="⇒"),
    Rule.FREQUENCY_TABLE: RuleInfo(
        "Count each value",
        "Count how often each value occurs: the first row lists the values, the second how many times each occurs.",
        "1, 2, 2, 3 → [[1, 2, 3], [1, 2, 1]]",
        relation="→"),
    Rule.MODE_MOST_FREQUENT: RuleInfo(
        "Mode",
        "The mode is the value that occurs most often. The largest count is {count}, reached by {how_many} value(s), so the data are {modality}.",
        "1, 2, 2, 3 ⇒ 2",
        relation="⇒"),
    Rule.NO_MODE: RuleInfo(
        "No mode",
        "Every value occurs the same number of times ({count}), so no value is more frequent than another: the data have no mode.",
        "1, 2, 3 ⇒ no mode",
        relation="⇒"),
    Rule.DATA_RANGE: RuleInfo(
        "Range",
        "The range is the largest value, {maximum}, minus the smallest, {minimum}.",
        "9 − 2 = 7"),
    Rule.DEVIATION_TABLE: RuleInfo(
        "Table of deviations",
        "Subtract the mean {mean_symbol} = {mean} from every value and raise the deviations to the powers needed. The columns are {columns}.",
        "x = 2: x − x̄ = −3, (x − x̄)² = 9",
        relation="→"),
    Rule.SUM_OF_DEVIATION_POWERS: RuleInfo(
        "Sum of {column}",
        "Add up {column} over all {n} values.",
        "Σ(x − x̄)² = 9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32"),
    Rule.SAMPLE_VARIANCE: RuleInfo(
        "Sample variance: divide by n − 1",
        "The data are a sample, so divide the sum of squared deviations by n − 1 = {df}, not by n: this (Bessel's correction) makes {symbol} an unbiased estimate of the population variance.",
        "s² = 32/7"),
    Rule.POPULATION_VARIANCE: RuleInfo(
        "Population variance: divide by n",
        "The data are the whole population, so {symbol} is the sum of squared deviations divided by n = {n}.",
        "σ² = 32/8 = 4"),
    Rule.STANDARD_DEVIATION_ROOT: RuleInfo(
        "Square root of the variance",
        "The standard deviation {symbol} is the square root of the variance; it is in the same units as the data.",
        "√4 = 2"),
    Rule.SAMPLE_STANDARD_DEVIATION: RuleInfo(
        "Sample standard deviation {label}",
        "The sample standard deviation of {which}, {label} = √(Σ(x − x̄)²/(n − 1)) with n − 1 = {df}, worked below.",
        "s = √(32/7)"),
    Rule.DECIMAL_VALUE: RuleInfo(
        "Decimal value",
        "As a decimal, rounded to 6 significant digits.",
        "4√14/7 → 2.13809",
        relation="→"),
    Rule.QUARTILE_AT_POSITION: RuleInfo(
        "{name}: the value at position {position}",
        "With the linear method (numpy's default, Hyndman–Fan type 7, Excel's QUARTILE.INC), {name} sits at position 1 + (n − 1)·{fraction} = {position} of the {n} sorted values; that is a whole number, so {name} is the value there.",
        "1, 2, 3, 4, 5: Q1 at position 2 is 2"),
    Rule.QUARTILE_INTERPOLATION: RuleInfo(
        "{name}: interpolate at position {position}",
        "With the linear method (numpy's default, Hyndman–Fan type 7, Excel's QUARTILE.INC), {name} sits at position 1 + (n − 1)·{fraction} = {position} of the {n} sorted values, between value {below} ({lower}) and value {above} ({upper}); go {weight} of the way from the first to the second.",
        "1, 2, 3, 4: Q1 at position 1.75 is 1 + 3/4·1 = 7/4"),
    Rule.INTERQUARTILE_RANGE: RuleInfo(
        "Interquartile range",
        "The interquartile range is Q3 − Q1: the spread of the middle half of the data.",
        "IQR = 6 − 5/2 = 7/2"),
    Rule.FIVE_NUMBER_SUMMARY: RuleInfo(
        "Five-number summary",
        "List the minimum ({minimum}), Q1, the median, Q3 and the maximum ({maximum}).",
        "[1, 2, 3, 4, 5]",
        relation="⇒"),
    Rule.CENTRAL_MOMENT: RuleInfo(
        "Central moment m{k}",
        "The central moment m{k} is the mean of the deviations raised to the power {k}: their sum divided by n = {n}.",
        "m₂ = 32/8 = 4"),
    Rule.SKEWNESS_COEFFICIENT: RuleInfo(
        "Skewness",
        "The skewness is the moment coefficient g₁ = m₃/m₂^(3/2) (Fisher–Pearson, with moments that divide by n: scipy.stats.skew's default; Excel's SKEW adjusts it for the sample size). It is {sign_word}: {shape}.",
        "g₁ = 5.25/4^(3/2) = 0.65625"),
    Rule.EXCESS_KURTOSIS: RuleInfo(
        "Excess kurtosis",
        "The kurtosis is taken as the excess kurtosis g₂ = m₄/m₂² − 3 (Fisher's definition with moments that divide by n: scipy.stats.kurtosis's default), which is 0 for a normal distribution. It is {sign_word}: {shape}.",
        "g₂ = 44.5/4² − 3 = −0.21875"),
    Rule.DEVIATION_FROM_MEAN: RuleInfo(
        "Distance from the mean",
        "Subtract the mean from {x}: x − x̄.",
        "9 − 5 = 4"),
    Rule.Z_SCORE: RuleInfo(
        "z-score",
        "Divide by the sample standard deviation: z = (x − x̄)/s counts how many standard deviations {x} lies {side} the mean.",
        "z = 4/2 = 2"),
    Rule.Z_SCORE_GIVEN: RuleInfo(
        "z-score",
        "Divide by the given standard deviation {sd}: z = (x − μ)/σ counts how many standard deviations {x} lies {side} the mean.",
        "z = 30/15 = 2"),
    Rule.DEVIATION_PRODUCTS_TABLE: RuleInfo(
        "Table of deviations and their products",
        "With x̄ = {xbar} and ȳ = {ybar}, subtract each mean from its own values and multiply the two deviations in every pair. The columns are {columns}.",
        "(1, 2): (1 − 2)(2 − 4) = 2",
        relation="→"),
    Rule.SAMPLE_COVARIANCE: RuleInfo(
        "Sample covariance",
        "Divide the sum of the products of deviations by n − 1 = {df} (the sample covariance, numpy.cov's default). It is {sign_word}: {meaning}.",
        "s_xy = 6/2 = 3"),
    Rule.POPULATION_COVARIANCE: RuleInfo(
        "Population covariance",
        "The pairs are the whole population, so divide the sum of the products of deviations by n = {n} (numpy.cov with bias=True). It is {sign_word}: {meaning}.",
        "σ_xy = 6/3 = 2"),
    Rule.PEARSON_CORRELATION: RuleInfo(
        "Pearson correlation",
        "Pearson's r divides the sum of products by the square root of the product of the two sums of squares, r = Σ(x − x̄)(y − ȳ)/√(Σ(x − x̄)²·Σ(y − ȳ)²); it always lies between −1 and 1. Here it shows {strength}.",
        "r = 6/√(2·18) = 1"),
    Rule.SAMPLE_PROPORTION: RuleInfo(
        "Sample proportion",
        "The sample proportion is the number of successes over the number of trials: p̂ = k/n.",
        "p̂ = 40/100 = 0.4"),
    Rule.STANDARD_ERROR_OF_MEAN: RuleInfo(
        "Standard error of the mean",
        "The standard error of the mean is {sd_symbol}/√n with n = {n}: how much the sample mean varies from sample to sample.",
        "SE = 2/√25 = 0.4"),
    Rule.STANDARD_ERROR_OF_DIFFERENCE: RuleInfo(
        "Standard error of the difference",
        "The samples are independent, so the variances of their means add: SE = √(s₁²/n₁ + s₂²/n₂) with n₁ = {n1} and n₂ = {n2}. Welch's test does not assume the two population variances are equal.",
        "SE = √(1/3 + 5/3)"),
    Rule.STANDARD_ERROR_OF_PROPORTION: RuleInfo(
        "Standard error of p̂ (Wald)",
        "The Wald interval estimates the standard error of p̂ by √(p̂(1 − p̂)/n), putting p̂ in place of the unknown p (the normal approximation to the binomial).",
        "SE = √(0.4·0.6/100) = 0.0489898"),
    Rule.T_CRITICAL_VALUE: RuleInfo(
        "Critical value from the t distribution",
        "The critical value leaves an area of {tail_area} in the {tail} of the t distribution with ν = {df} degrees of freedom.",
        "t(0.025, 7) = 2.36462"),
    Rule.Z_CRITICAL_VALUE: RuleInfo(
        "Critical value from the standard normal distribution",
        "The critical value leaves an area of {tail_area} in the {tail} of the standard normal distribution.",
        "z(0.025) = 1.95996"),
    Rule.MARGIN_OF_ERROR: RuleInfo(
        "Margin of error",
        "The margin of error is the critical value times the standard error.",
        "E = 2.36462·0.755929 = 1.78748"),
    Rule.CONFIDENCE_INTERVAL: RuleInfo(
        "Confidence interval",
        "The interval is the estimate plus or minus the margin of error, {center} ± {margin}. We are {level} confident that {parameter} lies between {lower} and {upper}: {level} of the intervals built this way, from repeated samples, contain the true value.",
        "5 ± 1.78748 = [3.21252, 6.78748]"),
    Rule.STATE_HYPOTHESES: RuleInfo(
        "State the hypotheses",
        "Null hypothesis H₀: {h0}; alternative hypothesis H₁: {h1}. {evidence_side} count as evidence against H₀, so the test is {tails}.",
        "H₀: μ = 5, H₁: μ ≠ 5",
        relation="⇒"),
    Rule.PAIRED_DIFFERENCES: RuleInfo(
        "Differences of the pairs",
        "The observations come in pairs, so work with the differences d = x − y (first minus second); the test becomes a one-sample t test of their mean μ_d.",
        "(5, 3) → d = 2",
        relation="→"),
    Rule.WELCH_DEGREES_OF_FREEDOM: RuleInfo(
        "Welch–Satterthwaite degrees of freedom",
        "Welch's degrees of freedom are ν = (v₁ + v₂)²/(v₁²/(n₁ − 1) + v₂²/(n₂ − 1)) with v₁ = s₁²/n₁ = {v1} and v₂ = s₂²/n₂ = {v2}; the denominator is {denominator} = {denominator_value}. ν is usually not a whole number.",
        "ν = 0.8²/0.2 = 3.2"),
    Rule.T_STATISTIC: RuleInfo(
        "Test statistic t",
        "t = ({mean_symbol} − {null_symbol})/SE: how many standard errors the sample mean {mean} lies from {null_value}, its value under H₀.",
        "t = 0.5/0.755929 = 0.661438"),
    Rule.WELCH_T_STATISTIC: RuleInfo(
        "Test statistic t (Welch)",
        "t = (x̄₁ − x̄₂)/SE: how many standard errors the difference of the sample means, {mean1} − {mean2}, lies from 0, its value under H₀.",
        "t = −3/1.29099 = −2.32379"),
    Rule.Z_STATISTIC: RuleInfo(
        "Test statistic z",
        "σ = {sigma} is known, so the statistic is z = (x̄ − μ₀)/(σ/√n): how many standard errors the sample mean {mean} lies from {null_value}, its value under H₀.",
        "z = 0.5/0.4 = 1.25"),
    Rule.T_P_VALUE: RuleInfo(
        "p-value from the t distribution",
        "If H₀ is true, t follows a t distribution with ν = {df} degrees of freedom. The p-value is the probability of a statistic at least as extreme as the one observed, {direction}.",
        "2·P(T ≥ 0.661438) = 0.529568"),
    Rule.Z_P_VALUE: RuleInfo(
        "p-value from the standard normal distribution",
        "If H₀ is true, z follows the standard normal distribution. The p-value is the probability of a statistic at least as extreme as the one observed, {direction}.",
        "2·P(Z ≥ 1.25) = 0.211300"),
    Rule.TEST_DECISION: RuleInfo(
        "Decision and conclusion",
        "The p-value {p_value} is {p_word} α = {alpha}, and the statistic {statistic} {region_word} the rejection region {rejection_region}, so we {decision} H₀. At significance level {alpha} there {evidence} evidence that {claim_subject} {relation_words} {null_value}.",
        "0.53 ≥ 0.05 ⇒ do not reject H₀",
        relation="⇒"),
    Rule.LIKELIHOOD: RuleInfo(
        "Likelihood",
        "The observations are independent, so the likelihood L({parameters}) is the product of the {family} {density} of every observation{summary}.",
        "L(p) = p^k (1 − p)^(n − k)"),
    Rule.LOG_LIKELIHOOD: RuleInfo(
        "Log-likelihood",
        "Take the natural logarithm: ln turns the product into a sum, and because ln is increasing, ℓ = ln L has its maximum at the same place as L.",
        "ℓ(p) = k ln p + (n − k) ln(1 − p)"),
    Rule.SUM_OF_SQUARES_DECOMPOSITION: RuleInfo(
        "Split the sum of squares at the sample mean",
        "Write Σ(xᵢ − μ)² = S_xx + n(x̄ − μ)², where x̄ = Σxᵢ/n is the sample mean and S_xx = Σ(xᵢ − x̄)²; the cross term 2(x̄ − μ)Σ(xᵢ − x̄) is 0 because the deviations from the mean add up to 0.",
        "Σ(xᵢ − μ)² = S_xx + n(x̄ − μ)²"),
    Rule.SCORE_FUNCTION: RuleInfo(
        "Differentiate the log-likelihood",
        "Differentiate ℓ with respect to {var}; every other letter is a constant here.",
        "dℓ/dp = k/p − (n − k)/(1 − p)"),
    Rule.SCORE_EQUATION: RuleInfo(
        "Set the derivative to zero",
        "Inside its domain a smooth function is largest where its derivative is 0, so set the derivative to 0 and solve for {var}.",
        "k/p − (n − k)/(1 − p) = 0 ⇒ p = k/n",
        relation="⇒"),
    Rule.PROFILE_LIKELIHOOD: RuleInfo(
        "Put μ = x̄ and maximise over σ",
        "μ = x̄ maximises ℓ whatever σ is, so substitute it and maximise what is left over σ alone.",
        "ℓ(x̄, σ) = −n ln σ − (n/2) ln(2π) − S_xx/(2σ²)",
        relation="→"),
    Rule.LIKELIHOOD_SECOND_DERIVATIVE: RuleInfo(
        "Check it is a maximum",
        "At {var} = {estimate} the second derivative is {after}, which is negative{condition}: ℓ bends downward there, so the critical point is a maximum.",
        "ℓ''(k/n) = −n³/(k(n − k)) < 0"),
    Rule.MONOTONE_LIKELIHOOD: RuleInfo(
        "The maximum is at the boundary",
        "Every observation is {value}, so the likelihood is L({var}) = {before}. Its derivative {derivative} is {sign} for {domain}, so L is {direction} there and largest at the end of the range, {after}. The derivative is never 0, so setting it to 0 would find nothing: the maximum is at the boundary.",
        "L(p) = pⁿ is increasing on (0, 1] ⇒ p̂ = 1",
        relation="⇒"),
    Rule.CLIP_INTERVAL: RuleInfo(
        "Clip to [0, 1]",
        "A proportion lies between 0 and 1, but the Wald interval {before} reaches outside [0, 1]; keep the part inside: {after}.",
        "[−0.07, 0.67] → [0, 0.67]",
        relation="→"),
    Rule.ESTIMATE_ON_DATA: RuleInfo(
        "Estimate from the data",
        "Put the data into the estimator {estimator}.",
        "p̂ = 3/5"),
    # ------------------------------------------------------------------ multivariable
    Rule.SIGMOID: RuleInfo(
        "Sigmoid derivative",
        "Standard derivative of the logistic sigmoid, 1/(1 + exp(−{var})): {identity}, the sigmoid times one minus itself.",
        "d/dx sigmoid(x) = sigmoid(x)(1 − sigmoid(x))"),
    Rule.RELU: RuleInfo(
        "ReLU derivative",
        "ReLU({var}) = max(0, {var}) has slope 0 for {var} < 0 and 1 for {var} > 0: {identity}, the step function. At the corner {var} = 0 there is no derivative; like PyTorch and TensorFlow we take the value 0 there.",
        "d/dx relu(x) = Heaviside(x, 0)"),
    Rule.SOFTPLUS: RuleInfo(
        "Softplus derivative",
        "Standard derivative of softplus({var}) = ln(1 + exp({var})): {identity}, the sigmoid.",
        "d/dx softplus(x) = sigmoid(x)"),
    Rule.DIFFERENTIATE_FUNCTION: RuleInfo(
        "Find {name}",
        "Differentiate {function} with respect to {var}.",
        "f' of x^3 - 3x is 3x^2 - 3"),
    Rule.PARTIAL_DERIVATIVE: RuleInfo(
        "Find {name}",
        "Hold {held} constant and differentiate {function} with respect to {var} with the one-variable rules.",
        "∂/∂x x^2 y = 2xy"),
    Rule.GRADIENT: RuleInfo(
        "Gradient",
        "The gradient of {function} collects its first partial derivatives, one per variable ({variables}), as a column: {after}.",
        "∇(x^2 y) = [2xy, x^2]"),
    Rule.HESSIAN: RuleInfo(
        "Hessian matrix",
        "The Hessian holds the second partial derivatives: entry (i, j) differentiates the i-th component of the gradient with respect to the j-th variable ({variables}): {after}.",
        "H(x^2 y) = [[2y, 2x], [2x, 0]]"),
    Rule.MIXED_PARTIALS: RuleInfo(
        "Find {name} by symmetry",
        "The second partial derivatives are continuous, so the mixed partials agree (Schwarz's theorem): {name} = {other} = {after}.",
        "∂²f/∂x∂y = ∂²f/∂y∂x"),
    Rule.EVALUATE_AT_POINT: RuleInfo(
        "Evaluate {name} at {at}",
        "Substitute {at} into {name}: {after}.",
        "∇f at (1, 2) = [4, 1]",
        relation="→"),
    Rule.CRITICAL_EQUATIONS: RuleInfo(
        "Find the critical points",
        "At a critical point {condition}, so solve {system} for {unknowns}: {after}.",
        "3x² − 3 = 0, 2y = 0 ⇒ (−1, 0), (1, 0)",
        relation="⇒"),
    Rule.SOLVE_ONE_UNKNOWN: RuleInfo(
        "Solve for {var}",
        "{before} has only the unknown {var}. {how} {factored}, so its real solutions are {after}.",
        "3x² − 3 = 3(x − 1)(x + 1) = 0 ⇒ x = −1, x = 1",
        relation="⇒"),
    Rule.ZERO_PRODUCT: RuleInfo(
        "A product equal to 0",
        "Factored, {before} reads {factored}. A product is 0 exactly when one of its factors is, so split into the cases {after}.",
        "2xy = 0 ⇒ x = 0 or y = 0",
        relation="⇒"),
    Rule.SOLVE_FOR_UNKNOWN: RuleInfo(
        "Solve for {var}",
        "{before} is linear in {var}, so solve it for {var}: {after}.",
        "3x² − 3y = 0 ⇒ y = x²",
        relation="⇒"),
    Rule.SUBSTITUTE_VALUES: RuleInfo(
        "Substitute",
        "Substitute {assignment} into the remaining equations: {after}.",
        "y = x²: 3y² − 3x = 0 → 3x⁴ − 3x = 0",
        relation="→"),
    Rule.CASE: RuleInfo(
        "Case {condition}",
        "Suppose {condition}; this case gives {after}.",
        "case x = 0: (0, 0)",
        relation="⇒"),
    Rule.NO_SOLUTION: RuleInfo(
        "No solution in this case",
        "{equation} is impossible (the left side is never 0), so this case gives no critical point.",
        "2 = 0",
        relation="⇒"),
    Rule.BACK_SUBSTITUTE_VALUE: RuleInfo(
        "Back-substitute",
        "Put {at} into {before}: {after}.",
        "y = x² at x = 1: y = 1",
        relation="⇒"),
    Rule.CONCAVITY_TEST: RuleInfo(
        "Second derivative test at {at}",
        "f'' at {at} is {after}, {sign}: f is {concavity} there, so the point is a {classification}.",
        "f''(1) = 6 > 0: local minimum"),
    Rule.HIGHER_DERIVATIVE_TEST: RuleInfo(
        "Higher derivative test at {at}",
        "f'' is 0 at {at}, so the second derivative test cannot decide. The first derivative that is not 0 there has order {order}: {before} = {after}. {reason}, so the point is a {classification}.",
        "x⁴ at 0: f⁗(0) = 24 > 0, a minimum"),
    Rule.INCONCLUSIVE_TEST: RuleInfo(
        "Derivative tests inconclusive at {at}",
        "Every derivative of f up to order {order} is 0 at {at}, so the derivative tests cannot classify this point.",
        "all derivatives 0"),
    Rule.SECOND_PARTIALS_TEST: RuleInfo(
        "Second partials test at {at}",
        "At {at} the Hessian is {matrix}, with determinant D = {after} and leading entry {name} = {fxx}: {reason}, so the point is a {classification}.",
        "D = 12 > 0, f_xx = 6 > 0: local minimum"),
    Rule.PRINCIPAL_MINORS_TEST: RuleInfo(
        "Hessian test at {at}",
        "At {at} the Hessian is {matrix}; its leading principal minors are {after}: {reason}, so the point is a {classification}.",
        "minors 2, 3, 4 > 0: local minimum",
        relation="→"),
    Rule.END_BEHAVIOUR: RuleInfo(
        "Behaviour as {var} → {end}",
        "As {var} → {end}, {function} tends to {after}.",
        "x² − 4x → ∞ as x → ∞"),
    Rule.GLOBAL_EXTREMUM: RuleInfo(
        "Global {kind}",
        "{function} is continuous on the whole real line. Its values at the critical points are {before}, and it tends to {ends} as {var} → −∞ and as {var} → ∞; nothing is {compare} than {after}, so the global {kind} is {after}, at {at}.",
        "f(2) = −4, f → ∞ at both ends: global minimum −4",
        relation="⇒"),
    Rule.NO_GLOBAL_EXTREMUM: RuleInfo(
        "No global {kind}",
        "As {var} → {end}, f tends to {after}: {reason}, so f has no global {kind}.",
        "x³ → −∞ as x → −∞: no minimum"),
    Rule.TANGENT_LINE: RuleInfo(
        "Tangent line",
        "The tangent line passes through ({point}) with slope {slope}. In point-slope form it is {before}; solved for {dependent}: {after}.",
        "y − 1 = 2(x − 1) ⇒ y = 2x − 1",
        relation="⇒"),
    Rule.GRADIENT_DESCENT: RuleInfo(
        "Gradient descent",
        "Each iteration steps against the gradient, x → {update}, with learning rate η = {rate}, for at most {steps} iterations. Each iteration below is a row of the table: the point, the gradient there, the step η·∇f, the new point and f there.",
        "x → x − η∇f(x)",
        relation="→"),
    Rule.GRADIENT_DESCENT_STEP: RuleInfo(
        "Iteration {k}",
        "At {before} the gradient is {gradient}; the step is η·∇f = {step}, so the new point is {after}, where f = {value}.",
        "x = 1, f'(1) = 2, step 0.2: x = 0.8",
        relation="→"),
    Rule.NEWTON: RuleInfo(
        "Newton's method",
        "Newton's method {purpose}: each iteration moves from x to {update}, {why}; at most {steps} iterations, stopping early once a step is shorter than the tolerance {tolerance} (relative to the size of x when that is above 1).",
        "x → x − f(x)/f'(x)",
        relation="→"),
    Rule.NEWTON_STEP: RuleInfo(
        "Iteration {k}",
        "At {before}, {value_name} = {value} and {slope_name} = {slope}; the step {step_name} is {step}, so the new point is {after}.",
        "x = 1: f = −1, f' = 2, step −1/2: x = 3/2",
        relation="→"),
    Rule.CONVERGED: RuleInfo(
        "Converged",
        "The last step moved the point by {before}, less than the tolerance {tolerance} (relative to the size of the point when that is above 1): {method} has converged to {point}.",
        "step 3e−12 < 1e−10",
        relation="⇒"),
    Rule.DESCENDING: RuleInfo(
        "f decreases",
        "f went down at every iteration, from {first} to {last}; the steps are still longer than the tolerance {tolerance}, so more iterations would keep moving the point.",
        "f: 5, 3.2, 2.05",
        relation="⇒"),
    Rule.DIVERGED: RuleInfo(
        "Diverges",
        "The iterates run off instead of settling (the last ones give f = {before}): {method} diverges. {advice}.",
        "f: 4, 16, 64",
        relation="⇒"),
    Rule.CYCLE: RuleInfo(
        "A cycle",
        "Iterate {last} is {before}, the same point as iterate {first}, so the iterates repeat forever from here: {method} does not converge from this start.",
        "0 → 1 → 0 → 1 …",
        relation="⇒"),
    Rule.ZERO_DERIVATIVE: RuleInfo(
        "Zero derivative",
        "{derivative} is 0 at {at}: the tangent there is horizontal, so the Newton step (a division by {derivative}) is undefined and the method stops here. There {value}: {outcome}.",
        "f'(0) = 0 for x² − 2 from x = 0"),
    Rule.SINGULAR_HESSIAN: RuleInfo(
        "Singular Hessian",
        "det H = 0 at {at}: the Hessian {matrix} has no inverse, so the Newton step is undefined and the method stops here. There {value}: {outcome}.",
        "det [[0, 0], [0, 2]] = 0"),
    Rule.DIRECT_SUBSTITUTION: RuleInfo(
        "Direct substitution",
        "{function} is continuous at {var} = {point}, so the limit is its value there: {after}.",
        "lim x→2 x² = 4"),
    Rule.LIMIT_OF_PARTS: RuleInfo(
        "Limit of each part",
        "As {var} → {point}, each part of {function} tends to a known limit, and they combine without an indeterminate form: {after}.",
        "e^(−x) + 1 → 0 + 1 = 1"),
    Rule.INDETERMINATE_FORM: RuleInfo(
        "Indeterminate form {form}",
        "Substituting {var} = {point} gives {form}, an indeterminate form: the parts ({pieces}) do not decide the value, so the limit needs more work.",
        "sin(x)/x at x = 0: 0/0",
        relation="⇒"),
    Rule.FACTOR_AND_CANCEL: RuleInfo(
        "Factor and cancel",
        "The numerator factors as {numerator} and the denominator as {denominator}. Their common factor {common} is not 0 while {var} approaches {point} (only at the point itself), so cancel it: {simplified}.",
        "(x² − 1)/(x − 1) = x + 1"),
    Rule.LHOPITAL: RuleInfo(
        "L'Hôpital's rule",
        "The form is {form}, so by L'Hôpital's rule the limit equals the limit of the quotient of the derivatives. Differentiate the numerator and the denominator separately: {numerator} gives {numerator_derivative} and {denominator} gives {denominator_derivative}, so the limit becomes {after}.",
        "lim sin(x)/x = lim cos(x)/1"),
    Rule.REWRITE_LIMIT: RuleInfo(
        "Rewrite the form {form}",
        "To turn the form {form} into a quotient, {how}: {after}.",
        "x ln x = ln x/(1/x)"),
    Rule.EXPONENTIAL_FORM: RuleInfo(
        "Take logarithms: the form {form}",
        "For the form {form}, write f = exp(ln f): the limit is {rewritten}. Since {inner} = {inner_value}, the limit is {after}.",
        "(1 + 1/x)^x → e^1"),
    Rule.DOMINANT_TERMS: RuleInfo(
        "Dominant terms",
        "As {var} → {point} the highest powers dominate: the numerator behaves like {numerator_term} and the denominator like {denominator_term}, so {function} behaves like {ratio}, which tends to {after}.",
        "(3x² + 1)/(2x² − x) ~ 3/2"),
    Rule.LEADING_TERM: RuleInfo(
        "Leading term",
        "As {var} → {point} the highest power dominates: {function} behaves like {leading}, which tends to {after}.",
        "x³ − 5x ~ x³ → ∞"),
    Rule.INFINITE_LIMIT: RuleInfo(
        "Infinite limit",
        "The numerator tends to {numerator}, not 0, while the denominator tends to 0, so the quotient grows without bound; its sign near {var} = {point} gives {sides}, so the limit is {after}.",
        "1/x² → ∞ as x → 0"),
    Rule.LIMIT_DOES_NOT_EXIST: RuleInfo(
        "The limit does not exist",
        "The numerator tends to {numerator}, not 0, while the denominator tends to 0; the sign differs on the two sides, {sides}, so the two-sided limit does not exist.",
        "1/x as x → 0",
        relation="⇒"),
    Rule.MULTIPLY_BY_CONJUGATE: RuleInfo(
        "Multiply by the conjugate",
        "The square root blocks the {form} form, so multiply the top and the bottom by the conjugate {conjugate}: (a − b)(a + b) = a² − b² clears the root, the {where} becomes {product}, and after cancelling the limit is {after}.",
        "(√(x + 4) − 2)/x = 1/(√(x + 4) + 2)",
        hint="Multiply the top and the bottom by the conjugate {conjugate} to clear the square root."),
    Rule.SQUEEZE_THEOREM: RuleInfo(
        "Squeeze theorem",
        "{bounded} has no limit as {var} → {point}, but it stays between −1 and 1, so −|{factor}| ≤ {function} ≤ |{factor}|. Both bounds tend to 0 because {factor} → 0, so by the squeeze theorem the limit is 0.",
        "x·sin(1/x) → 0 as x → 0",
        hint="{bounded} stays between −1 and 1: bound the whole product above and below."),
    Rule.DERIVATIVE_UNDEFINED: RuleInfo(
        "Where f' does not exist",
        "f' = {before} is not defined where {where}: at {after}. There f has no derivative (near the point f' tends to {sides}), but f itself is defined ({values}), so these are critical points as well.",
        "|x|: f' = x/|x| is undefined at x = 0, f(0) = 0",
        relation="⇒"),
    Rule.FIRST_DERIVATIVE_TEST: RuleInfo(
        "First derivative test at {at}",
        "f' does not exist at {at}, so read its sign on each side instead. Between neighbouring critical points f' keeps one sign, so test it at {left} and {right}: {before}. {reason}, so at {at} (where {value}) f has {classification}.",
        "|x| at 0: f'(−1) = −1 < 0, f'(1) = 1 > 0: local minimum",
        relation="⇒"),
    Rule.ONE_SIDED_LIMITS: RuleInfo(
        "One-sided limits",
        "{approach}: {sides}. {reason}",
        "|x|/x: −1 from the left, 1 from the right",
        relation="⇒"),
    Rule.OSCILLATING_LIMIT: RuleInfo(
        "The function oscillates",
        "As {var} → {point}, the argument {argument} of {oscillating} {grows}, so {function} takes every value between {low} and {high} over and over (it is {high} at {var} = {peaks} and {low} at {var} = {troughs} for n = 1, 2, 3, …, points that approach {point}): it settles on no single value, so the limit does not exist.",
        "sin(1/x) as x → 0",
        relation="⇒"),
    Rule.EXTREME_VALUE: RuleInfo(
        "The {kind} value",
        "Evaluate f at each local {kind}: {before}. So the {best} value of f is {after}{where}.",
        "f(1, −2) = −5: the local minimum value is −5",
        relation="⇒"),
    Rule.ABS_ON_ONE_SIDE: RuleInfo(
        "Remove |·| on one side",
        "The limit is taken from one side only, where the sign of what is inside |·| is fixed: {how}. The limit becomes {after}.",
        "x → 0⁻: |x| = −x",
        relation="="),
    Rule.NEWTON_CURVATURE: RuleInfo(
        "Check the curvature at the result",
        "Newton's method only looks for a point where {goal} = 0, which could be a maximum (or a saddle point) as well as a minimum. At the result, {shown}: {verdict}.",
        "f''(1.144) = 15.7 > 0: a minimum",
        relation="⇒"),
    Rule.COMPUTATION_GRAPH: RuleInfo(
        "Backpropagation through the computation graph",
        "Split {function} into named intermediate quantities, {graph}; differentiate each with respect to its input (the local derivatives), and multiply them along the path back to {var} by the chain rule: {chain}.",
        "z = wx + b, a = σ(z), L = (a − y)²"),
    Rule.FORWARD_PASS: RuleInfo(
        "Forward pass: name the intermediate quantities",
        "Compute {function} in stages, naming each intermediate quantity: {graph}. The output is {output}.",
        "z = wx + b, a = σ(z), L = (a − y)²",
        relation="→"),
    Rule.LOCAL_DERIVATIVE: RuleInfo(
        "Local derivative of {node} with respect to {input}",
        "Differentiate {node} with respect to its input {input}, every other letter held constant: {after}.",
        "∂a/∂z = σ(z)(1 − σ(z))"),
    Rule.CHAIN_PRODUCT: RuleInfo(
        "Chain rule: multiply along the path",
        "By the chain rule, {chain}: the product of the local derivatives {local} is {after}.",
        "∂L/∂w = 2(a − y)·σ(z)(1 − σ(z))·x"),
    Rule.SUBSTITUTE_INTERMEDIATES: RuleInfo(
        "Substitute the intermediates back",
        "Put back {graph} to write the derivative in terms of the original letters: {after}.",
        "a = σ(wx + b)"),
    Rule.SIMPLIFY: RuleInfo(
        "Simplify",
        "Simplify the result.",
        "2x cos(x^2) + 0 -> 2x cos(x^2)"),
}


ROLE_TITLES = {"outer": "Outer function", "inner": "Inner function", "du": "Find du", "dx": "Find dx", "v": "Find v"}


# What a tutor says before showing a step: the rule to use and how it is set up.
_HINTS = {
    Rule.CHAIN: "Use the chain rule: the outer function is {outer} with {u_eq}.",
    Rule.PRODUCT: "Use the product rule with f = {f} and g = {g}.",
    Rule.QUOTIENT: "Use the quotient rule with f = {f} (numerator) and g = {g} (denominator).",
    Rule.POWER: "Use the power rule with n = {n}.",
    Rule.SUM: "Differentiate the sum term by term.",
    Rule.CONSTANT_MULTIPLE: "Take the constant factor {constant} out and differentiate the rest.",
    Rule.LOGARITHMIC_DIFFERENTIATION: "Both the base and the exponent depend on {var}: take logarithms first.",
    Rule.HIGHER_ORDER: "Differentiate {function} to get the derivative of order {order}.",
    Rule.SIMPLIFY: "Simplify your result.",
    Rule.U_SUBSTITUTION: "Try the substitution {u_eq}.",
    Rule.INTEGRATION_BY_PARTS: "Integrate by parts with u = {u} and dv = {dv} d{var}.",
    Rule.CYCLIC_INTEGRATION_BY_PARTS: "Integrate by parts twice; the original integral comes back, so solve for it.",
    Rule.PARTIAL_FRACTIONS: "Split the integrand into partial fractions.",
    Rule.TRIG_SUBSTITUTION: "Substitute {substitution} to remove the square root.",
    Rule.TRIG_IDENTITY: "Rewrite the integrand with a trigonometric identity ({identity}).",
    Rule.INTEGRAL_SUM: "Integrate the sum term by term.",
    Rule.INTEGRAL_CONSTANT_MULTIPLE: "Take the constant factor {constant} out of the integral.",
    Rule.CONSTANT_OF_INTEGRATION: "Don't forget the constant of integration.",
    Rule.FUNDAMENTAL_THEOREM: "Evaluate the antiderivative at the upper and lower limits and subtract.",
    Rule.IMPROPER_INTEGRAL: "The integral is improper: replace the bad limit by a variable and take a limit.",
    Rule.PIVOT: "Work on column {column}: get a pivot in row {row} and clear the entries below it.",
    Rule.BACK_ELIMINATION: "Clear the entries above each pivot, starting from the last one.",
    Rule.ROW_SWAP: "Swap rows: {notation}.",
    Rule.ROW_SCALE: "Scale the row: {notation}.",
    Rule.ROW_REPLACE: "Do the row operation {notation}.",
    Rule.AUGMENTED_MATRIX: "Write the augmented matrix of the system.",
    Rule.AUGMENT_IDENTITY: "Write [A | I] and row-reduce it.",
    Rule.COFACTOR_EXPANSION: "Expand along {line}, which has the most zeros.",
    Rule.CHARACTERISTIC_POLYNOMIAL: "Find the characteristic polynomial det(A − λI).",
    Rule.PMF_FORMULA: "Write down the probability mass function of {distribution}.",
    Rule.STANDARDIZE: "Standardize: z = (x − μ)/σ.",
    Rule.COMPLEMENT_RULE: "Use the complement: P(event) = 1 − P(opposite event).",
    Rule.TOTAL_PROBABILITY: "First find P({b}) with the law of total probability.",
    Rule.BAYES_THEOREM: "Use Bayes' theorem: P({a} | {b}) = P({b} | {a})·P({a}) / P({b}).",
    Rule.ADDITION_RULE: "Use the addition rule: P(A ∪ B) = P(A) + P(B) − P(A ∩ B).",
}
RULES = {rule: (replace(info_, hint=_HINTS[rule]) if rule in _HINTS else info_) for rule, info_ in RULES.items()}


def info(rule: Rule) -> RuleInfo:
    return RULES[rule]
