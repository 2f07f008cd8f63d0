"""The data that flows through Clearline: messages in, verdicts out.

Every type here is a frozen ``msgspec.Struct``: it validates on decode (so every adapter shares one
set of input rules), encodes to JSON at C speed, and costs less to build than a dataclass, which
matters on a path that must handle 100,000 messages a second on one core.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated, Literal

import msgspec

__all__ = [
    "Action",
    "Call",
    "Hit",
    "InputError",
    "Message",
    "Reason",
    "SymbolSpec",
    "Verdict",
]

#: RFC 3339 timestamp that must carry a UTC offset, so event time is never ambiguous.
Timestamp = Annotated[dt.datetime, msgspec.Meta(tz=True)]

# E.164: a plus, a country code that does not start with 0, at most 15 digits in all. A recipient
# may also be a short code (3-8 digits): that is where subscribers text STOP, HELP and keywords.
_RECIPIENT = re.compile(r"\+[1-9][0-9]{6,14}|[0-9]{3,8}")
# A sender of digits only is a short code (3-8 digits); anything longer is a number whose + was
# lost (typically by a spreadsheet), which is a mistake in the input, not evidence of spam.
_DIGITS = re.compile(r"[0-9]+")
_SHORT_CODE = re.compile(r"[0-9]{3,8}")

#: The largest body Clearline accepts as input. Anything bigger is not a text message.
MAX_BODY_CHARS = 65_536


class Action(enum.Enum):
    """What to do with a message, from mildest to strictest."""

    DELIVER = "deliver"
    TAG = "tag"
    THROTTLE = "throttle"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        """Severity: 0 for deliver up to 3 for block."""
        return _ACTION_RANK[self]


_ACTION_RANK = {Action.DELIVER: 0, Action.TAG: 1, Action.THROTTLE: 2, Action.BLOCK: 3}


class Message(msgspec.Struct, frozen=True, gc=False, forbid_unknown_fields=True):
    """One text message as it enters Clearline (the ``scan`` input format).

    ``sender`` is spelled ``from`` on the wire (a Python keyword).
    """

    id: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    ts: Timestamp
    sender: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] = msgspec.field(name="from")
    to: str
    body: Annotated[str, msgspec.Meta(max_length=MAX_BODY_CHARS)]
    channel: Literal["sms", "mms"] = "sms"
    campaign: Annotated[str, msgspec.Meta(min_length=1, max_length=128)] | None = None

    def __post_init__(self) -> None:
        if _RECIPIENT.fullmatch(self.to) is None:
            raise ValueError(
                f"`to` must be an E.164 number like +15551234567 or a short code, got {self.to!r}"
            )
        if _DIGITS.fullmatch(self.sender) and _SHORT_CODE.fullmatch(self.sender) is None:
            raise ValueError(
                "`from` must be an E.164 number like +12125550123, a short code (3-8 digits) or "
                f"an alphanumeric sender ID, got {self.sender!r} (add + and the country code)"
            )


class Hit(msgspec.Struct, frozen=True, gc=False):
    """A signal's finding about one message.

    ``weight`` scales the symbol's configured score (rspamd's multiplier): 1.0 for a plain hit,
    more or less for a stronger or weaker finding. ``detail`` says what was found, in words a
    sender or an operator can act on.
    """

    symbol: str
    detail: str = ""
    weight: float = 1.0


class Reason(msgspec.Struct, frozen=True, gc=False):
    """One named, scored part of a verdict."""

    symbol: str
    score: float
    detail: str


class Verdict(msgspec.Struct, frozen=True, gc=False):
    """The decision about one message: an action and the reasons that add up to its score."""

    id: str
    action: Action
    score: float
    reasons: tuple[Reason, ...] = ()
    cluster: str | None = None


class SymbolSpec(msgspec.Struct, frozen=True):
    """A symbol a signal can emit, declared once with the text people read about it.

    Args:
        name: UPPER_SNAKE identifier, unique across all signals.
        description: one line saying what the symbol means.
        advice: what the sender (or operator) can do about it.
    """

    name: str
    description: str
    advice: str


class InputError(ValueError):
    """A line of input could not be turned into a ``Message``; the text says why."""


_SYMBOL_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


def is_symbol_name(name: str) -> bool:
    """True when ``name`` is UPPER_SNAKE, the form every symbol must take."""
    return _SYMBOL_NAME.fullmatch(name) is not None


#: The largest raw SIP header field (``identity``, ``pai``, ``diversion``) a call record accepts.
MAX_CALL_HEADER_CHARS = 16_384


class Call(msgspec.Struct, frozen=True, gc=False, forbid_unknown_fields=True):
    """One call as it enters Clearline (the ``calls scan`` input format).

    ``caller`` is spelled ``from`` on the wire, as in ``Message``. ``identity`` is the raw SIP
    Identity header (RFC 8224), ``pai`` the P-Asserted-Identity, ``diversion`` the Diversion
    header; ``duration`` (seconds) is known only for completed calls.
    """

    id: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    ts: Timestamp
    caller: Annotated[str, msgspec.Meta(min_length=1, max_length=256)] = msgspec.field(name="from")
    to: str
    identity: Annotated[str, msgspec.Meta(max_length=MAX_CALL_HEADER_CHARS)] | None = None
    pai: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_CALL_HEADER_CHARS)] | None = None
    diversion: (
        Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_CALL_HEADER_CHARS)] | None
    ) = None
    duration: Annotated[float, msgspec.Meta(ge=0)] | None = None

    def __post_init__(self) -> None:
        # The same rule as a message's recipient: E.164, or a short number (911, 933, 112).
        if _RECIPIENT.fullmatch(self.to) is None:
            raise ValueError(
                f"`to` must be an E.164 number like +15551234567 or a short number like 911, "
                f"got {self.to!r}"
            )
