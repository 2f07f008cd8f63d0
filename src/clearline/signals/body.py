"""Checks on the shape of the body: empty and oversized texts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, setting
from clearline.state import StateStore


class BodySignal:
    """Empty bodies (probes, silent pings) and bodies longer than any real text message."""

    name: ClassVar[str] = "body"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "BODY_EMPTY",
            "The message has no text (only whitespace or nothing).",
            "Send a message with content; empty texts are used to probe numbers.",
        ),
        SymbolSpec(
            "BODY_OVERSIZED",
            "The text is longer than carriers deliver as one concatenated SMS.",
            "Shorten the message (most carriers cap at 1,600 characters) or send a link "
            "to your own domain instead.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.max_chars: int = setting(settings, "max_chars", int, 1600)

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        max_chars = self.max_chars
        for i, message in enumerate(batch.messages):
            body = message.body
            size = len(body)
            if size > max_chars:
                hits[i].append(
                    Hit("BODY_OVERSIZED", f"{size:,} characters; the limit is {max_chars:,}")
                )
            elif size == 0 or body.isspace():
                hits[i].append(Hit("BODY_EMPTY", "the body is empty"))
