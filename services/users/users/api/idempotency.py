"""`Idempotency-Key` on the POSTs that create things: a retry of the same request (same key,
same body) gets the first answer again, for 24 hours, instead of doing the work twice; the same
key with another body is 422, and while the first is still being answered, 409. nginx sends a
write whose connection broke to another replica (nginx/users.conf); with a key, that is safe.

The answer is kept encrypted (AES-GCM) under a key derived from the service's secret, the
route, the key and the request body: the table alone gives away no answer, and a registration's
answer holds tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from apiflask import HTTPError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Response, current_app, request

from users import accounts, messages
from users.config import settings
from users.exceptions import IdempotencyKeyInFlight, IdempotencyKeyReused

HEADER = "Idempotency-Key"
# The marker `users.docs` turns into the header parameter and the 409/422 answers in the spec.
MARK = "x-idempotent"
IDEMPOTENT = {MARK: True}
ANSWERS = {
    IdempotencyKeyReused: (422, messages.IDEMPOTENCY_KEY_REUSED),
    IdempotencyKeyInFlight: (409, messages.IDEMPOTENCY_KEY_IN_FLIGHT),
}
_KEY = re.compile(r"[!-~]{1,255}")  # printable ASCII, as Stripe's and the IETF draft's
NONCE_BYTES = 12

View = TypeVar("View", bound=Callable[..., Any])


def idempotent(view: View) -> View:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not _KEY.fullmatch(key):
            raise HTTPError(400, messages.BAD_IDEMPOTENCY_KEY)
        body = request.get_data(cache=True)
        record_id = hashlib.sha256(f"{request.method} {request.path}\n{key}".encode()).hexdigest()
        cipher = AESGCM(_answer_key(record_id, body))
        remembered = accounts.claim_answer(record_id, hashlib.sha256(body).hexdigest())
        if remembered is not None:
            nonce, sealed = remembered.sealed[:NONCE_BYTES], remembered.sealed[NONCE_BYTES:]
            try:
                answer = cipher.decrypt(nonce, sealed, None)
            except InvalidTag:
                # Sealed under a SECRET_KEY rotated since: unreadable, so this request is
                # answered afresh, as once the key has expired.
                accounts.forget_claim(record_id)
                return wrapper(*args, **kwargs)
            replay = Response(answer, remembered.status_code, mimetype="application/json")
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            accounts.forget_claim(record_id)
            raise
        nonce = os.urandom(NONCE_BYTES)
        sealed = nonce + cipher.encrypt(nonce, response.get_data(), None)
        accounts.remember_answer(record_id, response.status_code, sealed)
        return response

    return cast(View, wrapper)


def _answer_key(record_id: str, body: bytes) -> bytes:
    secret = (settings().secret_key or "").encode()
    return hmac.new(secret, f"idempotency {record_id}\n".encode() + body, hashlib.sha256).digest()
