"""Web sign-in sessions: a signed cookie bound to the key's id, and CSRF tokens.

The cookie holds ``<key id>.<expiry>.<nonce>.<mac>``, never the key: the MAC (HMAC-SHA256 with the
service's session secret) makes it unforgeable, the expiry ends it, and every page looks the key
id up in the database, so revoking the key ends its sessions at once. The secret is the same in
every process (``$CLEARLINE_SESSION_SECRET``, or the row of ``storage.service_secrets``), so a
cookie from one ``clearline serve`` process is good on all; replacing it signs everyone out. The
CSRF token of a session is the MAC of its nonce under a separate label: a form posted from
another site has no way to know it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

#: The session cookie's name; ``SIGN_IN_COOKIE`` carries the sign-in form's nonce.
SESSION_COOKIE = "clearline_session"
SIGN_IN_COOKIE = "clearline_sign_in"
#: How long a sign-in lasts.
SESSION_SECONDS = 8 * 3600
#: How long a sign-in form stays valid.
SIGN_IN_FORM_SECONDS = 3600

_KEY_ID = re.compile(r"[0-9a-f]{16}")
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class WebSession:
    """A verified session cookie."""

    key_id: str
    expires: int
    nonce: str


class SessionSigner:
    """Issues and verifies session cookies and CSRF tokens with one secret."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret if secret is not None else secrets.token_bytes(32)

    def _mac(self, label: str, text: str) -> str:
        digest = hmac.new(self._secret, f"{label}:{text}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def issue(self, key_id: str, now: float) -> str:
        """A cookie value for the key ``key_id``, valid ``SESSION_SECONDS`` from ``now``."""
        payload = f"{key_id}.{int(now) + SESSION_SECONDS}.{secrets.token_urlsafe(16)}"
        return f"{payload}.{self._mac('session', payload)}"

    def verify(self, cookie: str | None, now: float) -> WebSession | None:
        """The session of a cookie value; ``None`` when missing, forged, malformed or expired."""
        if not cookie:
            return None
        parts = cookie.split(".")
        if len(parts) != 4:
            return None
        key_id, expires, nonce, mac = parts
        payload = f"{key_id}.{expires}.{nonce}"
        if not hmac.compare_digest(mac, self._mac("session", payload)):
            return None
        if not (_KEY_ID.fullmatch(key_id) and expires.isdigit() and _NONCE.fullmatch(nonce)):
            return None
        if int(expires) <= now:
            return None
        return WebSession(key_id, int(expires), nonce)

    def csrf_token(self, nonce: str) -> str:
        """The token a form of the session (or sign-in form) with ``nonce`` must carry."""
        return self._mac("csrf", nonce)

    def csrf_ok(self, nonce: str | None, token: str | None) -> bool:
        """Whether a posted ``token`` belongs to ``nonce``."""
        if not nonce or not token or not _NONCE.fullmatch(nonce):
            return False
        return hmac.compare_digest(token, self.csrf_token(nonce))


def new_nonce() -> str:
    """A fresh random nonce (for the sign-in form's cookie)."""
    return secrets.token_urlsafe(16)
