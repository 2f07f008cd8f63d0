"""Web page test support: sign in over HTTP, read a page's CSRF token."""

from __future__ import annotations

import re

import httpx

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    assert match is not None, "the page has no form with a CSRF token"
    return match.group(1)


def sign_in(client: httpx.Client, key: str) -> httpx.Response:
    """Open the sign-in page and post ``key`` (not following the redirect)."""
    page = client.get("/")
    return client.post("/sign-in", data={"key": key, "csrf": csrf_of(page.text)})
