"""``clearline sip`` over raw UDP and TCP sockets: the answers to every kind of request, bad input
that must get a 400 or 513 and never stop the server, retransmissions and emergency calls."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sip_support import (
    CALLEE,
    CALLER,
    REDRESS,
    STRICT_POLICY,
    SipProcess,
    header,
    now,
    request,
    run_sip,
    signed_identity,
    status,
)
from sti_support import StiPki, make_pki


@pytest.fixture(scope="module")
def pki() -> StiPki:
    return make_pki(around=now())


@pytest.fixture(scope="module")
def server(pki: StiPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SipProcess]:
    with run_sip(tmp_path_factory.mktemp("sip"), pki) as running:
        yield running


def test_signed_invite_gets_302_to_its_request_uri_with_verstat(
    server: SipProcess, pki: StiPki
) -> None:
    invite = request("INVITE", call_id="signed", extra=f"Identity: {signed_identity(pki)}\r\n")
    answer = server.udp(invite)
    assert answer is not None
    assert status(answer) == 302
    assert header(answer, "Contact") == f"<sip:{CALLEE}@127.0.0.1>"
    assert header(answer, "P-Asserted-Identity") == f"<tel:{CALLER};verstat=TN-Validation-Passed>"
    assert header(answer, "X-Clearline-Label") is None
    assert header(answer, "Call-ID") == "signed"
    assert header(answer, "CSeq") == "1 INVITE"
    assert (header(answer, "To") or "").startswith(f"<sip:{CALLEE}@127.0.0.1>;tag=")


def test_spoofed_invite_gets_603_with_the_redress_reason(server: SipProcess, pki: StiPki) -> None:
    identity = signed_identity(pki, orig="+12125550199")
    answer = server.tcp(request("INVITE", call_id="spoofed", extra=f"Identity: {identity}\r\n"))
    assert status(answer) == 603
    assert answer.startswith(b"SIP/2.0 603 Network Blocked\r\n")
    assert header(answer, "Reason") == (
        f'SIP;cause=603;text="Network Blocked; to dispute: {REDRESS}"'
    )
    assert header(answer, "Contact") is None


def test_unsigned_invite_is_tagged_with_the_label_and_no_tn_validation(server: SipProcess) -> None:
    answer = server.udp(request("INVITE", call_id="unsigned"))
    assert answer is not None
    assert status(answer) == 302
    assert header(answer, "X-Clearline-Label") == "Spam Likely"
    assert header(answer, "P-Asserted-Identity") == f"<tel:{CALLER};verstat=No-TN-Validation>"


def test_compact_header_names_are_read(server: SipProcess, pki: StiPki) -> None:
    invite = (
        f"INVITE sip:{CALLEE}@127.0.0.1 SIP/2.0\r\n"
        "v: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-c\r\n"
        f"f: <sip:{CALLER}@127.0.0.1>;tag=1\r\n"
        f"t: <sip:{CALLEE}@127.0.0.1>\r\n"
        "i: compact\r\n"
        "CSeq: 7 INVITE\r\n"
        f"y: {signed_identity(pki)}\r\n"
        "l: 0\r\n\r\n"
    ).encode()
    answer = server.udp(invite)
    assert answer is not None
    assert status(answer) == 302
    assert "verstat=TN-Validation-Passed" in (header(answer, "P-Asserted-Identity") or "")


def test_emergency_call_is_redirected_even_with_a_forged_identity(server: SipProcess) -> None:
    invite = request(
        "INVITE",
        "sip:911@127.0.0.1",
        call_id="e911",
        extra="Identity: forged.forged.forged;info=<https://x.example/c.pem>\r\n",
    )
    answer = server.udp(invite)
    assert answer is not None
    assert status(answer) == 302
    assert header(answer, "Contact") == "<sip:911@127.0.0.1>"


def test_retransmitted_invite_gets_the_same_answer_without_rescoring(
    pki: StiPki, tmp_path: Path
) -> None:
    # One call per minute per caller, and a second one blocks: so would a second scoring of
    # the same INVITE.
    policy = (
        STRICT_POLICY
        + "\n[signals.call_behaviour]\nmax_calls_per_minute = 1\n"
        + "\n[symbols.CALLER_RATE_MINUTE]\nscore = 20.0\n"
    )
    with run_sip(tmp_path, pki, policy) as server:
        invite = request("INVITE", call_id="again", extra=f"Identity: {signed_identity(pki)}\r\n")
        first = server.udp(invite)
        assert status(first) == 302
        assert server.udp(invite) == first
        assert server.tcp(invite) == first
        # A new call from the same caller is scored, and is over the limit.
        assert status(server.udp(request("INVITE", call_id="another"))) == 603


def test_options_is_answered_200_with_allow(server: SipProcess) -> None:
    answer = server.udp(request("OPTIONS", "sip:health@127.0.0.1", call_id="opt"))
    assert answer is not None
    assert status(answer) == 200
    assert header(answer, "Allow") == "INVITE, ACK, CANCEL, OPTIONS"


def test_ack_gets_no_answer(server: SipProcess) -> None:
    assert server.udp(request("ACK", call_id="ack"), expect_answer=False) is None


def test_cancel_of_an_answered_invite_gets_200_and_of_an_unknown_one_481(
    server: SipProcess,
) -> None:
    assert status(server.udp(request("INVITE", call_id="to-cancel"))) == 302
    assert status(server.udp(request("CANCEL", call_id="to-cancel"))) == 200
    assert status(server.udp(request("CANCEL", call_id="never-seen"))) == 481


def test_other_methods_get_405(server: SipProcess) -> None:
    answer = server.udp(request("BYE", call_id="bye"))
    assert status(answer) == 405


def test_invite_to_a_name_instead_of_a_number_gets_400(server: SipProcess) -> None:
    answer = server.udp(request("INVITE", "sip:alice@example.com", call_id="name"))
    assert answer is not None
    assert status(answer) == 400
    assert "cannot screen this INVITE" in (header(answer, "Warning") or "")
    assert header(answer, "Call-ID") == "name"


def test_max_forwards_zero_gets_483(server: SipProcess) -> None:
    invite = request("INVITE", call_id="hops").replace(b"Max-Forwards: 70", b"Max-Forwards: 0")
    assert status(server.udp(invite)) == 483


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"hello", "no empty line"),
        (b"\x00\xff\xfe garbage\r\n\r\n", "not UTF-8"),
        (b"INVITE sip:+14155550100@h SIP/3.0\r\nCall-ID: x\r\n\r\n", "request line"),
        (request("INVITE").replace(b"Call-ID: call-1\r\n", b""), "missing mandatory header"),
        (request("INVITE").replace(b"CSeq: 1 INVITE", b"CSeq: 1 BYE"), "CSeq method"),
        (request("INVITE").replace(b"CSeq: 1 INVITE", b"CSeq: x INVITE"), "malformed CSeq"),
        (request("INVITE").replace(b"Max-Forwards: 70", b"Max-Forwards\x0070"), "control"),
        (request("INVITE").replace(b"Max-Forwards: 70", b"Max-Forwards: 7\n0"), "control"),
        (request("INVITE").replace(b"Content-Length: 0", b"Content-Length: 10"), "shorter"),
        (request("INVITE").replace(b"Via:", b"Via :\r\n: x\r\nVia:"), "malformed header"),
    ],
)
def test_malformed_udp_request_gets_400_and_the_server_goes_on(
    server: SipProcess, data: bytes, why: str
) -> None:
    answer = server.udp(data)
    assert status(answer) == 400
    assert answer is not None
    assert why in (header(answer, "Warning") or "")
    assert server.alive()


def test_oversized_udp_request_gets_513(server: SipProcess) -> None:
    padding = "X-Padding: " + "a" * 20_000 + "\r\n"
    answer = server.udp(request("INVITE", call_id="big", extra=padding))
    assert status(answer) == 513
    assert answer is not None
    assert header(answer, "Call-ID") == "big"
    assert server.alive()


def test_oversized_tcp_request_gets_513_and_the_connection_closes(server: SipProcess) -> None:
    padding = "X-Padding: " + "a" * 20_000 + "\r\n"
    answer = server.tcp(request("INVITE", call_id="big-tcp", extra=padding))
    assert status(answer) == 513
    assert server.alive()


def test_tcp_request_without_content_length_gets_400(server: SipProcess) -> None:
    data = request("INVITE", call_id="no-length").replace(b"Content-Length: 0\r\n", b"")
    answer = server.tcp(data)
    assert status(answer) == 400
    assert b"must carry Content-Length" in answer
    assert server.alive()


def test_tcp_carries_several_requests_and_keepalives_on_one_connection(
    server: SipProcess,
) -> None:
    data = (
        b"\r\n\r\n"
        + request("OPTIONS", "sip:a@127.0.0.1", call_id="one")
        + request("OPTIONS", "sip:a@127.0.0.1", call_id="two")
    )
    answer = server.tcp(data, answers=2)
    assert answer.startswith(b"\r\n")
    assert answer.count(b"SIP/2.0 200 OK\r\n") == 2


def test_redress_with_a_line_break_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "clearline",
            "sip",
            "--listen",
            "127.0.0.1:0",
            "--redress",
            "611\r\nX-Injected: yes",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--redress" in result.stderr
    assert "no line breaks" in result.stderr
    assert "Traceback" not in result.stderr


def test_busy_port_is_a_one_line_error(server: SipProcess) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clearline", "sip", "--listen", f"127.0.0.1:{server.port}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{server.port}" in result.stderr
    assert "Traceback" not in result.stderr
