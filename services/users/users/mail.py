"""Email over SMTP, sent off the request thread.

`later` runs a job (with the app's context) on a small thread pool, so a request never waits
for the mail server: the reset request answers in the same time whether or not an email goes
out, and an SMTP outage costs the request nothing (the job logs it). `send` talks to
`MAIL_SERVER` with `MAIL_TIMEOUT` on every socket operation, STARTTLS when `MAIL_USE_TLS`, and a
login when `MAIL_USERNAME` is set. Without a mail server the message is logged instead and
says it was not sent: in full in development, where that is how the link is found; without
its body in production, where a reset link in the log would let anyone who reads the log take
over the account (a warning at start says mail is off).
"""

from __future__ import annotations

import html
import logging
import smtplib
import ssl
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import urljoin

from flask import Flask, Response, after_this_request, current_app, request

from users import messages
from users.config import Settings, settings
from users.exceptions import DependencyUnavailable
from users.observability import BACKGROUND_REQUEST_ID, current_request_id
from users.outages import bounded

log = logging.getLogger("users.mail")
WORKERS = 2  # emails are rare (rate limited); two keep one slow server from queueing all


@dataclass(frozen=True)
class Mail:
    settings: Settings
    pool: ThreadPoolExecutor
    slots: threading.BoundedSemaphore  # MAIL_QUEUE_LIMIT: jobs waiting or running

    def later(self, job: Callable[..., None], *args: Any) -> None:
        """Run `job(*args)` on the pool once this request's answer has been sent, so the job
        never competes with the request it came from; in an app context, its log lines
        carrying this request's id, with the database deadline of a request. Whatever it raises
        is logged, never seen by the request."""
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        request_id = current_request_id()

        def run() -> None:
            BACKGROUND_REQUEST_ID.set(request_id)
            with app.app_context(), bounded():
                try:
                    job(*args)
                except DependencyUnavailable as error:  # an outage: one line, no traceback
                    log.error("background job %s failed: %s", job.__name__, error)
                except Exception:
                    log.exception("background job %s failed", job.__name__)

        @after_this_request
        def start_once_sent(response: Response) -> Response:
            response.call_on_close(lambda: self.start(run, job.__name__))
            return response

    def start(self, run: Callable[[], None], name: str) -> None:
        """Queue `run` unless MAIL_QUEUE_LIMIT jobs are already waiting or running (a slow
        mail server and a flood of requests would otherwise grow the queue without end)."""
        if not self.slots.acquire(blocking=False):
            limit = self.settings.mail_queue_limit
            log.error("background job %s dropped: %d already waiting or running", name, limit)
            return

        def run_then_free_the_slot() -> None:
            try:
                run()
            finally:
                self.slots.release()

        self.pool.submit(run_then_free_the_slot)

    def send(self, message: EmailMessage) -> None:
        """Deliver now (on the pool: see `later`). SMTP and network errors propagate."""
        settings = self.settings
        if not settings.mail_server:
            if settings.env_name == "production":
                log.warning("mail not sent (no MAIL_SERVER): to=%s", message["To"])
            else:
                text = message.get_body(("plain",))
                body = text.get_content() if isinstance(text, EmailMessage) else ""
                log.info(
                    "mail not sent (no MAIL_SERVER): to=%s subject=%s\n%s",
                    message["To"],
                    message["Subject"],
                    body,
                )
            return
        with smtplib.SMTP(
            settings.mail_server, settings.mail_port, timeout=settings.mail_timeout
        ) as smtp:
            if settings.mail_use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.mail_username:
                smtp.login(settings.mail_username, settings.mail_password or "")
            smtp.send_message(message)
        log.info("mail sent: to=%s subject=%s", message["To"], message["Subject"])


def init_mail(app: Flask, settings: Settings) -> None:
    if not settings.mail_server and settings.env_name == "production":
        log.warning("MAIL_SERVER is not set: password reset emails will not be sent")
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="mail")
    slots = threading.BoundedSemaphore(settings.mail_queue_limit)
    app.extensions["mail"] = Mail(settings, pool, slots)


def mail() -> Mail:
    found: Mail = current_app.extensions["mail"]
    return found


def client_page(path: str) -> str:
    """A page of the client (`CLIENT_URL`; relative to this request's own origin unless it
    is absolute)."""
    return urljoin(request.host_url, f"{settings().client_url.rstrip('/')}/{path}")


def reset_email(*, to: str, link: str, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = messages.RESET_EMAIL_SUBJECT
    message["From"] = sender
    message["To"] = to
    message.set_content(messages.reset_email_text(link))
    message.add_alternative(messages.reset_email_html(html.escape(link)), subtype="html")
    return message
