"""Reading messages from JSON Lines and CSV, and writing verdicts and per-line errors.

Every input record yields exactly one output record, in order: a ``Verdict`` or, when the record
cannot be read, an ``ErrorRecord`` that says why. A bad record never stops a run. Lines are read
with a length bound, so one huge line costs a bounded amount of memory and gets an error.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import msgspec

from clearline.model import InputError, Message, Verdict

#: Default bound on one input line (JSON Lines) or one CSV record, in bytes.
DEFAULT_MAX_LINE_BYTES = 512 * 1024

_FIELDS = ("id", "ts", "from", "to", "body", "channel", "campaign")
_OPTIONAL = frozenset({"channel", "campaign"})
_AT_PATH = re.compile(r"^(.*) - at `\$\.([A-Za-z_]+)`$")
# Bytes that were not UTF-8, as decoded with errors="surrogateescape".
_SURROGATE = re.compile("[\udc80-\udcff]")
_TS_HINT = "an RFC 3339 timestamp with a UTC offset, e.g. 2026-11-23T14:05:00Z"

_decoder = msgspec.json.Decoder(Message)
_encoder = msgspec.json.Encoder()


class ErrorRecord(msgspec.Struct, frozen=True, gc=False):
    """The output line for an input record that could not be read."""

    line: int
    id: str | None
    error: str


#: What one input record becomes: a message to score, or the error to write in its place.
Record = tuple[int, Message | ErrorRecord]


def _explain_validation(exc: msgspec.ValidationError) -> str:
    text = str(exc)
    if text.startswith("Expected `object`"):
        return "expected a JSON object per line" + text.removeprefix("Expected `object`")
    match = _AT_PATH.match(text)
    if match is None:
        return text.replace("Object missing required field", "missing required field").replace(
            "Object contains unknown field", "unknown field"
        )
    problem, field = match.groups()
    if field == "ts":
        return f"`ts` must be {_TS_HINT} ({problem[0].lower()}{problem[1:]})"
    return f"`{field}`: {problem[0].lower()}{problem[1:]}"


def _recover_id(raw: bytes | dict[str, Any]) -> str | None:
    obj: object = raw
    if isinstance(raw, bytes):
        try:
            obj = msgspec.json.decode(raw.decode("utf-8", "replace"))
        except msgspec.DecodeError:
            return None
    if isinstance(obj, dict):
        value = obj.get("id")
        if isinstance(value, str) and 0 < len(value) <= 256:
            return value
    return None


def decode_message(line: bytes) -> Message:
    """Decode one JSON object into a ``Message``.

    Raises:
        InputError: with a reason a person can act on.
    """
    try:
        return _decoder.decode(line)
    except msgspec.ValidationError as exc:
        raise InputError(_explain_validation(exc)) from None
    except msgspec.DecodeError as exc:
        # msgspec up to 0.19 raised UnicodeDecodeError for bad UTF-8; later releases raise
        # DecodeError ("Invalid UTF-8 encoded string") without the offset. Either way the user
        # is told where the bad byte is, from Python's own decoder (the error path only).
        _raise_if_not_utf8(line)
        raise InputError(f"invalid JSON: {exc}") from None
    except UnicodeDecodeError:
        _raise_if_not_utf8(line)
        raise InputError("invalid UTF-8") from None


def _raise_if_not_utf8(line: bytes) -> None:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start} of the line") from None


def message_from_mapping(obj: dict[str, Any]) -> Message:
    """Build a ``Message`` from already-parsed fields (CSV rows, HTTP bodies).

    Raises:
        InputError: with a reason a person can act on.
    """
    try:
        return msgspec.convert(obj, Message)
    except msgspec.ValidationError as exc:
        raise InputError(_explain_validation(exc)) from None


_CHUNK_BYTES = 1 << 20


def read_jsonl(stream: BinaryIO, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield one record per line of a JSON Lines stream.

    Reads in chunks of up to 1 MiB (``read1``: whatever is available, so a pipe is answered as it
    flows) and splits them in C; a line longer than ``max_line_bytes`` is skipped as it streams
    past, keeping only its first 4 KiB (to name its id), and becomes an error record.
    """
    read = getattr(stream, "read1", stream.read)
    decode = _decoder.decode
    number = 0
    carry = b""
    skipping = False
    skipped = 0
    head = b""
    while True:
        data = read(_CHUNK_BYTES)
        if not data:
            break
        if skipping:
            newline = data.find(b"\n")
            if newline < 0:
                skipped += len(data)
                continue
            skipped += newline
            skipping = False
            yield number, _too_long(number, head, skipped, max_line_bytes)
            data = data[newline + 1 :]
        lines = data.split(b"\n")
        lines[0] = carry + lines[0]
        carry = lines.pop()
        for line in lines:
            number += 1
            if len(line) <= max_line_bytes:
                try:  # the common case, inline: a good line decodes at once
                    yield number, decode(line)
                    continue
                except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
                    pass
            yield number, _parse_line(number, line, max_line_bytes)
        if len(carry) > max_line_bytes:
            number += 1
            skipping, skipped, head, carry = True, len(carry), carry[:4096], b""
    if skipping:
        yield number, _too_long(number, head, skipped, max_line_bytes)
    elif carry:
        number += 1
        yield number, _parse_line(number, carry, max_line_bytes)


