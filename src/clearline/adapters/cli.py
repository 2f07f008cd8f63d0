"""The ``clearline`` command line: a thin adapter over the engine, codec and scan pipeline."""

from __future__ import annotations

import contextlib
import importlib
import io
import itertools
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Final, NamedTuple, TypeVar

import click
import msgspec

from clearline.adapters.runtime import tune_gc_for_throughput, usable_cores
from clearline.codec import (
    DEFAULT_MAX_LINE_BYTES,
    ErrorRecord,
    Record,
    decode_message,
    decode_verdict,
    read_csv,
    read_jsonl,
)
from clearline.engine import Engine, SignalFailedClosedError
from clearline.explain import explain_verdict
from clearline.model import InputError, Message, Verdict
from clearline.policy import ConfigError, load_config
from clearline.scan import DEFAULT_BATCH_SIZE, ScanSummary, scan_records
from clearline.scan_resume import (
    InputDigest,
    ProgressRecorder,
    ResumeRefusedError,
    ScanProgress,
    file_identity,
    find_resume_point,
    load_progress,
)
from clearline.state import StateUnavailableError, open_state_url
from clearline.state.sqlite import SqliteStateStore, StateFileError

_config_option = click.option(
    "--config",
    "config_paths",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Policy override TOML, layered over the shipped defaults (repeatable; later wins).",
)
_state_option = click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Keep signal state (windows, ledgers) in this SQLite file across runs.",
)
#: A numbered input record of ``scan`` (a message) or ``calls scan`` (a call).
RecordT = TypeVar("RecordT", bound=tuple[int, Any])

# The options every batch-scoring command (`scan`, `calls scan`) reads its input with.
_fmt_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "jsonl", "csv"]),
    default="auto",
    show_default=True,
    help="Input format; auto picks CSV for *.csv files and JSON Lines otherwise.",
)
_batch_size_option = click.option(
    "--batch-size", type=click.IntRange(1, 1_000_000), default=DEFAULT_BATCH_SIZE
)
_max_line_bytes_option = click.option(
    "--max-line-bytes",
    type=click.IntRange(1024),
    default=DEFAULT_MAX_LINE_BYTES,
    show_default=True,
    help="Longer lines get an error instead of a verdict.",
)
_quiet_option = click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
_strict_option = click.option(
    "--strict", is_flag=True, help="Exit with status 1 when any line could not be read."
)


_state_url_option = click.option(
    "--state-url",
    "state_url",
    default=None,
    metavar="URL",
    help="Keep signal state in Redis (redis://HOST:PORT/DB), shared with other workers; "
    "see docs/scale.md.",
)


