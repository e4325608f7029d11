from __future__ import annotations

from apiflask import APIBlueprint, abort
from flask_jwt_extended import current_user

from users import accounts
from users.api import require_json_body
from users.limits import rate_limited
from users.models import EmailTaken
from users.passwords import PasswordTooCommon
from users.schemas import (
    AccountOut,
    AccountResponse,
    Login,
    Message,
    Registration,
    Tokens,
    TokensIssued,
)
from users.tokens import end_session, issue_tokens, rotate_refresh_token, token_required

bp = APIBlueprint("auth", __name__, tag="Auth", url_prefix="/auth")
bp.before_request(require_json_body)

USER_EXISTS = "Sorry. That user already exists."
PASSWORD_TOO_COMMON = "Password is too common."
BAD_LOGIN = "Invalid email or password."
INACTIVE = "Account is inactive."
BEARER_AUTH = "BearerAuth"


@bp.post("/register")
@rate_limited
@bp.input(Registration, arg_name="registration")
@bp.output(TokensIssued, status_code=201)
@bp.doc(responses=[400, 429])
def register(registration: Registration) -> TokensIssued:
    """Register an account

    The new user is active and logged in: the response carries its tokens.
    """
    try:
        user = accounts.register(registration)
    except PasswordTooCommon:
        abort(400, PASSWORD_TOO_COMMON)
    except EmailTaken:
        abort(400, USER_EXISTS)
    return TokensIssued(message="Successfully registered.", **issue_tokens(user))


@bp.post("/login")
@rate_limited
@bp.input(Login, arg_name="login")
@bp.output(TokensIssued)
@bp.doc(responses=[400, 401, 403, 429])
def login(login: Login) -> TokensIssued:
    """Log in

    An unknown email and a wrong password get the same answer, in the same time.
    """
    try:
        user = accounts.log_in(login.email, login.password)
    except accounts.LoginFailed:
        abort(401, BAD_LOGIN)
    except accounts.AccountInactive:
        abort(403, INACTIVE)
    return TokensIssued(message="Successfully logged in.", **issue_tokens(user))


@bp.post("/refresh")
@token_required(refresh=True)
@bp.output(Tokens)
@bp.doc(security=BEARER_AUTH, responses=[401])
def refresh() -> Tokens:
    """Exchange a refresh token for a new pair

    Send the refresh token as the bearer token. It is spent: using it again ends the session.
    """
    return Tokens(**rotate_refresh_token())


@bp.get("/logout")
@bp.post("/logout")
@token_required()
@bp.output(Message)
@bp.doc(security=BEARER_AUTH, responses=[401])
def logout() -> Message:
    """Log out

    The access token and its refresh token are refused from now on, by every worker.
    """
    end_session()
    return Message(message="Successfully logged out.")


@bp.get("/status")
@token_required()
@bp.output(AccountResponse)
@bp.doc(security=BEARER_AUTH, responses=[401])
def status() -> AccountResponse:
    """The logged-in user"""
    return AccountResponse(data=AccountOut.model_validate(current_user))
