"""Reading registry, consent and number-list files: every problem named by line, all or nothing.

An import first reads and checks the whole file; if any line is wrong it raises
``ImportFileError`` listing the problems (each with its line number) and writes nothing, so an
operator never has to work out which half of a file made it in. Only a clean file is applied, in
one transaction.

Consent and list files are JSON Lines or CSV (a header names the columns, which are the JSON field
names); the registry is one JSON document. Formats are in docs/compliance.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Final

import msgspec

from clearline.compliance.consent import (
    CAMPAIGN_SCOPE,
    SENDER_SCOPE,
    ConsentEntry,
    consent_key,
)
from clearline.compliance.number_lists import LIST_NAMES, is_prefix_entry
from clearline.compliance.registry import (
    Brand,
    Campaign,
    ConsentType,
    NumberGrant,
    RegistryFile,
    VerifiedToken,
    brands_named,
    check_registry,
    is_sender_address,
    where_in_file,
)
from clearline.compliance.store import ComplianceStore, ImportSummary

#: Problems listed in one error before the rest are summarised.
MAX_LISTED_PROBLEMS: Final = 20

_E164: Final = re.compile(r"\+[1-9][0-9]{6,14}")
_TS_HINT: Final = "an RFC 3339 timestamp with a UTC offset, e.g. 2026-11-23T14:05:00Z"


class ImportFileError(ValueError):
    """An import file cannot be used; nothing from it was imported.

    Attributes:
        problems: one line per problem, each naming where it is.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_LISTED_PROBLEMS]
        more = len(problems) - len(shown)
        text = "\n".join(f"  {p}" for p in shown)
        if more:
            text += f"\n  ... and {more:,} more"
        super().__init__(f"{path}: nothing imported, {len(problems):,} problem(s):\n{text}")


class ConsentRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One line of a consent file."""

    subscriber: str
    type: ConsentType
    ts: Annotated[dt.datetime, msgspec.Meta(tz=True)]
    campaign: str | None = None
    sender: str | None = None
    method: str = ""
    disclosure: str = ""


class ListRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One line of a number-list file."""

    number: str
    list: str
    since: Annotated[dt.datetime, msgspec.Meta(tz=True)] | None = None
    note: str = ""


#: An import source: a file path, or the document's bytes (an HTTP body), named "<input>".
Source = str | Path | bytes


def _load(source: Source) -> tuple[str, bytes]:
    if isinstance(source, bytes):
        return "<input>", source
    try:
        return str(source), Path(source).read_bytes()
    except OSError as exc:
        raise ImportFileError(str(source), [f"cannot read the file: {exc.strerror}"]) from None


def _explain(exc: msgspec.ValidationError) -> str:
    text = str(exc)
    text = text.replace("Object missing required field", "missing required field")
    text = text.replace("Object contains unknown field", "unknown field")
    if "`$.ts`" in text or "`$.since`" in text:
        field = "ts" if "`$.ts`" in text else "since"
        return f"`{field}` must be {_TS_HINT}"
    return text


def _rows(data: bytes, is_csv: bool) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each record as (line, fields) or (line, problem), skipping blank lines."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if is_csv:
        text = io.StringIO(data.decode("utf-8", "replace"), newline="")
        reader = csv.DictReader(text)
        try:
            for row in reader:
                if None in row:
                    yield reader.line_num, "the row has more fields than the header"
                    continue
                yield reader.line_num, {k: v for k, v in row.items() if v not in ("", None)}
        except csv.Error as exc:
            yield reader.line_num, f"CSV: {exc}"
        return
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = msgspec.json.decode(raw)
        except msgspec.DecodeError as exc:
            yield number, f"invalid JSON: {exc}"
            continue
        if not isinstance(obj, dict):
            yield number, "expected a JSON object"
            continue
        yield number, obj


def _is_csv(name: str, fmt: str) -> bool:
    return fmt == "csv" or (fmt == "auto" and name.lower().endswith(".csv"))


def read_registry(path: Source, store: ComplianceStore) -> RegistryFile:
    """Read and check a registry file against itself and the brands already registered.

    Raises:
        ImportFileError: the file is unreadable, not valid, or inconsistent.
    """
    name, data = _load(path)
    try:
        raw = msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise ImportFileError(name, [f"invalid JSON: {exc}"]) from None
    problems = _entry_problems(data, raw)
    if problems:
        raise ImportFileError(name, problems)
    try:
        doc = msgspec.convert(raw, RegistryFile)
    except msgspec.ValidationError as exc:  # pragma: no cover - every entry was checked above
        raise ImportFileError(name, [str(exc)]) from None
    known = store.brands.get_many(brands_named(doc))
    problems = check_registry(doc, known, data.decode("utf-8", "replace"))
    if problems:
        raise ImportFileError(name, problems)
    return doc


