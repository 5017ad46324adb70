"""Benchmark stepsolver over fixed corpora: parse latency, solve latency, coverage, HTTP throughput.

Run from the repository root:

    python benchmarks/bench.py                          # every corpus, a few minutes on 2 cores
    python benchmarks/bench.py --quick                  # a subset, about a minute
    python benchmarks/bench.py --corpus-kind integrals  # one corpus (benchmarks/corpus/<kind>.txt)
    python benchmarks/bench.py --json out.json

It prints a Markdown report and exits 1 when a hard expectation fails: a derivative corpus
problem that does not parse, solve and verify; an HTTP error; our parser not being faster than
``sympy.parsing.sympy_parser.parse_expr``; or the integral engine's coverage not above that of
``sympy.integrals.manualintegrate.manualintegrate`` alone.  ``parse_expr`` and
``manualintegrate`` are used here only as yardsticks.  The HTTP part starts the real server
(``python -m api serve``, gunicorn sync workers) on a free port of 127.0.0.1 and talks to
nothing else.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import itertools
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import lark
import sympy
from sympy.core.cache import clear_cache
from sympy.integrals.manualintegrate import manualintegrate
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, installed or not

import grammar
from solver.equivalence import equivalent
from solver.rules import Rule
from solver.service import handle, solve_dict
from solver.steps import Step
from solver.verify import check_definite_value
from solver.worker import SolverProcess

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "benchmarks" / "corpus"
CORPUS = CORPUS_DIR / "derivatives.txt"
KINDS = ("derivatives", "integrals", "linalg")  # corpora with a section of their own, in report order
LIMITS = grammar.Limits(time_limit=10)  # per problem, in the killable solving process
HOST = "127.0.0.1"  # the only address this script ever contacts
TRANSFORMATIONS = standard_transformations + (implicit_multiplication_application, convert_xor)
PARSE_EXPR_LOCALS = {"e": sympy.E}  # so parse_expr reads e^x as we do, not as a symbol e


@dataclass(frozen=True)
class Settings:
    every: int               # use every n-th corpus line
    parse_repeats: int       # timed passes over the lines, repeated input
    new_repeats: int         # timed passes with a fresh string each time
    cold_repeats: int        # timed passes with a fresh string and sympy's cache cleared
    warm_solve_passes: int   # timed solve passes after the first-sight pass
    http_requests: int       # requests per concurrency level
    http_seconds: float      # and at most this long per level
    health_requests: int
    health_seconds: float


FULL = Settings(every=1, parse_repeats=20, new_repeats=5, cold_repeats=3, warm_solve_passes=2,
                http_requests=1000, http_seconds=15.0, health_requests=3000, health_seconds=5.0)
QUICK = Settings(every=5, parse_repeats=3, new_repeats=2, cold_repeats=1, warm_solve_passes=1,
                 http_requests=60, http_seconds=8.0, health_requests=500, health_seconds=2.0)


# ------------------------------------------------------------------ corpus
@dataclass(frozen=True)
class Line:
    text: str
    category: str
    prefix: str   # the problem phrase before the expression ("d/dx ", "derivative of ")
    expr: str     # the expression alone, for parse_expr
    suffix: str   # what follows it ("with respect to y", "?")

    def with_constant(self, k: int) -> str:
        """The same problem with ``+ k`` added: a string the parsers have not seen."""
        return f"{self.prefix}{self.expr} + {k}{self.suffix}"


_LEAD = r"(?:(?:find|the|what|is|compute|calculate|evaluate|determine|please)\s+)*"
_DDX = (r"[d∂]\s*(?:\^\s*\d+|[²³⁴⁵⁶⁷⁸⁹])?\s*/\s*[d∂]\s*[A-Za-zα-ωΑ-Ω]+(?:_[A-Za-z0-9]+|\d+)?"
        r"(?:\s*\^\s*\d+|[²³⁴⁵⁶⁷⁸⁹])?(?:\s+of\b)?")
_WORDED = (r"(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+)?"
           r"(?:partial\s+)?derivative\s+of|differentiate")
_PROBLEM = re.compile(
    rf"^\s*{_LEAD}(?:{_DDX}|{_WORDED})\s*(?P<expr>.+?)"
    r"(?P<suffix>\s*(?:(?:with\s+respect\s+to|wrt)\s+\S+)?(?:\s+please)?\s*[?.]*\s*)$",
    re.IGNORECASE | re.DOTALL)
_CATEGORY = re.compile(r"^#\s*([A-Za-z_]+):\s*$")


def read_problems(path: Path) -> list[tuple[str, str]]:
    """(problem, category) for every line of a corpus file; ``# name:`` opens a category."""
    problems, category, seen = [], "other", set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if not text:
            continue
        if text.startswith("#"):
            m = _CATEGORY.match(text)
            if m:
                category = m.group(1)
            continue
        if text in seen:
            raise SystemExit(f"{path}: duplicate problem {text!r}")
        seen.add(text)
        problems.append((text, category))
    return problems


def read_corpus(path: Path) -> list[Line]:
    """The derivative corpus, each line split into problem phrase and expression for ``parse_expr``."""
    lines = []
    for text, category in read_problems(path):
        m = _PROBLEM.match(text)
        if m is None:
            raise SystemExit(f"{path}: cannot find the expression part of {text!r}")
        lines.append(Line(text, category, text[:m.start("expr")], m.group("expr"), m.group("suffix")))
    return lines


# ------------------------------------------------------------------ statistics
def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99),
            "max": max(ms) if ms else float("nan"), "mean": sum(ms) / len(ms) if ms else float("nan")}


def fmt(x: float) -> str:
    if x != x:  # nan
        return "–"
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.0f}"


def pct(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.0f} %"


def table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def timed_ms(fn, arg) -> float:
    t0 = time.perf_counter_ns()
    fn(arg)
    return (time.perf_counter_ns() - t0) / 1e6


