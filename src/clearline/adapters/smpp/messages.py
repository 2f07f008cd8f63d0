"""What travels through the proxy: a PDU waiting for its answer, and a message for the engine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from clearline.adapters.smpp.audit import EngineOutcome, PartOutcome
from clearline.adapters.smpp.pdu import ShortMessage
from clearline.adapters.smpp.text import Segment
from clearline.model import Verdict

if TYPE_CHECKING:
    from clearline.adapters.smpp.session import EsmeSession


class Answerer(Protocol):
    """The peer that sent a request and gets its response: an ESME bind or the upstream link."""

    def answer(self, part: Part, status: int, message_id: str) -> None:
        """Send the response to ``part`` (once)."""


class Part:
    """One submit_sm or deliver_sm PDU, held until it is answered."""

    __slots__ = (
        "answered",
        "command_id",
        "frame",
        "generation",
        "origin",
        "segment",
        "sent_at",
        "sequence",
        "short_message",
        "submission",
        "text",
    )

    def __init__(
        self,
        origin: Answerer,
        command_id: int,
        sequence: int,
        frame: bytes,
        short_message: ShortMessage,
        text: str,
        segment: Segment | None,
        generation: int = 0,
    ) -> None:
        self.origin = origin
        self.command_id = command_id
        self.sequence = sequence
        self.frame = frame
        self.short_message = short_message
        self.text = text
        self.segment = segment
        self.generation = generation  # the upstream connection it came from (MO)
        self.submission: Submission | None = None
        self.answered = False
        self.sent_at = 0.0


class Submission:
    """One message for the engine: a single PDU, or the parts of a concatenated message."""

    __slots__ = (
        "direction",
        "engine",
        "esme",
        "message_id",
        "note",
        "outcomes",
        "parts",
        "receiver",
        "recipient",
        "remaining",
        "sender",
        "verdict",
    )

    def __init__(self, direction: str, esme: str | None, parts: list[Part]) -> None:
        self.direction = direction  # "mt" or "mo"
        self.esme = esme
        self.parts = parts
        self.remaining = len(parts)
        self.outcomes: list[PartOutcome] = []
        self.message_id = ""
        self.sender = ""
        self.recipient = ""
        self.verdict: Verdict | None = None
        self.engine: EngineOutcome = "ok"
        self.note: str | None = None
        self.receiver: EsmeSession | None = None  # MO: the ESME bind chosen to receive it
        for part in parts:
            part.submission = self

    @property
    def text(self) -> str:
        """The whole text, parts joined in order."""
        if len(self.parts) == 1:
            return self.parts[0].text
        return "".join(p.text for p in self.parts)
