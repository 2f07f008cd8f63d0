"""Where a ``scan --state`` run got to, so that a rerun of the same input continues there.

The state file is committed once per batch. With each commit goes a progress record: which input
(its path, and a SHA-256 of its bytes up to the end of the last committed line), how many lines
are committed, and the verdict lines of that last batch with the output's size before them. A
run that was killed therefore leaves a state that says exactly which lines it has counted; a
rerun of the same input skips them (scoring them again would, for example, block the texts that
preceded a STOP as ``OPT_OUT_IGNORED``) and repairs its output from the record. A run that
completes clears the record.
"""

from __future__ import annotations

import hashlib
import os
from typing import BinaryIO

import msgspec

from clearline.scan import Sink
from clearline.state.sqlite import SqliteStateStore

_READ_BYTES = 1 << 20


class ScanProgress(msgspec.Struct, frozen=True):
    """The progress record committed with each batch's state.

    Attributes:
        input: the input's absolute path, or ``-`` for stdin.
        lines: the last input line whose effect on the state is committed.
        input_bytes: the input's bytes up to the end of that line.
        input_sha256: SHA-256 of those bytes (empty for stdin, which cannot be read again).
        batch_start: the first line of the last committed batch.
        output: the output's absolute path, or ``-`` for stdout.
        output_bytes: the output's size before the last committed batch's lines.
        batch_output: those lines, as written (a kill may have come before they were).
    """

    input: str
    lines: int
    input_bytes: int
    input_sha256: str
    batch_start: int
    output: str
    output_bytes: int
    batch_output: bytes


class ResumeRefusedError(Exception):
    """The state records an unfinished run that this one cannot safely continue or ignore."""


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(ScanProgress)


def file_identity(path: str) -> str:
    """How the progress record names a file (``-`` stays ``-``)."""
    return path if path == "-" else os.path.realpath(path)


class InputDigest:
    """SHA-256 of an input file's lines, read from the file itself one line boundary at a time."""

    def __init__(self, path: str) -> None:
        self._file: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._hash = hashlib.sha256()
        self._buffer = b""
        self.lines = 0
        self.bytes = 0

    def advance_to(self, line: int) -> None:
        """Take in the input up to the end of line ``line`` (or of the file)."""
        need = line - self.lines
        while need > 0:
            if not self._buffer:
                self._buffer = self._file.read(_READ_BYTES)
                if not self._buffer:  # the last line has no newline
                    self.lines = line
                    return
            count = self._buffer.count(b"\n")
            if count < need:
                take, need, self.lines = len(self._buffer), need - count, self.lines + count
            else:
                end = -1
                for _ in range(need):
                    end = self._buffer.index(b"\n", end + 1)
                take, self.lines, need = end + 1, line, 0
            self._hash.update(self._buffer[:take])
            self.bytes += take
            self._buffer = self._buffer[take:]

    def hexdigest(self) -> str:
        """The digest of what was taken in so far."""
        return self._hash.copy().hexdigest()

    def close(self) -> None:
        """Close the file."""
        self._file.close()


def load_progress(store: SqliteStateStore) -> ScanProgress | None:
    """The record of the unfinished run on this state file, if any."""
    data = store.read_scan_progress()
    return _decoder.decode(data) if data is not None else None


def find_resume_point(
    progress: ScanProgress | None, input_path: str, restart: bool
) -> tuple[ScanProgress | None, InputDigest | None]:
    """Decide whether this run continues an unfinished one.

    Args:
        progress: the state's progress record.
        input_path: this run's input (``-`` for stdin).
        restart: ``--restart``: scan from line 1 whatever the record says.

    Returns:
        The record to resume from (``None``: start at line 1), and for a file input the digest
        of its lines so far (positioned at the resume point).

    Raises:
        ResumeRefusedError: the record is of an unfinished run of this input that cannot be
            continued: stdin, or a file whose committed lines have changed since.
    """
    if input_path == "-":
        if progress is not None and progress.input == "-" and not restart:
            raise ResumeRefusedError(
                f"the state holds an unfinished scan of stdin (lines 1..{progress.lines:,} were "
                "scanned) and stdin cannot be resumed: feed only the lines after "
                f"line {progress.lines:,} with --restart, or pass --restart to scan all of it again"
            )
        return None, None
    digest = InputDigest(input_path)
    if progress is None or restart or progress.input == "-":
        return None, digest
    digest.advance_to(progress.lines)
    if (digest.bytes, digest.hexdigest()) == (progress.input_bytes, progress.input_sha256):
        return progress, digest
    digest.close()
    if file_identity(input_path) == progress.input:
        raise ResumeRefusedError(
            f"{input_path} changed since the unfinished scan recorded in the state (which "
            f"counted its lines 1..{progress.lines:,}): it cannot be resumed; pass --restart to "
            "scan it from line 1"
        )
    return None, InputDigest(input_path)  # another input: a new run


class ProgressRecorder:
    """Commits the state with each batch's progress record (the ``scan_records`` checkpoint)."""

    def __init__(
        self,
        store: SqliteStateStore,
        input_path: str,
        digest: InputDigest | None,
        output: Sink,
        output_path: str,
        output_bytes: int,
        next_line: int,
    ) -> None:
        self._store = store
        self._input = file_identity(input_path)
        self._digest = digest
        self._output = output
        self._output_name = file_identity(output_path)
        self._output_bytes = output_bytes
        self._next_line = next_line

    def __call__(self, last_line: int, batch_output: bytes) -> None:
        """Commit the state of the batch that ends on ``last_line``, before its lines are written.

        The previous batches' lines are flushed first, so the output holds every line before
        this batch's whenever the record says this batch is committed.
        """
        self._output.flush()
        digest = self._digest
        if digest is not None:
            digest.advance_to(last_line)
        record = ScanProgress(
            input=self._input,
            lines=last_line,
            input_bytes=digest.bytes if digest is not None else 0,
            input_sha256=digest.hexdigest() if digest is not None else "",
            batch_start=self._next_line,
            output=self._output_name,
            output_bytes=self._output_bytes,
            batch_output=batch_output,
        )
        self._store.write_scan_progress(_encoder.encode(record))
        self._store.commit_held()
        self._output_bytes += len(batch_output)
        self._next_line = last_line + 1

    def finish(self) -> None:
        """The run completed: clear the record, so the next run starts a new input at line 1."""
        self._output.flush()
        self._store.write_scan_progress(None)
        self._store.commit_held()
