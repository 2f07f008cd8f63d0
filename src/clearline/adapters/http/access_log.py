"""Request logs name the route, never the values in the path or the query string.

Paths carry phone numbers (``/v1/subscribers/+14155550100/spam``) and query strings carry
senders and recipients (``/v1/audit?recipient=...``): personal data that an access log keeps
for months. ``RouteTemplateFilter`` rewrites the path of uvicorn's access log records to the
route's template (``/v1/subscribers/{number}/spam``) and drops the query string; a path no
route matches keeps its shape with every run of digits masked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote

#: The logger uvicorn writes one line per request to.
ACCESS_LOGGER = "uvicorn.access"

# Digits, with a leading "+" (raw or percent-encoded): numbers, ids, ports in probes.
_DIGITS = re.compile(r"(?:\+|%2[Bb])?[0-9]{3,}")


class RouteTemplateFilter(logging.Filter):
    """Rewrites uvicorn's access records (``client - "METHOD PATH HTTP/v" status``) so that
    ``PATH`` is the template of the route it matches.

    Args:
        templates: the app's path templates (``/v1/disputes/{dispute_id}``), as its OpenAPI
            document lists them; a ``{name}`` matches one path segment.
    """

    def __init__(self, templates: Iterable[str]) -> None:
        super().__init__()
        # Literal templates first, so `/v1/keys/me` is not taken for `/v1/keys/{key_id}`.
        ordered = sorted(templates, key=lambda template: "{" in template)
        self._templates = [(_pattern(template), template) for template in ordered]

    def template(self, path_with_query: str) -> str:
        """The route template of a request target (path and query string)."""
        path = unquote(path_with_query.partition("?")[0])
        for pattern, template in self._templates:
            if pattern.fullmatch(path):
                return template
        return _DIGITS.sub("{digits}", path)

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the path argument of an access record; other records pass unchanged."""
        args = record.args
        # uvicorn's access record: (client address, method, path with query, HTTP version,
        # status); anything else is left alone.
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], self.template(args[2]), args[3], args[4])
        return True


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]*\})", template)
    return re.compile(
        "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    )


def route_of(scope: Mapping[str, Any]) -> str:
    """The template of the route a request was routed to (FastAPI sets ``scope["route"]``), or
    ``"(no route)"``; for logs that must not carry the path's values."""
    template = getattr(scope.get("route"), "path_format", None)
    return template if isinstance(template, str) else "(no route)"
