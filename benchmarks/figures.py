"""Figure latency: p50/p95 per figure kind, and what a solve without figures costs.

Run from the repository root:

    python benchmarks/figures.py              # 15 timed draws per problem (about a minute)
    python benchmarks/figures.py --runs 40    # more draws
    python benchmarks/figures.py --json out.json

For each figure kind one representative problem is solved once; then ``figures_for`` is
timed ``--runs`` times on that solution (after one untimed draw, so matplotlib's import and
font cache are not counted; the cold first figure is reported separately).  The second
table times ``solver.service.solve_dict`` with and without ``figures`` on the same
problems: the difference is the price of the figure, and the "no figures" column is the
path every request without figures takes (it never imports matplotlib, checked here too).
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grammar import parse  # noqa: E402
from solver import ENGINES, solve  # noqa: E402
from solver.verify import verify  # noqa: E402

PROBLEMS = [
    ("function_and_derivative", "derivative of x^2 sin x"),
    ("function_and_derivative (pole)", "d/dx (x^2 + 1)/(x - 1)"),
    ("tangent_line", "tangent line to x^3 - x at x = 1"),
    ("definite_integral_area", "∫_-1^2 x^3 dx"),
    ("improper_integral_area", "integral of 1/x^2 from 1 to oo dx"),
    ("antiderivative", "integrate x e^x dx"),
    ("limit", "limit of sin(x)/x as x -> 0"),
    ("critical_points", "critical points of x^3 - 3x"),
    ("critical_points_contour", "critical points of x^3 - 3x + y^2"),
    ("iteration_path", "newton's method on x^2 - 2 from x = 1 for 4 steps"),
    ("iteration_path_contour", "gradient descent on x^2 + 2y^2 from (x, y) = (1, 1) with learning rate 0.1 for 5 steps"),
    ("computation_graph", "derivative of (sigmoid(w x + b) - y)^2 with respect to w"),
    ("linear_map", "eigenvectors of [[2,1],[1,2]]"),
    ("linear_system_lines", "solve x + y = 3, x - y = 1"),
    ("pmf", "P(X <= 1) where X ~ Poisson(2)"),
    ("density", "P(X > 1.5) where X ~ Normal(1, 4)"),
    ("data_distribution_box_plot", "five number summary of 2, 4, 4, 5, 7, 9, 10, 12"),
    ("confidence_interval", "95% confidence interval for the mean of 4, 5, 6, 7, 8"),
    ("test_distribution", "t-test of 5.1, 4.9, 5.6, 5.8, 6.0 against mean 5"),
    ("scatter_plot", "correlation of 1, 2, 3, 4, 5 and 2, 4, 5, 4, 5"),
]


def solved(text: str):
    problem = parse(text)
    if problem.kind in ENGINES:
        return solve(problem)
    for name in ("solver.multivariable", "solver.statistics"):
        module = importlib.import_module(name)
        if problem.kind in module.KINDS:
            solution = module.solve(problem)
            return solution.with_verification(verify(solution))
    raise LookupError(problem.kind)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def cold_first_figure() -> float:
    """A fresh process: import matplotlib and draw the first figure (ms)."""
    code = ("import time; from solver import solve; s = solve('∫_0^1 x dx'); t = time.perf_counter(); "
            "from solver.figures import figures_for; figures_for(s); print((time.perf_counter() - t) * 1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    return float(out.stdout.strip())


def no_matplotlib_without_figures() -> bool:
    code = ("import sys; from solver.service import solve_dict; solve_dict('∫_0^π sin x dx'); "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    return out.stdout.strip() == "False"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", help="also write the numbers to this file")
    args = parser.parse_args()

    from solver.figures import figures_for
    from solver.service import solve_dict

    rows, problems_out, failures = [], [], []
    for label, text in PROBLEMS:
        try:
            solution = solved(text)
        except Exception as exc:  # an engine not wired in yet: report, do not stop
            failures.append(f"{label}: {text!r} not solved ({type(exc).__name__}: {exc})")
            continue
        figures, omitted = figures_for(solution)
        if not figures:
            failures.append(f"{label}: {text!r} drew no figure ({omitted})")
            continue
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            figures_for(solution)
            times.append((time.perf_counter() - start) * 1000)
        size = len(figures[0].svg.encode())
        rows.append({"figure": figures[0].kind, "label": label, "problem": text, "p50_ms": percentile(times, 0.5),
                     "p95_ms": percentile(times, 0.95), "svg_kb": size / 1024})
        plain, drawn = [], []
        for _ in range(max(3, args.runs // 3)):
            start = time.perf_counter()
            solve_dict(text)
            plain.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            solve_dict(text, figures=True)
            drawn.append((time.perf_counter() - start) * 1000)
        problems_out.append({"label": label, "solve_p50_ms": statistics.median(plain),
                             "solve_with_figures_p50_ms": statistics.median(drawn)})

    print(f"# Figures ({args.runs} timed draws per problem)\n")
    print("| figure kind | problem | p50 ms | p95 ms | SVG KiB |")
    print("|---|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r['label']} | `{r['problem']}` | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['svg_kb']:.0f} |")
    all_p50 = [r["p50_ms"] for r in rows]
    if all_p50:
        print(f"\nAll kinds: median of p50 {statistics.median(all_p50):.0f} ms, worst p95 "
              f"{max(r['p95_ms'] for r in rows):.0f} ms.")
    cold = cold_first_figure()
    print(f"First figure in a fresh process (imports matplotlib, builds its font cache): {cold:.0f} ms.")
    print("\n## solve_dict with and without figures (p50 ms)\n")
    print("| problem | no figures | with figures |")
    print("|---|---:|---:|")
    for p in problems_out:
        print(f"| {p['label']} | {p['solve_p50_ms']:.0f} | {p['solve_with_figures_p50_ms']:.0f} |")
    clean = no_matplotlib_without_figures()
    print(f"\nA solve without figures imports matplotlib: {'no' if clean else 'YES (regression)'}.")
    for failure in failures:
        print(f"\nnot measured: {failure}")
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": rows, "solves": problems_out, "cold_first_ms": cold,
                                               "matplotlib_free_without_figures": clean, "failures": failures},
                                              indent=2, ensure_ascii=False))
    return 0 if clean and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
