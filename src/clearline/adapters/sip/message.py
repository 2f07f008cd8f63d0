"""SIP requests parsed strictly (RFC 3261 section 7), and the responses Clearline writes.

Clearline only ever receives requests (it is a redirect server) and only ever sends responses, so
that is all this module reads and writes. The parser refuses rather than guesses: a request line
that is not ``METHOD URI SIP/2.0``, a header line without a token name and a colon, a control
character in a value (CR or LF above all: an injected header), a missing mandatory header, a CSeq
whose method differs from the request's, a body shorter than its Content-Length, more than
``MAX_HEADERS`` header lines or more than ``MAX_MESSAGE_BYTES`` bytes. Each refusal is a
``SipError`` carrying the status to answer (400 or 513) and a one-line reason.

Compact header names (``i``, ``f``, ``t``, ``v``, ``y``, ...) are read as their full names.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "MAX_HEADERS",
    "MAX_MESSAGE_BYTES",
    "SipError",
    "SipRequest",
    "build_response",
    "parse_request",
    "quoted_text",
    "salvage_headers",
]

#: The largest SIP message read: a SHAKEN INVITE with SDP is 2-4 kB, an Identity header about
#: 800 characters. Bigger ones are answered 513 Message Too Large.
MAX_MESSAGE_BYTES = 16_384
#: The most header lines one request may have.
MAX_HEADERS = 100

#: RFC 3261 section 7.3.3 compact forms, and RFC 8224's ``y`` for Identity.
COMPACT_NAMES = {
    "i": "Call-ID",
    "f": "From",
    "t": "To",
    "v": "Via",
    "m": "Contact",
    "l": "Content-Length",
    "c": "Content-Type",
    "e": "Content-Encoding",
    "k": "Supported",
    "s": "Subject",
    "y": "Identity",
}
#: Canonical spellings of the headers Clearline reads or copies, by lower-case name.
_CANONICAL = {
    name.lower(): name
    for name in (
        "Call-ID",
        "From",
        "To",
        "Via",
        "Contact",
        "Content-Length",
        "Content-Type",
        "CSeq",
        "Max-Forwards",
        "Identity",
        "P-Asserted-Identity",
        "Diversion",
    )
}
#: Every request must carry these (RFC 3261 section 8.1.1; Max-Forwards is checked only if present).
_MANDATORY = ("Via", "From", "To", "Call-ID", "CSeq")
#: Copied from a request into its response (RFC 3261 section 8.2.6.2), in this order.
_DIALOG_HEADERS = ("Via", "From", "To", "Call-ID", "CSeq")

_TOKEN = r"[A-Za-z0-9.!%*_+`'~-]+"
_REQUEST_LINE = re.compile(rf"({_TOKEN}) ((?:sips?|tel):[^\s]+) SIP/2\.0", re.IGNORECASE)
_HEADER_LINE = re.compile(rf"({_TOKEN})[ \t]*:[ \t]*(.*)")
_CSEQ = re.compile(rf"([0-9]{{1,10}})[ \t]+({_TOKEN})")
# Tab is SIP whitespace; any other control character in a header value is refused.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_TAG = re.compile(r";\s*tag\s*=", re.IGNORECASE)


class SipError(ValueError):
    """A request Clearline refuses; ``status`` and the message are what the response says.

    Attributes:
        status: 400 (Bad Request) or 513 (Message Too Large).
    """

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True, slots=True)
class SipRequest:
    """One parsed SIP request.

    Attributes:
        method: the method, upper case (``INVITE``, ``OPTIONS``, ...).
        uri: the Request-URI as received.
        headers: (canonical name, value) pairs in the order received; folded lines joined.
        body: the message body (exactly Content-Length bytes).
    """

    method: str
    uri: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    @property
    def call_id(self) -> str:
        """The Call-ID (present in every parsed request)."""
        return self.header("Call-ID") or ""

    @property
    def cseq(self) -> tuple[int, str]:
        """The CSeq number and method (present and valid in every parsed request)."""
        match = _CSEQ.fullmatch(self.header("CSeq") or "")
        return (int(match.group(1)), match.group(2).upper()) if match else (0, "")


def _canonical(name: str) -> str:
    lower = name.lower()
    if lower in COMPACT_NAMES:
        return COMPACT_NAMES[lower]
    return _CANONICAL.get(lower, name)


def _header_lines(head: str) -> list[tuple[str, str]]:
    """Header lines as (canonical name, value), folded continuation lines joined (section 7.3.1)."""
    headers: list[tuple[str, str]] = []
    for line in head.split("\r\n"):
        if line[:1] in (" ", "\t"):
            if not headers:
                raise SipError(400, "a continuation line comes before any header")
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            raise SipError(400, f"malformed header line {line[:40]!r}")
        headers.append((_canonical(match.group(1)), match.group(2).rstrip(" \t")))
        if len(headers) > MAX_HEADERS:
            raise SipError(400, f"more than {MAX_HEADERS} header lines")
    return headers


def parse_request(data: bytes) -> SipRequest | None:
    """Parse one SIP message; ``None`` when it is a response (a redirect server ignores those).

    Args:
        data: the whole message (one UDP datagram, or a head and body framed from TCP).

    Raises:
        SipError: the message is refused; its status and text say how to answer.
    """
    if len(data) > MAX_MESSAGE_BYTES:
        raise SipError(513, f"message of {len(data):,} bytes is over {MAX_MESSAGE_BYTES:,}")
    head_bytes, separator, body = data.partition(b"\r\n\r\n")
    if not separator:
        raise SipError(400, "no empty line (CRLF CRLF) ends the headers")
    try:
        head = head_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise SipError(400, "headers are not UTF-8") from None
    request_line, _, rest = head.partition("\r\n")
    if request_line.startswith("SIP/2.0 "):
        return None
    match = _REQUEST_LINE.fullmatch(request_line)
    if match is None:
        raise SipError(400, f"malformed request line {request_line[:60]!r}")
    method, uri = match.group(1).upper(), match.group(2)
    if _CONTROL.search(rest.replace("\r\n", "")) is not None:
        raise SipError(400, "a header contains a control character or a bare CR or LF")
    headers = _header_lines(rest) if rest else []
    names = {name.lower() for name, _ in headers}
    missing = [name for name in _MANDATORY if name.lower() not in names]
    if missing:
        raise SipError(400, f"missing mandatory header {missing[0]}")
    request = SipRequest(method, uri, tuple(headers), body)
    for name in ("Call-ID", "CSeq", "From", "To", "Content-Length", "Max-Forwards"):
        if sum(1 for key, _ in headers if key == name) > 1:
            raise SipError(400, f"header {name} appears more than once")
    if not request.call_id:
        raise SipError(400, "empty Call-ID")
    cseq = _CSEQ.fullmatch(request.header("CSeq") or "")
    if cseq is None or int(cseq.group(1)) >= 2**31:
        raise SipError(400, "malformed CSeq")
    if cseq.group(2).upper() != method:
        raise SipError(400, f"CSeq method {cseq.group(2)} differs from the request's {method}")
    length_text = request.header("Content-Length")
    if length_text is not None:
        if not length_text.isdigit() or len(length_text) > 6:
            raise SipError(400, f"malformed Content-Length {length_text[:20]!r}")
        length = int(length_text)
        if len(body) < length:
            raise SipError(400, f"body of {len(body)} bytes is shorter than its Content-Length")
        # Bytes after Content-Length are not part of this message (RFC 3261 section 18.3).
        request = SipRequest(method, uri, tuple(headers), body[:length])
    max_forwards = request.header("Max-Forwards")
    if max_forwards is not None and (not max_forwards.isdigit() or len(max_forwards) > 3):
        raise SipError(400, f"malformed Max-Forwards {max_forwards[:20]!r}")
    return request


def salvage_headers(data: bytes) -> list[tuple[str, str]]:
    """The Via, From, To, Call-ID and CSeq lines of a refused message, read leniently.

    A 400 or 513 carries them when they can be read, so that the sender can match the answer to
    its request; lines with control characters or a value over 1,000 characters are left out.
    """
    found: list[tuple[str, str]] = []
    head = data[:MAX_MESSAGE_BYTES].partition(b"\r\n\r\n")[0].decode("utf-8", "replace")
    for line in head.split("\r\n")[1 : MAX_HEADERS + 1]:
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            continue
        name, value = _canonical(match.group(1)), match.group(2).strip()
        if name in _DIALOG_HEADERS and len(value) <= 1000 and not _CONTROL.search(value):
            if name != "Via" and any(key == name for key, _ in found):
                continue
            found.append((name, value))
    return found


def quoted_text(text: str, max_chars: int = 200) -> str:
    """``text`` as the inside of a SIP quoted-string: control characters dropped, ``"`` and ``\\``
    escaped (RFC 3261 section 25.1), at most ``max_chars`` characters. It can never end the
    quoted string or the header line it is in."""
    clean = "".join(ch for ch in text if ch == "\t" or (ch >= " " and ch != "\x7f"))
    clean = clean[:max_chars]
    return clean.replace("\\", "\\\\").replace('"', '\\"')


def _to_with_tag(to: str, seed: str) -> str:
    if _TAG.search(to) is not None:
        return to
    # Deterministic, so a retransmitted request would get the same tag even if re-answered.
    tag = hashlib.blake2b(seed.encode(), digest_size=6).hexdigest()
    return f"{to};tag={tag}"


def build_response(
    status: int,
    reason: str,
    dialog: Sequence[tuple[str, str]],
    extra: Iterable[tuple[str, str]] = (),
) -> bytes:
    """A SIP response with no body.

    Args:
        status: the status code.
        reason: the reason phrase.
        dialog: the request's headers (or what could be salvaged); Via, From, To, Call-ID and
            CSeq are copied, and To gets a tag when it has none (section 8.2.6.2).
        extra: more header lines, values already safe to send.

    Returns:
        The response bytes.
    """
    seed = next((value for name, value in dialog if name == "Call-ID"), "")
    seed += next((value for name, value in dialog if name == "CSeq"), "")
    lines = [f"SIP/2.0 {status} {reason}"]
    for wanted in _DIALOG_HEADERS:
        for name, value in dialog:
            if name != wanted:
                continue
            if name == "To" and status > 100:
                value = _to_with_tag(value, seed)
            lines.append(f"{name}: {value}")
            if name != "Via":
                break
    lines.extend(f"{name}: {value}" for name, value in extra)
    lines.append("Content-Length: 0")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
