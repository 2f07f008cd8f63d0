"""Signing in to the web pages with an API key: cookies, CSRF, revocation, roles (over HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from clearline.storage import open_database
from clearline.storage.keys import Role, revoke_key
from http_support import Service, serving
from web_support import csrf_of, sign_in


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """The real service on a SQLite file, over 127.0.0.1."""
    with serving(f"sqlite:///{tmp_path / 'clearline.db'}", audit_writer="inline") as running:
        yield running


@pytest.fixture
def browser(service: Service) -> Iterator[httpx.Client]:
    """A cookie-keeping client that does not follow redirects (the tests look at them)."""
    with httpx.Client(base_url=service.base_url, timeout=30) as client:
        yield client


def _cookie_attributes(response: httpx.Response, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            return header.lower()
    raise AssertionError(f"no {name} cookie set")


def test_root_is_the_sign_in_page(browser: httpx.Client) -> None:
    page = browser.get("/")
    assert page.status_code == 200
    assert '<label for="key">API key</label>' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    cookie = _cookie_attributes(page, "clearline_sign_in")
    assert "httponly" in cookie and "samesite=strict" in cookie


@pytest.mark.parametrize(
    ("role", "binding", "page", "shown"),
    [
        (Role.OPERATOR, {}, "/operator", "operator"),
        (Role.SENDER, {"brand": "B-ACME"}, "/sender", "brand B-ACME"),
        (Role.SUBSCRIBER, {"number": "+14155550100"}, "/subscriber", "+14155550100"),
    ],
)
def test_a_key_signs_in_to_its_role_page(
    service: Service,
    browser: httpx.Client,
    role: Role,
    binding: dict[str, str],
    page: str,
    shown: str,
) -> None:
    answer = sign_in(browser, service.key(role, **binding))
    assert answer.status_code == 303
    assert answer.headers["location"] == page
    cookie = _cookie_attributes(answer, "clearline_session")
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=28800" in cookie
    assert "clk_" not in cookie  # the key itself never travels in the cookie
    landed = browser.get(page)
    assert landed.status_code == 200
    assert shown in landed.text
    assert browser.get("/").headers["location"] == page


def test_a_wrong_key_is_a_message_not_an_error(browser: httpx.Client) -> None:
    answer = sign_in(browser, "clk_0123456789abcdef_not-a-real-key")
    assert answer.status_code == 401
    assert "That key is unknown or revoked" in answer.text
    assert browser.get("/subscriber").status_code == 303  # not signed in


def test_an_empty_key_is_a_message(browser: httpx.Client) -> None:
    answer = sign_in(browser, "   ")
    assert answer.status_code == 422
    assert "Enter your API key" in answer.text


def test_a_sign_in_posted_without_the_form_token_is_refused(
    service: Service, browser: httpx.Client
) -> None:
    key = service.key(Role.OPERATOR)
    answer = browser.post("/sign-in", data={"key": key, "csrf": "forged"})
    assert answer.status_code == 403
    assert "did not come from this page" in answer.text
    assert "clearline_session" not in answer.headers.get("set-cookie", "")


def test_a_form_post_without_the_session_token_is_refused(
    service: Service, browser: httpx.Client
) -> None:
    sign_in(browser, service.key(Role.OPERATOR))
    answer = browser.post("/sign-out", data={"csrf": "forged"})
    assert answer.status_code == 403
    assert "did not come from this site" in answer.text
    assert browser.get("/operator").status_code == 200  # still signed in


def test_sign_out_ends_the_session(service: Service, browser: httpx.Client) -> None:
    sign_in(browser, service.key(Role.OPERATOR))
    page = browser.get("/operator")
    answer = browser.post("/sign-out", data={"csrf": csrf_of(page.text)})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    assert browser.get("/operator").status_code == 303


def test_revoking_the_key_ends_its_sessions(service: Service, browser: httpx.Client) -> None:
    key = service.key(Role.SUBSCRIBER, number="+14155550100")
    sign_in(browser, key)
    assert browser.get("/subscriber").status_code == 200
    database = open_database(service.db_url)
    try:
        with database.session() as session:
            assert revoke_key(session, key.split("_")[1])
    finally:
        database.close()
    answer = browser.get("/subscriber")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"


def test_a_forged_session_cookie_is_no_session(service: Service, browser: httpx.Client) -> None:
    key = service.key(Role.OPERATOR)
    key_id = key.split("_")[1]
    browser.cookies.set("clearline_session", f"{key_id}.9999999999.AAAAAAAAAAAAAAAAAAAAAA.bad")
    assert browser.get("/operator").status_code == 303


def test_a_subscriber_cannot_open_the_operator_page(
    service: Service, browser: httpx.Client
) -> None:
    sign_in(browser, service.key(Role.SUBSCRIBER, number="+14155550100"))
    answer = browser.get("/operator")
    assert answer.status_code == 403
    assert "This page is not for subscriber keys" in answer.text
    assert browser.get("/v1/audit", headers={}).status_code == 401  # the cookie is not an API key


def test_static_files_are_served_from_the_package(browser: httpx.Client) -> None:
    script = browser.get("/static/local-time.js")
    assert script.status_code == 200
    assert "toLocaleString" in script.text


def test_a_fragment_request_without_a_session_sends_htmx_to_the_sign_in_page(
    browser: httpx.Client,
) -> None:
    answer = browser.get("/operator/traffic", headers={"HX-Request": "true"})
    assert answer.status_code == 204
    assert answer.headers["hx-redirect"] == "/"


@pytest.fixture
def strict_service(tmp_path: Path) -> Iterator[Service]:
    """The service with small rate limits: 3 subscriber requests at once, 2 failed sign-ins."""
    with serving(
        f"sqlite:///{tmp_path / 'clearline.db'}",
        audit_writer="inline",
        rate_limit_subscriber_per_minute=0.5,
        rate_limit_subscriber_burst=3,
        auth_failures_per_minute=0.5,
        auth_failures_burst=2,
    ) as running:
        yield running


def test_pages_count_against_the_keys_rate_limit(strict_service: Service) -> None:
    with httpx.Client(base_url=strict_service.base_url, timeout=30) as client:
        key = strict_service.key(Role.SUBSCRIBER, number="+14155550100")
        assert sign_in(client, key).status_code == 303  # the first request of the key
        assert client.get("/subscriber").status_code == 200
        assert client.get("/subscriber").status_code == 200
        refused = client.get("/subscriber")
    assert refused.status_code == 429
    assert "too many requests with this subscriber key" in refused.text


def test_failed_sign_ins_back_off_like_failed_api_calls(strict_service: Service) -> None:
    with httpx.Client(base_url=strict_service.base_url, timeout=30) as client:
        for _ in range(2):
            assert sign_in(client, "clk_0123456789abcdef_wrong").status_code == 401
        refused = sign_in(client, strict_service.key(Role.OPERATOR))
    assert refused.status_code == 429
    assert "too many failed authentications from this address" in refused.text
