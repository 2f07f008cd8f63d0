"""``POST /v1/consent`` and ``POST /v1/lists`` (operators): the CLI's consent and number-list
imports over HTTP, all or nothing, into the service's state (the engine sees them at once).

The body's format is ``?format=jsonl|csv`` when given; otherwise ``Content-Type: text/csv``
means CSV and anything else JSON Lines (``curl --data-binary`` sends a form type: it stays JSON
Lines, as before CSV was read from the header).
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from clearline.adapters.http.bodies import read_limited_body
from clearline.adapters.http.deps import OperatorDep, ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.compliance.imports import ImportFileError, import_files

router = APIRouter(prefix="/v1", tags=["registry"])

_FORMAT = Query(
    None,
    alias="format",
    pattern="^(jsonl|csv)$",
    description="The body's format: JSON Lines or CSV with a header row. Default: CSV when "
    "the `Content-Type` is `text/csv`, else JSON Lines.",
)
_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/x-ndjson": {}, "text/csv": {}},
        "description": "The file as `clearline consent import` or `lists import` reads it.",
    }
}


def _body_format(request: Request, fmt: str | None) -> str:
    """The import format of a request: ``fmt`` (``?format=``) when given, else ``csv`` for a
    ``text/csv`` body and ``jsonl`` for any other."""
    if fmt is not None:
        return fmt
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    return "csv" if media_type == "text/csv" else "jsonl"


async def _import(
    request: Request, services: ServicesDep, kind: str, fmt: str | None
) -> dict[str, dict[str, int]]:
    fmt = _body_format(request, fmt)
    body = await read_limited_body(request, services.settings.max_body_bytes)
    worker = services.worker

    def apply() -> dict[str, int]:
        if kind == "consent":
            return {"consents": import_files(worker.compliance, consent=body, fmt=fmt).consents}
        summary = import_files(worker.compliance, lists=body, fmt=fmt)
        # FTC complaint rows without a valid number are skipped, not refused: say how many.
        skipped = {"skipped": summary.skipped} if summary.skipped else {}
        return {"listed": summary.listed, **skipped}

    try:
        return {"imported": await worker.call(apply)}
    except ImportFileError as exc:
        raise ApiError(422, "invalid_import", str(exc)) from None


@router.post("/consent", summary="Import consent records (operators)", openapi_extra=_BODY)
async def import_consent(
    request: Request, _operator: OperatorDep, services: ServicesDep, fmt: str | None = _FORMAT
) -> dict[str, dict[str, int]]:
    """Merge consent records (the `clearline consent import` format)."""
    return await _import(request, services, "consent", fmt)


@router.post("/lists", summary="Import number lists (operators)", openapi_extra=_BODY)
async def import_lists(
    request: Request, _operator: OperatorDep, services: ServicesDep, fmt: str | None = _FORMAT
) -> dict[str, dict[str, int]]:
    """Merge do-not-originate, unallocated and reassigned listings (`clearline lists import`)."""
    return await _import(request, services, "lists", fmt)
