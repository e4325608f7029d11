from __future__ import annotations

from apiflask import APIBlueprint

from users import messages
from users.schemas import Message

bp = APIBlueprint("ping", __name__, tag="Health")


@bp.get("/ping")
@bp.output(Message)
def ping() -> Message:
    """Is the service up?"""
    return Message(message=messages.PONG)