# ------------------------------------------------------------------ a. parsing
def ours(text: str):
    return grammar.parse(text)


def theirs(text: str):
    return parse_expr(text, local_dict=PARSE_EXPR_LOCALS, transformations=TRANSFORMATIONS)


def _plain(expr):
    """Our symbols are real; parse_expr's are not.  Compare the shapes only."""
    return expr.xreplace({s: sympy.Symbol(s.name) for s in expr.free_symbols})


def bench_parse(lines: list[Line], cfg: Settings) -> dict:
    # Lines we cannot read are failures (the solve part reports them); they are not timed.
    parsed, not_parsed = [], []
    for line in lines:
        try:
            mine = ours(line.text).expr
            shifted = ours(line.with_constant(7)).expr  # the "+ k" strings must mean what we think
        except grammar.StepsolverError as exc:
            not_parsed.append(f"{line.text}: {exc}")
            continue
        if sympy.expand(shifted - mine - 7) != 0:
            raise SystemExit(f"bench: adding a constant changed the meaning of {line.text!r}")
        parsed.append((line, mine))
    lines = [line for line, _ in parsed]

    # Which lines parse_expr can read at all, and whether it reads them as we do.
    readable, unreadable, differs = [], [], []
    for line, mine in parsed:
        try:
            other = theirs(line.expr)
            theirs(f"{line.expr} + 7")  # the form timed on new input must be readable too
        except Exception:  # any failure means "cannot read it"
            unreadable.append(line.text)
            continue
        readable.append(line)
        try:
            same = _plain(mine) == other or sympy.expand(_plain(mine) - other) == 0
        except Exception:  # a comparison sympy cannot make: count it as different
            same = False
        if not same:
            differs.append(f"{line.expr}  ->  parse_expr: {other}")

    for line in lines:  # warm-up pass
        ours(line.text)
    for line in readable:
        theirs(line.expr)

    results: dict[str, dict] = {}
    counter = iter(range(1_000_003, 10**9))  # distinct constants: every string new
    readable_texts = {line.text for line in readable}

    def timed_passes(mode: str, repeats: int) -> tuple[list[float], list[float], list[float]]:
        """Both parsers, line by line in turn, so that noise from the machine hits both alike."""
        mine_all, mine_common, other = [], [], []
        for _ in range(repeats):
            for line in lines:
                both = line.text in readable_texts
                if mode == "repeated":
                    mine_text, other_text = line.text, line.expr
                else:  # a different constant for each parser: neither finds the other's result cached
                    mine_text, other_text = line.with_constant(next(counter)), f"{line.expr} + {next(counter)}"
                if mode == "cold":
                    clear_cache()
                ms = timed_ms(ours, mine_text)
                mine_all.append(ms)
                if both:
                    mine_common.append(ms)
                    if mode == "cold":
                        clear_cache()
                    other.append(timed_ms(theirs, other_text))
        return mine_all, mine_common, other

    modes = (("repeated", cfg.parse_repeats), ("new", cfg.new_repeats), ("cold", cfg.cold_repeats))
    for mode, repeats in modes:
        gc.collect()
        gc.disable()  # as timeit does: a collection pause would land on whichever parse is unlucky
        try:
            timings = timed_passes(mode, repeats)
        finally:
            gc.enable()
        for name, times in zip(("grammar.parse (all)", "grammar.parse (common)", "parse_expr (common)"),
                               timings, strict=True):
            results[f"{name}|{mode}"] = {"parser": name, "input": mode, **summary(times)}
    clear_cache()

    ratios = {}
    for mode, _ in modes:
        a, b = results[f"parse_expr (common)|{mode}"], results[f"grammar.parse (common)|{mode}"]
        ratios[mode] = {"mean": a["mean"] / b["mean"], "p50": a["p50"] / b["p50"]}
    return {"lines": len(lines), "not_parsed": not_parsed, "parse_expr_read": len(readable), "parse_expr_unreadable": unreadable,
            "parse_expr_reads_differently": differs, "timings": list(results.values()), "ratio": ratios}


# ------------------------------------------------------------------ b. solving in-process
def bench_solve(lines: list[Line], cfg: Settings) -> dict:
    failures: list[dict] = []
    first: list[tuple[Line, float]] = []
    verified = 0
    solve_dict("d/dx x^2 sin x")  # import-time and first-call costs are not a problem's
    for line in lines:
        clear_cache()  # first sight: nothing of this problem is in sympy's cache
        t0 = time.perf_counter_ns()
        try:
            out = solve_dict(line.text)
        except Exception as exc:  # report every failure and keep going
            failures.append({"problem": line.text, "error": f"{type(exc).__name__}: {exc}"})
            continue
        ms = (time.perf_counter_ns() - t0) / 1e6
        first.append((line, ms))
        if out.get("verified"):
            verified += 1
        else:
            failures.append({"problem": line.text, "error": "not verified",
                             "detail": out["verification"]["summary"]})
    warm: list[float] = []
    ok = [line for line, _ in first]
    for _ in range(cfg.warm_solve_passes):
        for line in ok:
            warm.append(timed_ms(solve_dict, line.text))

    by_category: dict[str, list[float]] = {}
    for line, ms in first:
        by_category.setdefault(line.category, []).append(ms)
    slowest = sorted(first, key=lambda p: -p[1])[:5]
    return {
        "problems": len(lines), "verified": verified, "verified_share": verified / len(lines) if lines else 0.0,
        "failures": failures,
        "first_sight": summary([ms for _, ms in first]),
        "repeat": summary(warm),
        "by_category": {c: summary(v) for c, v in by_category.items()},
        "slowest": [{"problem": line.text, "ms": ms} for line, ms in slowest],
    }


