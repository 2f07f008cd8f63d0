"""``clearline sip`` driven by sipp, the SIP test tool carriers use: signed INVITEs over UDP and
TCP get 302 with the verstat, tampered ones 603 naming the redress contact."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sip_support import CALLEE, CALLER, SipProcess, now, run_sip, run_sipp, sipp_binary
from sti_support import StiPki, make_pki, passport


@pytest.fixture(scope="module")
def pki() -> StiPki:
    return make_pki(around=now())


@pytest.fixture(scope="module")
def server(pki: StiPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SipProcess]:
    sipp_binary()  # skip (or fail in CI) before starting anything
    with run_sip(tmp_path_factory.mktemp("sip"), pki) as running:
        yield running


def _report(result: object) -> str:
    return f"sipp said: {getattr(result, 'stdout', '')[-2000:]}{getattr(result, 'stderr', '')}"


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_sipp_signed_invite_is_redirected_with_verstat_passed(
    server: SipProcess, pki: StiPki, tmp_path: Path, transport: str
) -> None:
    token = passport(pki.signing_key, orig=CALLER[1:], dest=(CALLEE[1:],), iat=now())
    result = run_sipp("invite_302.xml", server.port, transport, tmp_path, token=token)
    assert result.returncode == 0, _report(result)


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_sipp_spoofed_caller_is_refused_603_naming_the_redress_contact(
    server: SipProcess, pki: StiPki, tmp_path: Path, transport: str
) -> None:
    # Signed for another number than the one calling: a number mismatch, as a spoofer's call is.
    token = passport(pki.signing_key, orig="12125550199", dest=(CALLEE[1:],), iat=now())
    result = run_sipp("invite_603.xml", server.port, transport, tmp_path, token=token)
    assert result.returncode == 0, _report(result)


def test_sipp_tampered_signature_is_refused_603(
    server: SipProcess, pki: StiPki, tmp_path: Path
) -> None:
    token = passport(pki.signing_key, orig=CALLER[1:], dest=(CALLEE[1:],), iat=now())
    head, payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    result = run_sipp(
        "invite_603.xml", server.port, "udp", tmp_path, token=f"{head}.{payload}.{flipped}"
    )
    assert result.returncode == 0, _report(result)


def test_sipp_call_from_another_signer_is_refused_603(server: SipProcess, tmp_path: Path) -> None:
    stranger = make_pki(around=now())  # a CA the server does not trust, same x5u URL
    token = passport(stranger.signing_key, orig=CALLER[1:], dest=(CALLEE[1:],), iat=now())
    result = run_sipp("invite_603.xml", server.port, "tcp", tmp_path, token=token)
    assert result.returncode == 0, _report(result)


def test_sipp_scenario_fails_when_the_answer_differs(
    server: SipProcess, pki: StiPki, tmp_path: Path
) -> None:
    # The scenarios do check: a valid call run through the 603 scenario fails.
    token = passport(pki.signing_key, orig=CALLER[1:], dest=(CALLEE[1:],), iat=now())
    result = run_sipp("invite_603.xml", server.port, "udp", tmp_path, token=token)
    assert result.returncode != 0


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_sipp_unsigned_invite_is_redirected_with_the_spam_label(
    server: SipProcess, tmp_path: Path, transport: str
) -> None:
    # The test policy tags calls without an Identity header (SHAKEN_ABSENT scores 6).
    result = run_sipp("invite_302_labelled.xml", server.port, transport, tmp_path, token="-")
    assert result.returncode == 0, _report(result)
