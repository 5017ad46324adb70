"""The ``stepsolver`` command: ``solve`` and ``parse`` print, ``serve`` starts gunicorn."""

from __future__ import annotations

import argparse
import json
import os
import sys

from grammar import Limits, StepsolverError


def _runner(time_limit: float):
    from solver.service import handle
    from solver.worker import SolverProcess
    return SolverProcess(handle, Limits(time_limit=time_limit))


def _print_error(exc: StepsolverError) -> int:
    print(f"error ({exc.code}): {exc.message}", file=sys.stderr)
    if exc.context:
        print("  " + exc.context.replace("\n", "\n  "), file=sys.stderr)
    if exc.hint:
        print(f"hint: {exc.hint}", file=sys.stderr)
    return 2 if exc.http_status == 400 else 1


def cmd_solve(args) -> int:
    runner = _runner(args.time_limit)
    fmt = args.format
    request = {"op": "solve", "problem": args.problem, "format": fmt}
    if args.plot:
        request["figures"] = True
    try:
        result = runner.run(request)
    except StepsolverError as exc:
        return _print_error(exc)
    finally:
        runner.close()
    figures, omitted = result.pop("figures", []), result.pop("figures_omitted", [])
    if fmt == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(result["rendered"])
    return _write_plot(args.plot, figures, omitted) if args.plot else 0


def _write_plot(path: str, figures: list, omitted: list) -> int:
    """The first figure to ``path`` (more, if any, to ``path-2.svg`` …); its alt text on stderr."""
    if not figures:
        reason = omitted[0]["reason"] if omitted else "no figure was drawn"
        print(f"no figure written: {reason}", file=sys.stderr)
        return 1
    stem, dot, ext = path.rpartition(".")
    for k, figure in enumerate(figures, start=1):
        target = path if k == 1 else (f"{stem}-{k}.{ext}" if dot else f"{path}-{k}")
        with open(target, "w", encoding="utf-8") as out:
            out.write(figure["svg"])
        print(f"figure written to {target}: {figure['alt']}", file=sys.stderr)
    return 0


def cmd_parse(args) -> int:
    runner = _runner(args.time_limit)
    try:
        result = runner.run({"op": "parse", "problem": args.problem})
    except StepsolverError as exc:
        return _print_error(exc)
    finally:
        runner.close()
    print(f"kind: {result['kind']}\nread as: {result['text']}\nlatex: {result['latex']}\nsympy: {result['sympy']}")
    for note in result["assumptions"]:
        print(f"assumption: {note}")
    return 0


def cmd_serve(args) -> int:
    workers = args.workers or max(os.cpu_count() or 1, 1)
    env = dict(os.environ, STEPSOLVER_TIME_LIMIT=str(args.time_limit))
    argv = [sys.executable, "-m", "gunicorn",
            "--bind", f"{args.host}:{args.port}",
            "--workers", str(workers),
            "--worker-class", "sync",
            # The app (sympy, the parser) is imported once in the master and shared by the
            # forked workers: each worker's private memory stays small and a replaced worker
            # boots fast.
            "--preload",
            # Solves are stopped by the solver's own time limit; this is only a backstop.
            "--timeout", str(int(args.time_limit * 3 + 30)),
            "--access-logfile", "-",
            "api:create_app()"]
    print(f"stepsolver: serving on http://{args.host}:{args.port} with {workers} workers", file=sys.stderr)
    os.execve(sys.executable, argv, env)
    return 0  # not reached


def cmd_check(args) -> int:
    runner = _runner(args.time_limit)
    try:
        result = runner.run({"op": "check", "problem": args.problem, "answer": args.answer,
                             "work": args.work or None, "reveal": True})
    except StepsolverError as exc:
        return _print_error(exc)
    finally:
        runner.close()
    print(("✓ " if result["correct"] else "✗ ") + result["message"])
    if not result["correct"] and result.get("expected"):
        print(f"expected: {result['expected']['text']}")
    for line in result.get("lines", []):
        print(f"  line {line['line']}: {'ok' if line['ok'] else 'WRONG'} — {line['reason']}")
    return 0 if result["correct"] else 1


def cmd_mcp(args) -> int:
    from .mcp_server import main as serve_mcp

    serve_mcp(args.time_limit)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stepsolver", description="Worked, verified solutions to math problems.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("solve", help="solve a problem and print the worked steps")
    p.add_argument("problem", help='the problem, e.g. "d/dx sin(x^2)"')
    p.add_argument("--format", choices=("text", "markdown", "latex", "json"), default="text")
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    p.add_argument("--plot", metavar="PATH", help="also draw the solution's figure as SVG to PATH")
    p.set_defaults(func=cmd_solve)

    p = sub.add_parser("parse", help="show how a problem is read")
    p.add_argument("problem")
    p.add_argument("--time-limit", type=float, default=10.0)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("check", help="check an answer (and work) to a problem")
    p.add_argument("problem")
    p.add_argument("answer")
    p.add_argument("--work", action="append", help="one line of work; repeat for more lines")
    p.add_argument("--time-limit", type=float, default=10.0)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("mcp", help="run the MCP server on stdio (tools: solve, check, hint)")
    p.add_argument("--time-limit", type=float, default=10.0)
    p.set_defaults(func=cmd_mcp)

    p = sub.add_parser("serve", help="run the HTTP API with gunicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=0, help="default: one per CPU core")
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds per solve (default 10)")
    p.set_defaults(func=cmd_serve)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
