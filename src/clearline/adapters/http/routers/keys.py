"""``/v1/keys``: who am I (any key); key listing, creation and revocation by operators."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from clearline.adapters.http.deps import OperatorDep, PrincipalDep, ServicesDep, SessionDep
from clearline.adapters.http.errors import ApiError
from clearline.adapters.http.times import rfc3339
from clearline.storage.keys import KeyBindingError, Role, create_key, list_keys, revoke_key

router = APIRouter(prefix="/v1/keys", tags=["keys"])

_KEY_ID = re.compile(r"[0-9a-f]{1,64}")


class KeyInfo(BaseModel):
    """A key's identity and binding (never its secret)."""

    key_id: str = Field(description="The public part of the key (`clk_<key_id>_...`).")
    role: Role
    brand: str | None = Field(default=None, description="The brand a sender key speaks for.")
    number: str | None = Field(default=None, description="A subscriber key's phone number.")


class NewKeyRequest(BaseModel):
    """What the new key may do."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    brand: str | None = Field(default=None, min_length=1, max_length=128)
    number: str | None = Field(default=None, min_length=1, max_length=32)
    label: str = Field(default="", max_length=200, description="Who holds the key, for you.")


class NewKey(KeyInfo):
    """A created key: ``key`` is shown this once and stored only as a hash."""

    key: str


@router.get("/me", summary="The calling key's role and binding")
def whoami(principal: PrincipalDep) -> KeyInfo:
    """The role, brand or number of the key that made the request."""
    return KeyInfo(
        key_id=principal.key_id,
        role=principal.role,
        brand=principal.brand,
        number=principal.number,
    )


class ListedKey(KeyInfo):
    """A key as an operator's listing shows it (never its secret)."""

    label: str
    created_at: str = Field(description="When it was created (RFC 3339, UTC).")
    revoked_at: str | None = Field(description="When it was revoked (RFC 3339, UTC), or null.")


class KeyList(BaseModel):
    """The keys, oldest first."""

    keys: list[ListedKey]


@router.get("", summary="List the API keys (operators)")
def list_(
    _operator: OperatorDep,
    session: SessionDep,
    include_revoked: Annotated[bool, Query(description="Revoked keys too.")] = False,
) -> KeyList:
    """Every key's id, role, binding, label and dates; revoked keys only when asked."""
    return KeyList(
        keys=[
            ListedKey(
                key_id=key.key_id,
                role=key.role,
                brand=key.brand,
                number=key.number,
                label=key.label,
                created_at=rfc3339(key.created_at) or "",
                revoked_at=rfc3339(key.revoked_at),
            )
            for key in list_keys(session, include_revoked=include_revoked)
        ]
    )


@router.post("", status_code=201, summary="Create an API key (operators)")
def create(request: NewKeyRequest, _operator: OperatorDep, session: SessionDep) -> NewKey:
    """Create a key for an operator, a sender (bound to a brand) or a subscriber (a number)."""
    try:
        key, principal = create_key(
            session, request.role, brand=request.brand, number=request.number, label=request.label
        )
    except KeyBindingError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from None
    return NewKey(
        key=key,
        key_id=principal.key_id,
        role=principal.role,
        brand=principal.brand,
        number=principal.number,
    )


@router.delete("/{key_id}", status_code=204, summary="Revoke an API key (operators)")
def revoke(key_id: str, _operator: OperatorDep, session: SessionDep, services: ServicesDep) -> None:
    """Revoke at once on this process; other processes stop trusting it within 30 seconds."""
    # A key id is hex (``clk_<key_id>_...``): anything else names no key, and the database must
    # not see it (PostgreSQL refuses a NUL in text with an error).
    if _KEY_ID.fullmatch(key_id) is None or not revoke_key(session, key_id):
        raise ApiError(404, "not_found", f"no active key {key_id!r}")
    services.key_cache.clear()
