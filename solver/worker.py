"""Run each request in a pre-forked solving process that can be killed.

A ``signal.setitimer`` deadline inside the solving process stops pure-Python runaways
within milliseconds and leaves the process usable.  A single long C call (a GMP power,
LAPACK) does not return to Python until it finishes, so the parent also waits with a
hard deadline and kills the process when it passes; a replacement is forked on the next
request (about 10 ms).  The process serving HTTP never runs mathematics itself, so it
keeps answering while a problem is stuck.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable

from grammar import DEFAULT_LIMITS, Limits, Overloaded, StepsolverError, TimeLimit, TooExpensive

log = logging.getLogger("stepsolver.worker")

_GRACE = 2.0  # seconds between the soft deadline inside the process and the hard kill (room for a busy machine)


class _Deadline(BaseException):
    """Raised inside the solving process when its time is up (not an Exception, so no
    ``except Exception`` in a library swallows it)."""


_REPEAT = 0.05  # seconds: the deadline is raised again until it lands
_armed = False


def _on_alarm(signum, frame):
    # Raised from wherever the solve happens to be.  If that spot swallows it (a library's
    # ``except BaseException``), the interval timer raises it again 50 ms later, so the soft
    # deadline still lands well before the hard kill.  Inside a ``__del__`` or a weakref
    # callback an exception cannot propagate (Python reports it as "unraisable" and drops it),
    # so there the alarm waits for its next tick instead.
    if not _armed:
        return
    if frame is not None and (frame.f_code.co_name == "__del__" or frame.f_code.co_filename.endswith("weakref.py")):
        return
    raise _Deadline()


def _time_limit_error(limits: Limits) -> TimeLimit:
    return TimeLimit(
        f"this problem took longer than the time limit of {limits.time_limit:g} s",
        hint="the same problem would be stopped again; try a smaller or simpler one")


def run_guarded(handler: Callable[[dict], dict], request: dict, limits: Limits) -> tuple[str, object]:
    """Call ``handler`` under the soft deadline; never raises."""
    global _armed
    timed = threading.current_thread() is threading.main_thread()  # signals need the main thread
    if timed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        _armed = True
        signal.setitimer(signal.ITIMER_REAL, limits.time_limit, _REPEAT)
    try:
        try:
            return "ok", handler(request)
        finally:
            _armed = False
            if timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _Deadline:
        return "error", _time_limit_error(limits)
    except StepsolverError as exc:
        return "error", exc
    except RecursionError:
        return "error", TooExpensive("this problem is nested too deeply to work through")
    except MemoryError:
        return "error", TooExpensive("this problem needs more memory than a solve may use")
    except Exception:  # a bug in an engine: say so plainly, never a traceback or a 500
        log.exception("solver failed on %r", request.get("problem"))
        return "error", StepsolverError(
            "something went wrong while solving this problem; it has been logged",
            hint="try rephrasing it", code="solver_error")
    finally:
        if timed:
            signal.signal(signal.SIGALRM, previous)


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space at what it has now plus ``megabytes``: a runaway
    allocation becomes a MemoryError here instead of starving the machine."""
    try:
        import resource

        with open("/proc/self/status") as status:
            current_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
        cap = current_kb * 1024 + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (OSError, ValueError, StopIteration, ImportError):  # not Linux: no cap, the time limit still holds
        log.warning("could not cap the solving process's memory")


def _serve(conn, handler, limits: Limits) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _limit_memory(limits.memory_mb)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        reply = run_guarded(handler, request, limits)
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
        except Exception:  # an unpicklable result: report it rather than hang the parent
            log.exception("could not send a reply")
            conn.send(("error", StepsolverError("the solution could not be sent back",
                                                code="solver_error")))


class SolverProcess:
    """One killable solving process, forked lazily, owned by one serving process."""

    def __init__(self, handler: Callable[[dict], dict], limits: Limits = DEFAULT_LIMITS,
                 queue_wait: float = 30.0) -> None:
        self.handler = handler
        self.limits = limits
        self.queue_wait = queue_wait
        self._lock = threading.Lock()
        self._proc = None
        self._conn = None
        self._owner = None
        self.restarts = 0

    def _ensure(self) -> None:
        if self._proc is not None and self._owner == os.getpid() and self._proc.is_alive():
            return
        if self._proc is not None and self._owner == os.getpid():
            self._discard()
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self.handler, self.limits), daemon=True,
                           name="stepsolver-solver")
        proc.start()
        child.close()
        self._proc, self._conn, self._owner = proc, parent, os.getpid()

    def _discard(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None and proc.is_alive():
            proc.kill()
        if proc is not None:
            proc.join(timeout=5)

    def run(self, request: dict) -> dict:
        if not self._lock.acquire(timeout=self.queue_wait):
            raise Overloaded("the server is busy; try again in a moment", hint="retry after a few seconds")
        try:
            self._ensure()
            self._conn.send(dict(request, limits=self.limits))
            deadline = self.limits.time_limit + _GRACE
            if self._conn.poll(deadline):
                try:
                    status, payload = self._conn.recv()
                except (EOFError, OSError):  # it died (out of memory, a crash)
                    self._discard()
                    self.restarts += 1
                    raise StepsolverError("the solving process stopped unexpectedly on this problem",
                                          hint="it may need too much memory", code="too_expensive") from None
                if status == "ok":
                    return payload
                raise payload
            log.warning("killing a solving process stuck on %r", request.get("problem"))
            self._discard()
            self.restarts += 1
            raise _time_limit_error(self.limits)
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            if self._owner == os.getpid():
                self._discard()


def elapsed_ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
