"""A real SMTP server on loopback for the browser tests (aiosmtpd, from the service's dev
extras): every message it receives is written to DIRECTORY as one JSON file (recipients,
subject, the plain-text body decoded), which the tests read. Prints "ready <port>" once it
listens; stops on SIGTERM, or when its standard input closes (the runner that started it is
gone).

    python smtp-catcher.py DIRECTORY
"""

from __future__ import annotations

import json
import signal
import socket
import sys
import threading
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class Catcher:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(("plain",))
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(message["Subject"]),
            "text": body.get_content() if body is not None else "",
        }
        name = f"{uuid.uuid4().hex}.json"
        # Written whole, then renamed: a reader never sees half a message.
        partial = self.directory / f".{name}"
        partial.write_text(json.dumps(record), encoding="utf-8")
        partial.rename(self.directory / name)
        return "250 Message accepted for delivery"


def main() -> None:
    directory = Path(sys.argv[1])
    directory.mkdir(parents=True, exist_ok=True)
    # aiosmtpd's Controller cannot listen on port 0 (it connects to its port to check the
    # server is up), so ask the system for a free one first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Catcher(directory), hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    # Standard input is a pipe from the test runner: its end means the runner is gone (killed
    # before its teardown), and this server must not outlive it.
    threading.Thread(target=lambda: (sys.stdin.read(), stopped.set()), daemon=True).start()
    print(f"ready {port}", flush=True)
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
