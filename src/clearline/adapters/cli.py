"""The ``clearline`` command line: a thin adapter over the engine, codec and scan pipeline."""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

import click
import msgspec

from clearline.adapters.runtime import tune_gc_for_throughput
from clearline.codec import (
    DEFAULT_MAX_LINE_BYTES,
    Record,
    decode_message,
    decode_verdict,
    read_csv,
    read_jsonl,
)
from clearline.engine import Engine
from clearline.explain import explain_verdict
from clearline.model import InputError, Verdict
from clearline.policy import ConfigError
from clearline.scan import DEFAULT_BATCH_SIZE, ScanSummary, scan_records
from clearline.state.sqlite import StateFileError

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


def _open_engine(config_paths: tuple[str, ...], state_path: str | None) -> Engine:
    try:
        return Engine.from_files(config_paths, state_path)
    except (ConfigError, StateFileError) as exc:
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


@contextlib.contextmanager
def _open_binary_out(path: str) -> Iterator[BinaryIO]:
    if path == "-":
        yield sys.stdout.buffer
        return
    try:
        handle = open(path, "wb")  # noqa: SIM115 - closed below, after the caller is done
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    with handle:
        yield handle


def _records(stream: BinaryIO, fmt: str, path: str, max_line_bytes: int) -> Iterator[Record]:
    if fmt == "csv" or (fmt == "auto" and path.lower().endswith(".csv")):
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
        "certs": "clearline.adapters.cli_voice:certs",
        "calls": "clearline.adapters.cli_voice:calls",
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "jsonl", "csv"]),
    default="auto",
    show_default=True,
    help="Input format; auto picks CSV for *.csv files and JSON Lines otherwise.",
)
@_config_option
@_state_option
@click.option("--batch-size", type=click.IntRange(1, 1_000_000), default=DEFAULT_BATCH_SIZE)
@click.option(
    "--max-line-bytes",
    type=click.IntRange(1024),
    default=DEFAULT_MAX_LINE_BYTES,
    show_default=True,
    help="Longer lines get an error instead of a verdict.",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
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
    registry_path: str | None = None,
    consent_path: str | None = None,
    lists_path: str | None = None,
) -> None:
    """Score messages from INPUT (JSON Lines or CSV; - for stdin) into one JSON line each.

    Every input line yields exactly one output line, in order: the verdict, or
    {"line": N, "id": ..., "error": "..."} for a line that cannot be read.
    """
    tune_gc_for_throughput()
    engine = _open_engine(config_paths, state_path)
    if registry_path or consent_path or lists_path:
        from clearline.adapters.cli_compliance import load_compliance_files

        load_compliance_files(engine, registry_path, consent_path, lists_path, quiet)
    with engine, _open_binary_in(input_path) as source, _open_binary_out(output_path) as sink:
        progress = None
        if not quiet and sys.stderr.isatty():
            size = Path(input_path).stat().st_size if input_path != "-" else None
            progress = _Progress(size, source)
        records = _records(source, fmt, input_path, max_line_bytes)
        summary = scan_records(engine, records, sink, batch_size, progress)
    if not quiet:
        if progress is not None:
            click.echo("", err=True)
        click.echo(summary.render(), err=True)


def _select(lines: list[bytes], wanted_id: str | None, line_no: int | None) -> bytes:
    if line_no is not None:
        if not 1 <= line_no <= len(lines):
            raise click.ClickException(f"there is no line {line_no} (the input has {len(lines)})")
        return lines[line_no - 1]
    if wanted_id is None:
        if not lines:
            raise click.ClickException("the input is empty: give a verdict or a message")
        return lines[0]
    for line in lines:
        with contextlib.suppress(msgspec.DecodeError):
            obj = msgspec.json.decode(line)
            if isinstance(obj, dict) and obj.get("id") == wanted_id:
                return line
    raise click.ClickException(f"no verdict or message with id {wanted_id!r} in the input")


@main.command()
@click.argument("input_path", metavar="[INPUT]", default="-")
@click.option("--id", "wanted_id", default=None, help="Explain the record with this id.")
@click.option("--line", "line_no", type=int, default=None, help="Explain the record on line N.")
@_config_option
@_state_option
def explain(
    input_path: str,
    wanted_id: str | None,
    line_no: int | None,
    config_paths: tuple[str, ...],
    state_path: str | None,
) -> None:
    """Explain one verdict as a person would read it.

    INPUT (a file, or - for stdin) holds verdicts as `scan` writes them, or messages, which are
    scored first. Without --id or --line the first record is explained.
    """
    engine = _open_engine(config_paths, state_path)
    with engine, _open_binary_in(input_path) as source:
        lines = [line for line in source.read().splitlines() if line.strip()]
        chosen = _select(lines, wanted_id, line_no)
        try:
            obj = msgspec.json.decode(chosen)
        except msgspec.DecodeError as exc:
            raise click.ClickException(f"not JSON: {exc}") from None
        if not isinstance(obj, dict):
            raise click.ClickException("expected a JSON object: a verdict or a message")
        try:
            if "error" in obj and "line" in obj:
                raise InputError(f"that line was not scanned: {obj['error']}")
            verdict: Verdict = (
                engine.score(decode_message(chosen)) if "body" in obj else decode_verdict(chosen)
            )
        except InputError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(explain_verdict(verdict, engine.policy, engine.symbol_specs))