# ------------------------------------------------------------------ c. HTTP
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """``python -m api serve`` in its own process group, stopped as a group."""

    def __init__(self, workers: int = 2) -> None:
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="stepsolver-bench-", suffix=".log", delete=False)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        # The result cache would answer the repeated corpus from memory: measure the solving itself.
        env["STEPSOLVER_CACHE_SIZE"] = "0"
        argv = [sys.executable, "-m", "api", "serve", "--host", HOST, "--port", str(self.port),
                "--workers", str(workers)]
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self.started = time.perf_counter()

    def wait_ready(self, timeout: float = 30.0) -> float:
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                status, _ = request(self.port, "GET", "/api/v1/healthz", None, timeout=2)
                if status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer /api/v1/healthz within {timeout:g} s:\n{self.tail()}")

    def tail(self, n: int = 20) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-n:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


def request(port: int, method: str, path: str, body: bytes | None, timeout: float = 60) -> tuple[int, bytes]:
    # gunicorn's sync worker closes every connection after its response: one connection a request.
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def load(server: Server, clients: int, jobs: list[tuple[str, str, bytes | None]], max_requests: int,
         max_seconds: float, check_verified: bool = False, offset: int = 0, refusals_ok: bool = False) -> dict:
    """``clients`` threads take jobs round-robin until ``max_requests`` or ``max_seconds``.

    With ``refusals_ok`` a 422 (a located refusal, e.g. a non-elementary integral in the mixed
    corpus) is a counted answer, not an error; anything else but a 200 is an error.
    """
    lock = threading.Lock()
    state = {"next": 0}
    refused = [0]
    latencies: list[float] = []
    errors: list[str] = []
    unverified = [0]
    port = server.port
    cpu_before = cpu_snapshot(server.proc.pid)
    start = time.perf_counter()
    deadline = start + max_seconds

    def worker() -> None:
        while True:
            with lock:
                i = state["next"]
                if i >= max_requests or time.perf_counter() >= deadline:
                    return
                state["next"] = i + 1
            method, path, body = jobs[(i + offset) % len(jobs)]
            t0 = time.perf_counter()
            try:
                status, data = request(port, method, path, body)
            except OSError as exc:
                status, data = None, repr(exc).encode()
            ms = (time.perf_counter() - t0) * 1000
            bad = None
            if status == 422 and refusals_ok:
                with lock:
                    refused[0] += 1
            elif status != 200:
                bad = f"{status}: {data[:200].decode('utf-8', 'replace')}"
            elif check_verified and not json.loads(data).get("verified"):
                unverified[0] += 1
            with lock:
                latencies.append(ms)
                if bad:
                    errors.append(bad)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    others = others_share(cpu_before, cpu_snapshot(server.proc.pid))
    return {"others_cpu": others, "clients": clients, "requests": len(latencies), "seconds": elapsed,
            "rps": len(latencies) / elapsed if elapsed else float("nan"), **summary(latencies),
            "errors": len(errors), "error_samples": errors[:5], "unverified": unverified[0], "refused": refused[0]}


def mixed_jobs(every: int = 1) -> list[tuple[str, str, bytes | None]]:
    """Every corpus interleaved kind by kind (a derivative, an integral, a matrix, …), so a
    load run sees the service's whole mix.  Integrals known to have no elementary
    antiderivative are left out: each would only measure the time limit."""
    per_kind = []
    for kind in corpus_kinds():
        problems = [text for text, category in read_problems(CORPUS_DIR / f"{kind}.txt")[::every]
                    if category != "nonelementary"]
        per_kind.append(problems)
    mixed = [p for row in itertools.zip_longest(*per_kind) for p in row if p is not None]
    return [("POST", "/api/v1/solve", json.dumps({"problem": text}).encode()) for text in mixed]


