"""Property tests: any text the contract allows survives the round trip unchanged."""

from __future__ import annotations

import itertools
from urllib.parse import quote

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Unicode's White_Space property: what trimming removes (Python's str.strip also removes
# the C0 separators U+001C-U+001F, which are not white space).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)


def has_text(value: str) -> bool:
    return value.strip(WHITE_SPACE) != ""


usernames = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=128
).filter(has_text)
serial = itertools.count()
# The client fixture gives one database per test, not per example; rows accumulating is fine.
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@EXAMPLES
@given(username=usernames)
def test_any_username_round_trips(client: FlaskClient, username: str) -> None:
    email = f"user{next(serial)}@example.com"
    response = client.post("/users", json={"username": username, "email": email})
    assert response.status_code == 201, response.get_json()
    user_id = response.get_json()["data"]["id"]
    stored = client.get(f"/users/{user_id}").get_json()["data"]["username"]
    assert stored == username.strip(WHITE_SPACE)


@EXAMPLES
@given(raw=st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=30))
def test_any_id_is_a_clean_answer(client: FlaskClient, raw: str) -> None:
    """Whatever the id segment holds (percent-encoded, so it stays one segment)."""
    response = client.get(f"/users/{quote(raw, safe='')}")
    assert response.status_code in {400, 404}
    assert response.get_json()["status"] == "fail"
