"""The unsubscribe link in every mail: signed, salted for its purpose, it
turns one setting off without signing in — from the page, or by RFC 8058's
one-click POST — and a tampered or foreign link changes nothing."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import NotificationSettings
from caseboard.services import unsubscribe
from caseboard.services.digests import send_digests
from caseboard.services.notification_settings import channels_of, digest_frequency
from tests.test_notifications_digest import give_tasks
from tests.test_notifications_mail import assign, body, run_jobs, smtp_server
from tests.test_notifications_settings import settings_form

# RFC 8058, section 8.1 (the "Simple" example): the header in the mail, and
# the body the mail client POSTs to that address to unsubscribe.
#   List-Unsubscribe: <https://example.com/unsubscribe/opaquepart>
#   List-Unsubscribe-Post: List-Unsubscribe=One-Click
RFC_EXAMPLE = "<https://example.com/unsubscribe/opaquepart>"
HEADER_SHAPE = re.compile(r"^<(https?://[^>\s]+)>$")
ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


@pytest.fixture
def team(notify_team):
    return notify_team


@pytest.fixture
def smtp(app, monkeypatch):
    with smtp_server(app, monkeypatch) as inbox:
        yield inbox


def one_click(app, url: str):
    """What a mail client does: a POST with no cookie and no CSRF token."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        return app.test_client().post(
            urlsplit(url).path,
            data=ONE_CLICK_BODY,
            content_type="application/x-www-form-urlencoded",
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def link_of(message) -> str:
    found = HEADER_SHAPE.match(message["List-Unsubscribe"])
    assert found, message["List-Unsubscribe"]
    return found.group(1)


def test_the_header_shape_matches_the_rfc_example():
    assert HEADER_SHAPE.match(RFC_EXAMPLE)


def test_a_notification_mail_unsubscribes_from_its_kind_in_one_click(
    app, client, team, smtp
):
    inspector = team["inspector"]
    assign(client, team, assignee_id=inspector.person_id, title="Walk the lot")
    run_jobs(app)
    [(_to, message)] = smtp.messages
    url = link_of(message)
    assert message["List-Unsubscribe-Post"] == ONE_CLICK_BODY
    assert url in body(message)  # the footer carries the same link
    assert one_click(app, url).status_code == 200
    db.session.expire_all()
    channels = channels_of([inspector.id])[inspector.id]
    assert channels["task_assigned"] == "off"
    assert channels["mentioned"] == "email" and digest_frequency(inspector) == "daily"
    # ... so the next assignment tells the inspector nothing.
    assign(client, team, assignee_id=inspector.person_id, title="Walk it again")
    run_jobs(app)
    assert len(smtp.messages) == 1


def test_the_digest_link_asks_first_then_turns_the_digest_off(
    app, team, smtp, make_task
):
    give_tasks(team, make_task)
    send_digests()
    [(_to, message)] = smtp.messages
    path = urlsplit(link_of(message)).path
    visitor = app.test_client()  # nobody signed in
    page = visitor.get(path)
    assert page.status_code == 200 and "The digest by email" in page.text
    assert db.session.scalar(select(NotificationSettings)) is None  # not yet
    done = visitor.post(path)
    assert done.status_code == 200 and "is now off" in done.text
    db.session.expire_all()
    inspector = team["inspector"]
    assert digest_frequency(inspector) == "off"
    assert channels_of([inspector.id])[inspector.id]["task_assigned"] == "email"


def forged(app, payload, salt=unsubscribe.SALT, key=None) -> str:
    signer = URLSafeTimedSerializer(key or app.config["SECRET_KEY"], salt=salt)
    return str(signer.dumps(payload))


@pytest.mark.parametrize(
    "make",
    [
        # A character of the signature changed.
        lambda app, user: unsubscribe.make_token(user.id, "digest")[:-2] + "xx",
        # Signed for another purpose (another salt), or with another key.
        lambda app, user: forged(app, [user.id, "digest"], salt="caseboard.other"),
        lambda app, user: forged(app, [user.id, "digest"], key="not-our-key"),
        # Well signed, but naming nothing that exists.
        lambda app, user: forged(app, [user.id, "no_such_kind"]),
        lambda app, user: forged(app, [10_000, "digest"]),
        lambda app, user: forged(app, {"user": user.id}),
        lambda app, user: "not-a-token",
    ],
)
def test_a_tampered_or_foreign_link_is_refused_and_changes_nothing(app, team, make):
    token = make(app, team["inspector"])
    visitor = app.test_client()
    for method in ("GET", "POST"):
        answer = visitor.open(f"/unsubscribe/{token}", method=method)
        assert answer.status_code == 400
        assert "This unsubscribe link is not valid" in answer.text
        assert "Nothing was changed" in answer.text
    assert db.session.scalar(select(NotificationSettings)) is None


def test_an_expired_link_is_refused(app, team, monkeypatch):
    token = unsubscribe.make_token(team["inspector"].id, "digest")
    monkeypatch.setattr(unsubscribe, "MAX_AGE_DAYS", -1)
    assert app.test_client().post(f"/unsubscribe/{token}").status_code == 400


def test_one_users_link_never_touches_another(app, client, team):
    inspector, colleague = team["inspector"], team["colleague"]
    client.post("/unsubscribe/" + unsubscribe.make_token(inspector.id, "comment"))
    db.session.expire_all()
    assert channels_of([colleague.id])[colleague.id]["comment"] == "digest"
    assert channels_of([inspector.id])[inspector.id]["comment"] == "off"
    # The confirm page names whose setting it changes, and no one else's.
    page = client.get("/unsubscribe/" + unsubscribe.make_token(inspector.id, "digest"))
    assert inspector.email in page.text and colleague.email not in page.text


def test_an_open_settings_page_is_stale_after_unsubscribing(app, client, team):
    from tests.conftest import sign_in

    inspector = team["inspector"]
    sign_in(client, inspector)
    client.post("/account/notifications", data=settings_form(task_assigned="bell"))
    app.test_client().post(
        "/unsubscribe/" + unsubscribe.make_token(inspector.id, "digest")
    )
    stale = client.post(
        "/account/notifications", data=settings_form(version=1, digest="daily")
    )
    assert "nothing was saved" in stale.text
    db.session.expire_all()
    assert digest_frequency(inspector) == "off"


def test_the_link_is_rate_limited_like_sign_in(app, team, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN", "3 per minute")
    address = {"REMOTE_ADDR": "198.51.100.23"}
    visitor = app.test_client()
    answers = [
        visitor.get(f"/unsubscribe/guess-{n}", environ_base=address).status_code
        for n in range(4)
    ]
    assert answers == [400, 400, 400, 429]
    refused = visitor.get("/unsubscribe/guess-5", environ_base=address)
    assert "Too many requests" in refused.text
