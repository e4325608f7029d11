#!/usr/bin/python3
"""A stand-in for Mailpit: catches every message sent over SMTP and shows them over HTTP.

SMTP on port 1025 (any sender, any recipient, no authentication). HTTP on port 8025:
  GET /                      an HTML list of the messages, newest first
  GET /api/v1/messages       {"total", "count", "messages": [{"ID", "From", "To", "Subject",
                              "Created", "Snippet"}, ...]}, newest first, as Mailpit's API
  GET /api/v1/message/<ID>   one message, with "Text" and "HTML" bodies
  DELETE /api/v1/messages    deletes them all
  GET /livez, /readyz        200
Messages are kept in memory only, like Mailpit without a database file.
"""

from __future__ import annotations

import html
import json
import signal
import sys
import threading
import uuid
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

MESSAGES: list[dict[str, Any]] = []
LOCK = threading.Lock()


def address(name: str, email: str) -> dict[str, str]:
    return {"Name": name, "Address": email}


def body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else ""


class Catcher:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        assert isinstance(message, EmailMessage)
        text = body(message, "plain")
        sender = getaddresses([message.get("From", envelope.mail_from)])[0]
        entry = {
            "ID": uuid.uuid4().hex,
            "MessageID": message.get("Message-ID", ""),
            "From": address(*sender),
            "To": [address(*pair) for pair in getaddresses(message.get_all("To", []))],
            "Subject": message.get("Subject", ""),
            "Created": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "Snippet": " ".join(text.split())[:250],
            "Text": text,
            "HTML": body(message, "html"),
        }
        with LOCK:
            MESSAGES.insert(0, entry)
        return "250 Message accepted for delivery"


SUMMARY_KEYS = ("ID", "MessageID", "From", "To", "Subject", "Created", "Snippet")


class Web(BaseHTTPRequestHandler):
    def send(self, status: int, content: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def send_json(self, status: int, value: Any) -> None:
        self.send(status, json.dumps(value).encode(), "application/json")

    def do_GET(self) -> None:  # noqa: N802
        with LOCK:
            messages = list(MESSAGES)
        if self.path in ("/livez", "/readyz"):
            self.send(200, b"ok", "text/plain")
        elif self.path.split("?")[0] == "/api/v1/messages":
            summaries = [{key: m[key] for key in SUMMARY_KEYS} for m in messages]
            self.send_json(
                200, {"total": len(messages), "count": len(messages), "messages": summaries}
            )
        elif self.path.startswith("/api/v1/message/"):
            wanted = self.path.rsplit("/", 1)[1]
            found = [m for m in messages if m["ID"] == wanted]
            self.send_json(200, found[0]) if found else self.send(404, b"not found", "text/plain")
        elif self.path == "/":
            rows = "".join(
                f"<tr><td>{html.escape(m['Created'])}</td><td>{html.escape(m['From']['Address'])}</td>"
                f"<td>{html.escape(m['Subject'])}</td><td><pre>{html.escape(m['Text'])}</pre></td></tr>"
                for m in messages
            )
            page = (
                "<!doctype html><html><head><meta charset='utf-8'><title>Mailpit (stand-in)</title>"
                "</head><body><h1>Messages</h1><table><tr><th>Date</th><th>From</th><th>Subject</th>"
                f"<th>Text</th></tr>{rows}</table></body></html>"
            )
            self.send(200, page.encode(), "text/html; charset=utf-8")
        else:
            self.send(404, b"not found", "text/plain")

    def do_DELETE(self) -> None:  # noqa: N802
        if self.path == "/api/v1/messages":
            with LOCK:
                MESSAGES.clear()
            self.send(200, b"ok", "text/plain")
        else:
            self.send(404, b"not found", "text/plain")


def main() -> None:
    # As PID 1 the process gets no default action for SIGTERM: `docker stop` would wait out
    # its grace period and kill it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    smtp = Controller(Catcher(), hostname="0.0.0.0", port=1025)
    smtp.start()
    print("mailpit stand-in: SMTP on 0.0.0.0:1025, HTTP on 0.0.0.0:8025", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8025), Web).serve_forever()


if __name__ == "__main__":
    main()
