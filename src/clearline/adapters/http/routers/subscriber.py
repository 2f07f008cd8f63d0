"""Subscriber controls: preferences, the spam folder with release, and spam reports (7726).

Two spellings of every operation:

* ``/v1/subscriber/...``: a subscriber key acting on its own number;
* ``/v1/subscribers/{number}/...``: an operator acting on any number (a subscriber key may use
  it for its own number only: another number is 403).

Preferences and feedback live in the engine's state tables (``subscriber_prefs``,
``sender_standing``), written on the scoring thread, so a choice changes the next verdict. The
spam folder is the verdict audit joined with the held message text.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.deps import (
    OperatorDep,
    PrincipalDep,
    Services,
    ServicesDep,
    SubscriberDep,
)
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.times import TimeParam, rfc3339, with_rfc3339
from clearline.redress.subscribers import (
    PreferencesChange,
    apply_change,
    load_preferences,
    note_release,
    note_report,
)
from clearline.signals.preferences import SubscriberPreferences
from clearline.storage import spam_folder
from clearline.storage.keys import Principal, Role

router = APIRouter(tags=["subscriber"])

_E164 = r"^\+[1-9][0-9]{6,14}$"
# No NUL: PostgreSQL text cannot hold it, and no sender or message id contains one.
_NO_NUL = r"^[^\x00]+$"
Entry = Annotated[str, Field(min_length=1, max_length=32)]
EntryList = Annotated[list[Entry], Field(max_length=1_000)]
ListName = Literal["contacts", "allowlist", "blocklist"]
NumberPath = Annotated[
    str, Path(pattern=_E164, description="The subscriber's E.164 number (`+` as `%2B`).")
]
MessageIdPath = Annotated[str, Path(min_length=1, max_length=256, pattern=_NO_NUL)]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many entries.")]
Before = Annotated[
    TimeParam | None,
    Query(description="Only entries with `ts` before this (RFC 3339, or epoch seconds)."),
]
#: The instants a spam folder entry carries.
_ENTRY_TIMES = ("ts", "decided_at")
Status = Annotated[
    Literal["held", "released", "reported"] | None,
    Query(description="Only entries in this state."),
]


class Preferences(BaseModel):
    """A subscriber's whole preferences (``PUT`` replaces them; what is left out is reset).

    Entries are E.164 numbers (`+12125550123`), prefixes (`+1900*`), short codes (`72345`) or
    sender IDs (`AcmeBank`).
    """

    model_config = ConfigDict(extra="forbid")

    mode: Literal["all", "contacts_only", "allowlist_only"] = Field(
        default="all",
        description="`contacts_only` / `allowlist_only` send everyone else to the spam folder.",
    )
    default_blocking: bool = Field(
        default=True,
        description="false = opted out of default blocking: what would only be tagged is "
        "delivered (what is blocked stays blocked).",
    )
    contacts: EntryList = Field(default_factory=list)
    allowlist: EntryList = Field(
        default_factory=list, description="Always delivered (not over a STOP)."
    )
    blocklist: EntryList = Field(default_factory=list, description="Always blocked.")


class PreferencesPatch(BaseModel):
    """A partial change: fields given replace, ``add`` / ``remove`` edit lists by name."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["all", "contacts_only", "allowlist_only"] | None = None
    default_blocking: bool | None = None
    contacts: EntryList | None = None
    allowlist: EntryList | None = None
    blocklist: EntryList | None = None
    add: dict[ListName, EntryList] | None = None
    remove: dict[ListName, EntryList] | None = None


class SpamReportRequest(BaseModel):
    """A spam report (the 7726 flow): a message of the folder (or any message to the number),
    or a sender with the text the subscriber received."""

    model_config = ConfigDict(extra="forbid")

    message_id: str | None = Field(default=None, min_length=1, max_length=256, pattern=_NO_NUL)
    sender: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=_NO_NUL,
        description="Needed without `message_id`.",
    )
    body: str | None = Field(default=None, max_length=65_536, description="The text received.")


def _subject(principal: Principal, number: str | None) -> str:
    """The number a request acts on: the subscriber's own, or the operator's choice."""
    if principal.role is Role.SUBSCRIBER:
        own = principal.number or ""
        if number is not None and number != own:
            raise ApiError(403, "forbidden", "a subscriber key may act only on its own number")
        return own
    if principal.role is Role.OPERATOR and number is not None:
        return number
    raise ApiError(
        403,
        "forbidden",
        f"this endpoint is for subscriber and operator keys; this key's role is "
        f"{principal.role.value}",
    )


