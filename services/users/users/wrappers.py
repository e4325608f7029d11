"""The service's application and request classes: APIFlask's and Flask's, with three things
done at the moment Flask does them.

- `ensure_sync` is answered once per function: Flask asks it of every hook and view on every
  request (five times a `GET /ping`), and each answer is an `inspect.iscoroutinefunction`.
  Remembered, and with the route noted as below, a `GET /ping` cost 548,000 CPU
  instructions instead of 572,000 (valgrind, docs/performance.md), measured with a plain
  dict of functions; the weak one below adds a weak reference per lookup, not re-measured.
- A malformed JSON body is the contract's 400, not Werkzeug's HTML page.
- When Flask closes the request (its last step, after the teardown hooks), the matched route's
  template is noted in the WSGI environ for the metrics (`users.observability`), whose
  middleware looks only after Flask has dropped its request. Not an `after_request` hook,
  which cost 5 µs a request (in-process `/ping`, about 4% of it), nor a property on
  `url_rule`, which Flask and Werkzeug read eight times a request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from inspect import iscoroutinefunction
from typing import Any
from weakref import WeakKeyDictionary

from apiflask import APIFlask, HTTPError
from flask import Request

from users import messages
from users.observability import ROUTE_KEY
from users.web.session import LazyCookieSessionInterface


class ServiceRequest(Request):
    def close(self) -> None:
        if self.url_rule is not None:
            self.environ[ROUTE_KEY] = self.url_rule.rule
        super().close()

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        raise HTTPError(400, messages.INVALID_PAYLOAD)


class ServiceApp(APIFlask):
    request_class = ServiceRequest
    session_interface = LazyCookieSessionInterface()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Weak keys, and the answer rather than the function: `after_this_request` callbacks
        # are closures made per request (one holds a refresh token), and kept here they would
        # pile up for the life of the worker.
        self.is_coroutine: WeakKeyDictionary[Callable[..., Any], bool] = WeakKeyDictionary()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            is_coroutine = self.is_coroutine[func]
        except KeyError:
            is_coroutine = iscoroutinefunction(func)
            with suppress(TypeError):  # a callable that takes no weak reference: not kept
                self.is_coroutine[func] = is_coroutine
        return super().ensure_sync(func) if is_coroutine else func
