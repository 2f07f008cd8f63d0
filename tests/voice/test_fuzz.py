"""Hypothesis fuzzing: random and mutated Identity headers never crash verification, and a mutated
header verifies only when the PASSporT it carries is, byte for byte, the signed one."""

from __future__ import annotations

import base64
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearline.voice.certs import CertCache, TrustStore
from clearline.voice.identity import IdentityError, parse_identity
from clearline.voice.passport import ShakenVerifier, Verstat
from sti_support import CALL_TS, DEST, ORIG, identity_header, make_pki, passport

_PKI = make_pki()
_TOKEN = passport(_PKI.signing_key)
_HEADER = identity_header(_TOKEN)


def _verifier(base: Path) -> ShakenVerifier:
    trust, cache = _PKI.install(base)
    return ShakenVerifier(TrustStore(trust), CertCache(cache))


def _decoded_parts(token: str) -> list[bytes]:
    return [base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)) for part in token.split(".")]


_mutation = st.tuples(
    st.sampled_from(["replace", "insert", "delete"]),
    st.integers(min_value=0, max_value=len(_HEADER) - 1),
    st.characters(codec="utf-8"),
)


def _mutate(header: str, edits: list[tuple[str, int, str]]) -> str:
    for kind, position, char in edits:
        position = min(position, len(header) - 1)
        if kind == "replace":
            header = header[:position] + char + header[position + 1 :]
        elif kind == "insert":
            header = header[:position] + char + header[position:]
        elif len(header) > 1:
            header = header[:position] + header[position + 1 :]
    return header


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(_mutation, min_size=1, max_size=4))
def test_mutated_headers_verify_only_when_the_signed_bytes_are_intact(
    tmp_path: Path, edits: list[tuple[str, int, str]]
) -> None:
    verifier = _verifier(tmp_path)
    mutated = _mutate(_HEADER, edits)
    result = verifier.verify(mutated, ORIG, DEST, CALL_TS)
    if result.verstat is Verstat.PASSED:
        assert result.symbol == "SHAKEN_A"
        assert _decoded_parts(parse_identity(mutated).token) == _decoded_parts(_TOKEN)
    else:
        assert result.symbol == "SHAKEN_INVALID" and result.failure is not None


@settings(max_examples=300, deadline=None)
@given(raw=st.text(max_size=300))
def test_random_text_is_an_identity_error_or_a_header(raw: str) -> None:
    try:
        header = parse_identity(raw)
    except IdentityError:
        return
    assert header.info.lower().startswith(("http://", "https://"))
    assert "\n" not in header.token and "\r" not in header.info


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.text(max_size=300), caller=st.text(max_size=40), callee=st.text(max_size=40))
def test_random_text_never_verifies(tmp_path: Path, raw: str, caller: str, callee: str) -> None:
    result = _verifier(tmp_path).verify(raw, caller, callee, CALL_TS)
    assert result.verstat is not Verstat.PASSED
