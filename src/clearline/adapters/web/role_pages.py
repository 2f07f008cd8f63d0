"""The operator's and the sender's landing pages (their consoles are still to be built)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from clearline.adapters.web.frame import SignedIn, render, signed_in_as
from clearline.storage.keys import Role

router = APIRouter(include_in_schema=False)


@router.get("/operator")
async def operator_page(
    request: Request, signed_in: Annotated[SignedIn, Depends(signed_in_as(Role.OPERATOR))]
) -> Response:
    """The operator's page."""
    return render(request, "role_home.html", {"signed_in": signed_in, "title": "Operator"})


@router.get("/sender")
async def sender_page(
    request: Request, signed_in: Annotated[SignedIn, Depends(signed_in_as(Role.SENDER))]
) -> Response:
    """The sender's page."""
    return render(request, "role_home.html", {"signed_in": signed_in, "title": "Sender"})