def process_memory(pgid: int) -> dict[int, tuple[str, int]]:
    """{pid: (role, resident kB)} for every process of the server's process group."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            rest = text.rsplit(")", 1)[1].split()
            if int(rest[2]) != pgid:
                continue
            pid, ppid = int(text.split(None, 1)[0]), int(rest[1])
            status = (stat.parent / "status").read_text()
        except (OSError, ValueError, IndexError):
            continue
        rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        role = "master" if pid == pgid else ("worker" if ppid == pgid else "solving process")
        found[pid] = (role, rss)
    return found


def bench_soak(total: int, clients: int = 4, samples: int = 10) -> dict:
    """``total`` requests of the mixed corpus, with every process's resident memory read
    after each tenth: a leak (an unbounded cache, say) shows as steady growth."""
    jobs = mixed_jobs()
    server = Server(workers=2)
    chunk = max(1, total // samples)
    try:
        server.wait_ready(30.0)
        load(server, 2, jobs, min(len(jobs), chunk), 300.0, refusals_ok=True)  # warm: every process forked
        rows, done, errors, refused, latencies = [], 0, 0, 0, []
        start = time.perf_counter()
        memory = process_memory(server.proc.pid)
        rows.append({"requests": 0, "memory": memory})
        while done < total:
            n = min(chunk, total - done)
            r = load(server, clients, jobs, n, 3600.0, offset=done, refusals_ok=True)
            done += n
            errors += r["errors"]
            refused += r["refused"]
            latencies.append((r["p50"], r["p95"], r["rps"]))
            rows.append({"requests": done, "memory": process_memory(server.proc.pid)})
        alive = server.proc.poll() is None
    finally:
        server.stop()
    return {"requests": total, "clients": clients, "seconds": time.perf_counter() - start, "errors": errors,
            "refused": refused, "distinct_problems": len(jobs), "rows": rows, "latencies": latencies,
            "alive_after": alive}


def report_soak(s: dict) -> str:
    out = [f"\n## Memory over {s['requests']:,} requests\n",
           f"{s['requests']:,} `POST /api/v1/solve` at {s['clients']} clients over the mixed corpus "
           f"({s['distinct_problems']} distinct problems, round-robin, result cache off) in {s['seconds']:.0f} s; "
           f"{s['errors']} errors, {s['refused']} located refusals (422). Resident memory (MiB) of each process "
           "of the server (the solving processes are replaced when one is killed, so a row may gain or lose one):\n"]
    pids = sorted({pid for row in s["rows"] for pid in row["memory"]})
    roles = {pid: role for row in s["rows"] for pid, (role, _) in row["memory"].items()}
    header = ["requests", *(f"{roles[p]} {p}" for p in pids)]
    body = [[f"{row['requests']:,}", *(f"{row['memory'][p][1] / 1024:.0f}" if p in row["memory"] else "–"
                                         for p in pids)] for row in s["rows"]]
    out.append(table(header, body))
    first, last = s["rows"][1]["memory"], s["rows"][-1]["memory"]
    growth = [(last[p][1] - first[p][1]) / 1024 for p in first if p in last]
    if growth:
        out.append(f"\nGrowth from the first tenth to the end, per process that lived throughout: "
                   f"at most {max(growth):+.0f} MiB.")
    p50s = ", ".join(f"{p50:.0f}" for p50, _, _ in s["latencies"])
    out.append(f"p50 per tenth (ms): {p50s}.")
    return "\n".join(out) + "\n"


def bench_http(lines: list[Line], cfg: Settings) -> dict:
    solve_jobs = [("POST", "/api/v1/solve", json.dumps({"problem": line.text}).encode()) for line in lines]
    health_jobs = [("GET", "/api/v1/healthz", None)]
    server = Server(workers=2)
    try:
        ready = server.wait_ready(30.0)
        runs = []
        # First sight: each problem once, the solving processes forked and their caches cold.
        warm = load(server, 2, solve_jobs, len(solve_jobs), 120.0, check_verified=True)
        runs.append({"endpoint": "POST /api/v1/solve", "phase": "first sight", **warm})
        for clients in (1, 4, 16):
            r = load(server, clients, solve_jobs, cfg.http_requests, cfg.http_seconds, check_verified=True)
            runs.append({"endpoint": "POST /api/v1/solve", "phase": "steady", **r})
        mixed = mixed_jobs(cfg.every)
        for clients in (1, 4, 16):
            r = load(server, clients, mixed, cfg.http_requests, cfg.http_seconds, check_verified=True,
                     refusals_ok=True)
            runs.append({"endpoint": "POST /api/v1/solve", "phase": f"mixed ({len(mixed)})", **r})
        r = load(server, 4, health_jobs, cfg.health_requests, cfg.health_seconds)
        runs.append({"endpoint": "GET /api/v1/healthz", "phase": "ceiling", **r})
        alive = server.proc.poll() is None
    finally:
        server.stop()
    return {"server": "python -m api serve --workers 2 (gunicorn sync, --preload)", "ready_seconds": ready,
            "alive_after": alive, "runs": runs}


# ------------------------------------------------------------------ d. any corpus through the solving process
WARM_UP = {"derivatives": "d/dx x^2 sin x", "integrals": "integrate x^2 dx", "linalg": "det [[1, 2], [3, 4]]"}


def _first_sight(request: dict) -> dict:
    """``handle`` inside the solving process, with sympy's cache cleared first (first sight)."""
    clear_cache()
    return handle(request)


def _attempt(worker: SolverProcess, text: str) -> tuple[str, float, dict | None]:
    """One problem through ``worker``: ("verified" | "not verified" | an error code, ms, the solution)."""
    t0 = time.perf_counter_ns()
    try:
        out = worker.run({"op": "solve", "problem": text})
    except grammar.StepsolverError as exc:
        return exc.code, (time.perf_counter_ns() - t0) / 1e6, None
    return ("verified" if out.get("verified") else "not verified"), (time.perf_counter_ns() - t0) / 1e6, out


def bench_corpus(kind: str, problems: list[tuple[str, str]]) -> dict:
    """Every problem once through ``SolverProcess(handle)`` with a 10 s limit each: latency and coverage.

    The process lives for the whole corpus, as a server's does, so a result that depends on
    the problems solved before it shows here; each failure is then retried alone in a fresh
    process, and the report says when that one succeeds.
    """
    worker = SolverProcess(_first_sight, LIMITS)
    results = []
    try:
        worker.run({"op": "solve", "problem": WARM_UP.get(kind, problems[0][0])})  # fork, first-call costs
        for text, category in problems:
            status, ms, out = _attempt(worker, text)
            row = {"problem": text, "category": category, "status": status, "ms": ms, "size": matrix_size(text)}
            if out is not None:
                row["answer"] = out["answer"]["sympy"]
                if status != "verified":
                    row["detail"] = out["verification"]["summary"]
            results.append(row)
        restarts = worker.restarts
    finally:
        worker.close()
    for row in results:
        if row["status"] not in ("verified", "time_limit"):
            fresh = SolverProcess(_first_sight, LIMITS)
            try:
                row["fresh_status"] = _attempt(fresh, row["problem"])[0]
            finally:
                fresh.close()
    return {"kind": kind, **tally(results), "restarts": restarts}


def matrix_size(text: str) -> str | None:
    """The shape of the largest matrix in a problem ("4×4"), for a latency table by size."""
    try:
        problem = grammar.parse(text)
    except grammar.StepsolverError:
        return None
    found = [v for v in (problem.expr, *(problem.data or {}).values()) if isinstance(v, sympy.MatrixBase)]
    if not found and isinstance(problem.expr, sympy.Basic):
        found = [a for a in sympy.preorder_traversal(problem.expr) if isinstance(a, sympy.MatrixBase)]
    if not found:
        return None
    m = max(found, key=lambda m: m.rows * m.cols)
    return f"{m.rows}×{m.cols}"


