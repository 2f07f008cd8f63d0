"""``RedirectServer.handle_batch``: the requests that arrive together are answered in order, the new
INVITEs among them scored in one engine batch, a retransmission within the batch answered as its
original, a CANCEL after its INVITE in the same batch finding it answered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clearline.adapters.sip.redirect import RedirectServer
from clearline.policy import load_config
from clearline.voice.engine import CallEngine
from sip_support import request, status

T0 = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def _server(tmp_path: Path) -> RedirectServer:
    # One call a minute per caller; a second one blocks.
    policy = tmp_path / "policy.toml"
    policy.write_text(
        "[signals.call_behaviour]\nmax_calls_per_minute = 1\n"
        "[symbols.CALLER_RATE_MINUTE]\nscore = 20.0\n"
    )
    return RedirectServer(CallEngine(load_config([policy])), clock=lambda: T0)


def test_a_batch_is_answered_in_order_with_each_call_scored_once(tmp_path: Path) -> None:
    server = _server(tmp_path)
    invite = request("INVITE", call_id="a")
    answers = server.handle_batch(
        [
            invite,
            request("OPTIONS", "sip:ping@127.0.0.1", call_id="o"),
            invite,  # a retransmission within the batch: the same call, not a second one
            request("CANCEL", call_id="a"),
            request("ACK", call_id="a"),
            request("INVITE", call_id="b"),  # a second call from the caller: over the limit
            b"garbage",
        ]
    )
    assert [status(answer) for answer in answers] == [302, 200, 302, 200, None, 603, 400]
    assert answers[2] == answers[0]
    assert server.invites_scored == 2


def test_a_later_batch_answers_a_retransmission_from_memory(tmp_path: Path) -> None:
    server = _server(tmp_path)
    first = server.handle_batch([request("INVITE", call_id="a")])
    again = server.handle_batch([request("INVITE", call_id="a"), request("CANCEL", call_id="x")])
    assert again[0] == first[0]
    assert status(again[1]) == 481
    assert server.invites_scored == 1
