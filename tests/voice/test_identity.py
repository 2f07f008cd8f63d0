"""The SIP Identity header parser (RFC 8224): both header names, parameters, and refusals."""

from __future__ import annotations

import pytest

from clearline.voice.identity import MAX_IDENTITY_CHARS, IdentityError, parse_identity

TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJhdHRlc3QiOiJBIn0.c2lnbmF0dXJl"
URL = "https://cr.example.net/sti/sp1234.pem"


def test_value_with_all_parameters_parses() -> None:
    header = parse_identity(f"{TOKEN};info=<{URL}>;alg=ES256;ppt=shaken")
    assert (header.token, header.info, header.alg, header.ppt) == (TOKEN, URL, "ES256", "shaken")
    assert not header.compact


@pytest.mark.parametrize("name", ["Identity", "identity", "y", "Y"])
def test_full_and_compact_header_names_are_accepted(name: str) -> None:
    header = parse_identity(f'{name}: {TOKEN} ; info=<{URL}> ; ppt="shaken"\r\n')
    assert (header.token, header.info, header.ppt, header.alg) == (TOKEN, URL, "shaken", None)


def test_parameters_in_any_order_and_unknown_ones_ignored() -> None:
    header = parse_identity(f"{TOKEN};ppt=shaken;x-extra=1;alg=ES256;info=<{URL}>")
    assert header.info == URL


def test_compact_passport_form_is_recognised() -> None:
    assert parse_identity(f"..c2lnbmF0dXJl;info=<{URL}>").compact


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "does not start with a PASSporT"),
        ("garbage", "does not start with a PASSporT"),
        (f"{TOKEN}", "no info=<URL>"),
        (f"{TOKEN};info={URL}", "angle brackets"),
        (f"{TOKEN};info=<ftp://x.example/c.pem>", "not an http(s) URL"),
        (f"{TOKEN};info=<{URL}>;info=<{URL}>", "repeats the parameter 'info'"),
        (f"{TOKEN};info=<{URL}> junk", "unparsable text"),
        (f".eyJhIjoxfQ.c2ln;info=<{URL}>", "empty header or payload"),
        (f"{TOKEN};info=<{URL}>\r\nX-Evil: 1", "header injection"),
        (f"{TOKEN};info=<{URL}>;ppt=shaken\nVia: x", "header injection"),
        (f"{TOKEN}\x00;info=<{URL}>", "control character"),
        ("A" * (MAX_IDENTITY_CHARS + 1), "over 8,192"),
    ],
)
def test_malformed_headers_are_refused_with_the_reason(raw: str, message: str) -> None:
    with pytest.raises(IdentityError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_identity(raw)