def tally(results: list[dict]) -> dict:
    """Coverage and latency of rows ``{"problem", "category", "status", "ms"}``; "verified" is success."""
    by_category: dict[str, list[dict]] = {}
    statuses: dict[str, int] = {}
    for row in results:
        by_category.setdefault(row["category"], []).append(row)
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    verified = statuses.get("verified", 0)
    timed = [r for r in results if r["ms"] == r["ms"]]  # nan: a line that did not parse
    return {
        "problems": len(results), "verified": verified,
        "verified_share": verified / len(results) if results else 0.0, "statuses": statuses,
        "latency": summary([r["ms"] for r in timed]),
        "latency_verified": summary([r["ms"] for r in timed if r["status"] == "verified"]),
        "by_category": {c: {"verified": sum(r["status"] == "verified" for r in rows),
                            **summary([r["ms"] for r in rows if r["ms"] == r["ms"]])}
                        for c, rows in by_category.items()},
        "results": results,
    }


# ------------------------------------------------------------------ e. integrals against manualintegrate alone
class _Alarm(BaseException):
    """The per-item deadline (a BaseException, so no ``except Exception`` inside sympy swallows it)."""


def _on_alarm(signum, frame):
    raise _Alarm()


def _guarded(fn, seconds: float):
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _at(F, x, point, direction: str):
    """F at a bound: its value where that is finite, else its one-sided limit (as our FTC step does)."""
    if point.is_finite:
        value = F.subs(x, point)
        if value.is_finite:
            return value
    return sympy.limit(F, x, point, dir=direction)


def manualintegrate_alone(text: str) -> tuple[str, float]:
    """("verified" | why not, ms) for ``manualintegrate(f, x)`` on the integrand of one corpus line.

    Success means what it means for our answers, by the verifier's own checks: no ``Integral``
    left and d/dx F = f (``solver.equivalence.equivalent``); for a definite line, also
    F(b) − F(a) (one-sided limits at the bounds, as a student would write it) passing
    ``solver.verify.check_definite_value``.  A Piecewise answer is taken by its first branch.
    Only the ``manualintegrate`` call is timed.
    """
    try:
        problem = grammar.parse(text)
    except grammar.StepsolverError as exc:
        return exc.code, float("nan")
    f, x = problem.expr, problem.variable
    clear_cache()  # first sight, as for our solves
    t0 = time.perf_counter_ns()
    try:
        F = _guarded(lambda: manualintegrate(f, x), LIMITS.time_limit)
    except _Alarm:
        return "time_limit", (time.perf_counter_ns() - t0) / 1e6
    except Exception as exc:  # any failure of the yardstick is a failure to integrate
        return f"error: {type(exc).__name__}", (time.perf_counter_ns() - t0) / 1e6
    ms = (time.perf_counter_ns() - t0) / 1e6
    if F.has(sympy.Integral):
        return "unevaluated", ms
    if isinstance(F, sympy.Piecewise):
        F = F.args[0][0]

    def confirmed() -> bool:
        if not equivalent(sympy.diff(F, x), f, domain=f)[0]:
            return False
        if problem.kind != "definite_integral":
            return True
        a, b = problem.data["lower"], problem.data["upper"]
        claim = Step(Rule.FUNDAMENTAL_THEOREM, sympy.Integral(f, (x, a, b)), _at(F, x, b, "-") - _at(F, x, a, "+"))
        return check_definite_value("answer", claim, {}).passed

    try:
        passed = _guarded(confirmed, LIMITS.time_limit)
    except (_Alarm, Exception):  # a check that cannot finish (or crashes) confirms nothing
        passed = False
    return ("verified" if passed else "wrong"), ms


def bench_integrals(problems: list[tuple[str, str]]) -> dict:
    ours = bench_corpus("integrals", problems)
    rows = []
    for text, category in problems:
        status, ms = manualintegrate_alone(text)
        rows.append({"problem": text, "category": category, "status": status, "ms": ms})
    theirs = tally(rows)
    mine = {r["problem"] for r in ours["results"] if r["status"] == "verified"}
    solved = {r["problem"] for r in theirs["results"] if r["status"] == "verified"}
    return {
        "kind": "integrals", "ours": ours, "manualintegrate": theirs,
        "only_ours": [t for t, _ in problems if t in mine and t not in solved],
        "only_manualintegrate": [t for t, _ in problems if t in solved and t not in mine],
    }


# ------------------------------------------------------------------ other work on the machine
def cpu_snapshot(pgid: int | None = None) -> tuple[int, int, int] | None:
    """(all CPU ticks, busy ticks, ticks used by us and the server's process group), from /proc.

    Other sessions may share the machine; this is how the report can say so for each part
    instead of passing their noise off as ours.  None where there is no /proc.
    """
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        total, idle = sum(fields), fields[3] + fields[4]
        ours = _process_ticks(Path("/proc/self/stat").read_text())
        if pgid is not None:
            me = os.getpid()
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    text = stat.read_text()
                except OSError:  # the process is gone
                    continue
                rest = text.rsplit(")", 1)[1].split()
                if int(rest[2]) == pgid and int(text.split(None, 1)[0]) != me:
                    ours += _process_ticks(text)
    except (OSError, ValueError, IndexError):
        return None
    return total, total - idle, ours


def _process_ticks(stat_text: str) -> int:
    rest = stat_text.rsplit(")", 1)[1].split()  # fields 3… of proc(5); utime and stime are 14 and 15
    return int(rest[11]) + int(rest[12])


def others_share(before, after) -> float | None:
    """The share of all CPUs that work other than ours used between two snapshots."""
    if before is None or after is None or after[0] <= before[0]:
        return None
    busy, ours = after[1] - before[1], after[2] - before[2]
    return max(0.0, (busy - ours) / (after[0] - before[0]))


def idle_check(seconds: float = 1.0) -> float | None:
    before = cpu_snapshot()
    time.sleep(seconds)
    return others_share(before, cpu_snapshot())


