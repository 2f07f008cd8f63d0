"""Voice commands: ``calls scan``, and ``certs add``/``certs list`` (the certificate cache).

Clearline never fetches a certificate; ``certs add`` is how what an ``x5u`` URL serves gets into
the cache that call verification reads (``--cert-cache DIR``).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import click

from clearline.adapters.cli import (
    _batch_size_option,
    _config_option,
    _fmt_option,
    _max_line_bytes_option,
    _Output,
    _Progress,
    _progress_line,
    _quiet_option,
    _resumed_records,
    _ResumePlan,
    _scan_files,
    _strict_option,
)
from clearline.adapters.runtime import tune_gc_for_throughput
from clearline.policy import ConfigError, load_config
from clearline.signals.voice import VoiceContext
from clearline.state import StateStore, StateUnavailableError, open_state, open_state_url
from clearline.state.sqlite import SqliteStateStore, StateFileError
from clearline.voice.certs import CertCache, CertError, TrustStore
from clearline.voice.codec import read_calls_csv, read_calls_jsonl
from clearline.voice.engine import CallEngine
from clearline.voice.passport import ShakenVerifier
from clearline.voice.scan import CallScanSummary, scan_calls

# The STIR/SHAKEN inputs of every command that verifies calls (`calls scan`, `sip`).
trust_store_option = click.option(
    "--trust-store",
    "trust_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Directory of PEM files with the trusted STI-CA roots. Without it no signature is "
    "trusted.",
)
cert_cache_option = click.option(
    "--cert-cache",
    "cache_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="The certificate cache (`clearline certs add`). Without it every certificate is unknown.",
)


def _open_cache(directory: str, *, create: bool) -> CertCache:
    try:
        return CertCache(directory, create=create)
    except CertError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def certs() -> None:
    """The local cache of STIR/SHAKEN signing certificates, by x5u URL."""


@certs.command("add")
@click.argument("url")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--cache",
    "cache_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The certificate cache directory (created if missing).",
)
def certs_add(url: str, file: str, cache_dir: str) -> None:
    """Store the PEM certificate chain FILE as what URL serves (signing certificate first).

    A certificate already cached for URL is replaced.
    """
    try:
        data = Path(file).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {file}: {exc.strerror}") from None
    cache = _open_cache(cache_dir, create=True)
    try:
        chain = cache.add(url, data, source=file)
    except CertError as exc:
        raise click.ClickException(str(exc)) from None
    leaf = chain[0]
    click.echo(
        f"cached {url}: {leaf.subject.rfc4514_string()}, valid "
        f"{leaf.not_valid_before_utc:%Y-%m-%d} to {leaf.not_valid_after_utc:%Y-%m-%d}, "
        f"{len(chain)} certificate{'s' if len(chain) != 1 else ''}"
    )


@certs.command("list")
@click.option(
    "--cache",
    "cache_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The certificate cache directory.",
)
def certs_list(cache_dir: str) -> None:
    """List the cached certificates: URL, signer, validity, number of certificates in the chain."""
    cache = _open_cache(cache_dir, create=False)
    try:
        entries = cache.entries()
    except CertError as exc:
        raise click.ClickException(str(exc)) from None
    for entry in entries:
        click.echo(
            f"{entry.url}\t{entry.subject}\t{entry.not_before:%Y-%m-%dT%H:%M:%SZ}\t"
            f"{entry.not_after:%Y-%m-%dT%H:%M:%SZ}\t{entry.certificates}"
        )


def _voice_context(trust_dir: str | None, cache_dir: str | None) -> VoiceContext:
    """The STIR/SHAKEN verifier over ``--trust-store`` and ``--cert-cache``."""
    try:
        trust = TrustStore(trust_dir) if trust_dir is not None else None
        cache = CertCache(cache_dir) if cache_dir is not None else None
    except CertError as exc:
        raise click.ClickException(str(exc)) from None
    return VoiceContext(ShakenVerifier(trust, cache))


def _open_call_engine(
    config_paths: tuple[str, ...],
    state_path: str | None,
    trust_dir: str | None,
    cache_dir: str | None,
    *,
    state_url: str | None = None,
) -> CallEngine:
    """The call engine over ``--state PATH`` (SQLite), ``--state-url URL`` (Redis) or memory."""
    if state_path is not None and state_url is not None:
        raise click.UsageError("give --state PATH or --state-url URL, not both")
    context = _voice_context(trust_dir, cache_dir)
    try:
        config = load_config(config_paths)
        state: StateStore = (
            open_state_url(state_url) if state_url is not None else open_state(state_path)
        )
    except (ConfigError, StateFileError, StateUnavailableError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    try:
        return CallEngine(config, state, context)
    except ConfigError as exc:
        state.close()
        raise click.ClickException(str(exc)) from None


@click.group()
def calls() -> None:
    """Score calls: STIR/SHAKEN verification and voice signals, into verdicts."""


@calls.command("scan")
@click.argument("input_path", metavar="[INPUT]", default="-")
@click.option("-o", "--output", "output_path", default="-", help="Output file (default stdout).")
@_fmt_option
@trust_store_option
@cert_cache_option
@_config_option
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Keep signal state in this SQLite file across runs.",
)
@_batch_size_option
@_max_line_bytes_option
@_quiet_option
@_strict_option
@click.option(
    "--restart",
    is_flag=True,
    help="With --state: scan INPUT from line 1 even if the state records an unfinished scan of it.",
)
def calls_scan(
    input_path: str,
    output_path: str,
    fmt: str,
    trust_dir: str | None,
    cache_dir: str | None,
    config_paths: tuple[str, ...],
    state_path: str | None,
    batch_size: int,
    max_line_bytes: int,
    quiet: bool,
    strict: bool = False,
    restart: bool = False,
) -> None:
    """Score calls from INPUT (JSON Lines or CSV; - for stdin) into one JSON line each.

    Every input line yields exactly one output line, in order: the verdict, or
    {"line": N, "id": ..., "error": "..."} for a line that cannot be read. With --state, a run
    that stopped part-way resumes where it stopped when run again on the same input.
    """
    tune_gc_for_throughput()
    engine = _open_call_engine(config_paths, state_path, trust_dir, cache_dir)
    if not quiet and trust_dir is None:
        click.echo(
            "note: no --trust-store: signed calls cannot verify (SHAKEN_INVALID, untrusted chain)",
            err=True,
        )
    store = engine.state if isinstance(engine.state, SqliteStateStore) else None
    with engine, _scan_files(store, input_path, output_path, restart) as (source, plan, sink):
        summary, progress = _scan_calls_to(
            engine, source, sink, input_path, fmt, batch_size, max_line_bytes, quiet, plan
        )
    if not quiet:
        if progress is not None:
            click.echo("", err=True)
        click.echo(summary.render(), err=True)
    if strict and summary.errors:
        raise click.ClickException(
            f"{summary.errors:,} lines could not be read (--strict); their errors are in the output"
        )


def _scan_calls_to(
    engine: CallEngine,
    source: BinaryIO,
    sink: _Output,
    input_path: str,
    fmt: str,
    batch_size: int,
    max_line_bytes: int,
    quiet: bool,
    plan: _ResumePlan,
) -> tuple[CallScanSummary, _Progress | None]:
    """Score INPUT into ``sink``; the summary and the progress line, if one was shown. With
    ``--state``, each batch commits with its progress record, and a resumed run skips the lines
    an earlier run committed (as ``scan`` does: ``clearline.scan_resume``)."""
    progress = _progress_line(source, input_path, quiet)
    csv_input = fmt == "csv" or (fmt == "auto" and input_path.lower().endswith(".csv"))
    reader = read_calls_csv if csv_input else read_calls_jsonl
    records = reader(source, max_line_bytes)
    store = engine.state
    if not isinstance(store, SqliteStateStore):
        return scan_calls(engine, records, sink, batch_size, progress), progress
    records, recorder = _resumed_records(store, plan, records, sink)
    with store.holding_commits():
        summary = scan_calls(engine, records, sink, batch_size, progress, checkpoint=recorder)
        recorder.finish()
    return summary, progress
