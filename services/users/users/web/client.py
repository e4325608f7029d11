"""The React client (`client/dist`, built by `make client-build`) at `/app/`.

Files are served as they are; any other path under `/app/` gets `index.html`, so the
client's router can answer deep links and reloads (history fallback). Only `/app/` routes
are added: the API's paths and their speed are untouched. In production nginx serves these
files from its own image with the same headers (client/nginx.conf).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, redirect, request, send_from_directory
from werkzeug.security import safe_join

from users.config import settings
from users.errors import failure

bp = Blueprint("client", __name__, url_prefix="/app")

NOT_BUILT = "The client is not built: run `make client-build` (or `make run`, which builds it)."
ASSETS = "assets/"
# No inline script, nothing from another origin. Mantine's inline `style` attributes are set
# through the DOM (CSSOM), which `style-src 'self'` allows.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
IMMUTABLE = "public, max-age=31536000, immutable"  # file names carry a content hash


@bp.get("")
def root() -> Any:
    return redirect("/app/", code=308)


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def serve(path: str) -> Any:
    dist = settings().client_dist
    if not (dist / "index.html").is_file():
        return failure(503, NOT_BUILT)
    file = safe_join(str(dist), path) if path else None
    if file is not None and Path(file).is_file():
        response = send_file(dist, path)
        if path.startswith(ASSETS):
            response.headers["Cache-Control"] = IMMUTABLE
    elif path.startswith(ASSETS):
        return failure(404, "Resource not found.")
    else:
        response = send_file(dist, "index.html")
    return with_client_headers(response)


def send_file(dist: Path, path: str) -> Response:
    """The build's gzipped copy (`<file>.gz`, made by the build) when the browser accepts
    gzip: `make run` has no nginx in front to compress, and this costs nothing per request."""
    response: Response
    if request.accept_encodings["gzip"] and (dist / f"{path}.gz").is_file():
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = send_from_directory(dist, f"{path}.gz", mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = send_from_directory(dist, path)
    response.vary.add("Accept-Encoding")
    return response


def with_client_headers(response: Response) -> Response:
    """index.html and unhashed files are revalidated on every load, so a deploy shows at once."""
    if response.headers.get("Cache-Control") != IMMUTABLE:
        response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