# ------------------------------------------------------------------ report
def report(res: dict) -> str:
    env, out = res["environment"], []
    out.append("# stepsolver benchmark\n")
    corpora = ", ".join(f"{kind} {n} (`benchmarks/corpus/{kind}.txt`)" for kind, n in env["corpora"].items())
    out.append(f"{env['date']} · Python {env['python']} · sympy {env['sympy']} · lark {env['lark']} · "
               f"{env['cpus']} CPUs · {env['platform']}  \n"
               f"problems: {corpora}"
               f"{', --quick subset' if env['quick'] else ''} · total run {res['total_seconds']:.0f} s · "
               f"other work on the machine: {pct(env['others_before'])} of the CPUs just before the run\n")
    shares = [env["others_before"], *(res[part].get("others_cpu") for part in ("parse", "solve") if part in res)]
    shares += [r.get("others_cpu") for r in res.get("http", {}).get("runs", [])]
    shares += [c.get("others_cpu") for c in res.get("corpora", {}).values()]
    worst = max((x for x in shares if x is not None), default=None)
    if worst is not None and worst > 0.15:
        out.append(f"> Other work used up to {pct(worst)} of the CPUs during parts of this run (see the *other CPU* "
                   "notes): those parts' tails (p95, p99) and request rates are pessimistic; compare p50s.\n")
    if "parse" in res:
        out.append(report_derivatives(res))
    for kind, c in res.get("corpora", {}).items():
        out.append(report_integrals(c) if kind == "integrals" else report_corpus(c))

    if res["problems"]:
        out.append("\n## CHECKS FAILED\n\n" + "\n".join(f"- {x}" for x in res["problems"]))
    else:
        out.append("All checks passed" + (": every derivative corpus problem parsed, solved and verified; no HTTP "
                                          "errors; grammar.parse faster than parse_expr" if "parse" in res else "")
                   + ("; integral coverage above manualintegrate's alone" if "integrals" in res.get("corpora", {})
                      else "") + ".")
    return "\n".join(out) + "\n"


def report_derivatives(res: dict) -> str:
    out = []
    p = res["parse"]
    out.append(f"## Parsing (ms per problem)\n\n*Other CPU* (work that is not ours) during this part: {pct(p.get('others_cpu'))}.\n")
    out.append(f"`grammar.parse` on the whole problem text; `parse_expr` (standard transformations + "
               f"implicit multiplication/application + convert_xor) on its expression part only. "
               f"*common* = the {p['parse_expr_read']} of {p['lines']} lines `parse_expr` can read. "
               "*repeated*: the same strings again (parsers and sympy's cache warm); *new*: a distinct "
               "`+ k` makes every string new; *cold*: new string and `sympy.core.cache.clear_cache()` "
               "before each parse.\n")
    label = {"repeated": "repeated", "new": "new string", "cold": "new + cold cache"}
    rows = [[t["parser"], label[t["input"]], t["n"], fmt(t["p50"]), fmt(t["p95"]), fmt(t["p99"]), fmt(t["mean"])]
            for t in sorted(p["timings"], key=lambda t: (list(label).index(t["input"]), t["parser"]))]
    out.append(table(["parser (lines)", "input", "n", "p50", "p95", "p99", "mean"], rows) + "\n")
    verdicts = []
    for mode, r in p["ratio"].items():
        verdicts.append(f"{label[mode]} **{r['mean']:.1f}×** (mean) / {r['p50']:.1f}× (p50)")
    faster = all(r["mean"] > 1 for r in p["ratio"].values())
    out.append(f"**parse_expr time / grammar.parse time:** {'; '.join(verdicts)} — "
               f"{'our parser is faster in every mode.' if faster else 'OUR PARSER IS NOT FASTER IN EVERY MODE.'}\n")
    unreadable, differs = p["parse_expr_unreadable"], p["parse_expr_reads_differently"]
    out.append(f"parse_expr could not read {len(unreadable)} of {p['lines']} lines; they are left out of its "
               "timings and of the *common* rows" + (": " + ", ".join(f"`{x}`" for x in unreadable[:8]) +
                                                     (", …" if len(unreadable) > 8 else "") if unreadable else "") + ".")
    out.append(f"Of the {p['parse_expr_read']} it read, it read {len(differs)} differently from the problem "
               "language (timed all the same)" + (", e.g. " + "; ".join(f"`{x}`" for x in differs[:4])
                                                   if differs else "") + ".\n")

    s = res["solve"]
    out.append(f"## Solving in-process (ms per problem)\n\n*Other CPU* during this part: {pct(s.get('others_cpu'))}.\n")
    out.append("`solver.service.solve_dict(text)`: parse + solve + verify + render to the JSON dict.\n")
    rows = []
    for name, key in (("first sight (cache cleared before each)", "first_sight"), ("repeat (warm cache)", "repeat")):
        t = s[key]
        rows.append([name, t["n"], fmt(t["p50"]), fmt(t["p95"]), fmt(t["p99"]), fmt(t["max"]), fmt(t["mean"])])
    out.append(table(["pass", "n", "p50", "p95", "p99", "max", "mean"], rows) + "\n")
    out.append(f"verified: **{s['verified']}/{s['problems']}** ({100 * s['verified_share']:.1f} %)\n")
    rows = [[c, t["n"], fmt(t["p50"]), fmt(t["p95"]), fmt(t["max"])] for c, t in s["by_category"].items()]
    out.append("By category, first sight:\n\n" + table(["category", "n", "p50", "p95", "max"], rows) + "\n")
    out.append("Slowest first-sight solves: " + "; ".join(f"`{x['problem']}` {x['ms']:.0f} ms" for x in s["slowest"]) + "\n")
    if s["failures"]:
        out.append("**Failures:**\n" + "\n".join(f"- `{f['problem']}`: {f['error']} {f.get('detail', '')}"
                                                 for f in s["failures"]) + "\n")

    h = res.get("http")
    if h:
        out.append("## HTTP through the real server\n")
        out.append(f"`{h['server']}` on 127.0.0.1, ready in {h['ready_seconds']:.1f} s; stdlib `http.client` "
                   "client threads on the same machine, one connection per request, corpus problems "
                   "round-robin. *steady* repeats the derivative corpus; *mixed* interleaves every corpus "
                   "(derivative, integral, matrix, multivariable, probability, statistics), where a located "
                   "refusal (422) counts as an answer. Latency in ms; an error is any other status than 200 "
                   "(or 422 in the mixed rows).\n")
        rows = [[r["endpoint"], r["phase"], r["clients"], r["requests"], f"{r['seconds']:.1f}", f"{r['rps']:.1f}",
                 fmt(r["p50"]), fmt(r["p95"]), fmt(r["p99"]), r["errors"], r.get("refused", 0),
                 pct(r.get("others_cpu"))] for r in h["runs"]]
        out.append(table(["endpoint", "phase", "clients", "requests", "s", "req/s", "p50", "p95", "p99", "errors",
                          "422", "other CPU"], rows) + "\n")
        unverified = sum(r["unverified"] for r in h["runs"])
        if unverified:
            out.append(f"{unverified} HTTP answers came back with `verified: false`.\n")
        for r in h["runs"]:
            for e in r["error_samples"]:
                out.append(f"- error ({r['endpoint']}, {r['clients']} clients): {e}")

    return "\n".join(out) + "\n"


