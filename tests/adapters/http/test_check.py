"""POST /v1/check over HTTP: the scan verdict format, errors in place, idempotency, durability."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import msgspec
import pytest
from sqlalchemy import select, text

from clearline import Engine
from clearline.codec import decode_message, encode_verdict
from clearline.storage import open_database
from clearline.storage.models import VerdictRecord
from clearline.storage.party_index import symbol_fired
from http_support import Service, message, serving


def _verdicts(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    verdicts: list[dict[str, Any]] = response.json()["verdicts"]
    return verdicts


def _expected(*records: dict[str, Any]) -> list[dict[str, Any]]:
    """What `scan` (an in-memory engine) says about the same messages."""
    engine = Engine()
    messages = [decode_message(msgspec.json.encode(r)) for r in records]
    return [msgspec.json.decode(encode_verdict(v)) for v in engine.score_batch(messages)]


def test_one_message_gets_the_verdict_scan_would_give(service: Service) -> None:
    record = message("m1", body="")
    assert _verdicts(service.check([record])) == _expected(record)
    assert _expected(record)[0]["action"] == "tag"


def test_a_message_with_invalid_utf8_gets_an_error_in_place_with_its_id(service: Service) -> None:
    good = message("ok", body="see you at six")
    broken = msgspec.json.encode(message("broken", body="MARKER")).replace(b"MARKER", b"\xff\xfe")
    body = b'{"messages": [' + broken + b", " + msgspec.json.encode(good) + b"]}"
    answer = service.http.post(
        "/v1/check", content=body, headers={**service.headers(), "Content-Type": "application/json"}
    )
    verdicts = _verdicts(answer)
    assert verdicts[0]["index"] == 0 and verdicts[0]["id"] == "broken"
    where = broken.index(b"\xff")
    assert verdicts[0]["error"] == f"invalid UTF-8 at byte {where} of the message"
    assert verdicts[1] == _expected(good)[0]


def test_a_batch_keeps_its_order_and_bad_messages_get_errors_in_place(service: Service) -> None:
    good = [message(f"m{i}", seconds=i, body=f"note {i}") for i in range(3)]
    batch: list[Any] = [
        good[0],
        message("typo", extra="x"),
        good[1],
        message("late", ts="yesterday"),
        7,
        {"id": "no-body"},
        message("wrong-type", body=12),
        good[2],
    ]
    verdicts = _verdicts(service.check(batch))
    assert len(verdicts) == len(batch)
    assert [verdicts[i] for i in (0, 2, 7)] == _expected(*good)
    assert verdicts[1] == {"index": 1, "id": "typo", "error": "unknown field `extra`"}
    assert verdicts[3]["index"] == 3 and verdicts[3]["id"] == "late"
    assert "RFC 3339" in verdicts[3]["error"]
    assert verdicts[4] == {
        "index": 4,
        "id": None,
        "error": "expected each message to be a JSON object, got `int`",
    }
    assert verdicts[5] == {"index": 5, "id": "no-body", "error": "missing required field `ts`"}
    assert verdicts[6]["error"].startswith("`body`: expected `str`")


def test_a_nul_in_a_stored_field_is_an_error_in_place_not_a_failed_round(service: Service) -> None:
    batch = [
        message("ok-1"),
        message("nul\x00id", seconds=1),
        message("nul-from", seconds=2) | {"from": "Acme\x00"},
        message("ok-2", seconds=3, body="a NUL in the text is fine: \x00"),
    ]
    verdicts = _verdicts(service.check(batch))
    assert [v.get("action") for v in verdicts] == ["deliver", None, None, "deliver"]
    assert verdicts[1]["id"] == "nul\x00id"
    assert "must not contain a NUL" in verdicts[2]["error"]


def test_an_empty_batch_gets_an_empty_answer(service: Service) -> None:
    assert _verdicts(service.check([])) == []


def test_a_repeated_id_returns_the_stored_verdict_without_scoring_again(service: Service) -> None:
    # The flood guard blocks the 7th identical text within an hour: if repeats were scored
    # again they would fill the window, and the first new message would be blocked.
    six = [message(f"a{i}", seconds=i, body="same text") for i in range(6)]
    first = _verdicts(service.check(six))
    assert all(v["action"] == "deliver" for v in first)
    assert _verdicts(service.check(six)) == first
    changed = message("a0", seconds=99, body="")  # same id, other content: still the stored one
    assert _verdicts(service.check([changed])) == first[:1]
    seventh = _verdicts(service.check([message("a6", seconds=7, body="same text")]))
    assert [r["symbol"] for r in seventh[0]["reasons"]] == ["FLOOD_IDENTICAL"]


def test_a_repeated_id_inside_one_batch_is_scored_once(service: Service) -> None:
    record = message("dup", body="")
    verdicts = _verdicts(service.check([record, record, message("other", seconds=1)]))
    assert verdicts[0] == verdicts[1] == _expected(record)[0]
    database = open_database(service.db_url)
    with database.session() as session:
        ids = session.scalars(select(VerdictRecord.message_id)).all()
    database.close()
    assert sorted(ids) == ["dup", "other"]


def test_every_verdict_is_audited_with_its_reasons(service: Service) -> None:
    record = message("m1", body="", campaign="C-1")
    verdict = _verdicts(service.check([record]))[0]
    database = open_database(service.db_url)
    dialect = database.engine.dialect.name
    fired = {r["symbol"] for r in verdict["reasons"]}
    with database.session() as session:
        row = session.scalars(select(VerdictRecord)).one()
        found_by = {
            symbol: session.scalars(
                select(VerdictRecord.message_id).where(symbol_fired(dialect, symbol))
            ).all()
            for symbol in [*fired, "FLOOD_IDENTICAL", "BODY"]
        }
    database.close()
    assert (row.message_id, row.sender, row.recipient, row.campaign) == (
        "m1",
        "+12125550123",
        "+14155550100",
        "C-1",
    )
    assert (row.action, row.score) == (verdict["action"], verdict["score"])
    assert msgspec.json.decode(row.reasons) == verdict["reasons"]
    assert "BODY_EMPTY" in fired
    assert found_by == {**{symbol: ["m1"] for symbol in fired}, "FLOOD_IDENTICAL": [], "BODY": []}


def test_state_survives_a_restart_of_the_service(db_url: str) -> None:
    subscriber, brand_number = "+14155550100", "+12125550123"
    with serving(db_url) as service:
        stop = message("stop", **{"from": subscriber, "to": brand_number, "body": "STOP"})
        assert _verdicts(service.check([stop]))[0]["action"] == "deliver"
        window = [message(f"w{i}", seconds=i, to="+14155550199", body="x") for i in range(6)]
        _verdicts(service.check(window))
    with serving(db_url) as service:
        seventh = message("w6", seconds=7, to="+14155550199", body="x")
        flood = _verdicts(service.check([seventh]))[0]
        assert "FLOOD_IDENTICAL" in {r["symbol"] for r in flood["reasons"]}
        later = message("later", seconds=7200, body="big sale today")
        after = _verdicts(service.check([later]))[0]
        assert after["action"] == "block"
        assert "OPT_OUT_IGNORED" in {r["symbol"] for r in after["reasons"]}


@pytest.mark.parametrize(
    ("body", "status", "code", "fragment"),
    [
        (b"{", 400, "invalid_json", "not valid JSON"),
        (b"", 400, "invalid_json", "not valid JSON"),
        (b"\xff\xfe", 400, "invalid_json", "not valid JSON"),
        (b"[]", 422, "invalid_request", 'must be a JSON object: {"messages": [...]}'),
        (b"{}", 422, "invalid_request", "missing required field `messages`"),
        (b'{"messages": {}}', 422, "invalid_request", "`messages`: expected `array`"),
        (b'{"messages": "m1"}', 422, "invalid_request", "`messages`: expected `array`"),
        (b'{"messages": [], "dry_run": true}', 422, "invalid_request", "unknown field `dry_run`"),
    ],
)
def test_a_bad_envelope_is_a_clear_4xx(
    service: Service, body: bytes, status: int, code: str, fragment: str
) -> None:
    response = service.http.post(
        "/v1/check",
        content=body,
        headers={**service.headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == status
    assert response.json()["error"] == code
    assert fragment in response.json()["message"]


def test_a_batch_over_the_limit_is_refused_whole(service: Service) -> None:
    batch = [message(f"m{i}") for i in range(1001)]
    response = service.check(batch)
    assert response.status_code == 413
    assert response.json() == {
        "error": "batch_too_large",
        "message": "1,001 messages in one request, over the limit of 1,000: split the batch",
    }
    assert _verdicts(service.check(batch[:1000]))[999]["id"] == "m999"


def test_a_body_over_the_byte_limit_is_refused(tmp_path: Any) -> None:
    with serving(f"sqlite:///{tmp_path / 'small.db'}", max_body_bytes=2048) as service:
        response = service.check([message("big", body="x" * 4000)])
        assert response.status_code == 413
        assert response.json()["error"] == "body_too_large"
        assert "over the 2,048" in response.json()["message"]


def test_concurrent_requests_each_get_their_own_verdicts_in_order(service: Service) -> None:
    # Requests that arrive while a round is scored are grouped into the next round (one commit);
    # each must still get exactly its own messages' verdicts, in its own order.
    def one_request(client: int) -> tuple[int, list[dict[str, Any]]]:
        batch = [
            message(
                f"c{client}-{i}",
                seconds=client * 10 + i,
                to=f"+1415555{client:04d}",  # one conversation per client: no flood across them
                body="" if i % 2 else f"hi {i}",
            )
            for i in range(5)
        ]
        return client, _verdicts(service.check(batch))

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = dict(pool.map(one_request, range(24)))
    for client, verdicts in answers.items():
        assert [v["id"] for v in verdicts] == [f"c{client}-{i}" for i in range(5)]
        empty = ["BODY_EMPTY" in {r["symbol"] for r in v["reasons"]} for v in verdicts]
        assert empty == [False, True, False, True, False]  # each verdict is its message's
    repeat = _verdicts(service.check([message("c3-1", body="changed")]))
    assert repeat == [answers[3][1]]


def test_a_database_failure_is_a_503_and_nothing_is_half_recorded(service: Service) -> None:
    database = open_database(service.db_url)
    with database.engine.begin() as connection:
        # Every audit row now breaks a constraint: the round's write fails.
        connection.execute(
            text("ALTER TABLE verdict ADD COLUMN broken INTEGER DEFAULT 0 CHECK (broken = 1)")
        )
    database.close()
    response = service.check([message("lost", body="")])
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    database = open_database(service.db_url, migrate=False)
    with database.session() as session:
        assert session.scalars(select(VerdictRecord.message_id)).all() == []
    database.close()
