"""POST /v1/check when a signal that fails closed fails: a 503 naming it, nothing recorded."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, insert, select
from starlette.types import ASGIApp, Receive, Scope, Send

from clearline import Engine
from clearline.codec import decode_message, encode_verdict
from clearline.signals.preferences import PREFS_TABLE
from clearline.storage import open_database
from clearline.storage.models import StateEntry, VerdictRecord
from http_support import message, serving

SHOP = "+12125550123"
SUBSCRIBER = "+14155550100"
DAMAGED = "+14155550177"  # the recipient whose preferences row cannot be read


def _through_fastapi(app: FastAPI) -> ASGIApp:
    """The app without its fast path: every request through the FastAPI route."""

    async def plain(scope: Scope, receive: Receive, send: Send) -> None:
        await FastAPI.__call__(app, scope, receive, send)

    return plain


def _damage(db_url: str, *, repair: bool = False) -> None:
    """Write (or delete) a preferences row that is not valid msgpack (a bad restore, a disk
    error): reading it makes the preferences signal raise."""
    database = open_database(db_url)
    entry = StateEntry.__table__
    with database.engine.begin() as connection:
        if repair:
            connection.execute(delete(entry).where(entry.c.key == DAMAGED))
        else:
            row = {"table_name": PREFS_TABLE, "key": DAMAGED, "value": b"\xc1", "ts": 0.0}
            connection.execute(insert(entry).values(**row))
    database.close()


def _audited(db_url: str) -> list[str]:
    database = open_database(db_url)
    with database.session() as session:
        ids = list(session.scalars(select(VerdictRecord.message_id)).all())
    database.close()
    return sorted(ids)


def _scan(*records: dict[str, Any]) -> list[dict[str, Any]]:
    messages = [decode_message(msgspec.json.encode(r)) for r in records]
    return [msgspec.json.decode(encode_verdict(v)) for v in Engine().score_batch(messages)]


@pytest.mark.parametrize("writer", ["process", "inline"])
@pytest.mark.parametrize("route", ["fast path", "fastapi"])
def test_a_failed_closed_signal_is_a_503_naming_it_and_nothing_is_scored_or_audited(
    db_url: str, route: str, writer: str
) -> None:
    stop = message("stop", **{"from": SUBSCRIBER, "to": SHOP, "body": "STOP"})
    damaged = message("damaged", seconds=1, to=DAMAGED)
    promo = message("promo", seconds=3600, to=SUBSCRIBER, body="20% off today")
    open_database(db_url).close()  # the schema, before the damaged row goes in
    _damage(db_url)
    wrap = _through_fastapi if route == "fastapi" else None
    with serving(db_url, wrap=wrap, audit_writer=writer) as service:
        refused = service.check([stop, damaged])
        assert refused.status_code == 503
        body = refused.json()
        assert body["error"] == "signal_failed"
        assert body["message"].startswith("signal `preferences` failed: DecodeError")
        assert body["message"].endswith("; nothing was scored or recorded, retry")
        assert _audited(db_url) == []
        _damage(db_url, repair=True)
        # The retry scores as if the refused request had never come: the STOP is recorded once.
        retried = service.check([stop, damaged])
        later = service.check([promo])
    assert retried.status_code == 200 and later.status_code == 200
    assert [*retried.json()["verdicts"], *later.json()["verdicts"]] == _scan(stop, damaged, promo)
    assert later.json()["verdicts"][0]["action"] == "block"
    assert _audited(db_url) == ["damaged", "promo", "stop"]