def _latency_row(name: str, t: dict, *extra) -> list:
    return [name, *extra, t["n"], fmt(t["p50"]), fmt(t["p95"]), fmt(t["p99"]), fmt(t["max"]), fmt(t["mean"])]


def _failures(results: list[dict]) -> str:
    lines = []
    for r in results:
        if r["status"] == "verified":
            continue
        note = f"`{r['problem']}`: {r['status']}"
        if r.get("answer") is not None:
            note += f", answer `{r['answer']}`"
        if r.get("detail"):
            note += f" ({r['detail']})"
        if r.get("fresh_status") == "verified":
            note += " — **solved and verified when retried alone in a fresh process**"
        lines.append("- " + note)
    return "\n".join(lines)


def report_corpus(c: dict) -> str:
    out = [f"## {c['kind'].capitalize()} through the solving process (ms per problem)\n",
           f"*Other CPU* during this part: {pct(c.get('others_cpu'))}.\n",
           "`solver.service.handle` in one `solver.worker.SolverProcess` (10 s limit a problem, sympy's cache "
           "cleared before each): parse + solve + verify + render, timed from the parent.\n"]
    out.append(table(["problems", "n", "p50", "p95", "p99", "max", "mean"],
                     [_latency_row("all", c["latency"]), _latency_row("verified", c["latency_verified"])]) + "\n")
    out.append(f"solved and verified: **{c['verified']}/{c['problems']}** ({100 * c['verified_share']:.1f} %); "
               + ", ".join(f"{k}: {v}" for k, v in sorted(c["statuses"].items())) + "\n")
    rows = [[k, t["n"], t["verified"], fmt(t["p50"]), fmt(t["p95"]), fmt(t["max"])] for k, t in c["by_category"].items()]
    out.append("By category:\n\n" + table(["category", "n", "verified", "p50", "p95", "max"], rows) + "\n")
    by_size: dict[str, list[float]] = {}
    for r in c["results"]:
        if r.get("size") and len(set(r["size"].split("×"))) == 1:  # square
            by_size.setdefault(r["size"], []).append(r["ms"])
    if len(by_size) > 1:
        rows = [[size, len(ms), fmt(percentile(ms, 50)), fmt(percentile(ms, 95)), fmt(max(ms))]
                for size, ms in sorted(by_size.items(), key=lambda kv: int(kv[0].split("×")[0]))]
        out.append("Square matrices by size (the largest matrix of the problem):\n\n"
                   + table(["size", "n", "p50", "p95", "max"], rows) + "\n")
    failures = _failures(c["results"])
    if failures:
        out.append("Not solved and verified:\n\n" + failures + "\n")
    return "\n".join(out)


def report_integrals(r: dict) -> str:
    ours, theirs = r["ours"], r["manualintegrate"]
    out = ["## Integrals: coverage and latency against manualintegrate alone (ms per problem)\n",
           f"*Other CPU* during this part: {pct(r.get('others_cpu'))}.\n",
           "*stepsolver*: `solver.service.handle` in one `solver.worker.SolverProcess` (10 s limit a problem, "
           "sympy's cache cleared before each): parse + solve + verify + render, timed from the parent; a problem "
           "counts when it is solved with steps and `verified`. *manualintegrate*: "
           "`sympy.integrals.manualintegrate.manualintegrate(f, x)` on the parsed integrand (10 s alarm, cache "
           "cleared before each), timed alone; it counts when no `Integral` is left, d/dx of its result is "
           "the integrand, and on a definite line F(b) − F(a) (one-sided limits at the bounds) passes the "
           "check our own value must pass (`solver.verify.check_definite_value`). Latency is over every line, "
           "solved or not.\n"]
    rows = [_latency_row("stepsolver", ours["latency"], f"{ours['verified']}/{ours['problems']}",
                         pct(ours["verified_share"])),
            _latency_row("manualintegrate alone", theirs["latency"], f"{theirs['verified']}/{theirs['problems']}",
                         pct(theirs["verified_share"]))]
    out.append(table(["engine", "solved", "coverage", "n", "p50", "p95", "p99", "max", "mean"], rows) + "\n")
    ratio = ours["latency"]["p50"] / theirs["latency"]["p50"] if theirs["latency"]["p50"] else float("nan")
    out.append(f"p50 stepsolver / p50 manualintegrate: **{ratio:.1f}×** (stepsolver's time includes parsing, "
               "the checks and rendering). Solved only by stepsolver: "
               f"{len(r['only_ours'])}; only by manualintegrate: {len(r['only_manualintegrate'])}"
               + (" (" + ", ".join(f"`{t}`" for t in r["only_manualintegrate"]) + ")" if r["only_manualintegrate"] else "")
               + ".\n")
    rows = []
    for k, t in ours["by_category"].items():
        m = theirs["by_category"][k]
        rows.append([k, t["n"], t["verified"], m["verified"], fmt(t["p50"]), fmt(m["p50"]), fmt(t["max"]), fmt(m["max"])])
    out.append("By category (solved; p50 and max in ms):\n\n"
               + table(["category", "n", "stepsolver", "manualintegrate", "ours p50", "theirs p50", "ours max",
                        "theirs max"], rows) + "\n")
    out.append("stepsolver outcomes: " + ", ".join(f"{k}: {v}" for k, v in sorted(ours["statuses"].items()))
               + "; manualintegrate outcomes: "
               + ", ".join(f"{k}: {v}" for k, v in sorted(theirs["statuses"].items())) + ".\n")
    failures = _failures(ours["results"])
    if failures:
        out.append("Not solved and verified by stepsolver:\n\n" + failures + "\n")
    return "\n".join(out)


