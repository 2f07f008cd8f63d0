"""The filter of stored message ids (SQLite's idempotency without a B-tree on random ids): it
never misses an id that was stored, before or after a restart, and rules out ids never seen."""

from __future__ import annotations

import uuid

import pytest

from clearline.model import Action, Message, Verdict
from clearline.storage import known_ids, open_database
from clearline.storage.audit import record_verdicts
from clearline.storage.known_ids import KnownIds
from http_support import T0, message, serving


def _scored(message_id: str) -> tuple[Message, Verdict]:
    sent = Message(id=message_id, ts=T0, sender="+12125550100", to="+14155550100", body="hi")
    return sent, Verdict(message_id, Action.DELIVER, 0.0, (), None)


def test_every_id_added_may_be_stored_and_ids_never_seen_are_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(known_ids, "MERGE_AT", 1_000)  # many merges into the sorted keys
    known = KnownIds(f"loaded-{n}" for n in range(5_000))
    added = [uuid.uuid4().hex for _ in range(12_345)]
    for start in range(0, len(added), 400):
        known.add(added[start : start + 400])
    stored = [f"loaded-{n}" for n in range(5_000)] + added
    never = [uuid.uuid4().hex for _ in range(5_000)]
    assert known.maybe_stored(stored) == stored
    assert known.maybe_stored(never) == []  # (a 64-bit hash collision would show one)
    assert len(known) == len(stored)


def test_the_filter_loads_the_ids_the_audit_holds(tmp_path_factory: pytest.TempPathFactory) -> None:
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('k') / 'c.db'}")
    try:
        with database.engine.begin() as connection:
            record_verdicts(connection, [_scored(f"s{n}") for n in range(300)], 1.0, {})
        with database.engine.connect() as connection:
            known = KnownIds.load(connection)
    finally:
        database.close()
    assert known.maybe_stored([f"s{n}" for n in range(300)]) == [f"s{n}" for n in range(300)]
    assert known.maybe_stored(["s300", "other"]) == []


def test_a_message_checked_before_a_restart_is_a_repeat_after_it(db_url: str) -> None:
    first = message("once", body="URGENT: verify your account at http://acme-secure.example/x")
    with serving(db_url) as service:
        before = service.check([first]).json()["verdicts"]
    resent = {**first, "body": "see you at six"}  # the same id: the stored verdict comes back
    with serving(db_url) as service:
        after = service.check([resent, message("new")]).json()["verdicts"]
        metrics = service.http.get("/metrics").text
    assert after[0] == before[0]
    assert after[0]["action"] != "deliver"
    assert after[1]["id"] == "new"
    assert "clearline_check_repeats_total 1.0" in metrics