def _open_engine(
    config_paths: tuple[str, ...],
    state_path: str | None,
    *,
    read_only: bool = False,
    state_url: str | None = None,
) -> Engine:
    try:
        if state_url is None:
            return Engine.from_files(config_paths, state_path, read_only_state=read_only)
        if state_path is not None:
            raise click.UsageError("give --state PATH or --state-url URL, not both")
        return Engine(load_config(config_paths), open_state_url(state_url))
    except (ConfigError, StateFileError, StateUnavailableError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None


@contextlib.contextmanager
def _open_binary_in(path: str) -> Iterator[BinaryIO]:
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the caller is done
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        yield handle


class _Output:
    """Where verdicts go; a failed write (a full disk) becomes one clear error, not a traceback."""

    def __init__(self, stream: BinaryIO, name: str) -> None:
        self.stream = stream
        self.name = name
        self.failed = False

    def write(self, data: bytes, /) -> int:
        """Write ``data``, or fail with the reason."""
        try:
            return self.stream.write(data)
        except OSError as exc:
            raise self._failure(exc) from None

    def flush(self) -> None:
        """Flush, or fail with the reason."""
        try:
            self.stream.flush()
        except OSError as exc:
            raise self._failure(exc) from None

    def _failure(self, exc: OSError) -> click.ClickException:
        self.failed = True
        return click.ClickException(f"cannot write {self.name}: {exc.strerror or exc}")


@contextlib.contextmanager
def _open_binary_out(path: str, keep: int | None = None) -> Iterator[_Output]:
    """The output, emptied; or with ``keep``, its first ``keep`` bytes kept (a resumed scan)."""
    if path == "-":
        output = _Output(sys.stdout.buffer, "stdout")
        try:
            yield output
        finally:
            if output.failed:
                # What could not be written stays buffered; without this the interpreter would
                # try again at exit and print a traceback-like warning.
                with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    handle = _open_output_file(path, keep)
    output = _Output(handle, path)
    try:
        yield output
    except BaseException:
        with contextlib.suppress(OSError):
            handle.close()
        raise
    try:
        handle.close()
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None


def _open_output_file(path: str, keep: int | None) -> BinaryIO:
    try:
        if keep is None:
            return open(path, "wb")
        handle = open(path, "r+b")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    size = handle.seek(0, os.SEEK_END)
    if size < keep:
        handle.close()
        raise click.ClickException(
            f"{path} holds fewer bytes ({size:,}) than the unfinished scan had written to it "
            f"({keep:,}): it was changed since; give another -o to resume into a new file"
        )
    handle.truncate(keep)
    handle.seek(keep)
    return handle


def _refuse_output_that_is_input(source: BinaryIO, input_path: str, output_path: str) -> None:
    """Refuse ``-o`` naming the input itself (also through a link): opening it would empty it."""
    if output_path == "-":
        return
    try:
        written = os.stat(output_path)
        read = os.fstat(source.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return  # no such output yet (or an input without a file behind it): nothing to clobber
    if stat.S_ISREG(read.st_mode) and (read.st_dev, read.st_ino) == (
        written.st_dev,
        written.st_ino,
    ):
        name = "stdin" if input_path == "-" else input_path
        raise click.ClickException(
            f"the output {output_path} is the input {name} (the same file, perhaps through a "
            "link): writing it would empty the input; choose another -o"
        )


class _ResumePlan(NamedTuple):
    """How this ``scan --state`` run relates to an unfinished one recorded in the state."""

    input_path: str
    output_path: str
    resume: ScanProgress | None = None
    digest: InputDigest | None = None
    #: Resuming into the same output file: keep its first bytes (those of the committed lines).
    keep_output_bytes: int | None = None

    def close(self) -> None:
        """Close the input digest's file."""
        if self.digest is not None:
            self.digest.close()


def _plan_resume(
    store: SqliteStateStore | None, input_path: str, output_path: str, restart: bool
) -> _ResumePlan:
    if store is None:
        return _ResumePlan(input_path, output_path)
    try:
        resume, digest = find_resume_point(load_progress(store), input_path, restart)
    except ResumeRefusedError as exc:
        raise click.ClickException(str(exc)) from None
    keep = None
    if (
        resume is not None
        and output_path != "-"
        and resume.output == file_identity(output_path)
        and os.path.exists(output_path)
    ):
        keep = resume.output_bytes
    return _ResumePlan(input_path, output_path, resume, digest, keep)


@contextlib.contextmanager
def _scan_files(
    store: SqliteStateStore | None, input_path: str, output_path: str, restart: bool
) -> Iterator[tuple[BinaryIO, _ResumePlan, _Output]]:
    """The input, the resume plan and the output of a ``scan`` or ``calls scan``, opened in the
    order that loses nothing: an output that is the input is refused before it is opened (which
    would empty it), and a resumed run keeps the output bytes of its committed lines."""
    with _open_binary_in(input_path) as source:
        _refuse_output_that_is_input(source, input_path, output_path)
        plan = _plan_resume(store, input_path, output_path, restart)
        with (
            contextlib.closing(plan),
            _open_binary_out(output_path, plan.keep_output_bytes) as sink,
        ):
            yield source, plan, sink


def _progress_line(source: BinaryIO, input_path: str, quiet: bool) -> _Progress | None:
    """The progress line on a terminal (none when quiet or when stderr is not a terminal)."""
    if quiet or not sys.stderr.isatty():
        return None
    return _Progress(Path(input_path).stat().st_size if input_path != "-" else None, source)


def _scan_recording_progress(
    engine: Engine,
    store: SqliteStateStore,
    plan: _ResumePlan,
    records: Iterator[Record],
    sink: _Output,
    batch_size: int,
    progress: _Progress | None,
    workers: int = 1,
) -> ScanSummary:
    """``scan --state``: commit each batch with its progress record; skip what a resume skips."""
    records, recorder = _resumed_records(store, plan, records, sink)
    with store.holding_commits():
        summary = scan_records(
            engine, records, sink, batch_size, progress, checkpoint=recorder, workers=workers
        )
        recorder.finish()
    return summary


def _resumed_records(
    store: SqliteStateStore, plan: _ResumePlan, records: Iterator[RecordT], sink: _Output
) -> tuple[Iterator[RecordT], ProgressRecorder]:
    """The records a run with ``--state`` scores (after the committed lines, when it resumes, whose
    last batch's verdicts go to ``sink`` first), and the recorder that commits each batch's
    progress with the state (``scan`` and ``calls scan``)."""
    resume = plan.resume
    output_bytes, next_line = 0, 1
    if resume is not None:
        click.echo(_resume_note(plan, resume), err=True)
        records = itertools.dropwhile(lambda record: record[0] <= resume.lines, records)
        sink.write(resume.batch_output)
        output_bytes = (plan.keep_output_bytes or 0) + len(resume.batch_output)
        next_line = resume.lines + 1
    recorder = ProgressRecorder(
        store, plan.input_path, plan.digest, sink, plan.output_path, output_bytes, next_line
    )
    return records, recorder


def _resume_note(plan: _ResumePlan, resume: ScanProgress) -> str:
    done = f"lines 1..{resume.lines:,} were scanned by an earlier run"
    note = f"resuming at line {resume.lines + 1:,} of {plan.input_path} ({done})"
    if plan.keep_output_bytes is not None:
        return f"{note}; appending to {plan.output_path}, which holds their verdicts"
    earlier = "its output" if resume.output == "-" else resume.output
    return (
        f"{note}; their verdicts are in {earlier}, and this output starts with the verdicts of "
        f"lines {resume.batch_start:,}..{resume.lines:,} again (that run's last batch, which it "
        "may not have written)"
    )


def _is_csv(fmt: str, path: str) -> bool:
    return fmt == "csv" or (fmt == "auto" and path.lower().endswith(".csv"))


def _records(stream: BinaryIO, fmt: str, path: str, max_line_bytes: int) -> Iterator[Record]:
    if _is_csv(fmt, path):
        return read_csv(stream, max_line_bytes)
    return read_jsonl(stream, max_line_bytes)


class _Progress:
    """A one-line progress report on a terminal's stderr."""

    def __init__(self, total_bytes: int | None, stream: BinaryIO) -> None:
        self.total = total_bytes
        self.stream = stream

    def __call__(self, summary: ScanSummary) -> None:
        done = ""
        if self.total:
            with contextlib.suppress(OSError, ValueError):
                done = f" {100.0 * self.stream.tell() / self.total:5.1f} %"
        click.echo(
            f"\r  {summary.records:,} lines{done}  {summary.messages_per_second:,.0f}/s ",
            err=True,
            nl=False,
        )


class LazyGroup(click.Group):
    """A group whose heavier commands are imported only when they run (or ``--help`` lists them).

    ``clearline scan`` then starts without FastAPI, SQLAlchemy or the SMPP stack: at 30,000
    messages/s, the third of a second those imports take is 10,000 messages.
    """

    #: Command name -> "module:attribute", imported on first use.
    LAZY: Final = {
        "registry": "clearline.adapters.cli_compliance:registry",
        "consent": "clearline.adapters.cli_compliance:consent",
        "lists": "clearline.adapters.cli_compliance:number_lists",
        "lint": "clearline.adapters.cli_compliance:lint",
        "simulate": "clearline.adapters.cli_simulate:simulate",
        "smpp": "clearline.adapters.smpp.cli:smpp",
        "train": "clearline.adapters.cli_train:train",
        "demo": "clearline.adapters.cli_demo:demo",
        "serve": "clearline.adapters.http.cli:serve",
        "keys": "clearline.adapters.http.cli:keys",
        "sessions": "clearline.adapters.http.cli:sessions",
        "certs": "clearline.adapters.cli_voice:certs",
        "calls": "clearline.adapters.cli_voice:calls",
        "sip": "clearline.adapters.sip.cli:sip",
        "stream": "clearline.adapters.stream.cli:stream",
        "reanalyze": "clearline.adapters.cli_reanalyze:reanalyze",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.LAZY.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wiring mistake
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clearline")
def main() -> None:
    """Clearline: a messaging firewall whose every verdict explains itself."""


@main.command()
@click.argument("input_path", metavar="[INPUT]", default="-")
@click.option("-o", "--output", "output_path", default="-", help="Output file (default stdout).")
@_fmt_option
@_config_option
@_state_option
@_state_url_option
@_batch_size_option
@_max_line_bytes_option
@_quiet_option
@_strict_option
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=usable_cores,
    show_default="the cores this process may use",
    help="Processes to use: one scores in order with all the state, the others fingerprint "
    "the texts of the coming batches. Verdicts are the same for any number.",
)
@click.option(
    "--restart",
    is_flag=True,
    help="With --state: scan INPUT from line 1 even if the state records an unfinished scan of it.",
)
@click.option(
    "--registry",
    "registry_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Registry JSON (brands, campaigns, numbers) to load first; see docs/compliance.md.",
)
@click.option(
    "--consent",
    "consent_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Consent records (JSON Lines or CSV) to load first.",
)
@click.option(
    "--lists",
    "lists_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Number lists (do-not-originate, unallocated, reassigned) to load first.",
)
def scan(
    input_path: str,
    output_path: str,
    fmt: str,
    config_paths: tuple[str, ...],
    state_path: str | None,
    batch_size: int,
    max_line_bytes: int,
    quiet: bool,
    strict: bool = False,
    restart: bool = False,
    registry_path: str | None = None,
    consent_path: str | None = None,
    lists_path: str | None = None,
    workers: int = 1,
    state_url: str | None = None,
) -> None:
    """Score messages from INPUT (JSON Lines or CSV; - for stdin) into one JSON line each.

    Every input line yields exactly one output line, in order: the verdict, or
    {"line": N, "id": ..., "error": "..."} for a line that cannot be read.
    """
    tune_gc_for_throughput()
    engine = _open_engine(config_paths, state_path, state_url=state_url)
    if registry_path or consent_path or lists_path:
        from clearline.adapters.cli_compliance import load_compliance_files

        load_compliance_files(engine, registry_path, consent_path, lists_path, quiet)
    store = engine.state if isinstance(engine.state, SqliteStateStore) else None
    with engine, _scan_files(store, input_path, output_path, restart) as (source, plan, sink):
        progress = _progress_line(source, input_path, quiet)
        records = _records(source, fmt, input_path, max_line_bytes)
        try:
            if store is None:
                summary = scan_records(engine, records, sink, batch_size, progress, workers=workers)
            else:
                summary = _scan_recording_progress(
                    engine, store, plan, records, sink, batch_size, progress, workers
                )
        except InputError as exc:  # the input as a whole is unreadable (a wrong CSV header)
            raise click.ClickException(f"{input_path}: {exc}") from None
        except StateUnavailableError as exc:  # the lines written so far stay; the rest wait
            raise click.ClickException(
                f"{exc}; the lines before the failed batch were written"
            ) from None
    if not quiet:
        if progress is not None:
            click.echo("", err=True)
        click.echo(summary.render(), err=True)
    if summary.unscored:
        raise click.ClickException(
            f"{summary.unscored:,} message{'s were' if summary.unscored != 1 else ' was'} not "
            "scored: a signal that fails closed failed "
            "(their output lines name it); score them again once it works"
        )
    if strict and summary.errors:
        raise click.ClickException(
            f"{summary.errors:,} lines could not be read (--strict); their errors are in the output"
        )


def _select_line(lines: list[bytes], wanted_id: str | None, line_no: int | None) -> bytes:
    """The JSON line to explain; line numbers count every line, blank ones too, as ``scan`` does."""
    if line_no is not None:
        if not 1 <= line_no <= len(lines):
            raise click.ClickException(f"there is no line {line_no} (the input has {len(lines)})")
        if not lines[line_no - 1].strip():
            raise click.ClickException(f"line {line_no} is empty")
        return lines[line_no - 1]
    filled = [line for line in lines if line.strip()]
    if wanted_id is None:
        if not filled:
            raise click.ClickException("the input is empty: give a verdict or a message")
        return filled[0]
    for line in filled:
        with contextlib.suppress(msgspec.DecodeError):
            obj = msgspec.json.decode(line)
            if isinstance(obj, dict) and obj.get("id") == wanted_id:
                return line
    raise click.ClickException(f"no verdict or message with id {wanted_id!r} in the input")


def _select_csv_row(
    records: Iterator[Record], wanted_id: str | None, line_no: int | None
) -> Message:
    """The CSV row to explain (numbered, as ``scan`` numbers it, by the line on which it ends)."""
    for number, item in records:
        if line_no is not None and number != line_no:
            continue
        if wanted_id is not None and item.id != wanted_id:
            continue
        if isinstance(item, ErrorRecord):
            raise click.ClickException(f"line {number} cannot be scanned: {item.error}")
        return item
    if line_no is not None:
        raise click.ClickException(
            f"no CSV row ends on line {line_no} (a row is numbered by the line on which it ends)"
        )
    if wanted_id is not None:
        raise click.ClickException(f"no message with id {wanted_id!r} in the input")
    raise click.ClickException("the input has no rows: give a message")


@main.command()
@click.argument("input_path", metavar="[INPUT]", default="-")
@click.option("--id", "wanted_id", default=None, help="Explain the record with this id.")
@click.option(
    "--line",
    "line_no",
    type=int,
    default=None,
    help="Explain the record on line N, counted as scan counts them (blank lines too).",
)
@_fmt_option
@_config_option
@_state_option
def explain(
    input_path: str,
    wanted_id: str | None,
    line_no: int | None,
    fmt: str,
    config_paths: tuple[str, ...],
    state_path: str | None,
) -> None:
    """Explain one verdict as a person would read it.

    INPUT (a file, or - for stdin) holds verdicts as `scan` writes them, or messages (JSON Lines
    or CSV), which are scored first. Without --id or --line the first record is explained.
    """
    # Read-only: a mistyped --state is an error, not a new empty state file, and explaining a
    # message (a STOP, say) changes nothing in it.
    engine = _open_engine(config_paths, state_path, read_only=True)
    with engine, _open_binary_in(input_path) as source:
        if _is_csv(fmt, input_path):
            try:
                message = _select_csv_row(read_csv(source), wanted_id, line_no)
                verdict, scored = engine.score(message), True
            except (InputError, SignalFailedClosedError) as exc:
                raise click.ClickException(f"{input_path}: {exc}") from None
        else:
            chosen = _select_line(_lines(source), wanted_id, line_no)
            verdict, scored = _verdict_from_line(engine, chosen)
        click.echo(explain_verdict(verdict, engine.policy, engine.symbol_specs))
        if scored:
            _note_missing_registry(engine)


def _lines(source: BinaryIO) -> list[bytes]:
    lines = source.read().split(b"\n")
    if lines[-1] == b"":  # the newline that ends the last line starts no line of its own
        lines.pop()
    return lines


def _verdict_from_line(engine: Engine, chosen: bytes) -> tuple[Verdict, bool]:
    """The verdict on the line (a verdict, or a message scored now) and whether it was scored."""
    try:
        obj = msgspec.json.decode(chosen)
    except msgspec.DecodeError as exc:
        raise click.ClickException(f"not JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise click.ClickException("expected a JSON object: a verdict or a message")
    try:
        if "error" in obj and "line" in obj:
            raise InputError(f"that line was not scanned: {obj['error']}")
        if "body" in obj:
            return engine.score(decode_message(chosen)), True
        if "action" not in obj and "from" in obj and "to" in obj:
            raise InputError(
                "that line is a call, not a verdict: score calls with `clearline calls scan` "
                "and explain its output"
            )
        return decode_verdict(chosen), False
    except (InputError, SignalFailedClosedError) as exc:
        raise click.ClickException(str(exc)) from None


def _note_missing_registry(engine: Engine) -> None:
    """Say on stderr when a message was scored without a registry (its rules could not apply)."""
    from clearline.compliance.store import ComplianceStore  # here: scan never needs it

    if not ComplianceStore(engine.state).has_registry():
        click.echo(
            "note: no registry loaded (give --state FILE holding one): registration, consent "
            "and number-list rules could not apply",
            err=True,
        )