def corpus_kinds() -> list[str]:
    """The corpora present, ``KINDS`` first in their order, then any other ``corpus/*.txt``."""
    present = sorted(p.stem for p in CORPUS_DIR.glob("*.txt"))
    return [k for k in KINDS if k in present] + [k for k in present if k not in KINDS]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a small subset, for a smoke run of about a minute")
    ap.add_argument("--json", metavar="PATH", help="also write every number to this JSON file")
    ap.add_argument("--no-http", action="store_true", help="skip the HTTP part (no server is started)")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="the derivative problems, one per line")
    ap.add_argument("--corpus-kind", choices=("all", *corpus_kinds()), default="all",
                    help="which corpus of benchmarks/corpus/ to run (default: every one)")
    ap.add_argument("--soak", type=int, metavar="N",
                    help="only the memory soak: N requests of the mixed corpus, memory per process (e.g. 10000)")
    args = ap.parse_args(argv)
    if args.soak:
        soak = bench_soak(args.soak)
        print(report_soak(soak))
        if args.json:
            Path(args.json).write_text(json.dumps(soak, indent=2, default=str) + "\n", encoding="utf-8")
        return 1 if soak["errors"] or not soak["alive_after"] else 0
    cfg = QUICK if args.quick else FULL
    kinds = corpus_kinds() if args.corpus_kind == "all" else [args.corpus_kind]

    start = time.perf_counter()
    lines = read_corpus(args.corpus)[::cfg.every] if "derivatives" in kinds else []
    others = {kind: read_problems(CORPUS_DIR / f"{kind}.txt")[::cfg.every] for kind in kinds if kind != "derivatives"}
    sizes = ({"derivatives": len(lines)} if "derivatives" in kinds else {}) | {k: len(v) for k, v in others.items()}
    env = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "python": platform.python_version(),
           "sympy": sympy.__version__, "lark": lark.__version__, "cpus": os.cpu_count(),
           "platform": f"{platform.system()} {platform.machine()}", "corpora": sizes, "quick": args.quick,
           "others_before": idle_check(), "load_before": os.getloadavg()[0]}
    res: dict = {"environment": env, "settings": cfg.__dict__}
    problems = []
    if lines:
        print(f"bench: {len(lines)} derivative problems; parsing …", file=sys.stderr, flush=True)
        snap = cpu_snapshot()
        res["parse"] = bench_parse(lines, cfg)
        res["parse"]["others_cpu"] = others_share(snap, snap := cpu_snapshot())
        print("bench: solving in-process …", file=sys.stderr, flush=True)
        res["solve"] = bench_solve(lines, cfg)
        res["solve"]["others_cpu"] = others_share(snap, cpu_snapshot())
        if not args.no_http:
            print("bench: HTTP through gunicorn …", file=sys.stderr, flush=True)
            res["http"] = bench_http(lines, cfg)
        problems += [f"`{f['problem']}`: {f['error']}" for f in res["solve"]["failures"]]
        for mode, r in res["parse"]["ratio"].items():
            if r["mean"] <= 1 and r["p50"] <= 1:
                problems.append(f"grammar.parse is not faster than parse_expr on {mode} input ({r['mean']:.2f}×)")
        if "http" in res:
            for r in res["http"]["runs"]:
                if r["errors"]:
                    problems.append(f"{r['errors']} errors on {r['endpoint']} with {r['clients']} clients")
            if not res["http"]["alive_after"]:
                problems.append("the server died during the run")

    res["corpora"] = {}
    for kind, entries in others.items():
        print(f"bench: {len(entries)} {kind} problems through the solving process …", file=sys.stderr, flush=True)
        snap = cpu_snapshot()
        result = bench_integrals(entries) if kind == "integrals" else bench_corpus(kind, entries)
        result["others_cpu"] = others_share(snap, cpu_snapshot())
        res["corpora"][kind] = result
    for kind, c in res["corpora"].items():  # these corpora, like the derivatives, are meant to verify in full
        if kind != "integrals":
            problems += [f"`{r['problem']}` ({kind}): {r['status']}" for r in c["results"] if r["status"] != "verified"]
    if "integrals" in res["corpora"]:
        r = res["corpora"]["integrals"]
        if r["ours"]["verified"] <= r["manualintegrate"]["verified"]:
            problems.append(f"integral coverage {r['ours']['verified']} is not above manualintegrate's "
                            f"{r['manualintegrate']['verified']} (of {r['ours']['problems']})")
    res["total_seconds"] = time.perf_counter() - start
    res["problems"] = problems

    print(report(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
