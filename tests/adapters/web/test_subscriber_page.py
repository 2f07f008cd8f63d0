"""The subscriber's page over HTTP: settings and lists change verdicts, the folder escapes text and
pages, forms need the session's token, bad entries are messages (real uvicorn, httpx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from clearline.storage.keys import Role
from http_support import Service, message, serving
from web_support import csrf_of, sign_in

NUMBER = "+14155550100"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """The real service on a SQLite file, over 127.0.0.1."""
    with serving(f"sqlite:///{tmp_path / 'clearline.db'}", audit_writer="inline") as running:
        yield running


@pytest.fixture
def subscriber(service: Service) -> Iterator[httpx.Client]:
    """A browser-like client signed in with a subscriber key for ``NUMBER``."""
    with httpx.Client(base_url=service.base_url, timeout=30) as client:
        assert sign_in(client, service.key(Role.SUBSCRIBER, number=NUMBER)).status_code == 303
        yield client


def _post(client: httpx.Client, path: str, **fields: str) -> httpx.Response:
    """Post a form of the subscriber page with the page's CSRF token."""
    token = csrf_of(client.get("/subscriber").text)
    return client.post(path, data={"csrf": token, **fields})


def _action(service: Service, id: str, **fields: Any) -> str:
    answer = service.check([message(id, to=NUMBER, **fields)])
    assert answer.status_code == 200, answer.text
    action: str = answer.json()["verdicts"][0]["action"]
    return action


def test_contacts_only_sends_strangers_to_the_folder(
    service: Service, subscriber: httpx.Client
) -> None:
    saved = _post(subscriber, "/subscriber/protection", mode="contacts_only", default_blocking="on")
    assert (saved.status_code, saved.headers["location"]) == (303, "/subscriber?notice=protection")
    page = subscriber.get(saved.headers["location"])
    assert "Protection settings saved" in page.text
    assert 'value="contacts_only"\n      checked' in page.text
    assert _action(service, "m1") == "tag"


def test_a_body_with_a_script_shows_as_text(service: Service, subscriber: httpx.Client) -> None:
    _post(subscriber, "/subscriber/protection", mode="contacts_only", default_blocking="on")
    _action(service, "m1", body='<script>alert("x")</script> & <b>win</b>')
    page = subscriber.get("/subscriber")
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;win&lt;/b&gt;" in page.text
    )
    assert "<script>alert" not in page.text


def test_adding_a_blocklist_prefix_blocks_and_removing_it_stops(
    service: Service, subscriber: httpx.Client
) -> None:
    added = _post(subscriber, "/subscriber/lists", list_name="blocklist", entry="+1212*")
    assert added.headers["location"] == "/subscriber?notice=added"
    assert "+1212*" in subscriber.get("/subscriber").text
    assert _action(service, "m1") == "block"
    removed = _post(
        subscriber, "/subscriber/lists", list_name="blocklist", entry="+1212*", edit="remove"
    )
    assert removed.headers["location"] == "/subscriber?notice=removed"
    assert _action(service, "m2") == "deliver"


def test_a_bad_list_entry_is_a_message_on_the_page(subscriber: httpx.Client) -> None:
    answer = _post(subscriber, "/subscriber/lists", list_name="allowlist", entry="x" * 40)
    assert answer.status_code == 422
    assert 'class="error" role="alert"' in answer.text
    assert "at most 32 characters" in answer.text


def test_releasing_a_message_delivers_the_sender_from_then_on(
    service: Service, subscriber: httpx.Client
) -> None:
    _post(subscriber, "/subscriber/protection", mode="contacts_only", default_blocking="on")
    assert _action(service, "m1") == "tag"
    released = _post(subscriber, "/subscriber/release", message_id="m1")
    assert released.headers["location"] == "/subscriber?notice=released"
    assert "released" in subscriber.get("/subscriber").text
    assert _action(service, "m2", seconds=60.0) == "deliver"


