"""``POST /v1/consent`` and ``POST /v1/lists`` (operators): the CLI's consent and number-list
imports over HTTP, all or nothing, into the service's state (the engine sees them at once)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from clearline.adapters.http.bodies import read_limited_body
from clearline.adapters.http.deps import OperatorDep, ServicesDep
from clearline.adapters.http.errors import ApiError
from clearline.compliance.imports import ImportFileError, import_files

router = APIRouter(prefix="/v1", tags=["registry"])

_FORMAT = Query(
    "jsonl",
    alias="format",
    pattern="^(jsonl|csv)$",
    description="The body's format: JSON Lines (default) or CSV with a header row.",
)
_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/x-ndjson": {}, "text/csv": {}},
        "description": "The file as `clearline consent import` or `lists import` reads it.",
    }
}


async def _import(
    request: Request, services: ServicesDep, kind: str, fmt: str
) -> dict[str, dict[str, int]]:
    body = await read_limited_body(request, services.settings.max_body_bytes)
    worker = services.worker

    def apply() -> dict[str, int]:
        if kind == "consent":
            return {"consents": import_files(worker.compliance, consent=body, fmt=fmt).consents}
        return {"listed": import_files(worker.compliance, lists=body, fmt=fmt).listed}

    try:
        return {"imported": await worker.call(apply)}
    except ImportFileError as exc:
        raise ApiError(422, "invalid_import", str(exc)) from None


@router.post("/consent", summary="Import consent records (operators)", openapi_extra=_BODY)
async def import_consent(
    request: Request, _operator: OperatorDep, services: ServicesDep, fmt: str = _FORMAT
) -> dict[str, dict[str, int]]:
    """Merge consent records (the `clearline consent import` format)."""
    return await _import(request, services, "consent", fmt)


@router.post("/lists", summary="Import number lists (operators)", openapi_extra=_BODY)
async def import_lists(
    request: Request, _operator: OperatorDep, services: ServicesDep, fmt: str = _FORMAT
) -> dict[str, dict[str, int]]:
    """Merge do-not-originate, unallocated and reassigned listings (`clearline lists import`)."""
    return await _import(request, services, "lists", fmt)