def _shown(number: str, prefs: SubscriberPreferences) -> dict[str, Any]:
    shown: dict[str, Any] = msgspec.to_builtins(prefs)
    for senders in ("released", "reported"):  # sender -> when
        shown[senders] = {sender: rfc3339(at) for sender, at in shown[senders].items()}
    return {"number": number, **shown}


async def _read_prefs(services: Services, number: str) -> dict[str, Any]:
    state = services.worker.state
    return _shown(number, await services.worker.call(lambda: load_preferences(state, number)))


async def _change_prefs(
    services: Services, number: str, change: PreferencesChange
) -> dict[str, Any]:
    state = services.worker.state

    def write() -> SubscriberPreferences:
        return apply_change(state, number, change, time.time())

    try:
        return _shown(number, await services.worker.call(write))
    except ValueError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from None


def _lists(edits: dict[ListName, list[str]] | None) -> dict[str, list[str]] | None:
    return None if edits is None else {str(name): entries for name, entries in edits.items()}


def _patch(request: PreferencesPatch) -> PreferencesChange:
    return PreferencesChange(
        mode=request.mode,
        default_blocking=request.default_blocking,
        contacts=request.contacts,
        allowlist=request.allowlist,
        blocklist=request.blocklist,
        add=_lists(request.add),
        remove=_lists(request.remove),
    )


def _replace(request: Preferences) -> PreferencesChange:
    return PreferencesChange(
        mode=request.mode,
        default_blocking=request.default_blocking,
        contacts=request.contacts,
        allowlist=request.allowlist,
        blocklist=request.blocklist,
    )


async def _folder(
    services: Services, number: str, limit: int, before: float | None, status: str | None
) -> dict[str, Any]:
    def query() -> list[dict[str, Any]]:
        with services.database.session() as session:
            entries = spam_folder.folder(session, number, limit=limit, before=before, status=status)
            return [with_rfc3339(entry, _ENTRY_TIMES) for entry in entries]

    return {"number": number, "messages": await run_in_threadpool(query)}


async def _release(services: Services, number: str, message_id: str) -> dict[str, Any]:
    state = services.worker.state

    def release(session: Session) -> dict[str, Any]:
        found = spam_folder.find_entry(session, number, message_id, filtered_only=True)
        if found is None:
            raise ApiError(404, "not_found", f"no message {message_id!r} in this spam folder")
        row, held = found
        if held is None or held.status != "released":
            now = time.time()
            spam_folder.mark(session, held, "released", now)
            note_release(state, number, row.sender, now)
        return with_rfc3339(spam_folder.describe(row, held), _ENTRY_TIMES)

    return {"number": number, "message": await services.worker.call_in_session(release)}


async def _report(
    services: Services, principal: Principal, number: str, request: SpamReportRequest
) -> dict[str, Any]:
    if request.message_id is None and request.sender is None:
        raise ApiError(422, "invalid_request", "name the reported `message_id`, or the `sender`")
    state = services.worker.state

    def report(session: Session) -> dict[str, Any]:
        sender, body, message_id = request.sender, request.body, request.message_id
        if message_id is not None:
            found = spam_folder.find_entry(session, number, message_id, filtered_only=False)
            if found is None:
                raise ApiError(404, "not_found", f"no message {message_id!r} to {number}")
            row, held = found
            if sender is not None and sender != row.sender:
                raise ApiError(
                    422, "invalid_request", f"message {message_id!r} was sent by {row.sender}"
                )
            sender = row.sender
            body = body if body is not None else (held.body if held is not None else None)
            if held is not None:
                spam_folder.mark(session, held, "reported", time.time())
        assert sender is not None
        now = time.time()
        stored = spam_folder.record_report(
            session,
            reporter=number,
            sender=sender,
            message_id=message_id,
            body=body,
            at=now,
            actor_key=principal.key_id,
        )
        note_report(state, number, sender, now)
        return {
            "id": stored.id,
            "reporter": number,
            "sender": sender,
            "message_id": message_id,
            "reported_at": rfc3339(now),
        }

    return await services.worker.call_in_session(report)


# --- /v1/subscriber: a subscriber key, its own number ------------------------------------------


@router.get("/v1/subscriber/preferences", summary="My preferences")
async def my_preferences(services: ServicesDep, principal: SubscriberDep) -> dict[str, Any]:
    """The key's number's preferences, with the senders it released or reported."""
    return await _read_prefs(services, _subject(principal, None))


@router.put("/v1/subscriber/preferences", summary="Replace my preferences")
async def replace_my_preferences(
    request: Preferences, services: ServicesDep, principal: SubscriberDep
) -> dict[str, Any]:
    """Replace mode, default blocking and the three lists (releases and reports are kept)."""
    return await _change_prefs(services, _subject(principal, None), _replace(request))


