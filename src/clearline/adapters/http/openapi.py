"""OpenAPI for the endpoints whose bodies are msgspec types (the hot path).

FastAPI documents pydantic models itself. The msgspec types (``Message``, ``Verdict``, ...) get
their JSON Schema from msgspec, the same code that validates them, and are merged into the
document's ``components.schemas``; routers point at them with ``ref(name)``.
"""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

_REF_TEMPLATE = "#/components/schemas/{name}"


def ref(name: str) -> dict[str, str]:
    """A JSON Schema reference to the component ``name``."""
    return {"$ref": _REF_TEMPLATE.format(name=name)}


def install_openapi(app: FastAPI, msgspec_types: tuple[Any, ...]) -> None:
    """Make ``app.openapi()`` include the schemas of ``msgspec_types``."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _, components = msgspec.json.schema_components(
                msgspec_types, ref_template=_REF_TEMPLATE
            )
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(components)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
