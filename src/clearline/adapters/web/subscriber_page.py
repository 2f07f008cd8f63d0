"""The subscriber's page: protection settings, allow/block/contact lists, the spam folder with
release, spam reports and the blocked calls. Every read and write is the ``/v1/subscriber``
endpoint function."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from clearline.adapters.http.deps import ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.routers import calls as calls_api
from clearline.adapters.http.routers import subscriber as api
from clearline.adapters.web.frame import (
    SignedIn,
    posted_as,
    problem,
    redirect,
    render,
    signed_in_as,
)
from clearline.storage.keys import Role

router = APIRouter(include_in_schema=False)

#: Spam folder entries per page.
FOLDER_PAGE = 20
#: Blocked calls per page.
CALLS_PAGE = 20
_LISTS = ("contacts", "allowlist", "blocklist")

SubscriberPage = Annotated[SignedIn, Depends(signed_in_as(Role.SUBSCRIBER))]
SubscriberPost = Annotated[SignedIn, Depends(posted_as(Role.SUBSCRIBER))]

# What a successful form says after its redirect (a code in the URL, never text from the form).
_NOTICES = {
    "protection": "Protection settings saved. They apply to the next message.",
    "added": "Added to the list.",
    "removed": "Removed from the list.",
    "released": "Released. Texts from this sender will now reach you (unless you texted STOP).",
    "reported": "Reported as spam. This sender's texts to you now go to the spam folder.",
}


def _epoch(value: float | str) -> float:
    """Epoch seconds of a folder entry's ``ts`` (epoch seconds, or an RFC 3339 string)."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return value


async def _page(
    request: Request,
    services: ServicesDep,
    signed_in: SignedIn,
    *,
    before: float | None = None,
    calls_before: float | None = None,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    principal = signed_in.principal
    prefs = await api.my_preferences(services, principal)
    folder = await api.spam_folder_mine(services, principal, limit=FOLDER_PAGE, before=before)
    messages: list[dict[str, Any]] = folder["messages"]
    older = _epoch(messages[-1]["ts"]) if len(messages) == FOLDER_PAGE else None

    def blocked_calls() -> dict[str, Any]:
        with services.database.session() as session:
            return calls_api.blocked_calls(
                principal, session, limit=CALLS_PAGE, before=calls_before
            )

    calls = await run_in_threadpool(blocked_calls)
    context = {
        "signed_in": signed_in,
        "prefs": prefs,
        "lists": _LISTS,
        "messages": messages,
        "older": older,
        "paged": before is not None,
        "calls": calls["calls"],
        # The API's cursor is RFC 3339; the page's link carries epoch seconds, like ``before``.
        "older_calls": _epoch(calls["next"]) if calls["next"] is not None else None,
        "calls_paged": calls_before is not None,
        "notice": _NOTICES.get(notice or ""),
        "error": error,
    }
    return render(request, "subscriber.html", context, status=status)


async def _refused(
    request: Request, services: ServicesDep, signed_in: SignedIn, exc: Exception
) -> Response:
    assert isinstance(exc, ApiError | ValidationError | ValueError)
    status = exc.status if isinstance(exc, ApiError) else 422
    return await _page(request, services, signed_in, error=problem(exc), status=status)


@router.get("/subscriber")
async def subscriber_page(
    request: Request,
    services: ServicesDep,
    signed_in: SubscriberPage,
    before: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    calls_before: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    notice: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    """The subscriber's page (``before``: the spam folder's older page; ``calls_before``: the
    blocked calls' older page)."""
    return await _page(
        request, services, signed_in, before=before, calls_before=calls_before, notice=notice
    )


@router.post("/subscriber/protection")
async def save_protection(
    request: Request,
    services: ServicesDep,
    signed_in: SubscriberPost,
    mode: Annotated[str, Form(max_length=32)] = "all",
    default_blocking: Annotated[str | None, Form(max_length=8)] = None,
) -> Response:
    """Save the mode and default blocking (an unticked box is not sent: blocking off)."""
    try:
        change = api.PreferencesPatch.model_validate(
            {"mode": mode, "default_blocking": default_blocking is not None}
        )
        await api.patch_my_preferences(change, services, signed_in.principal)
    except (ApiError, ValidationError) as exc:
        return await _refused(request, services, signed_in, exc)
    return redirect("/subscriber?notice=protection")


@router.post("/subscriber/lists")
async def edit_list(
    request: Request,
    services: ServicesDep,
    signed_in: SubscriberPost,
    list_name: Annotated[str, Form(max_length=16)] = "",
    entry: Annotated[str, Form(max_length=256)] = "",
    edit: Annotated[str, Form(max_length=8)] = "add",
) -> Response:
    """Add an entry to a list, or remove one."""
    operation = "remove" if edit == "remove" else "add"
    try:
        if not entry.strip():
            raise ValueError("Enter a number, a prefix like +1900*, a short code or a sender ID.")
        change = api.PreferencesPatch.model_validate({operation: {list_name: [entry.strip()]}})
        await api.patch_my_preferences(change, services, signed_in.principal)
    except (ApiError, ValidationError, ValueError) as exc:
        return await _refused(request, services, signed_in, exc)
    return redirect(f"/subscriber?notice={'removed' if operation == 'remove' else 'added'}")


@router.post("/subscriber/release")
async def release(
    request: Request,
    services: ServicesDep,
    signed_in: SubscriberPost,
    message_id: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    """Release a message of the spam folder."""
    try:
        if not message_id or "\x00" in message_id:
            raise ValueError("No message was chosen to release.")
        await api.release_mine(message_id, services, signed_in.principal)
    except (ApiError, ValueError) as exc:
        return await _refused(request, services, signed_in, exc)
    return redirect("/subscriber?notice=released")


@router.post("/subscriber/report")
async def report(
    request: Request,
    services: ServicesDep,
    signed_in: SubscriberPost,
    message_id: Annotated[str, Form(max_length=256)] = "",
    sender: Annotated[str, Form(max_length=256)] = "",
    body: Annotated[str, Form(max_length=70_000)] = "",
) -> Response:
    """Report a message of the folder, or a sender with the text received, as spam."""
    fields: dict[str, str] = {}
    if message_id:
        fields["message_id"] = message_id
    if sender.strip():
        fields["sender"] = sender.strip()
    if body.strip():
        fields["body"] = body
    try:
        if not fields.get("message_id") and not fields.get("sender"):
            raise ValueError("Enter who sent the text (a number, short code or sender ID).")
        reported = api.SpamReportRequest.model_validate(fields)
        await api.report_mine(reported, services, signed_in.principal)
    except (ApiError, ValidationError, ValueError) as exc:
        return await _refused(request, services, signed_in, exc)
    return redirect("/subscriber?notice=reported")
