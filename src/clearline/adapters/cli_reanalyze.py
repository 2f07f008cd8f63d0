"""``clearline reanalyze``: a day of traffic re-analysed on Spark, findings for ``lists import``."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import click

from clearline.reanalysis import (
    CAMPAIGN_SENDERS_LIST,
    ReanalysisError,
    ReanalysisResult,
    ReanalysisSettings,
    registered_numbers,
    registry_in_state,
    spark_session,
    write_listings,
)
from clearline.reanalysis import (
    reanalyze as run_reanalysis,
)
from clearline.state import StateStore, open_state
from clearline.state.sqlite import StateFileError

# A path Spark reads through a file system of its own (hdfs://, s3a://): not checked locally.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _local(path: str) -> Path | None:
    """The local file a path names (``file://`` included), ``None`` for another file system."""
    if path.startswith("file://"):
        return Path(path[len("file://") :])
    return None if _URI.match(path) else Path(path)


def _same_place(first: str, second: str) -> bool:
    a, b = _local(first), _local(second)
    if a is None or b is None:
        return first.rstrip("/") == second.rstrip("/")
    return a.resolve() == b.resolve()


def _check_paths(input_path: str, output_path: str, profiles_dir: str | None) -> None:
    """Refuse, before Spark starts, what cannot work: an unreadable input, an output over it."""
    local_input = _local(input_path)
    if local_input is not None:
        if not local_input.exists():
            raise click.ClickException(f"cannot read {input_path}: no such file or directory")
        if not os.access(local_input, os.R_OK):
            raise click.ClickException(f"cannot read {input_path}: permission denied")
    if _local(output_path) is None:
        raise click.ClickException(
            f"-o {output_path}: the findings file is written by this process, so it must be a "
            "local path (the input and --profiles may be on hdfs:// or s3a://)"
        )
    if _same_place(input_path, output_path):
        raise click.ClickException(
            f"the output {output_path} is the input: choose another file, the input is kept"
        )
    if profiles_dir is not None and (
        _same_place(profiles_dir, input_path) or _same_place(profiles_dir, output_path)
    ):
        raise click.ClickException(
            f"--profiles {profiles_dir} is the input or the output: choose another directory"
        )
    parent = Path(output_path).resolve().parent
    if not parent.is_dir():
        raise click.ClickException(f"cannot write {output_path}: {parent} is not a directory")
    # Here rather than on writing: the findings are written after the whole Spark job.
    if Path(output_path).is_dir():
        raise click.ClickException(
            f"cannot write {output_path}: it is a directory; the findings are one file, name it"
        )
    if not os.access(parent, os.W_OK):
        raise click.ClickException(f"cannot write {output_path}: {parent} is not writable")


def _open_registry_store(
    stack: contextlib.ExitStack, state_path: str | None, db_url: str | None
) -> StateStore | None:
    """The store whose registry ``--state`` or ``--db`` names, opened to read (closed by
    ``stack``), before Spark starts so a wrong path costs no Spark start."""
    if state_path is not None:
        try:
            state = open_state(state_path, read_only=True)
        except StateFileError as exc:
            raise click.ClickException(str(exc)) from None
        stack.callback(state.close)
        return state
    if db_url is None:
        return None
    # Here, not at the top: without --db the command starts without SQLAlchemy.
    from clearline.storage.database import DatabaseError, open_database
    from clearline.storage.state_store import SqlStateStore

    try:
        database = open_database(db_url, migrate=False)  # read only: never create a schema
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    stack.callback(database.close)
    store = SqlStateStore(database.engine)
    stack.callback(store.close)
    return store


def _parse_conf(values: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}", param_hint="--conf")
        pairs.append((key.strip(), setting))
    return pairs


def _summary(result: ReanalysisResult, written: int, output_path: str) -> str:
    lines = [
        f"reanalyze: {result.records:,} {result.kind}, {result.clusters:,} clusters of several "
        f"senders, {len(result.campaigns):,} unregistered A2P campaign(s)"
    ]
    if result.unreadable:
        lines.append(f"  {result.unreadable:,} line(s) skipped: not JSON objects")
    if result.incomplete:
        lines.append(
            f"  {result.incomplete:,} record(s) skipped: no id, ts, sender (from) or recipient (to)"
        )
    for campaign in result.campaigns:
        lines.append(f"  {campaign.note().removeprefix('reanalysis: ')}")
        if campaign.template:
            lines.append(f"    text: {campaign.template[:100]}")
    if not written:
        lines.append(f"no campaign numbers found: {output_path} holds no listing")
        return "\n".join(lines)
    lines.append(
        f"{written:,} number(s) written to {output_path} (list {CAMPAIGN_SENDERS_LIST}): "
        f"`clearline lists import {output_path} --state STATE_FILE` (or `--db URL` for "
        "`serve`) flags their texts"
    )
    return "\n".join(lines)


@click.command()
@click.argument("input_path", metavar="INPUT")
@click.option(
    "-o",
    "--output",
    "output_path",
    required=True,
    metavar="FILE",
    help="Findings file (JSON Lines in the `lists import` format).",
)
@click.option(
    "--spark",
    "master",
    default="local[2]",
    show_default=True,
    help="Spark master: local[N], spark://HOST:7077, yarn, k8s://...",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "jsonl", "parquet"]),
    default="auto",
    show_default=True,
    help="Input format; auto reads *.parquet (or a directory of them) as Parquet.",
)
@click.option(
    "--registry",
    "registry_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Registry file (as `registry import` takes): the numbers it grants are registered.",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="A state file (`scan --state`) whose registry says which senders are registered.",
)
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="The service database (`serve --db`) whose registry says which senders are registered.",
)
@click.option(
    "--profiles",
    "profiles_dir",
    default=None,
    metavar="DIR",
    help="Also write the cluster and sender profiles (JSON Lines part files) under DIR.",
)
@click.option(
    "--similarity",
    type=click.FloatRange(0.1, 1.0),
    default=0.4,
    show_default=True,
    help="Jaccard similarity of two texts' words and word pairs for them to be linked.",
)
@click.option(
    "--min-senders",
    type=click.IntRange(2),
    default=3,
    show_default=True,
    help="Unregistered numbers a cluster's texts must come from to be a campaign.",
)
@click.option(
    "--min-messages",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="Unregistered texts a cluster must hold to be a campaign.",
)
@click.option(
    "--min-open-share",
    type=click.FloatRange(0.0, 1.0),
    default=0.6,
    show_default=True,
    help="Share of a campaign's texts that go to people who had not texted the sender.",
)
@click.option(
    "--conf", "conf", multiple=True, metavar="KEY=VALUE", help="A Spark setting (repeatable)."
)
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def reanalyze(
    input_path: str,
    output_path: str,
    master: str,
    fmt: str,
    registry_path: str | None,
    state_path: str | None,
    db_url: str | None,
    profiles_dir: str | None,
    similarity: float,
    min_senders: int,
    min_messages: int,
    min_open_share: float,
    conf: tuple[str, ...],
    quiet: bool,
) -> None:
    """Re-analyse a day of messages or audit records on Spark: find campaigns spread over many
    numbers and write their unregistered senders for `clearline lists import`."""
    _check_paths(input_path, output_path, profiles_dir)
    settings = ReanalysisSettings(
        similarity=similarity,
        min_senders=min_senders,
        min_messages=min_messages,
        min_open_share=min_open_share,
    )
    if state_path is not None and db_url is not None:
        raise click.UsageError("give --state FILE or --db URL, not both")
    with contextlib.ExitStack() as stack:
        state = _open_registry_store(stack, state_path, db_url)
        try:
            registered = registered_numbers(registry_path) if registry_path is not None else set()
            with spark_session(master, _parse_conf(conf)) as spark:
                result = run_reanalysis(
                    spark,
                    input_path,
                    fmt=fmt,
                    settings=settings,
                    registered=registered,
                    registry_lookup=registry_in_state(state) if state is not None else None,
                    profiles_dir=profiles_dir,
                )
            written = write_listings(result, output_path)
        except ReanalysisError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"cannot write {output_path}: {exc.strerror}") from None
    if not quiet:
        click.echo(_summary(result, written, output_path), err=True)
