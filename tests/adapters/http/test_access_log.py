"""The access log names each request's route, never a phone number from its path or query."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from clearline.adapters.http.access_log import ACCESS_LOGGER
from clearline.storage.keys import Role
from http_support import Service, serving

NUMBER = "+14155550100"
SENDER = "+12125550123"


class _Lines(logging.Handler):
    """Keeps every formatted line logged to it."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[Service, _Lines]]:
    with serving(f"sqlite:///{tmp_path / 'clearline.db'}") as service:
        access = logging.getLogger(ACCESS_LOGGER)
        level = access.level
        lines = _Lines()
        access.addHandler(lines)
        access.setLevel(logging.INFO)  # the test server logs warnings only
        try:
            yield service, lines
        finally:
            access.removeHandler(lines)
            access.setLevel(level)


def test_access_log_lines_carry_the_route_template_not_the_number(
    logged: tuple[Service, _Lines],
) -> None:
    service, lines = logged
    operator = service.headers()
    subscriber = service.headers(service.key(Role.SUBSCRIBER, number=NUMBER))
    encoded = NUMBER.replace("+", "%2B")
    answers = [
        service.http.get(f"/v1/subscribers/{encoded}/spam?limit=5", headers=operator),
        service.http.post(
            f"/v1/subscribers/{NUMBER}/reports", json={"sender": SENDER}, headers=subscriber
        ),
        service.http.get("/v1/audit", params={"recipient": NUMBER}, headers=operator),
        service.http.get(f"/v1/no-such-thing/{encoded}/{SENDER}", headers=operator),
    ]
    assert [answer.status_code for answer in answers] == [200, 201, 200, 404]
    assert len(lines.lines) == 4, lines.lines
    assert '"GET /v1/subscribers/{number}/spam HTTP/1.1" 200' in lines.lines[0]
    assert '"POST /v1/subscribers/{number}/reports HTTP/1.1" 201' in lines.lines[1]
    assert '"GET /v1/audit HTTP/1.1" 200' in lines.lines[2]
    assert '"GET /v1/no-such-thing/{digits}/{digits} HTTP/1.1" 404' in lines.lines[3]
    for line in lines.lines:
        assert "4155550100" not in line and "2125550123" not in line, line
