"""Extensions, created once here and bound to an app in `create_app`."""

from __future__ import annotations

from flask import request
from flask_bootstrap import Bootstrap5
from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints, so migrations can address them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The engine (from the settings) and the tables' metadata; `users.queries` runs Core on it.
db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
csrf = CSRFProtect()
cors = CORS()
bootstrap = Bootstrap5()
jwt = JWTManager()


def client_address() -> str:
    """The client's address; behind nginx, the one it passed (see `TRUSTED_PROXIES`)."""
    return request.remote_addr or "unknown"
