from __future__ import annotations

from apiflask import APIBlueprint

from users import accounts, messages
from users.api import idempotency, never_cached, require_json_body, respond_to
from users.api.idempotency import IDEMPOTENT, idempotent
from users.auth.cookies import REFRESH_COOKIE, drop_cookie, hand_over, refuse_foreign_origin
from users.auth.guards import current_account, token_required
from users.auth.limits import rate_limited
from users.auth.tokens import BEARER, request_claims
from users.exceptions import (
    AccountInactive,
    EmailTaken,
    LoginFailed,
    PasswordTooCommon,
    RefreshTokenReused,
)
from users.schemas import (
    BEARER_AUTH,
    BEARER_OR_COOKIE,
    AccountOut,
    AccountResponse,
    Login,
    Message,
    Registration,
    Tokens,
    TokensIssued,
)

bp = APIBlueprint("auth", __name__, tag="Auth", url_prefix="/auth")
bp.before_request(refuse_foreign_origin)
bp.before_request(require_json_body)
respond_to(
    bp,
    {
        EmailTaken: (400, messages.USER_EXISTS),
        PasswordTooCommon: (400, messages.PASSWORD_TOO_COMMON),
        LoginFailed: (401, messages.BAD_LOGIN),
        AccountInactive: (403, messages.INACTIVE),
        RefreshTokenReused: (401, messages.PROVIDE_TOKEN, BEARER),
        **idempotency.ANSWERS,
    },
)


bp.after_request(never_cached)


@bp.post("/register")
@rate_limited  # before the key's claim: a refused flood costs no write
@idempotent
@bp.input(Registration, arg_name="registration")
@bp.output(TokensIssued, status_code=201)
@bp.doc(responses=[400, 403, 429], extensions={**IDEMPOTENT, **REFRESH_COOKIE})
def register(registration: Registration) -> TokensIssued:
    """Register an account

    The new user is active and logged in: the response carries its tokens.
    """
    return TokensIssued(message=messages.REGISTERED, **hand_over(accounts.register(registration)))


@bp.post("/login")
@rate_limited
@bp.input(Login, arg_name="login")
@bp.output(TokensIssued)
@bp.doc(responses=[400, 401, 403, 429], extensions=REFRESH_COOKIE)
def login(login: Login) -> TokensIssued:
    """Log in

    An unknown email and a wrong password get the same answer, in the same time.
    """
    tokens = accounts.log_in(login.email, login.password)
    return TokensIssued(message=messages.LOGGED_IN, **hand_over(tokens))


@bp.post("/refresh")
@token_required(refresh=True, cookie=True)
@bp.output(Tokens)
@bp.doc(security=BEARER_OR_COOKIE, responses=[401, 403], extensions=REFRESH_COOKIE)
def refresh() -> Tokens:
    """Exchange a refresh token for a new pair

    Send the refresh token as the bearer token, or (with `X-Refresh-Cookie: 1` and no
    Authorization header) the `refresh_token` cookie. It is spent: using it again ends the
    session.
    """
    return Tokens(**hand_over(accounts.refresh(request_claims())))


@bp.get("/logout")
@bp.post("/logout")
@token_required(cookie=True)
@bp.output(Message)
@bp.doc(security=BEARER_OR_COOKIE, responses=[401, 403], extensions=REFRESH_COOKIE)
def logout() -> Message:
    """Log out

    The access token and its refresh token are refused from now on, by every worker. With
    `X-Refresh-Cookie: 1` the cookie is cleared too, and stands in for the access token when
    there is no Authorization header.
    """
    accounts.log_out(request_claims())
    drop_cookie()
    return Message(message=messages.LOGGED_OUT)


@bp.get("/status")
@token_required()
@bp.output(AccountResponse)
@bp.doc(security=BEARER_AUTH, responses=[401])
def status() -> AccountResponse:
    """The logged-in user"""
    return AccountResponse(data=AccountOut.model_validate(current_account()))
