"""Secrets every process of the service shares, kept in the service database.

The web pages sign their session cookies with ``web_session``: the first process that needs it
creates the row (``INSERT`` that does nothing when another process got there first, then a read),
and every process reads the same value, so a cookie from one ``clearline serve`` process is good
on every other on the same database. ``rotate_session_secret`` replaces it, which signs everyone
out of the web pages (``clearline sessions rotate``).
"""

from __future__ import annotations

import base64
import secrets
import time

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from clearline.storage.models import ServiceSecret

#: The name of the web pages' session-signing secret.
WEB_SESSION = "web_session"


def _fresh() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def session_secret(session: Session) -> bytes:
    """The web session secret, created (32 random bytes) if no process has yet.

    Args:
        session: a session on the service database; the caller commits.

    Returns:
        The secret's bytes: the same in every process on the database until it is rotated.
    """
    stored = session.get(ServiceSecret, WEB_SESSION)
    if stored is None:
        values = {"name": WEB_SESSION, "value": _fresh(), "created_at": time.time()}
        # Two processes starting at once both insert: the second's insert does nothing, and both
        # read the one row that won.
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(insert(ServiceSecret).values(**values).on_conflict_do_nothing())
        value = session.scalars(
            select(ServiceSecret.value).where(ServiceSecret.name == WEB_SESSION)
        ).one()
    else:
        value = stored.value
    return base64.urlsafe_b64decode(value)


def rotate_session_secret(session: Session) -> bool:
    """Replace the web session secret: every session cookie signed so far stops being valid.

    Args:
        session: a session on the service database; the caller commits.

    Returns:
        Whether there was a secret to replace (``False``: no service had made one yet, so no
        one was signed in with one; a new secret is stored all the same).
    """
    stored = session.get(ServiceSecret, WEB_SESSION)
    if stored is None:
        session.add(ServiceSecret(name=WEB_SESSION, value=_fresh(), created_at=time.time()))
        return False
    stored.value = _fresh()
    stored.created_at = time.time()
    return True
