"""Call records in JSON Lines and CSV: the same input rules and errors in place as messages."""

from __future__ import annotations

import io
import json
from typing import Any

from clearline.codec import ErrorRecord
from clearline.model import Call
from clearline.voice.codec import read_calls_csv, read_calls_jsonl


def _call(**fields: Any) -> bytes:
    record: dict[str, Any] = {
        "id": "c1",
        "ts": "2026-11-23T15:00:00Z",
        "from": "+12125550123",
        "to": "+14155550100",
    }
    record.update(fields)
    return json.dumps(record).encode() + b"\n"


def _jsonl(data: bytes, limit: int = 4096) -> list[Call | ErrorRecord]:
    return [item for _, item in read_calls_jsonl(io.BytesIO(data), limit)]


def test_every_field_is_read() -> None:
    [call] = _jsonl(
        _call(
            identity="x.y.z;info=<https://a.example/c>",
            pai="<tel:+12125550123>",
            diversion="<sip:+13125550100@gw>",
            duration=12.5,
        )
    )
    assert isinstance(call, Call)
    assert (call.caller, call.to, call.duration) == ("+12125550123", "+14155550100", 12.5)
    assert call.pai == "<tel:+12125550123>" and call.diversion == "<sip:+13125550100@gw>"


def test_a_call_to_911_is_accepted() -> None:
    [call] = _jsonl(_call(to="911"))
    assert isinstance(call, Call) and call.to == "911"


def test_bad_lines_become_errors_in_place() -> None:
    data = (
        b"\xef\xbb\xbf"
        + _call(id="first")
        + b"{oops\n"
        + b"\n"
        + _call(id="nots", ts="2026-11-23T15:00:00")
        + _call(id="extra", extra=1)
        + _call(id="neg", duration=-1)
        + _call(id="badto", to="nobody")
        + b'{"id":"utf","ts":"2026-11-23T15:00:00Z","from":"\xff","to":"911"}\n'
        + _call(id="long", identity="A" * 5000)
        + _call(id="last")
    )
    out = _jsonl(data)
    assert [type(item).__name__ for item in out] == ["Call"] + ["ErrorRecord"] * 8 + ["Call"]
    errors = {item.line: (item.id, item.error) for item in out if isinstance(item, ErrorRecord)}
    assert errors[2][1].startswith("invalid JSON")
    assert errors[3] == (None, "empty line")
    assert errors[4][0] == "nots" and errors[4][1].startswith("`ts` must be an RFC 3339 timestamp")
    assert errors[5] == ("extra", "unknown field `extra`")
    assert errors[6] == ("neg", "`duration`: expected `float` >= 0.0")
    assert errors[7][1].startswith("`to` must be an E.164 number like +15551234567 or a short")
    assert errors[8][1] == "invalid UTF-8 at byte 48 of the line"
    assert errors[9][0] == "long" and errors[9][1].endswith("over the 4,096-byte limit")


def test_a_last_line_without_newline_is_read() -> None:
    [call] = _jsonl(_call().rstrip(b"\n"))
    assert isinstance(call, Call)


def test_csv_with_empty_optional_cells_and_a_duration() -> None:
    data = (
        b"id,ts,from,to,identity,pai,diversion,duration\n"
        b"c1,2026-11-23T15:00:00Z,+12125550123,+14155550100,,,,7\n"
        b"c2,2026-11-23T15:00:01Z,+12125550123,911,,,,\n"
        b"c3,2026-11-23T15:00:02Z,+12125550123,+14155550100,,,,soon\n"
    )
    out = [item for _, item in read_calls_csv(io.BytesIO(data))]
    assert isinstance(out[0], Call) and out[0].duration == 7.0 and out[0].identity is None
    assert isinstance(out[1], Call) and out[1].duration is None
    assert out[2] == ErrorRecord(4, "c3", "`duration`: expected `float | null`, got `str`")


def test_csv_unknown_column_is_an_error_per_row() -> None:
    data = b"id,ts,from,to,body\nc1,2026-11-23T15:00:00Z,+12125550123,911,hi\n"
    [(number, item)] = list(read_calls_csv(io.BytesIO(data)))
    assert (number, item) == (2, ErrorRecord(2, "c1", "unknown column `body`"))
