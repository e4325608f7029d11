"""Account self-service: the logged-in user changes its own profile and password, or deletes
its account; a user who forgot the password gets a reset link by email. The same `/auth`
paths, hooks and token failures as `users.api.auth`; its own answers for a taken email."""

from __future__ import annotations

from apiflask import APIBlueprint

from users import accounts, messages
from users.api import never_cached, require_json_body, respond_to
from users.auth.cookies import REFRESH_COOKIE, drop_cookie, hand_over, refuse_foreign_origin
from users.auth.guards import token_required
from users.auth.limits import rate_limited
from users.auth.tokens import BEARER, request_claims
from users.exceptions import (
    EmailTaken,
    LoginFailed,
    PasswordTooCommon,
    ResetTokenInvalid,
    UserNotFound,
)
from users.schemas import (
    BEARER_AUTH,
    AccountDeletion,
    AccountOut,
    AccountResponse,
    Message,
    PasswordChange,
    ProfileUpdate,
    ResetConfirm,
    ResetRequest,
    TokensIssued,
)

bp = APIBlueprint("account", __name__, tag="Account", url_prefix="/auth")
bp.before_request(refuse_foreign_origin)
bp.before_request(require_json_body)
bp.after_request(never_cached)
respond_to(
    bp,
    {
        EmailTaken: (400, messages.EMAIL_EXISTS),
        PasswordTooCommon: (400, messages.PASSWORD_TOO_COMMON),
        LoginFailed: (401, messages.BAD_LOGIN),
        ResetTokenInvalid: (400, messages.RESET_LINK_INVALID),
        # The token's user was deleted after its token was checked: as if it had been before.
        UserNotFound: (401, messages.PROVIDE_TOKEN, BEARER),
    },
)


@bp.patch("/profile")
@token_required()
@bp.input(ProfileUpdate, arg_name="update")
@bp.output(AccountResponse)
@bp.doc(security=BEARER_AUTH, responses=[400, 401])
def update_profile(update: ProfileUpdate) -> AccountResponse:
    """Change my username or email

    A new email must not belong to another user, and needs `current_password` (a wrong one
    is 401 `Invalid email or password.`).
    """
    account = accounts.update_profile(request_claims().user_id, update)
    return AccountResponse(data=AccountOut.model_validate(account))


@bp.post("/password")
@token_required()
@bp.input(PasswordChange, arg_name="change")
@bp.output(TokensIssued)
@bp.doc(security=BEARER_AUTH, responses=[400, 401, 403], extensions=REFRESH_COOKIE)
def change_password(change: PasswordChange) -> TokensIssued:
    """Change my password

    Every session of the user ends, this one included: the response carries the tokens of
    a new one.
    """
    tokens = accounts.change_password(
        request_claims().user_id, change.current_password, change.new_password
    )
    return TokensIssued(message=messages.PASSWORD_CHANGED, **hand_over(tokens))


@bp.delete("/account")
@token_required()
@bp.input(AccountDeletion, arg_name="deletion")
@bp.output(Message)
@bp.doc(security=BEARER_AUTH, responses=[400, 401, 403], extensions=REFRESH_COOKIE)
def delete_account(deletion: AccountDeletion) -> Message:
    """Delete my account

    Needs the password. The user and all of its tokens are gone at once; with
    `X-Refresh-Cookie: 1` the cookie is cleared too.
    """
    accounts.delete_account(request_claims().user_id, deletion.password)
    drop_cookie()
    return Message(message=messages.ACCOUNT_DELETED)


@bp.post("/password-reset")
@rate_limited
@bp.input(ResetRequest, arg_name="reset")
@bp.output(Message, status_code=202)
@bp.doc(responses=[400, 429])
def request_password_reset(reset: ResetRequest) -> Message:
    """Ask for a password reset link

    The same answer, in the same time, whether or not the address has an account; if it
    has (and the account is active), a link valid for 30 minutes is emailed to it.
    """
    accounts.request_password_reset(reset.email)
    return Message(message=messages.RESET_REQUESTED)


@bp.post("/password-reset/confirm")
@bp.input(ResetConfirm, arg_name="confirm")
@bp.output(Message)
@bp.doc(responses=[400])
def confirm_password_reset(confirm: ResetConfirm) -> Message:
    """Set a new password with an emailed reset link's token

    The token works once. Every session of the user ends.
    """
    accounts.reset_password(confirm.token, confirm.new_password)
    return Message(message=messages.PASSWORD_RESET)
