"""``clearline simulate``: realistic traffic, its registry and consent files, and the truth."""

from __future__ import annotations

import time
from pathlib import Path

import click

from clearline.adapters.progress import TerminalProgress
from clearline.simulate import SimulationPaths, run_simulation


@click.command()
@click.option(
    "--subscribers", type=click.IntRange(20, 5_000_000), default=20_000, show_default=True
)
@click.option("--hours", type=click.FloatRange(1, 24 * 14), default=24.0, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("traffic.jsonl"),
    show_default=True,
    help="Traffic file; the registry, consent and truth files are written beside it.",
)
@click.option("--registry", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--consent", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--truth", type=click.Path(dir_okay=False, path_type=Path), default=None)
def simulate(
    subscribers: int,
    hours: float,
    seed: int,
    output: Path,
    registry: Path | None,
    consent: Path | None,
    truth: Path | None,
) -> None:
    """Simulate a network's text traffic: people, registered senders, campaigns and spam.

    Writes OUTPUT (the scan format, time-ordered), OUTPUT's stem + .registry.json and
    .consent.jsonl (what the registered senders need) and .truth.jsonl (per message: class,
    campaign and the action a correct filter takes). Shows its progress when stderr is a
    terminal.
    """
    beside = SimulationPaths.beside(output)
    paths = SimulationPaths(
        output, registry or beside.registry, consent or beside.consent, truth or beside.truth
    )
    for path in (paths.traffic, paths.registry, paths.consent, paths.truth):
        if not path.parent.exists():
            raise click.ClickException(f"folder {path.parent} does not exist")
    started = time.perf_counter()
    progress = TerminalProgress("simulating")
    try:
        counts = run_simulation(subscribers, hours, seed, paths, progress)
    except OSError as exc:
        raise click.ClickException(f"cannot write {exc.filename}: {exc.strerror}") from None
    finally:
        progress.finish()
    total = sum(counts.values())
    click.echo(
        f"simulated {total:,} messages for {subscribers:,} subscribers over {hours:g} h "
        f"(seed {seed}) in {time.perf_counter() - started:.1f} s",
        err=True,
    )
    for kind, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        click.echo(f"  {kind:<24} {count:>10,}", err=True)
    click.echo(f"wrote {paths.traffic}, {paths.registry}, {paths.consent}, {paths.truth}", err=True)
