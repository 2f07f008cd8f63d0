"""``POST /v1/check`` on its ASGI fast path: the same answers and errors as the FastAPI route."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from clearline import Engine
from clearline.adapters.http import fast_check
from clearline.codec import decode_message, encode_verdict
from clearline.storage.keys import Role
from http_support import Service, message, serving


def _scan(*records: dict[str, Any]) -> list[dict[str, Any]]:
    messages = [decode_message(msgspec.json.encode(r)) for r in records]
    return [msgspec.json.decode(encode_verdict(v)) for v in Engine().score_batch(messages)]


def test_the_bearer_scheme_is_read_in_any_case(service: Service) -> None:
    record = message("m1", body="see you at 6")
    answer = service.http.post(
        "/v1/check",
        json={"messages": [record]},
        headers={"Authorization": f"bearer {service.operator_key}"},
    )
    assert answer.status_code == 200
    assert answer.json()["verdicts"] == _scan(record)


def test_other_schemes_and_roles_are_refused_in_the_error_shape(service: Service) -> None:
    body = {"messages": [message()]}
    basic = service.http.post("/v1/check", json=body, headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401
    assert basic.headers["www-authenticate"] == "Bearer"
    assert basic.json()["error"] == "unauthorized"
    sender = service.key(Role.SENDER, brand="ACME")
    refused = service.http.post("/v1/check", json=body, headers=service.headers(sender))
    assert refused.status_code == 403
    assert refused.json()["message"].endswith("this key's role is sender")


def test_a_streamed_body_over_the_limit_is_refused(db_url: str) -> None:
    with serving(db_url, max_body_bytes=2_000) as service:

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts what arrives
            yield b'{"messages": ['
            for _ in range(100):
                yield b'{"id": "x", "ts": "2026-11-23T12:00:00Z", "from": "1", "to": "2"},'

        answer = service.http.post("/v1/check", content=chunks(), headers=service.headers())
        assert answer.status_code == 413
        assert answer.json()["error"] == "body_too_large"


def test_other_methods_on_the_path_go_to_fastapi(service: Service) -> None:
    answer = service.http.get("/v1/check", headers=service.headers())
    assert answer.status_code == 405
    assert answer.json()["error"] == "method_not_allowed"


def test_the_fastapi_route_answers_as_the_fast_path_does(db_url: str) -> None:
    def without_fast_path(app: FastAPI) -> ASGIApp:
        async def plain(scope: Scope, receive: Receive, send: Send) -> None:
            await FastAPI.__call__(app, scope, receive, send)

        return plain

    records = [message("a", body="running late"), message("b", seconds=1, body="")]
    with serving(db_url, wrap=without_fast_path) as service:
        answer = service.check(records)
        missing = service.http.post("/v1/check", json={"messages": records})
    assert answer.status_code == 200
    assert answer.json()["verdicts"] == _scan(*records)
    assert missing.status_code == 401


def test_the_served_app_answers_checks_on_the_fast_path(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[str] = []
    real = fast_check.answer_check

    async def counted(services: Any, scope: Scope, receive: Receive, send: Send) -> None:
        taken.append(scope["path"])
        await real(services, scope, receive, send)

    monkeypatch.setattr(fast_check, "answer_check", counted)
    with serving(db_url) as service:
        record = message("m1", body="see you at 6")
        assert service.check([record]).json()["verdicts"] == _scan(record)
        assert service.http.get("/healthz").status_code == 200
    assert taken == ["/v1/check"]


def test_a_middleware_the_deployer_adds_also_guards_checks(db_url: str) -> None:
    def behind_trusted_hosts(app: FastAPI) -> ASGIApp:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["api.example.com"])
        return app

    with serving(db_url, wrap=behind_trusted_hosts) as service:
        foreign = service.http.post(
            "/v1/check",
            json={"messages": [message()]},
            headers={**service.headers(), "Host": "evil.example"},
        )
        trusted = service.http.post(
            "/v1/check",
            json={"messages": [message()]},
            headers={**service.headers(), "Host": "api.example.com"},
        )
    assert foreign.status_code == 400
    assert trusted.status_code == 200