@router.patch("/v1/subscriber/preferences", summary="Change my preferences")
async def patch_my_preferences(
    request: PreferencesPatch, services: ServicesDep, principal: SubscriberDep
) -> dict[str, Any]:
    """Change what the body names; ``add``/``remove`` edit lists entry by entry."""
    return await _change_prefs(services, _subject(principal, None), _patch(request))


@router.get("/v1/subscriber/spam", summary="My spam folder: tagged and blocked messages")
async def spam_folder_mine(
    services: ServicesDep,
    principal: SubscriberDep,
    limit: Limit = 100,
    before: Before = None,
    status: Status = None,
) -> dict[str, Any]:
    """Messages to the key's number that were tagged or blocked, newest first, with their text
    while it is held."""
    return await _folder(services, _subject(principal, None), limit, before, status)


@router.post("/v1/subscriber/spam/{message_id}/release", summary="Release a message")
async def release_mine(
    message_id: MessageIdPath, services: ServicesDep, principal: SubscriberDep
) -> dict[str, Any]:
    """Take a message out of the spam folder (it is shown with its text), and deliver that
    sender's texts to this number from now on (not over a STOP)."""
    return await _release(services, _subject(principal, None), message_id)


@router.post("/v1/subscriber/reports", status_code=201, summary="Report spam (7726)")
async def report_mine(
    request: SpamReportRequest, services: ServicesDep, principal: SubscriberDep
) -> dict[str, Any]:
    """Report a message or a sender as spam: its texts to this number go to the spam folder,
    and the sender's standing counts one more reporter."""
    return await _report(services, principal, _subject(principal, None), request)


# --- /v1/subscribers/{number}: operators (and a subscriber for its own number) ------------------


@router.get("/v1/subscribers/{number}/preferences", summary="A subscriber's preferences")
async def preferences(
    number: NumberPath, services: ServicesDep, principal: PrincipalDep
) -> dict[str, Any]:
    """The number's preferences."""
    return await _read_prefs(services, _subject(principal, number))


@router.put("/v1/subscribers/{number}/preferences", summary="Replace a subscriber's preferences")
async def replace_preferences(
    number: NumberPath, request: Preferences, services: ServicesDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Replace the number's mode, default blocking and lists."""
    return await _change_prefs(services, _subject(principal, number), _replace(request))


@router.patch("/v1/subscribers/{number}/preferences", summary="Change a subscriber's preferences")
async def patch_preferences(
    number: NumberPath, request: PreferencesPatch, services: ServicesDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Change what the body names."""
    return await _change_prefs(services, _subject(principal, number), _patch(request))


@router.get("/v1/subscribers/{number}/spam", summary="A subscriber's spam folder")
async def spam_folder_of(
    number: NumberPath,
    services: ServicesDep,
    principal: PrincipalDep,
    limit: Limit = 100,
    before: Before = None,
    status: Status = None,
) -> dict[str, Any]:
    """The number's tagged and blocked messages, newest first."""
    return await _folder(services, _subject(principal, number), limit, before, status)


@router.post("/v1/subscribers/{number}/spam/{message_id}/release", summary="Release a message")
async def release(
    number: NumberPath, message_id: MessageIdPath, services: ServicesDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Release a message of the number's spam folder."""
    return await _release(services, _subject(principal, number), message_id)


@router.post(
    "/v1/subscribers/{number}/reports", status_code=201, summary="Report spam for a number"
)
async def report(
    number: NumberPath, request: SpamReportRequest, services: ServicesDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Record a spam report on the number's behalf (e.g. one that arrived at the 7726 code)."""
    return await _report(services, principal, _subject(principal, number), request)


@router.get("/v1/reports", summary="Spam reports (operators)")
async def reports(
    services: ServicesDep,
    principal: OperatorDep,
    sender: Annotated[
        str | None, Query(max_length=64, pattern=_NO_NUL, description="Only this sender.")
    ] = None,
    reporter: Annotated[
        str | None, Query(max_length=32, pattern=_NO_NUL, description="Only this reporter.")
    ] = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Spam reports, newest first (with the reported text while it is held)."""

    def query() -> list[dict[str, Any]]:
        with services.database.session() as session:
            listed = spam_folder.list_reports(
                session, sender=sender, reporter=reporter, limit=limit
            )
            return [with_rfc3339(report, ("reported_at",)) for report in listed]

    return {"reports": await run_in_threadpool(query)}
