"""The verdict audit: one JSON line per message, written before the sender is answered.

The proxy appends records while it handles a burst of PDUs and calls :meth:`AuditLog.flush`
before it writes the answers of that burst to the sockets, so an answered message always has
its record in the file (in the OS page cache; ``fsync = true`` makes it crash-proof).
"""

from __future__ import annotations

import os
from typing import BinaryIO, Literal

import msgspec

EngineOutcome = Literal["ok", "failed_open", "failed_closed", "unscored"]


class PartOutcome(msgspec.Struct, gc=False):
    """How one PDU of a message was answered."""

    seq: int  # the sender's sequence number
    status: int  # the command_status it was answered with
    message_id: str | None = None  # the upstream's id (submit_sm) when forwarded and accepted


class AuditRecord(msgspec.Struct, gc=False):
    """One message's verdict and outcome (format documented in docs/smpp.md)."""

    ts: str  # when the verdict was given (UTC, RFC 3339)
    direction: Literal["mt", "mo"]  # mt: from an ESME; mo: a subscriber's, from the SMSC
    esme: str | None  # the ESME that sent it (mt) or was chosen to receive it (mo)
    id: str  # the engine's message id
    sender: str = msgspec.field(name="from")
    to: str = ""
    action: str | None = None  # deliver / tag / throttle / block; None when not scored
    score: float | None = None
    reasons: list[tuple[str, float, str]] = msgspec.field(default_factory=list)
    engine: EngineOutcome = "ok"
    forwarded: bool = False
    note: str | None = None
    parts: list[PartOutcome] = msgspec.field(default_factory=list)


class AuditLog:
    """Buffered JSON Lines writer; a no-op when ``path`` is ``None``."""

    def __init__(self, path: str | None, *, fsync: bool = False) -> None:
        """Open (append) the audit file.

        Args:
            path: the JSON Lines file, or ``None`` for no audit.
            fsync: fsync after each flush.
        """
        self._file: BinaryIO | None = open(path, "ab") if path is not None else None  # noqa: SIM115
        self._fsync = fsync
        self._pending = bytearray()
        self._encoder = msgspec.json.Encoder()
        self.records = 0

    def write(self, record: AuditRecord) -> None:
        """Queue one record (written at the next :meth:`flush`)."""
        self.records += 1
        if self._file is not None:
            self._encoder.encode_into(record, self._pending, -1)
            self._pending += b"\n"

    def flush(self) -> None:
        """Write the queued records to the file."""
        if self._file is None or not self._pending:
            return
        self._file.write(self._pending)
        self._pending.clear()
        self._file.flush()
        if self._fsync:
            os.fsync(self._file.fileno())

    def close(self) -> None:
        """Flush and close the file."""
        self.flush()
        if self._file is not None:
            self._file.close()
            self._file = None
