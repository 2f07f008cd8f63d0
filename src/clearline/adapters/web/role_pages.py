"""The operator's landing page (the console is still to be built)."""

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
