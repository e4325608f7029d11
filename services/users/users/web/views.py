from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from pydantic import ValidationError

from users import accounts, messages
from users.auth.guards import creating_users_needs_admin
from users.config import settings
from users.errors import failure
from users.exceptions import EmailTaken
from users.extensions import csrf
from users.schemas import PageQuery, UserCreate

bp = Blueprint("web", __name__, template_folder="templates")

FIELD_LABELS = {"username": "Username", "email": "Email"}


@bp.get("/")
def index() -> Any:
    try:
        query = PageQuery.model_validate(request.args.to_dict())
    except ValidationError:
        return failure(400, messages.NO_SUCH_PAGE)
    return render_index(before_id=query.before)


@bp.post("/")
def add_user() -> Any:
    """Post/Redirect/Get: a valid form adds the user and redirects back to the list."""
    if creating_users_needs_admin():
        return failure(403, messages.FORM_NEEDS_ADMIN)
    csrf.protect()
    form = request.form.to_dict()
    try:
        new_user = UserCreate.model_validate(form)
        accounts.add_user(new_user, with_password=False)
    except ValidationError as error:
        return render_index(form=form, errors=field_errors(error), status=400)
    except EmailTaken:
        return render_index(form=form, errors={"email": messages.EMAIL_EXISTS}, status=400)
    flash(messages.user_added(new_user.email))
    return redirect(url_for("web.index"), code=303)


def render_index(
    *,
    before_id: int | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    page_size = settings().users_page_size
    rows = accounts.newest_users(before_id, page_size + 1)
    users = rows[:page_size]
    older = url_for("web.index", before=users[-1]["id"]) if len(rows) > page_size else None
    html = render_template(
        "index.html",
        users=users,
        older_url=older,
        paged=before_id is not None,
        form_open=not creating_users_needs_admin(),
        form=form or {},
        errors=errors or {},
    )
    return html, status


def field_errors(error: ValidationError) -> dict[str, str]:
    """One readable message per form field."""
    messages_by_field: dict[str, str] = {}
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else "form"
        label = FIELD_LABELS.get(field, field)
        # Our own validators' words, without pydantic's "Value error, " in front.
        text = str(detail["ctx"]["error"]) if detail["type"] == "value_error" else detail["msg"]
        messages_by_field.setdefault(field, f"{label}: {text}")
    return messages_by_field
