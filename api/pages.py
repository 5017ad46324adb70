"""The web page: ``GET /`` and the files it needs, all served by the app itself.

The page is plain HTML, CSS and JavaScript (no build step, no framework, nothing fetched from
another host); it talks only to the ``/api/v1`` endpoints of the same server. The
Content-Security-Policy below makes "nothing from outside" a rule the browser enforces,
not only a habit of the files.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, request

# Flask's own static route serves the same folder (the app's package is ``api``); the
# blueprint declares it too so the page does not depend on that default.
bp = Blueprint("pages", __name__, static_folder="static", static_url_path="/static")
PAGE = Path(__file__).with_name("static") / "index.html"

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


@bp.get("/")
def index() -> Response:
    # Read into memory rather than streamed from an open file: a client that never reads
    # the body (a health probe, a test) then leaves no file handle behind.
    response = Response(PAGE.read_bytes(), mimetype="text/html")
    response.add_etag()
    response.make_conditional(request)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
