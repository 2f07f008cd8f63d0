"""``clearline serve`` switches Python's cyclic garbage collector off (``FrozenHeap``, flag
``--gc-freeze-interval``); that is only safe while serving requests makes no reference cycles,
which would otherwise pile up unreclaimed. This holds the line for checks (single and batched),
the error answers (invalid JSON, wrong types, wrong key, unknown route) and metrics, on both
database backends.
"""

from __future__ import annotations

import collections
import http.client
import json
from urllib.parse import urlsplit

from http_support import Service, message
from support import cyclic_garbage


class _Client:
    """Plain ``http.client`` (httpx's own objects would blur what the service makes)."""

    def __init__(self, service: Service) -> None:
        address = urlsplit(service.base_url)
        self._connection = http.client.HTTPConnection(address.hostname or "", address.port)
        self._headers = {**service.headers(), "Content-Type": "application/json"}
        self.statuses: collections.Counter[int] = collections.Counter()

    def request(self, method: str, path: str, body: str | None = None, **headers: str) -> None:
        self._connection.request(method, path, body=body, headers={**self._headers, **headers})
        answer = self._connection.getresponse()
        answer.read()
        self.statuses[answer.status] += 1

    def close(self) -> None:
        self._connection.close()

    def traffic(self, first: int, count: int) -> None:
        for i in range(first, first + count):
            one = message(f"m{i}", seconds=i, body=f"running late, see you at {i % 12 + 1}")
            self.request("POST", "/v1/check", json.dumps({"messages": [one]}))
            if i % 10 == 0:
                batch = [
                    message(f"b{i}-{j}", seconds=i, body="Your code is 12345") for j in range(20)
                ]
                self.request("POST", "/v1/check", json.dumps({"messages": batch}))
                self.request("POST", "/v1/check", "{not json")
                self.request("POST", "/v1/check", json.dumps({"messages": "no"}))
                self.request(
                    "POST", "/v1/check", json.dumps({"messages": []}), Authorization="Bearer x"
                )
                self.request("GET", "/v1/no-such-route")
                self.request("GET", "/metrics")


def test_serving_checks_and_errors_makes_no_reference_cycles(service: Service) -> None:
    client = _Client(service)
    try:
        client.traffic(0, 100)  # warm-up: first texts, lazy imports and caches
        with cyclic_garbage() as found:
            client.traffic(100, 300)
    finally:
        client.close()

    assert found == collections.Counter(), found.most_common(10)
    # Every kind of answer was exercised: scored, refused and not found.
    assert {200, 400, 401, 404} <= set(client.statuses)
    assert client.statuses[200] >= 330