def _too_long(number: int, head: bytes, size: int, limit: int) -> ErrorRecord:
    return ErrorRecord(
        number, _recover_id(head + b'"}'), f"line is {size:,} bytes, over the {limit:,}-byte limit"
    )


def _parse_line(number: int, line: bytes, max_line_bytes: int) -> Message | ErrorRecord:
    try:
        if len(line) <= max_line_bytes:
            return _decoder.decode(line)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
        pass
    else:
        return _too_long(number, line[:4096], len(line), max_line_bytes)
    if number == 1 and line.startswith(b"\xef\xbb\xbf"):
        return _parse_line(number, line[3:], max_line_bytes)
    if not line.strip():
        return ErrorRecord(number, None, "empty line")
    try:
        return decode_message(line)
    except InputError as exc:
        return ErrorRecord(number, _recover_id(line), str(exc))


def read_csv(stream: BinaryIO, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield one record per CSV row; the header names the columns (the JSON field names).

    The record's number is the CSV line on which the row ends.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        yield from _csv_records(text, max_line_bytes)
    finally:
        text.detach()  # the caller owns ``stream``; closing the wrapper must not close it


def _csv_records(text: io.TextIOWrapper, max_line_bytes: int) -> Iterator[Record]:
    csv.field_size_limit(max_line_bytes)
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, ErrorRecord(1, None, f"CSV header: {exc}")
        return
    unknown = [name for name in header if name not in _FIELDS]
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, ErrorRecord(reader.line_num, None, f"CSV: {exc}")
            continue
        number = reader.line_num
        if not row:
            continue
        fields = dict(zip(header, row, strict=False))
        record_id = fields.get("id") or None
        if unknown:
            yield number, ErrorRecord(number, record_id, f"unknown column `{unknown[0]}`")
            continue
        if len(row) != len(header):
            yield (
                number,
                ErrorRecord(
                    number, record_id, f"row has {len(row)} fields, the header has {len(header)}"
                ),
            )
            continue
        if _SURROGATE.search("".join(row)) is not None:
            yield number, ErrorRecord(number, None, "invalid UTF-8")
            continue
        obj = {k: v for k, v in fields.items() if not (k in _OPTIONAL and v == "")}
        try:
            yield number, message_from_mapping(obj)
        except InputError as exc:
            yield number, ErrorRecord(number, record_id, str(exc))


def encode_records(records: list[Verdict | ErrorRecord]) -> bytes:
    """JSON Lines for a run of output records."""
    return _encoder.encode_lines(records)


def encode_verdict(verdict: Verdict) -> bytes:
    """One verdict as JSON (no newline)."""
    return _encoder.encode(verdict)


def decode_verdict(data: bytes | str) -> Verdict:
    """Parse a verdict written by ``scan`` (for ``explain``).

    Raises:
        InputError: the text is not a verdict.
    """
    try:
        return msgspec.json.decode(data, type=Verdict)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise InputError(f"not a verdict: {exc}") from None
