"""The SIP ``Identity`` header (RFC 8224): a PASSporT and the parameters that name its certificate.

The header is parsed strictly and before anything is decoded: a value that carries a line break or
another control character (an attempt to inject a header), an oversized value, a token that is not
three base64url parts, a missing or non-HTTP ``info`` URL, or a repeated parameter is refused with
one line saying which. Both header names are accepted, the full ``Identity`` and the compact ``y``,
and the value may be given with or without its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_IDENTITY_CHARS", "IdentityError", "IdentityHeader", "parse_identity"]

#: Far above a real SHAKEN Identity header (about 800 characters); bigger ones are refused unread.
MAX_IDENTITY_CHARS = 8192

# A JWS in compact serialisation: three base64url parts. The compact PASSporT form (RFC 8225
# section 7) leaves the first two empty.
# The signature part may be empty: an unsigned JWS (``alg: none``) is then refused for its
# algorithm, which says more than "not a PASSporT".
_TOKEN = re.compile(r"([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)")
# `;name=value` with a value that is <uri>, "quoted" or a token (RFC 3261 generic-param).
_PARAM = re.compile(
    r"\s*;\s*([A-Za-z0-9.!%*_+`'~-]+)(?:\s*=\s*(<[^<>\s]*>|\"[^\"\\]*\"|[^;\s<>\"]+))?\s*"
)
_HEADER_NAME = re.compile(r"(?i)\s*(?:identity|y)\s*:")
# Tab is SIP whitespace; every other control character, CR and LF above all, is refused.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_HTTP_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


class IdentityError(ValueError):
    """The Identity header cannot be parsed; the text says what is wrong with it."""


@dataclass(frozen=True, slots=True)
class IdentityHeader:
    """One parsed Identity header.

    Attributes:
        token: the PASSporT (a compact JWS, ``header.payload.signature``).
        info: the certificate URL from ``info=<...>``, without the angle brackets.
        alg: the ``alg`` parameter, or ``None`` when absent (RFC 8224 then implies ES256).
        ppt: the ``ppt`` parameter, or ``None`` when absent.
        compact: the token is in the compact PASSporT form (``..signature``).
    """

    token: str
    info: str
    alg: str | None
    ppt: str | None
    compact: bool


def parse_identity(raw: str) -> IdentityHeader:
    """Parse an Identity header value, or a whole ``Identity:``/``y:`` header line.

    Raises:
        IdentityError: the header is malformed; the message says how.
    """
    if len(raw) > MAX_IDENTITY_CHARS:
        raise IdentityError(
            f"Identity header is {len(raw):,} characters, over {MAX_IDENTITY_CHARS:,}"
        )
    # A line as captured from a SIP message may end in CRLF; a CR or LF anywhere else would end
    # the header and start another one.
    if _CONTROL.search(raw.removesuffix("\n").removesuffix("\r")) is not None:
        raise IdentityError(
            "Identity header contains a line break or control character (header injection?)"
        )
    text = raw.strip()
    name = _HEADER_NAME.match(text)
    if name is not None:
        text = text[name.end() :].lstrip()
    token = _TOKEN.match(text)
    if token is None:
        raise IdentityError(
            "Identity header does not start with a PASSporT (header.payload.signature)"
        )
    params: dict[str, str] = {}
    position = token.end()
    while position < len(text):
        param = _PARAM.match(text, position)
        if param is None or param.end() == position:
            raise IdentityError(f"Identity header has unparsable text at {text[position:][:40]!r}")
        key = param.group(1).lower()
        if key in params:
            raise IdentityError(f"Identity header repeats the parameter {key!r}")
        params[key] = param.group(2) or ""
        position = param.end()
    info = params.get("info")
    if info is None:
        raise IdentityError("Identity header has no info=<URL> parameter naming the certificate")
    if not (info.startswith("<") and info.endswith(">")):
        raise IdentityError("Identity header's info parameter must be a URL in angle brackets")
    url = info[1:-1]
    if _HTTP_URL.fullmatch(url) is None:
        raise IdentityError(f"Identity header's info URL is not an http(s) URL: {url[:80]!r}")
    compact = token.group(1) == "" and token.group(2) == ""
    if (token.group(1) == "") != (token.group(2) == ""):
        raise IdentityError("Identity header's PASSporT has an empty header or payload part")
    return IdentityHeader(
        token=token.group(0),
        info=url,
        alg=_unquote(params["alg"]) if "alg" in params else None,
        ppt=_unquote(params["ppt"]) if "ppt" in params else None,
        compact=compact,
    )


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