def test_releasing_a_message_not_in_the_folder_is_a_message(subscriber: httpx.Client) -> None:
    answer = _post(subscriber, "/subscriber/release", message_id="nope")
    assert answer.status_code == 404
    assert "no message &#39;nope&#39; in this spam folder" in answer.text


def test_reporting_a_sender_sends_its_texts_to_the_folder(
    service: Service, subscriber: httpx.Client
) -> None:
    reported = _post(subscriber, "/subscriber/report", sender="+12125550123", body="win cash")
    assert reported.headers["location"] == "/subscriber?notice=reported"
    assert _action(service, "m1") == "tag"


def test_a_page_form_without_the_session_token_changes_nothing(
    service: Service, subscriber: httpx.Client
) -> None:
    answer = subscriber.post(
        "/subscriber/lists", data={"csrf": "forged", "list_name": "blocklist", "entry": "+1212*"}
    )
    assert answer.status_code == 403
    assert _action(service, "m1") == "deliver"


def test_the_spam_folder_is_paged(service: Service, subscriber: httpx.Client) -> None:
    _post(subscriber, "/subscriber/protection", mode="contacts_only", default_blocking="on")
    answer = service.check([message(f"m{i}", seconds=i, to=NUMBER) for i in range(25)])
    assert answer.status_code == 200
    first = subscriber.get("/subscriber").text
    assert first.count('name="message_id" value="m') == 40  # 20 rows, a release and a report each
    assert "Older messages" in first
    older = first.split('href="/subscriber?before=')[1].split('"')[0]
    second = subscriber.get(f"/subscriber?before={older}").text
    assert second.count('name="message_id" value="m') == 10
    assert 'value="m0"' in second and "Older messages" not in second


def _calls(service: Service, *calls: dict[str, str]) -> list[str]:
    answer = service.http.post(
        "/v1/calls/check", json={"calls": list(calls)}, headers=service.headers()
    )
    assert answer.status_code == 200, answer.text
    return [verdict["action"] for verdict in answer.json()["verdicts"]]


def _call(id: str, minute: int, caller: str = "+13125550123") -> dict[str, str]:
    return {"id": id, "ts": f"2026-11-23T15:{minute:02d}:00Z", "from": caller, "to": NUMBER}


def test_blocked_calls_are_listed_escaped_with_their_reasons(
    service: Service, subscriber: httpx.Client
) -> None:
    assert "No calls to you were blocked." in subscriber.get("/subscriber").text
    _post(subscriber, "/subscriber/protection", mode="contacts_only", default_blocking="on")
    assert _calls(service, _call("c1", 0, caller="<b>+13125550123</b>")) == ["block"]
    page = subscriber.get("/subscriber").text
    calls = page.split('id="calls-heading"')[1].split("</section>")[0]
    assert "&lt;b&gt;+13125550123&lt;/b&gt;" in calls and "<b>+1312" not in calls
    assert '<time datetime="2026-11-23T15:00:00Z">' in calls  # rewritten to local time
    assert "CALL_NOT_CONTACT" in calls


def test_blocked_calls_are_paged(service: Service, subscriber: httpx.Client) -> None:
    _post(subscriber, "/subscriber/protection", mode="contacts_only", default_blocking="on")
    # 25 strangers (one call each: a second call from the same number would ring through).
    calls = [_call(f"c{i}", i, caller=f"+1312555{i:04d}") for i in range(25)]
    assert _calls(service, *calls) == ["block"] * 25
    first = subscriber.get("/subscriber").text
    assert first.count("+1312555") == 20
    assert "+13125550024" in first and "+13125550004" not in first
    older = first.split('href="/subscriber?calls_before=')[1].split("#")[0]
    second = subscriber.get(f"/subscriber?calls_before={older}").text
    assert second.count("+1312555") == 5
    assert "+13125550000" in second and "Older blocked calls" not in second
