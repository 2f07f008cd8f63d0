"""Hypothesis fuzzing of the SIP front: random bytes and mutated INVITEs are always answered with
one well-formed response (or nothing, for a response or an ACK), never an exception, and no input
or redress text can add a header line to an answer."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearline.adapters.sip.message import SipError, parse_request, quoted_text
from clearline.adapters.sip.redirect import RedirectServer
from clearline.policy import load_config
from clearline.voice.engine import CallEngine
from sip_support import request

_CALL_TS = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
_SERVER = RedirectServer(CallEngine(), clock=lambda: _CALL_TS)


def _blocking_engine() -> CallEngine:
    """An engine that blocks every unsigned call, so each INVITE is answered 603."""
    with tempfile.TemporaryDirectory() as directory:
        policy = Path(directory) / "block.toml"
        policy.write_text("[symbols.SHAKEN_ABSENT]\nscore = 100.0\n")
        return CallEngine(load_config([policy]))


_BLOCKING_ENGINE = _blocking_engine()
_INVITE = request(
    "INVITE",
    extra="Identity: a.b.c;info=<https://x.example/c.pem>;alg=ES256\r\n"
    "P-Asserted-Identity: <sip:+12125550123@h>\r\nDiversion: <sip:+14155550111@h>\r\n",
)
_STATUS_LINE = re.compile(rb"SIP/2\.0 [1-6][0-9]{2} [A-Za-z/ ]+")
_HEADER_LINE = re.compile(rb"[A-Za-z-]+: [^\r\n]*")
_ALLOWED_HEADERS = {
    b"Via",
    b"From",
    b"To",
    b"Call-ID",
    b"CSeq",
    b"Contact",
    b"P-Asserted-Identity",
    b"X-Clearline-Label",
    b"Reason",
    b"Retry-After",
    b"Allow",
    b"Accept",
    b"Warning",
    b"Content-Length",
}


def _assert_well_formed(answer: bytes | None) -> None:
    if answer is None:
        return
    assert answer.endswith(b"\r\n\r\n")
    assert answer.count(b"\r\n\r\n") == 1
    status, *lines = answer[:-4].split(b"\r\n")
    assert _STATUS_LINE.fullmatch(status), status
    for line in lines:
        assert _HEADER_LINE.fullmatch(line), line
        assert line.split(b":", 1)[0] in _ALLOWED_HEADERS, line
        assert b"\n" not in line
        assert b"\r" not in line


_mutation = st.tuples(
    st.sampled_from(["replace", "insert", "delete"]),
    st.integers(min_value=0, max_value=len(_INVITE) - 1),
    st.binary(min_size=1, max_size=3),
)


def _mutate(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    for kind, position, chunk in edits:
        position = min(position, max(len(data) - 1, 0))
        if kind == "replace":
            data = data[:position] + chunk + data[position + 1 :]
        elif kind == "insert":
            data = data[:position] + chunk + data[position:]
        else:
            data = data[:position] + data[position + 1 :]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_get_one_well_formed_answer(data: bytes) -> None:
    _assert_well_formed(_SERVER.handle(data))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_mutation, min_size=1, max_size=6))
def test_mutated_invites_get_one_well_formed_answer(edits: list[tuple[str, int, bytes]]) -> None:
    data = _mutate(_INVITE, edits)
    _assert_well_formed(_SERVER.handle(data))
    refusal: SipError | None = None
    try:
        parse_request(data)
    except SipError as exc:
        refusal = exc
    if refusal is not None:
        assert refusal.status in (400, 513)
        assert str(refusal)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_redress_text_stays_inside_the_reason_header(redress: str) -> None:
    server = RedirectServer(_BLOCKING_ENGINE, redress=redress, clock=lambda: _CALL_TS)
    answer = server.handle(request("INVITE", call_id="r"))
    assert answer is not None
    assert answer.startswith(b"SIP/2.0 603 Network Blocked\r\n")
    _assert_well_formed(answer)
    reason = [line for line in answer.split(b"\r\n") if line.startswith(b"Reason: ")]
    assert len(reason) == 1
    assert re.fullmatch(rb'Reason: SIP;cause=603;text="(?:[^"\\]|\\.)*"', reason[0]), reason[0]


@given(st.text(max_size=500))
def test_quoted_text_never_ends_its_quoted_string(text: str) -> None:
    quoted = quoted_text(text)
    assert re.fullmatch(r'(?:[^"\\\r\n]|\\.)*', quoted, flags=re.DOTALL), quoted
