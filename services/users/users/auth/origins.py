"""Which web origins may use the refresh cookie: the one function that decides.

A browser sends `Origin` on every cross-origin request and on same-origin POSTs; a request
that carries one from anywhere but here, or an origin the service lets in with credentials
(`CORS_ORIGINS` with `CORS_ALLOW_CREDENTIALS`, see `users.cors`), must not reach the cookie
flow. Here is the service's own scheme and host as the request sees them: behind
`TRUSTED_PROXIES`, the ones the proxy passed (werkzeug's ProxyFix), so the check holds whether
TLS ends at nginx or not.
"""

from __future__ import annotations

from flask import request

from users.config import settings

DEFAULT_PORTS = {"http": "80", "https": "443"}


def trusted_origin(origin: str) -> bool:
    """Listed origins are stored as browsers send them (`users.config.normal_origin`); `*`
    is never a browser's origin, so it lets nobody in here."""
    given = _normalised(origin)
    if given == _normalised(f"{request.scheme}://{request.host}"):
        return True
    allowed = settings()
    return allowed.cors_allow_credentials and given in allowed.cors_origins


def _normalised(origin: str) -> str:
    """Lower-case, without a default port: `HTTPS://Example.org:443` is `https://example.org`
    (browsers never send the default port, a `Host` header may)."""
    scheme, _, host = origin.strip().lower().partition("://")
    default = DEFAULT_PORTS.get(scheme)
    if default is not None and host.endswith(f":{default}"):
        host = host[: -len(default) - 1]
    return f"{scheme}://{host}"