_ENTRY_TYPES: Final[dict[str, type[msgspec.Struct]]] = {
    "brands": Brand,
    "campaigns": Campaign,
    "numbers": NumberGrant,
    "verified_tokens": VerifiedToken,
}


def _entry_problems(data: bytes, raw: Any) -> list[str]:
    """Every brand and campaign that does not fit its type, each named by line where possible.

    Each entry is checked on its own, so a file with ten bad campaigns gets ten problems at once
    (a whole-document decode stops at the first).
    """
    if not isinstance(raw, dict):
        return [
            "the registry must be a JSON object with `brands`, `campaigns`, `numbers` and "
            "`verified_tokens` lists"
        ]
    text = data.decode("utf-8", "replace")
    problems = [
        f"unknown field `{key}` (expected `brands`, `campaigns`, `numbers`, `verified_tokens`)"
        for key in raw.keys() - _ENTRY_TYPES.keys()
    ]
    for key, entry_type in _ENTRY_TYPES.items():
        entries = raw.get(key, [])
        if not isinstance(entries, list):
            problems.append(f"`{key}` must be a list, got {type(entries).__name__}")
            continue
        for index, entry in enumerate(entries):
            try:
                msgspec.convert(entry, entry_type)
            except msgspec.ValidationError as exc:
                entry_id = entry.get("id") if isinstance(entry, dict) else None
                where = where_in_file(
                    text, key, index, entry_id if isinstance(entry_id, str) else None
                )
                problems.append(f"{where}: {_entry_reason(exc)}")
    return problems


def _entry_reason(exc: msgspec.ValidationError) -> str:
    """``vetting_score: Expected `int`, got `str``` from msgspec's message about one entry."""
    reason, _, where = str(exc).partition(" - at `$")
    reason = reason.replace("Object missing required field", "missing required field")
    reason = reason.replace("Object contains unknown field", "unknown field")
    field = where.rstrip("`").lstrip(".")
    return f"`{field}`: {reason}" if field else reason


def read_consent(
    path: Source,
    store: ComplianceStore,
    fmt: str = "auto",
    pending: Mapping[str, Campaign] | None = None,
) -> list[tuple[str, ConsentEntry]]:
    """Read and check a consent file.

    Args:
        path: JSON Lines or CSV (a path, or the bytes themselves).
        store: the registry that campaigns are looked up in.
        fmt: ``auto`` (CSV for ``*.csv``), ``jsonl`` or ``csv``.
        pending: campaigns from a registry file being imported in the same run.

    Returns:
        (consent key, entry) pairs, in file order.

    Raises:
        ImportFileError: any line is wrong; nothing is returned.
    """
    name, data = _load(path)
    problems: list[str] = []
    parsed: list[tuple[int, ConsentRecord]] = []
    for line, row in _rows(data, _is_csv(name, fmt)):
        if isinstance(row, str):
            problems.append(f"line {line}: {row}")
            continue
        try:
            record = msgspec.convert(row, ConsentRecord, str_keys=True)
        except msgspec.ValidationError as exc:
            problems.append(f"line {line}: {_explain(exc)}")
            continue
        problem = _check_consent(record)
        if problem:
            problems.append(f"line {line}: {problem}")
            continue
        parsed.append((line, record))
    wanted = {r.campaign for _, r in parsed if r.campaign is not None}
    known = set(store.campaigns.get_many(wanted)) | set(pending or ())
    for line, record in parsed:
        if record.campaign is not None and record.campaign not in known:
            problems.append(f"line {line}: campaign {record.campaign!r} is not registered")
    if problems:
        raise ImportFileError(name, problems)
    out: list[tuple[str, ConsentEntry]] = []
    for _, r in parsed:
        scope = (
            CAMPAIGN_SCOPE + r.campaign if r.campaign is not None else SENDER_SCOPE + str(r.sender)
        )
        entry = ConsentEntry(r.type, r.ts.timestamp(), r.method, r.disclosure)
        out.append((consent_key(r.subscriber, scope), entry))
    return out


def _check_consent(record: ConsentRecord) -> str | None:
    if _E164.fullmatch(record.subscriber) is None:
        return f"`subscriber` must be an E.164 number like +15551234567, got {record.subscriber!r}"
    if (record.campaign is None) == (record.sender is None):
        return "give exactly one of `campaign` (registered) or `sender` (a number or short code)"
    if record.sender is not None and not is_sender_address(record.sender):
        return f"`sender` must be an E.164 number or a short code, got {record.sender!r}"
    if not record.method.strip():
        return "`method` is required: how the subscriber opted in (web form, keyword, paper...)"
    if record.type != "conversational" and not record.disclosure.strip():
        return f"`disclosure` is required for {record.type} consent: the text the subscriber saw"
    return None


