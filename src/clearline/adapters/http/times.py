"""Time on the HTTP API: RFC 3339 UTC strings out, RFC 3339 (or epoch seconds) in.

The database keeps epoch seconds; the API shows every instant as ``2026-11-23T14:05:00Z``
(fractions of a second when there are any, to the microsecond) and reads time parameters as
RFC 3339 with an offset, or as epoch seconds, which scripts written before sent.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

_HINT = "an RFC 3339 time with an offset (2026-11-23T14:05:00Z) or epoch seconds"


def rfc3339(epoch: float | None) -> str | None:
    """``epoch`` (seconds) as an RFC 3339 UTC string; ``None`` stays ``None``."""
    if epoch is None:
        return None
    shown = dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat()
    if "." in shown:  # "...14:05:00.250000+00:00": no trailing zeros in the fraction
        whole, _, fraction = shown.removesuffix("+00:00").partition(".")
        return f"{whole}.{fraction.rstrip('0')}Z"
    return shown.removesuffix("+00:00") + "Z"


def with_rfc3339(shown: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """``shown`` with each of ``fields`` present in it (epoch seconds) as RFC 3339."""
    for field in fields:
        if field in shown:
            shown[field] = rfc3339(shown[field])
    return shown


def parse_time(value: Any) -> float:
    """A time parameter as epoch seconds.

    Args:
        value: RFC 3339 with an offset (``2026-11-23T14:05:00Z``, ``...+01:00``), or epoch
            seconds (a number, or a string of one).

    Raises:
        ValueError: neither, or a time without an offset (it would be ambiguous).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        epoch = float(value)
    elif isinstance(value, str):
        try:
            epoch = float(value)
        except ValueError:
            epoch = _parse_rfc3339(value.strip())
    else:
        raise ValueError(f"expected {_HINT}")
    if not math.isfinite(epoch):
        raise ValueError(f"expected {_HINT}, got {value!r}")
    return epoch


def _parse_rfc3339(text: str) -> float:
    try:
        # Python 3.11 reads "Z" and offsets; a lower-case "t" or "z" is valid RFC 3339 too.
        when = dt.datetime.fromisoformat(text.upper() if "t" in text else text)
    except ValueError:
        raise ValueError(f"expected {_HINT}, got {text!r}") from None
    if when.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset: add Z or +HH:MM")
    return when.timestamp()


#: A time parameter (query or body): read by ``parse_time``, epoch seconds to the code.
TimeParam = Annotated[
    float,
    BeforeValidator(parse_time),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "format": "date-time"}, {"type": "number"}],
            "description": f"A time: {_HINT}.",
        }
    ),
]
