"""A one-line progress report on stderr, shown only when stderr is a terminal.

Long commands (``simulate``, ``train``) report steps through a plain callback,
``progress(done, total, what)``, so the library code stays free of terminal handling; a pipe or
a log file gets nothing but the command's summary.
"""

from __future__ import annotations

import sys
from typing import TextIO


class TerminalProgress:
    """Rewrites one stderr line per step: ``  label: what (done/total)``.

    Args:
        label: what the command is doing, e.g. ``simulating``.
        stream: where to write (default ``sys.stderr``); nothing is written unless it is a TTY.
    """

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.label = label
        self._width = 0

    def __call__(self, done: int, total: int, what: str) -> None:
        """Show step ``done`` of ``total``, described by ``what``."""
        if not self.enabled:
            return
        line = f"  {self.label}: {what} ({done}/{total})"
        # Pad over a longer previous line so no tail of it stays on screen.
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = max(self._width, len(line))

    def finish(self) -> None:
        """Clear the progress line, so the summary that follows starts on a clean line."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