#: Columns of the FTC's Do Not Call reported-calls files (``../shared/data/ftc_dnc_complaints``).
FTC_NUMBER_COLUMN = "Company_Phone_Number"
FTC_DATE_COLUMN = "Created_Date"
_NANP_DIGITS = re.compile(r"1?([2-9][0-9]{2}[2-9][0-9]{6})")


def _ftc_complaint(row: dict[str, Any]) -> tuple[str, str, float | None, str] | None:
    """One FTC complaint row as a ``complaints`` listing; ``None`` when its number is not a
    ten-digit North American number (consumers type what they saw; those rows are skipped)."""
    digits = _NANP_DIGITS.fullmatch(str(row.get(FTC_NUMBER_COLUMN, "")).strip())
    if digits is None:
        return None
    since = None
    created = row.get(FTC_DATE_COLUMN)
    if created:
        try:
            # The files give no offset; read as UTC (a few hours either way changes no count).
            since = dt.datetime.fromisoformat(str(created)).replace(tzinfo=dt.UTC).timestamp()
        except ValueError:
            since = None
    subject = str(row.get("Subject", ""))
    robocall = " (robocall)" if row.get("Recorded_Message_Or_Robocall") == "Y" else ""
    return ("+1" + digits.group(1), "complaints", since, f"FTC: {subject}{robocall}"[:200])


def read_lists(
    path: Source, fmt: str = "auto", skipped: list[int] | None = None
) -> list[tuple[str, str, float | None, str]]:
    """Read and check a number-list file: the list format, or an FTC Do Not Call reported-calls
    file (CSV with a ``Company_Phone_Number`` column), each row one complaint.

    Args:
        path: the file.
        fmt: ``auto``, ``jsonl`` or ``csv``.
        skipped: where the line numbers of FTC rows skipped (no valid number) are appended.

    Returns:
        (number, list name, since, note) tuples in file order.

    Raises:
        ImportFileError: any line is wrong; nothing is returned.
    """
    name, data = _load(path)
    problems: list[str] = []
    out: list[tuple[str, str, float | None, str]] = []
    for line, row in _rows(data, _is_csv(name, fmt)):
        if isinstance(row, str):
            problems.append(f"line {line}: {row}")
            continue
        if FTC_NUMBER_COLUMN in row or FTC_DATE_COLUMN in row:
            complaint = _ftc_complaint(row)
            if complaint is None:
                if skipped is not None:
                    skipped.append(line)
            else:
                out.append(complaint)
            continue
        try:
            record = msgspec.convert(row, ListRecord, str_keys=True)
        except msgspec.ValidationError as exc:
            problems.append(f"line {line}: {_explain(exc)}")
            continue
        if record.list not in LIST_NAMES:
            problems.append(
                f"line {line}: `list` must be one of {', '.join(LIST_NAMES)}, got {record.list!r}"
            )
        elif not (is_sender_address(record.number) or is_prefix_entry(record.number)):
            problems.append(
                f"line {line}: `number` must be an E.164 number, a short code or a prefix such "
                f"as +1202555* (area code, exchange or thousands-block), got {record.number!r}"
            )
        elif record.list == "reassigned" and is_prefix_entry(record.number):
            problems.append(f"line {line}: only single numbers are reassigned, not ranges")
        elif record.list == "campaign_senders" and is_prefix_entry(record.number):
            problems.append(f"line {line}: a campaign sender is one number, not a range")
        elif record.list == "complaints" and is_prefix_entry(record.number):
            problems.append(f"line {line}: a complaint is about one number, not a range")
        elif record.list == "reassigned" and record.since is None:
            problems.append(f"line {line}: a reassigned number needs `since`, the date it changed")
        else:
            since = record.since.timestamp() if record.since is not None else None
            out.append((record.number, record.list, since, record.note))
    if problems:
        raise ImportFileError(name, problems)
    return out


def import_files(
    store: ComplianceStore,
    registry: Source | None = None,
    consent: Source | None = None,
    lists: Source | None = None,
    fmt: str = "auto",
) -> ImportSummary:
    """Read, check and apply any of the three files, then commit once.

    Every file is checked before anything is written, so a bad consent file leaves the registry
    file of the same run unimported too.

    Raises:
        ImportFileError: a file is wrong; nothing was imported.
    """
    doc = read_registry(registry, store) if registry is not None else None
    pending = {c.id: c for c in doc.campaigns} if doc is not None else {}
    consents = read_consent(consent, store, fmt, pending) if consent is not None else []
    skipped: list[int] = []
    listings = read_lists(lists, fmt, skipped) if lists is not None else []
    total = ImportSummary()
    if doc is not None:
        total = store.apply_registry(doc)
    if consents:
        total.consents = store.apply_consent(consents).consents
    if listings:
        total.listed = store.apply_lists(listings).listed
    total.skipped = len(skipped)
    store.commit()
    return total
