"""Benchmark stepsolver over a fixed corpus: parse latency, solve latency, HTTP throughput.

Run from the repository root:

    python benchmarks/bench.py            # full run, a few minutes on 2 cores
    python benchmarks/bench.py --quick    # a subset, under a minute
    python benchmarks/bench.py --json out.json

It prints a Markdown report and exits 1 when a hard expectation fails: a corpus problem that
does not parse, solve and verify; an HTTP error; or our parser not being faster than
``sympy.parsing.sympy_parser.parse_expr``.  ``parse_expr`` is used here only as the yardstick;
the product never calls it.  The HTTP part starts the real server (``python -m api serve``,
gunicorn sync workers) on a free port of 127.0.0.1 and talks to nothing else.
"""

from __future__ import annotations

import argparse
import gc
import http.client
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
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, installed or not

import grammar
from solver.service import solve_dict

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus" / "derivatives.txt"
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


def read_corpus(path: Path) -> list[Line]:
    lines, category, seen = [], "other", set()
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
         max_seconds: float, check_verified: bool = False) -> dict:
    """``clients`` threads take jobs round-robin until ``max_requests`` or ``max_seconds``."""
    lock = threading.Lock()
    state = {"next": 0}
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
            method, path, body = jobs[i % len(jobs)]
            t0 = time.perf_counter()
            try:
                status, data = request(port, method, path, body)
            except OSError as exc:
                status, data = None, repr(exc).encode()
            ms = (time.perf_counter() - t0) * 1000
            bad = None
            if status != 200:
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
            "errors": len(errors), "error_samples": errors[:5], "unverified": unverified[0]}


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
        r = load(server, 4, health_jobs, cfg.health_requests, cfg.health_seconds)
        runs.append({"endpoint": "GET /api/v1/healthz", "phase": "ceiling", **r})
        alive = server.proc.poll() is None
    finally:
        server.stop()
    return {"server": "python -m api serve --workers 2 (gunicorn sync, --preload)", "ready_seconds": ready,
            "alive_after": alive, "runs": runs}


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
    out.append(f"{env['date']} · Python {env['python']} · sympy {env['sympy']} · lark {env['lark']} · "
               f"{env['cpus']} CPUs · {env['platform']}  \n"
               f"corpus: {env['corpus_lines']} derivative problems (`benchmarks/corpus/derivatives.txt`)"
               f"{', --quick subset' if env['quick'] else ''} · total run {res['total_seconds']:.0f} s · "
               f"other work on the machine: {pct(env['others_before'])} of the CPUs just before the run\n")
    shares = [env["others_before"], res["parse"].get("others_cpu"), res["solve"].get("others_cpu")]
    shares += [r.get("others_cpu") for r in res.get("http", {}).get("runs", [])]
    worst = max((x for x in shares if x is not None), default=None)
    if worst is not None and worst > 0.15:
        out.append(f"> Other work used up to {pct(worst)} of the CPUs during parts of this run (see the *other CPU* "
                   "notes): those parts' tails (p95, p99) and request rates are pessimistic; compare p50s.\n")
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
                   "round-robin. Latency in ms; an error is any status other than 200.\n")
        rows = [[r["endpoint"], r["phase"], r["clients"], r["requests"], f"{r['seconds']:.1f}", f"{r['rps']:.1f}",
                 fmt(r["p50"]), fmt(r["p95"]), fmt(r["p99"]), r["errors"], pct(r.get("others_cpu"))] for r in h["runs"]]
        out.append(table(["endpoint", "phase", "clients", "requests", "s", "req/s", "p50", "p95", "p99", "errors",
                          "other CPU"], rows) + "\n")
        unverified = sum(r["unverified"] for r in h["runs"])
        if unverified:
            out.append(f"{unverified} HTTP answers came back with `verified: false`.\n")
        for r in h["runs"]:
            for e in r["error_samples"]:
                out.append(f"- error ({r['endpoint']}, {r['clients']} clients): {e}")

    if res["problems"]:
        out.append("\n## CHECKS FAILED\n\n" + "\n".join(f"- {x}" for x in res["problems"]))
    else:
        out.append("All checks passed: every corpus problem parsed, solved and verified; no HTTP errors; "
                   "grammar.parse faster than parse_expr.")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a small subset, for a smoke run under a minute")
    ap.add_argument("--json", metavar="PATH", help="also write every number to this JSON file")
    ap.add_argument("--no-http", action="store_true", help="skip the HTTP part (no server is started)")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="problems, one per line")
    args = ap.parse_args(argv)
    cfg = QUICK if args.quick else FULL

    start = time.perf_counter()
    lines = read_corpus(args.corpus)[::cfg.every]
    env = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "python": platform.python_version(),
           "sympy": sympy.__version__, "lark": lark.__version__, "cpus": os.cpu_count(),
           "platform": f"{platform.system()} {platform.machine()}", "corpus_lines": len(lines), "quick": args.quick,
           "others_before": idle_check(), "load_before": os.getloadavg()[0]}
    print(f"bench: {len(lines)} problems; parsing …", file=sys.stderr, flush=True)
    res: dict = {"environment": env, "settings": cfg.__dict__}
    snap = cpu_snapshot()
    res["parse"] = bench_parse(lines, cfg)
    res["parse"]["others_cpu"] = others_share(snap, snap := cpu_snapshot())
    print("bench: solving in-process …", file=sys.stderr, flush=True)
    res["solve"] = bench_solve(lines, cfg)
    res["solve"]["others_cpu"] = others_share(snap, cpu_snapshot())
    if not args.no_http:
        print("bench: HTTP through gunicorn …", file=sys.stderr, flush=True)
        res["http"] = bench_http(lines, cfg)
    res["total_seconds"] = time.perf_counter() - start

    problems = [f"`{f['problem']}`: {f['error']}" for f in res["solve"]["failures"]]
    for mode, r in res["parse"]["ratio"].items():
        if r["mean"] <= 1 and r["p50"] <= 1:
            problems.append(f"grammar.parse is not faster than parse_expr on {mode} input ({r['mean']:.2f}×)")
    if "http" in res:
        for r in res["http"]["runs"]:
            if r["errors"]:
                problems.append(f"{r['errors']} errors on {r['endpoint']} with {r['clients']} clients")
        if not res["http"]["alive_after"]:
            problems.append("the server died during the run")
    res["problems"] = problems

    print(report(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
