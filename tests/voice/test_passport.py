"""STIR/SHAKEN verification: PASSporTs signed by PyJWT under a test STI-CA made here.

Each failure reason is produced the way it happens on a network: a tampered payload, the wrong
key, a stale ``iat``, a caller or callee that differs, a certificate that is not cached, expired,
not yet valid or issued by an untrusted root, ``alg: none``, and broken headers.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from clearline.voice.certs import CertCache, TrustStore
from clearline.voice.numbers import e164_digits
from clearline.voice.passport import ShakenFailure, ShakenVerifier, Verstat
from sti_support import CALL_TS, CERT_URL, DEST, ORIG, StiPki, identity_header, make_pki, passport


@pytest.fixture(scope="module")
def pki() -> StiPki:
    return make_pki()


@pytest.fixture
def verifier(pki: StiPki, tmp_path: Path) -> ShakenVerifier:
    trust, cache = pki.install(tmp_path)
    return ShakenVerifier(TrustStore(trust), CertCache(cache))


def _check(verifier: ShakenVerifier, identity: str | None, **call: object) -> tuple[str, str, str]:
    fields: dict[str, object] = {"orig": ORIG, "dest": DEST, "ts": CALL_TS}
    fields.update(call)
    result = verifier.verify(identity, **fields)  # type: ignore[arg-type]
    failure = result.failure.value if result.failure else ""
    return result.symbol, result.verstat.value, failure


@pytest.mark.parametrize("attest", ["A", "B", "C"])
def test_a_valid_passport_gives_its_attestation(
    verifier: ShakenVerifier, pki: StiPki, attest: str
) -> None:
    identity = identity_header(passport(pki.signing_key, attest=attest))
    assert _check(verifier, identity) == (f"SHAKEN_{attest}", "TN-Validation-Passed", "")


@pytest.mark.parametrize("name", ["Identity", "y"])
def test_whole_header_lines_in_full_and_compact_names_verify(
    verifier: ShakenVerifier, pki: StiPki, name: str
) -> None:
    identity = identity_header(passport(pki.signing_key), name=name)
    assert _check(verifier, identity)[0] == "SHAKEN_A"


def test_numbers_are_compared_as_e164_digits(verifier: ShakenVerifier, pki: StiPki) -> None:
    identity = identity_header(passport(pki.signing_key, orig="12125550123"))
    result = _check(
        verifier, identity, orig="sip:+1-212-555-0123@gw.example;user=phone", dest="4155550100"
    )
    assert result[0] == "SHAKEN_A"


def test_no_identity_header_is_absent(verifier: ShakenVerifier) -> None:
    assert _check(verifier, None) == ("SHAKEN_ABSENT", "No-TN-Validation", "")
    assert _check(verifier, "") == ("SHAKEN_ABSENT", "No-TN-Validation", "")


def _tamper_payload(token: str, **changes: object) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    encoded = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{encoded}.{signature}"


def test_a_tampered_payload_is_a_bad_signature(verifier: ShakenVerifier, pki: StiPki) -> None:
    token = _tamper_payload(passport(pki.signing_key, attest="C"), attest="A")
    assert _check(verifier, identity_header(token)) == (
        "SHAKEN_INVALID",
        "TN-Validation-Failed",
        "bad signature",
    )


def test_a_passport_signed_with_another_key_is_a_bad_signature(
    verifier: ShakenVerifier,
) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    assert _check(verifier, identity_header(passport(other)))[2] == "bad signature"


def test_alg_none_is_refused(verifier: ShakenVerifier, pki: StiPki) -> None:
    token = passport(pki.signing_key, algorithm="none")
    # An unsigned JWS has an empty signature; give it one byte so it is not the compact form.
    unsigned = token.rstrip(".") + ".AA"
    result = verifier.verify(identity_header(unsigned), ORIG, DEST, CALL_TS)
    assert (result.symbol, result.failure) == ("SHAKEN_INVALID", ShakenFailure.BAD_SIGNATURE)
    assert "alg 'none' is refused" in result.detail


@pytest.mark.parametrize("declared", ["", ";alg=none"])
def test_a_truly_unsigned_passport_is_refused_for_its_alg(
    verifier: ShakenVerifier, pki: StiPki, declared: str
) -> None:
    # As PyJWT writes it: header.payload. with nothing after the last dot.
    unsigned = passport(pki.signing_key, algorithm="none")
    assert unsigned.endswith(".")
    header = f"{unsigned};info=<{CERT_URL}>;ppt=shaken{declared}"
    result = verifier.verify(header, ORIG, DEST, CALL_TS)
    assert (result.symbol, result.failure) == ("SHAKEN_INVALID", ShakenFailure.BAD_SIGNATURE)
    assert "alg 'none' is refused" in result.detail


def test_an_hmac_passport_is_refused(verifier: ShakenVerifier) -> None:
    # Algorithm confusion: a token "signed" with a shared secret instead of the certificate's key.
    token = passport(b"a shared secret of thirty-two bytes!", algorithm="HS256")  # type: ignore[arg-type]
    result = verifier.verify(identity_header(token), ORIG, DEST, CALL_TS)
    assert result.failure is ShakenFailure.BAD_SIGNATURE
    assert "alg 'HS256' is refused" in result.detail


@pytest.mark.parametrize("seconds", [-61, 61, 3600])
def test_iat_more_than_60_seconds_from_the_call_is_stale(
    verifier: ShakenVerifier, pki: StiPki, seconds: int
) -> None:
    token = passport(pki.signing_key, iat=CALL_TS + dt.timedelta(seconds=seconds))
    assert _check(verifier, identity_header(token))[2] == "stale"


def test_iat_within_60_seconds_is_fresh(verifier: ShakenVerifier, pki: StiPki) -> None:
    token = passport(pki.signing_key, iat=CALL_TS - dt.timedelta(seconds=60))
    assert _check(verifier, identity_header(token))[0] == "SHAKEN_A"


def test_a_different_caller_is_a_number_mismatch(verifier: ShakenVerifier, pki: StiPki) -> None:
    identity = identity_header(passport(pki.signing_key))
    assert _check(verifier, identity, orig="+12125550199")[2] == "number mismatch"


def test_a_different_callee_is_a_number_mismatch(verifier: ShakenVerifier, pki: StiPki) -> None:
    identity = identity_header(passport(pki.signing_key))
    assert _check(verifier, identity, dest="+14155550199")[2] == "number mismatch"


def test_an_uncached_x5u_is_an_unknown_cert(verifier: ShakenVerifier, pki: StiPki) -> None:
    url = "https://cr.example.net/sti/other.pem"
    identity = identity_header(passport(pki.signing_key, x5u=url), url)
    assert _check(verifier, identity) == ("SHAKEN_INVALID", "TN-Validation-Failed", "unknown cert")


def test_a_certificate_added_later_is_found(pki: StiPki, tmp_path: Path) -> None:
    trust, cache_dir = pki.install(tmp_path, url="https://cr.example.net/sti/first.pem")
    cache = CertCache(cache_dir)
    verifier = ShakenVerifier(TrustStore(trust), cache)
    identity = identity_header(passport(pki.signing_key))
    assert _check(verifier, identity)[2] == "unknown cert"
    cache.add(CERT_URL, pki.chain_pem)
    assert _check(verifier, identity)[0] == "SHAKEN_A"


def test_x5u_differing_from_info_is_malformed(verifier: ShakenVerifier, pki: StiPki) -> None:
    token = passport(pki.signing_key, x5u="https://evil.example/c.pem")
    assert _check(verifier, identity_header(token, CERT_URL))[2] == "malformed"


@pytest.mark.parametrize(
    ("not_before", "not_after", "says"),
    [
        (CALL_TS - dt.timedelta(days=10), CALL_TS - dt.timedelta(days=1), "expired at"),
        (CALL_TS + dt.timedelta(days=1), CALL_TS + dt.timedelta(days=10), "not valid before"),
    ],
)
def test_a_certificate_not_valid_at_the_call_time_is_an_untrusted_chain(
    tmp_path: Path, not_before: dt.datetime, not_after: dt.datetime, says: str
) -> None:
    pki = make_pki(signing_not_before=not_before, signing_not_after=not_after)
    trust, cache = pki.install(tmp_path)
    verifier = ShakenVerifier(TrustStore(trust), CertCache(cache))
    result = verifier.verify(identity_header(passport(pki.signing_key)), ORIG, DEST, CALL_TS)
    assert (result.symbol, result.failure) == ("SHAKEN_INVALID", ShakenFailure.UNTRUSTED_CHAIN)
    assert says in result.detail


def test_a_chain_to_another_root_is_untrusted(pki: StiPki, tmp_path: Path) -> None:
    stranger = make_pki()
    trust, cache = pki.install(tmp_path)
    CertCache(cache).add(CERT_URL, stranger.chain_pem)
    verifier = ShakenVerifier(TrustStore(trust), CertCache(cache))
    identity = identity_header(passport(stranger.signing_key))
    assert _check(verifier, identity)[2] == "untrusted chain"


def test_a_certificate_signed_by_no_intermediate_is_untrusted(pki: StiPki, tmp_path: Path) -> None:
    trust, cache = pki.install(tmp_path)
    # Only the signing certificate is cached: the intermediate that links it to the root is not.
    from sti_support import pem

    CertCache(cache).add(CERT_URL, pem(pki.signing))
    verifier = ShakenVerifier(TrustStore(trust), CertCache(cache))
    assert _check(verifier, identity_header(passport(pki.signing_key)))[2] == "untrusted chain"


def test_without_a_trust_store_nothing_is_trusted(pki: StiPki, tmp_path: Path) -> None:
    _, cache = pki.install(tmp_path)
    verifier = ShakenVerifier(None, CertCache(cache))
    assert _check(verifier, identity_header(passport(pki.signing_key)))[2] == "untrusted chain"


@pytest.mark.parametrize(
    "identity",
    [
        "garbage",
        "a.b.c;info=<https://cr.example.net/sti/sp1234.pem>",
        "..c2ln;info=<https://cr.example.net/sti/sp1234.pem>",
        identity_header("e30.e30.c2ln").replace("ppt=shaken", "ppt=div"),
    ],
)
def test_garbage_headers_are_malformed(verifier: ShakenVerifier, identity: str) -> None:
    assert _check(verifier, identity) == ("SHAKEN_INVALID", "TN-Validation-Failed", "malformed")


def test_a_header_injection_is_malformed(verifier: ShakenVerifier, pki: StiPki) -> None:
    identity = identity_header(passport(pki.signing_key)) + "\r\nP-Asserted-Identity: <tel:+1>"
    result = verifier.verify(identity, ORIG, DEST, CALL_TS)
    assert result.failure is ShakenFailure.MALFORMED
    assert "header injection" in result.detail


def test_claims_missing_attest_are_malformed(verifier: ShakenVerifier, pki: StiPki) -> None:
    token = passport(pki.signing_key, payload={"attest": "D"})
    result = verifier.verify(identity_header(token), ORIG, DEST, CALL_TS)
    assert result.failure is ShakenFailure.MALFORMED
    assert "attest" in result.detail


def test_a_repeated_identity_is_answered_from_memory(verifier: ShakenVerifier, pki: StiPki) -> None:
    identity = identity_header(passport(pki.signing_key))
    assert _check(verifier, identity)[0] == "SHAKEN_A"
    # Per-call checks still apply to a remembered signature.
    assert _check(verifier, identity, dest="+14155550199")[2] == "number mismatch"
    assert _check(verifier, identity, ts=CALL_TS + dt.timedelta(minutes=5))[2] == "stale"
    assert _check(verifier, identity)[0] == "SHAKEN_A"


def test_the_memory_is_bounded(pki: StiPki, tmp_path: Path) -> None:
    trust, cache = pki.install(tmp_path)
    verifier = ShakenVerifier(TrustStore(trust), CertCache(cache), cache_size=2)
    for attest in "ABC":
        verifier.verify(
            identity_header(passport(pki.signing_key, attest=attest)), ORIG, DEST, CALL_TS
        )
    assert len(verifier._signed) == 2


@pytest.mark.parametrize(
    ("number", "digits"),
    [
        ("+12125550123", "12125550123"),
        ("+1 (212) 555-0123", "12125550123"),
        ("tel:+1-212-555-0123", "12125550123"),
        ('"Bob" <sip:+12125550123@example.net;user=phone>', "12125550123"),
        ("2125550123", "12125550123"),
        ("+442071838750", "442071838750"),
    ],
)
def test_e164_digits(number: str, digits: str) -> None:
    assert e164_digits(number) == digits


def test_verstat_values() -> None:
    assert [v.value for v in Verstat] == [
        "TN-Validation-Passed",
        "TN-Validation-Failed",
        "No-TN-Validation",
    ]


@pytest.mark.parametrize(
    "segment",
    [
        b"",
        b"eyJhbGciOiJFUzI1NiJ9",
        b"eyJhbGciOiJFUzI1NiJ9==",  # padded: PyJWT takes it when the length is a multiple of 4
        b"eyJhbGciOiJFUzI1NiJ",  # unpadded, length 4n + 3
        b"eyJhbGciOiJFUzI1NiJ=",
        b"eyJhbGciOiJFUzI1NiJ===",
        b"a",  # length 4n + 1 can be no base64
        b"!!!!",
        b"ab+/",  # standard base64, not base64url
        b"abc\n",
        b"ab=c",
        b"YQ",  # canonical "a"
        b"YR",  # non-canonical last character: re-encodes differently
    ],
)
def test_segments_are_decoded_and_refused_exactly_as_pyjwt_does(segment: bytes) -> None:
    import jwt

    from clearline.voice.passport import _PassportJWS

    def outcome(decode: object) -> bytes | str:
        try:
            return decode(segment, "header")  # type: ignore[operator,no-any-return]
        except jwt.DecodeError as exc:
            return f"error: {exc}"

    ours = outcome(_PassportJWS._decode_base64url_segment)
    assert ours == outcome(jwt.PyJWS._decode_base64url_segment)


def test_without_a_certificate_cache_the_detail_says_which_option_is_missing(
    pki: StiPki, tmp_path: Path
) -> None:
    trust, _ = pki.install(tmp_path)
    verifier = ShakenVerifier(TrustStore(trust), None)
    result = verifier.verify(identity_header(passport(pki.signing_key)), ORIG, DEST, CALL_TS)
    assert result.failure is ShakenFailure.UNKNOWN_CERT
    assert result.detail.endswith(
        f"certificate {CERT_URL} cannot be looked up: no certificate cache (--cert-cache DIR)"
    )
