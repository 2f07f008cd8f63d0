"""Generated bad input never gets a 500: every answer is a verdict list or a clear 4xx."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearline.storage.keys import Role
from http_support import Service, message, serving

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_field_values = st.one_of(
    _json,
    st.sampled_from(["", "+14155550100", "72345", "AcmeBank", "2026-11-23T15:00:00Z", "x" * 300]),
)
# Messages that are nearly right: every field present, some replaced by odd values or removed.
_near_messages = st.builds(
    lambda base, changes, dropped: {
        k: v for k, v in {**base, **changes}.items() if k not in dropped
    },
    st.just(message()),
    st.dictionaries(
        st.sampled_from(["id", "ts", "from", "to", "body", "channel", "campaign", "extra"]),
        _field_values,
        max_size=3,
    ),
    st.sets(st.sampled_from(["id", "ts", "from", "to", "body"]), max_size=2),
)
_fuzz = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def sqlite_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    # No rate limits: every generated request must reach its endpoint, not a 429.
    no_limits = {"rate_limit_sender_per_minute": 0, "rate_limit_subscriber_per_minute": 0}
    database = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    with serving(database, **no_limits) as running:
        yield running


def _assert_clear(response: Any) -> None:
    assert response.status_code < 500, response.text
    payload = response.json()
    if response.status_code >= 400:
        assert set(payload) >= {"error", "message"} and payload["message"]


@_fuzz
@given(body=_json)
def test_any_json_body_on_check_gets_verdicts_or_a_clear_4xx(
    sqlite_service: Service, body: Any
) -> None:
    _assert_clear(
        sqlite_service.http.post("/v1/check", json=body, headers=sqlite_service.headers())
    )


@_fuzz
@given(messages=st.lists(_near_messages | _json, max_size=5))
def test_odd_messages_get_one_entry_each_never_a_500(
    sqlite_service: Service, messages: list[Any]
) -> None:
    response = sqlite_service.check(messages)
    _assert_clear(response)
    if response.status_code == 200:
        assert len(response.json()["verdicts"]) == len(messages)


@_fuzz
@given(raw=st.binary(max_size=200))
def test_raw_bytes_on_check_get_a_clear_4xx(sqlite_service: Service, raw: bytes) -> None:
    _assert_clear(
        sqlite_service.http.post("/v1/check", content=raw, headers=sqlite_service.headers())
    )


@_fuzz
@given(body=_json | st.fixed_dictionaries({"role": _field_values}, optional={"brand": _json}))
def test_any_body_on_key_creation_gets_a_key_or_a_clear_4xx(
    sqlite_service: Service, body: Any
) -> None:
    _assert_clear(sqlite_service.http.post("/v1/keys", json=body, headers=sqlite_service.headers()))


def _operations(service: Service) -> list[tuple[str, str]]:
    document = service.http.get("/openapi.json").json()
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"post", "put", "get"}
    ]


_path_values = st.sampled_from(["1", "C-SHOP", "0", "-1", "%20", "x" * 300, "999999999999"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=_json,
    value=_path_values,
    role=st.sampled_from([Role.OPERATOR, Role.SENDER, Role.SUBSCRIBER]),
)
def test_every_documented_operation_answers_any_body_without_a_500(
    sqlite_service: Service, body: Any, value: str, role: Role
) -> None:
    keys = _role_keys(sqlite_service)
    for method, template in _operations(sqlite_service):
        path = re.sub(r"\{[^}]+\}", value, template)
        response = sqlite_service.http.request(
            method,
            path,
            json=body if method != "GET" else None,
            params={"limit": value, "status": value} if method == "GET" else None,
            headers=sqlite_service.headers(keys[role]),
        )
        assert response.status_code < 500, (method, path, response.text)
        if path != "/metrics" and response.status_code >= 400:
            assert response.json()["message"]


_KEYS: dict[str, dict[Role, str]] = {}


def _role_keys(service: Service) -> dict[Role, str]:
    if service.base_url not in _KEYS:
        _KEYS[service.base_url] = {
            Role.OPERATOR: service.operator_key,
            Role.SENDER: service.key(Role.SENDER, brand="B-ACME"),
            Role.SUBSCRIBER: service.key(Role.SUBSCRIBER, number="+14155550100"),
        }
    return _KEYS[service.base_url]
