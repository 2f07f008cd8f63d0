"""Reading calls from JSON Lines and CSV, with the same rules as messages (``clearline.codec``).

Every input record yields exactly one output record, in order: a ``Call`` or an ``ErrorRecord``
saying why the record could not be read, worded as for messages (a missing field, a timestamp
without a UTC offset, bad UTF-8 with its byte offset, an over-long line, an unknown field or
column). A bad record never stops a run, and one huge line costs a bounded amount of memory.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import msgspec

from clearline.codec import DEFAULT_MAX_LINE_BYTES, ErrorRecord
from clearline.codec import _explain_validation as explain_validation
from clearline.codec import _recover_id as recover_id
from clearline.model import Call, InputError

__all__ = ["CALL_FIELDS", "CallRecord", "decode_call", "read_calls_csv", "read_calls_jsonl"]

#: The columns of a call record, in the order the docs list them.
CALL_FIELDS = ("id", "ts", "from", "to", "identity", "pai", "diversion", "duration")
_OPTIONAL = frozenset({"identity", "pai", "diversion", "duration"})
_SKIP_CHUNK = 1 << 16
# Bytes that were not UTF-8, as decoded with errors="surrogateescape".
_SURROGATE = re.compile("[\udc80-\udcff]")

#: What one input record becomes: a call to score, or the error to write in its place.
CallRecord = tuple[int, Call | ErrorRecord]

_decoder = msgspec.json.Decoder(Call)


def decode_call(line: bytes) -> Call:
    """Decode one JSON object into a ``Call``.

    Raises:
        InputError: with a reason a person can act on.
    """
    try:
        return _decoder.decode(line)
    except msgspec.ValidationError as exc:
        raise InputError(explain_validation(exc)) from None
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise InputError(f"invalid UTF-8 at byte {bad.start} of the line") from None
        raise InputError(f"invalid JSON: {exc}") from None


def call_from_mapping(obj: dict[str, Any]) -> Call:
    """Build a ``Call`` from already-parsed fields; strings are converted (CSV's ``duration``).

    Raises:
        InputError: with a reason a person can act on.
    """
    try:
        return msgspec.convert(obj, Call, strict=False)
    except msgspec.ValidationError as exc:
        raise InputError(explain_validation(exc)) from None


def _too_long(number: int, head: bytes, size: int, limit: int) -> ErrorRecord:
    return ErrorRecord(
        number, recover_id(head + b'"}'), f"line is {size:,} bytes, over the {limit:,}-byte limit"
    )


def read_calls_jsonl(
    stream: BinaryIO, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[CallRecord]:
    """Yield one record per line of a JSON Lines stream of calls.

    A line longer than ``max_line_bytes`` is skipped as it streams past (only its first 4 KiB are
    kept, to name its id) and becomes an error record.
    """
    number = 0
    while True:
        line = stream.readline(max_line_bytes + 1)
        if not line:
            return
        number += 1
        if line.endswith(b"\n"):
            line = line[:-1]
        elif len(line) > max_line_bytes:
            size = len(line)
            while True:  # skip the rest of the line without keeping it
                rest = stream.readline(_SKIP_CHUNK)
                size += len(rest) - rest.endswith(b"\n")
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, _too_long(number, line[:4096], size, max_line_bytes)
            continue
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            yield number, ErrorRecord(number, None, "empty line")
            continue
        try:
            yield number, decode_call(line)
        except InputError as exc:
            yield number, ErrorRecord(number, recover_id(line), str(exc))


def read_calls_csv(
    stream: BinaryIO, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[CallRecord]:
    """Yield one record per CSV row; the header names the columns (the JSON field names).

    Empty optional cells are absent fields. The record's number is the line on which the row ends.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        yield from _csv_records(text, max_line_bytes)
    finally:
        text.detach()  # the caller owns ``stream``; closing the wrapper must not close it


def _csv_records(text: io.TextIOWrapper, max_line_bytes: int) -> Iterator[CallRecord]:
    csv.field_size_limit(max_line_bytes)
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, ErrorRecord(1, None, f"CSV header: {exc}")
        return
    unknown = [name for name in header if name not in CALL_FIELDS]
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
        elif len(row) != len(header):
            problem = f"row has {len(row)} fields, the header has {len(header)}"
            yield number, ErrorRecord(number, record_id, problem)
        elif _SURROGATE.search("".join(row)) is not None:
            yield number, ErrorRecord(number, None, "invalid UTF-8")
        else:
            obj = {k: v for k, v in fields.items() if not (k in _OPTIONAL and v == "")}
            try:
                yield number, call_from_mapping(obj)
            except InputError as exc:
                yield number, ErrorRecord(number, record_id, str(exc))
