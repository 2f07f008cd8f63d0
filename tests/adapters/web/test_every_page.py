"""What every page must do, checked on every page of every role over HTTP (real uvicorn, httpx):
the Content-Security-Policy that keeps a page to the service, no inline script, a CSRF token in
every form that posts, a label for every field, and no form post accepted without its token."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from clearline.storage.keys import Role
from compliance_fixtures import REGISTRY, SHOP
from http_support import Service, message, serving
from web_support import csrf_of, sign_in

NUMBER = "+14155550100"


class PageAudit(HTMLParser):
    """Collects what the checks need from a page: forms, fields, labels and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.labelled: set[str] = set()  # ids named by a <label for=...>
        self.fields: list[tuple[str, str]] = []  # (id or "", description) of visible fields
        self._form: dict[str, str] | None = None
        self._form_has_token = False
        self._label_depth = 0
        self._script_open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "script":
            self._script_open = True
            if not found.get("src", "").startswith("/static/"):
                self.problems.append(f"a script not from /static: {found}")
        elif tag == "form":
            self._form, self._form_has_token = found, False
        elif tag == "label":
            self._label_depth += 1
            if "for" in found:
                self.labelled.add(found["for"])
        elif tag in ("input", "select", "textarea"):
            if found.get("type") == "hidden":
                if found.get("name") == "csrf" and found.get("value"):
                    self._form_has_token = True
                return
            if self._label_depth or found.get("aria-label"):
                return  # wrapped in its label, or named
            self.fields.append((found.get("id", ""), f"<{tag} {found}>"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_open = False
        elif tag == "label":
            self._label_depth -= 1
        elif tag == "form" and self._form is not None:
            if self._form.get("method", "get").lower() == "post" and not self._form_has_token:
                self.problems.append(f"a form posts without a CSRF token: {self._form}")
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._script_open and data.strip():
            self.problems.append(f"an inline script: {data.strip()[:80]!r}")

    def check(self, html: str) -> list[str]:
        """Every problem of ``html``."""
        self.feed(html)
        self.close()
        unlabelled = [text for id_, text in self.fields if not id_ or id_ not in self.labelled]
        return self.problems + [f"a field without a label: {text}" for text in unlabelled]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """The service with the test registry, a clustered outreach, a block and a dispute."""
    with serving(f"sqlite:///{tmp_path / 'clearline.db'}", audit_writer="inline") as running:
        assert running.http.post("/v1/registry", json=REGISTRY, headers=running.headers())
        body = "Vote for better parks this Tuesday at the community center downtown"
        traffic = [message(f"o{i}", seconds=i * 20, body=body) for i in range(3)]
        assert running.check(traffic).status_code == 200
        yield running


def _client(service: Service, role: Role, **binding: str) -> httpx.Client:
    client = httpx.Client(base_url=service.base_url, timeout=30)
    assert sign_in(client, service.key(role, **binding)).status_code == 303
    return client


def _pages(service: Service) -> Iterator[tuple[httpx.Client, str]]:
    """Every page of every role, with a client signed in for it."""
    sender = _client(service, Role.SENDER, brand="B-ACME")
    filed = sender.post(
        "/sender/disputes",
        data={
            "csrf": csrf_of(sender.get("/sender").text),
            "subject_kind": "number",
            "subject": SHOP,
            "description": "blocked",
        },
    )
    assert filed.status_code == 303, filed.text
    operator = _client(service, Role.OPERATOR)
    subscriber = _client(service, Role.SUBSCRIBER, number=NUMBER)
    anonymous = httpx.Client(base_url=service.base_url, timeout=30)
    try:
        yield anonymous, "/"
        for path in (
            "/operator",
            "/operator/traffic",
            "/operator/audit",
            "/operator/audit?action=deliver",
            "/operator/verdict?id=o1",
            "/operator/verdict?id=missing",  # the 404 page
        ):
            yield operator, path
        for path in ("/sender", filed.headers["location"]):
            yield sender, path
        yield subscriber, "/subscriber"
        yield subscriber, "/operator"  # the 403 page
    finally:
        for client in (sender, operator, subscriber, anonymous):
            client.close()


def test_every_page_keeps_to_the_service_labels_its_fields_and_guards_its_forms(
    service: Service,
) -> None:
    problems: list[str] = []
    seen = 0
    for client, path in _pages(service):
        page = client.get(path)
        assert page.status_code in (200, 403, 404), (path, page.status_code)
        seen += 1
        policy = page.headers.get("content-security-policy", "")
        for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
            if directive not in policy:
                problems.append(f"{path}: no {directive!r} in the CSP ({policy!r})")
        problems += [f"{path}: {problem}" for problem in PageAudit().check(page.text)]
    assert seen == 11
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("role", "binding", "path", "fields"),
    [
        (None, {}, "/sign-in", {"key": "clk_x"}),
        (Role.SUBSCRIBER, {"number": NUMBER}, "/sign-out", {}),
        (Role.SUBSCRIBER, {"number": NUMBER}, "/subscriber/protection", {"mode": "all"}),
        (Role.SUBSCRIBER, {"number": NUMBER}, "/subscriber/lists", {"entry": "+1212*"}),
        (Role.SUBSCRIBER, {"number": NUMBER}, "/subscriber/release", {"message_id": "o1"}),
        (Role.SUBSCRIBER, {"number": NUMBER}, "/subscriber/report", {"sender": "+12125550123"}),
        (Role.SENDER, {"brand": "B-ACME"}, "/sender/lint", {"text": "hi"}),
        (Role.SENDER, {"brand": "B-ACME"}, "/sender/campaigns", {"campaign_id": "C-NEW"}),
        (Role.SENDER, {"brand": "B-ACME"}, "/sender/disputes", {"description": "x"}),
        (Role.OPERATOR, {}, "/operator/disputes/1/status", {"status": "upheld", "note": "x"}),
    ],
)
def test_no_form_post_is_taken_without_its_token(
    service: Service, role: Role | None, binding: dict[str, str], path: str, fields: dict[str, str]
) -> None:
    if role is None:
        client = httpx.Client(base_url=service.base_url, timeout=30)
        client.get("/")  # the sign-in form's cookie, without its token
    else:
        client = _client(service, role, **binding)
    try:
        answer = client.post(path, data={**fields, "csrf": "forged"})
    finally:
        client.close()
    assert answer.status_code == 403, answer.text
    assert "did not come from this" in answer.text


@pytest.mark.parametrize(
    ("path", "status", "shown"),
    [
        ("/subscriber?before=yesterday", 422, "before: Input should be a valid number"),
        ("/subscriber?calls_before=nan", 422, "calls_before: Input should be a finite number"),
        ("/subscriber/nothing-here", 404, "There is no page at this address."),
    ],
)
def test_a_bad_page_address_is_a_page_with_a_message(
    service: Service, path: str, status: int, shown: str
) -> None:
    client = _client(service, Role.SUBSCRIBER, number=NUMBER)
    try:
        answer = client.get(path)
    finally:
        client.close()
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in answer.text and shown in answer.text
    # The API's addresses keep their JSON errors.
    api = service.http.get("/v1/audit?since=yesterday", headers=service.headers())
    assert api.status_code == 422 and api.json()["error"] == "invalid_request"
