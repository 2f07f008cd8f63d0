"""API keys: ``clk_<id>_<secret>``, stored as the SHA-256 of the whole key, never in the clear.

The secret is 32 random bytes, so a fast hash is enough (there is nothing to brute-force that a
slow password hash would protect); the public ``id`` makes verification one primary-key read and
lets logs and the operator name a key without revealing it.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets
import time

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from clearline.storage.models import ApiKey

KEY_PREFIX = "clk_"
_KEY_SHAPE = re.compile(r"clk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


class Role(enum.Enum):
    """Who a key speaks for."""

    OPERATOR = "operator"  # the carrier or administrator: checks traffic, sees everything
    SENDER = "sender"  # one brand: its campaigns, statistics and disputes
    SUBSCRIBER = "subscriber"  # one phone number: its preferences and spam folder


class Principal(msgspec.Struct, frozen=True):
    """The verified holder of a key: what a request may see and do."""

    key_id: str
    role: Role
    brand: str | None = None
    number: str | None = None


class KeyBindingError(ValueError):
    """A key cannot be created as asked; the message says what to change."""


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def create_key(
    session: Session,
    role: Role,
    *,
    brand: str | None = None,
    number: str | None = None,
    label: str = "",
) -> tuple[str, Principal]:
    """Create and store a key; return the raw key (shown once) and its principal.

    Args:
        session: where to store it (the caller commits).
        role: the key's role.
        brand: the brand a ``sender`` key is bound to (required for senders, refused otherwise).
        number: the E.164 number a ``subscriber`` key is bound to (likewise).
        label: a note for the operator, e.g. who holds the key.

    Raises:
        KeyBindingError: the binding does not fit the role.
    """
    if role is Role.SENDER and not brand:
        raise KeyBindingError("a sender key must be bound to a brand (--brand ID)")
    if role is Role.SUBSCRIBER and not number:
        raise KeyBindingError("a subscriber key must be bound to a number (--number +15551234567)")
    if role is not Role.SENDER and brand:
        raise KeyBindingError(f"only sender keys are bound to a brand, not {role.value} keys")
    if role is not Role.SUBSCRIBER and number:
        raise KeyBindingError(f"only subscriber keys are bound to a number, not {role.value} keys")
    if number is not None and _E164.fullmatch(number) is None:
        raise KeyBindingError(f"the number must be E.164 like +15551234567, got {number!r}")
    if brand is not None and not 0 < len(brand) <= 128:
        raise KeyBindingError("the brand id must be 1-128 characters")
    key_id = secrets.token_hex(8)
    key = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    session.add(
        ApiKey(
            id=key_id,
            secret_sha256=_hash(key),
            role=role.value,
            brand=brand,
            number=number,
            label=label,
            created_at=time.time(),
        )
    )
    return key, Principal(key_id, role, brand, number)


def verify_key(session: Session, key: str) -> Principal | None:
    """The principal of a valid, unrevoked key; ``None`` for anything else."""
    match = _KEY_SHAPE.fullmatch(key)
    if match is None:
        return None
    row = session.get(ApiKey, match.group(1))
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.secret_sha256, _hash(key)):
        return None
    return Principal(row.id, Role(row.role), row.brand, row.number)


def principal_by_id(session: Session, key_id: str) -> Principal | None:
    """The principal of the unrevoked key with public id ``key_id`` (``None``: unknown or
    revoked). For a web session, which holds the key's id and never the key itself."""
    row = session.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        return None
    return Principal(row.id, Role(row.role), row.brand, row.number)


def revoke_key(session: Session, key_id: str) -> bool:
    """Revoke the key with public id ``key_id``; False when there is no such (unrevoked) key."""
    row = session.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = time.time()
    return True


class KeyListing(msgspec.Struct, frozen=True):
    """What an operator sees of a key: everything but its secret (and the secret's hash)."""

    key_id: str
    role: Role
    brand: str | None
    number: str | None
    label: str
    created_at: float
    revoked_at: float | None


def list_keys(session: Session, *, include_revoked: bool = False) -> list[KeyListing]:
    """The keys, oldest first; revoked ones only when ``include_revoked``."""
    query = select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)
    if not include_revoked:
        query = query.where(ApiKey.revoked_at.is_(None))
    return [
        KeyListing(
            row.id,
            Role(row.role),
            row.brand,
            row.number,
            row.label,
            row.created_at,
            row.revoked_at,
        )
        for row in session.scalars(query)
    ]
