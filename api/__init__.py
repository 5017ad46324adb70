"""HTTP for stepsolver: ``create_app`` builds the Flask app; it never does mathematics.

Every request that touches user text is sent to a killable solving process
(``solver.worker.SolverProcess``), so a stuck problem never blocks the server.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from grammar import Limits, StepsolverError
from solver.service import handle, warm
from solver.worker import SolverProcess, run_guarded

from .cache import make_cache
from .pages import bp as pages_bp
from .routes import bp

__version__ = "0.1.0"
log = logging.getLogger("stepsolver.api")

DEFAULTS = {
    "TIME_LIMIT": 10.0,           # seconds per solve, enforced by killing the solving process
    "MAX_INPUT_CHARS": 10_000,    # longer problems get 413
    "QUEUE_WAIT": 30.0,           # seconds to wait for this process's solver before a 503
    "ISOLATE": True,              # False runs solves in the serving process (tests, profiling)
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "CACHE_SIZE": 1024,           # results kept in this process (least recently used go first); 0: none
    "CACHE_URL": None,            # e.g. redis://127.0.0.1:6379/0: one cache shared by every replica
}


class InProcess:
    """The same contract as ``SolverProcess``, without a separate process (no hard kill)."""

    def __init__(self, handler, limits: Limits) -> None:
        self.handler, self.limits = handler, limits

    def run(self, request: dict) -> dict:
        status, payload = run_guarded(self.handler, dict(request, limits=self.limits), self.limits)
        if status == "ok":
            return payload
        raise payload

    def close(self) -> None:
        pass


def _internal_error():
    response = jsonify({"error": {"code": "internal_error", "message": "the request could not be handled",
                                  "line": None, "column": None, "hint": "try again or rephrase the problem"}})
    response.status_code = 422
    return response


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("STEPSOLVER")  # e.g. STEPSOLVER_TIME_LIMIT=5
    if config:
        app.config.update(config)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    limits = Limits(time_limit=float(app.config["TIME_LIMIT"]),
                    max_input_chars=int(app.config["MAX_INPUT_CHARS"]))
    runner = (SolverProcess(handle, limits, queue_wait=float(app.config["QUEUE_WAIT"]))
              if app.config["ISOLATE"] else InProcess(handle, limits))
    app.extensions["stepsolver"] = runner
    app.extensions["stepsolver.cache"] = make_cache(app.config["CACHE_URL"], int(app.config["CACHE_SIZE"]))
    if app.config.get("WARM", True):
        warm()
    app.extensions["stepsolver.limits"] = limits

    app.register_blueprint(bp, url_prefix="/api/v1")

    app.register_blueprint(pages_bp)  # GET / : the web page (the JSON index is GET /api/v1/)

    @app.errorhandler(StepsolverError)
    def stepsolver_error(exc: StepsolverError):
        response = jsonify({"error": exc.to_dict()})
        response.status_code = exc.http_status
        if exc.http_status == 503:
            response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code is None or exc.code >= 500:  # a fault of ours, never the client's
            return _internal_error()
        code = {404: "not_found", 405: "method_not_allowed", 413: "input_too_long",
                415: "unsupported_media_type"}.get(exc.code, "bad_request")
        response = jsonify({"error": {"code": code, "message": exc.description, "line": None,
                                      "column": None, "hint": None}})
        response.status_code = exc.code
        for name, value in exc.get_headers():  # Allow on a 405, as RFC 9110 requires
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # a bug here must still not become a 500 with a traceback
        log.exception("unexpected error")
        return _internal_error()

    return app
