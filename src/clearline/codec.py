"""Reading messages from JSON Lines and CSV, and writing verdicts and per-line errors.

Every input record yields exactly one output record, in order: a ``Verdict`` or, when the record
cannot be read, an ``ErrorRecord`` that says why. A bad record never stops a run. Lines are read
with a length bound, so one huge line costs a bounded amount of memory and gets an error.
"""

from __future__ import annotations

import csv
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


_REQUIRED = tuple(name for name in _FIELDS if name not in _OPTIONAL)
_EXPECTED_COLUMNS = (
    f"the columns are {', '.join(_REQUIRED)} (required) and {', '.join(sorted(_OPTIONAL))} "
    "(optional)"
)


def read_csv(stream: BinaryIO, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield one record per CSV row; the header names the columns (the JSON field names).

    A row's number is the physical line on which it ends (a quoted field may hold newlines). A
    row whose quoted field is still open at the end of the file, or runs past ``max_line_bytes``,
    is an error numbered by the line where it starts, and reading resumes on the line after that,
    so the rows after it still score.

    Raises:
        InputError: the header is not a valid list of columns (one error for the whole file).
    """
    csv.field_size_limit(max_line_bytes)
    feed = _CsvLineFeed(_physical_lines(stream, max_line_bytes), max_line_bytes)
    header_rows = _csv_rows(feed)
    try:
        number, header = next(header_rows)
    except StopIteration:
        return
    if isinstance(header, ErrorRecord):
        raise InputError(f"CSV header on line {number}: {header.error}")
    _check_header(header)
    for number, row in header_rows:
        if isinstance(row, ErrorRecord):
            yield number, row
        elif row:  # a blank line is not a row
            yield number, _row_record(number, header, row)


def _check_header(header: list[str]) -> None:
    problems = [f"unknown column `{name}`" for name in header if name not in _FIELDS]
    problems += [f"missing column `{name}`" for name in _REQUIRED if name not in header]
    problems += sorted({f"column `{name}` twice" for name in header if header.count(name) > 1})
    if problems:
        raise InputError(f"CSV header: {'; '.join(problems)}; {_EXPECTED_COLUMNS}")


def _row_record(number: int, header: list[str], row: list[str]) -> Message | ErrorRecord:
    fields = dict(zip(header, row, strict=False))
    record_id = fields.get("id") or None
    if len(row) != len(header):
        return ErrorRecord(
            number, record_id, f"row has {len(row)} fields, the header has {len(header)}"
        )
    if _SURROGATE.search("".join(row)) is not None:
        return ErrorRecord(number, None, "invalid UTF-8")
    obj = {k: v for k, v in fields.items() if not (k in _OPTIONAL and v == "")}
    try:
        return message_from_mapping(obj)
    except InputError as exc:
        return ErrorRecord(number, record_id, str(exc))


#: One physical line: its number, its bytes (newline included), or ``None`` and its size when it
#: is longer than the bound (its bytes were skipped as they streamed past).
_PhysicalLine = tuple[int, bytes | None, int]


def _physical_lines(stream: BinaryIO, max_line_bytes: int) -> Iterator[_PhysicalLine]:
    number = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) <= max_line_bytes or raw.endswith(b"\n"):
            yield number, raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = stream.readline(_CHUNK_BYTES)
            if not raw:
                break
            size += len(raw)
        yield number, None, size


class _RowTooLongError(Exception):
    """The row being read ran past the byte bound (stops ``csv.reader`` mid-row)."""


class _CsvLineFeed:
    """Feeds ``csv.reader`` one physical line at a time, keeping the lines of the row being read.

    When a row has to be abandoned (an unterminated quote reached the end of the file or the byte
    bound), its lines after the first are fed again, so each starts a row of its own.
    """

    def __init__(self, lines: Iterator[_PhysicalLine], max_line_bytes: int) -> None:
        self._lines = lines
        self._replay: list[_PhysicalLine] = []
        self.max_line_bytes = max_line_bytes
        self.row_lines: list[_PhysicalLine] = []
        self.row_bytes = 0
        self.reached_end = False

    def start_row(self) -> None:
        """Forget the previous row's lines: the next line read starts a new row."""
        self.row_lines = []
        self.row_bytes = 0
        self.reached_end = False

    def replay_after_row_start(self) -> None:
        """Feed again every line of the abandoned row after its first."""
        self._replay[:0] = self.row_lines[1:]

    def __iter__(self) -> _CsvLineFeed:
        return self

    def __next__(self) -> str:
        if self._replay:
            line = self._replay.pop(0)
        else:
            try:
                line = next(self._lines)
            except StopIteration:
                self.reached_end = True
                raise
        self.row_lines.append(line)
        number, raw, size = line
        self.row_bytes += size
        if raw is None or (len(self.row_lines) > 1 and self.row_bytes > self.max_line_bytes):
            raise _RowTooLongError
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        return raw.decode("utf-8", "surrogateescape")


def _csv_rows(feed: _CsvLineFeed) -> Iterator[tuple[int, list[str] | ErrorRecord]]:
    """Each row (or the error in its place) with its number, in order; see ``read_csv``."""
    reader = csv.reader(feed)
    while True:
        feed.start_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except _RowTooLongError:
            yield _abandoned_row(feed)
            reader = csv.reader(feed)  # a fresh parser: the old one stopped inside a field
            continue
        except csv.Error as exc:
            number = feed.row_lines[-1][0]
            yield number, ErrorRecord(number, None, f"CSV: {exc}")
            reader = csv.reader(feed)
            continue
        if feed.reached_end and len(feed.row_lines) > 0:
            # csv.reader asked for a line after the last one: a quoted field never closed.
            start = feed.row_lines[0][0]
            feed.replay_after_row_start()
            reader = csv.reader(feed)  # it has seen the end of the lines
            error = f"unterminated quoted field: the quote opened on line {start} never closes"
            yield start, ErrorRecord(start, _first_field(row), error)
            continue
        yield feed.row_lines[-1][0], row


def _abandoned_row(feed: _CsvLineFeed) -> tuple[int, ErrorRecord]:
    limit = feed.max_line_bytes
    start, raw, size = feed.row_lines[0]
    if raw is None:  # the row's own first line is too long
        return start, ErrorRecord(
            start, None, f"line is {size:,} bytes, over the {limit:,}-byte limit"
        )
    feed.replay_after_row_start()
    row_id = _first_field(next(csv.reader([raw.decode("utf-8", "replace")]), []))
    error = (
        f"the row starting on line {start} runs past the {limit:,}-byte limit "
        "(an unterminated quoted field?)"
    )
    return start, ErrorRecord(start, row_id, error)


def _first_field(row: list[str]) -> str | None:
    # The id is the first column in most files; only an id-like value is echoed.
    value = row[0] if row else ""
    return value if 0 < len(value) <= 256 and "\n" not in value else None


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
