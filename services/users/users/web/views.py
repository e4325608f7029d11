from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from pydantic import ValidationError

from users import accounts
from users.api.users import EMAIL_EXISTS
from users.errors import failure
from users.extensions import csrf
from users.models import EmailTaken, users_before
from users.schemas import PageQuery, UserCreate

bp = Blueprint("web", __name__, template_folder="templates")

FIELD_LABELS = {"username": "Username", "email": "Email"}
ADMINS_ONLY = "Adding users needs an admin on this service: use the API with an admin token."


@bp.get("/")
def index() -> Any:
    try:
        query = PageQuery.model_validate(request.args.to_dict())
    except ValidationError:
        return failure(400, "That page of users does not exist.")
    return render_index(before_id=query.before)


@bp.post("/")
def add_user() -> Any:
    """Post/Redirect/Get: a valid form adds the user and redirects back to the list."""
    if current_app.config["USERS_CREATE_REQUIRES_ADMIN"]:
        return failure(403, ADMINS_ONLY)
    csrf.protect()
    form = request.form.to_dict()
    try:
        new_user = UserCreate.model_validate(form)
        accounts.add_user(new_user, with_password=False)
    except ValidationError as error:
        return render_index(form=form, errors=field_errors(error), status=400)
    except EmailTaken:
        return render_index(form=form, errors={"email": EMAIL_EXISTS}, status=400)
    flash(f"{new_user.email} was added!")
    return redirect(url_for("web.index"), code=303)


def render_index(
    *,
    before_id: int | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    page_size = current_app.config["USERS_PAGE_SIZE"]
    rows = users_before(before_id=before_id, limit=page_size + 1)
    users = rows[:page_size]
    older = url_for("web.index", before=users[-1]["id"]) if len(rows) > page_size else None
    html = render_template(
        "index.html",
        users=users,
        older_url=older,
        paged=before_id is not None,
        form_open=not current_app.config["USERS_CREATE_REQUIRES_ADMIN"],
        form=form or {},
        errors=errors or {},
    )
    return html, status


def field_errors(error: ValidationError) -> dict[str, str]:
    """One readable message per form field."""
    messages: dict[str, str] = {}
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else "form"
        label = FIELD_LABELS.get(field, field)
        # Our own validators' words, without pydantic's "Value error, " in front.
        text = str(detail["ctx"]["error"]) if detail["type"] == "value_error" else detail["msg"]
        messages.setdefault(field, f"{label}: {text}")
    return messages
