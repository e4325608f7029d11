"""HTTP on loopback for the deploy tests: a free port, and plain requests to a port there.

`make e2e` talks to nginx in front of processes, `make compose-e2e` to the ports compose
publishes; both through this. A new connection per request: what one request does to a
connection (a reset, a close) never touches the next.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
from dataclasses import dataclass
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Http:
    """Requests to one port on 127.0.0.1, from `source` (another loopback address if wanted)."""

    port: int

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        source: str = "127.0.0.1",
        timeout: float = 15,
    ) -> Response:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout, source_address=(source, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def post_json(self, path: str, document: Any) -> Response:
        body = json.dumps(document).encode()
        return self.request("POST", path, body, {"Content-Type": "application/json"})

    def wait(self, path: str, seconds: float = 60) -> Response:
        """The first 200 answer for `path`, asking again until `seconds` have passed."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                response = self.request("GET", path, timeout=5)
                if response.status == 200:
                    return response
                problem = f"{response.status} {response.body[:200]!r}"
            except OSError as error:
                problem = repr(error)
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"GET {path} on port {self.port}: no 200 in {seconds} s: {problem}"
                )
            time.sleep(0.5)
