"""``clearline demo``: simulate a small network, scan it as a carrier would, and show the result."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import click
import msgspec

from clearline.adapters.runtime import tune_gc_for_throughput
from clearline.codec import decode_verdict, read_jsonl
from clearline.compliance.imports import import_files
from clearline.compliance.store import ComplianceStore
from clearline.engine import Engine
from clearline.explain import explain_verdict
from clearline.policy import ConfigError, load_config
from clearline.scan import scan_records
from clearline.simulate import SimulationPaths, run_simulation
from clearline.simulate.evaluate import evaluate

# What each traffic class of the simulator is, for the table's reader (docs/behaviour.md has
# how each is made); a test checks every class the demo shows is described here.
CLASS_MEANINGS = {
    "p2p": "people texting each other (correct: deliver)",
    "p2p_group": "group chats among friends, strangers among them (correct: deliver)",
    "a2p_compliant": "registered businesses and a school: alerts, codes, consented promos "
    "(correct: deliver)",
    "political_compliant": "a registered political campaign, to subscribers who opted in "
    "(correct: deliver)",
    "political_noncompliant": "the same campaign unregistered, to a bought list (correct: block)",
    "snowshoe": "spam spread thinly over many fresh numbers (correct: block)",
    "smishing": "phishing waves: fake parcel, bank, shop and toll texts (correct: block)",
    "sim_farm": "a SIM farm: numbers sending lures all day, receiving nothing (correct: block)",
    "subscriber_reply": "subscribers answering: STOP, HELP and replies (correct: deliver)",
    "stop_ignored": "a marketer texting people who replied STOP (correct: block)",
}

# The classes whose verdicts the demo explains, in this order, with the action to look for.
_EXAMPLES = (
    ("political_compliant", "deliver", "a registered, consented P2P campaign text"),
    ("political_noncompliant", "block", "the same campaign on a bought list, unregistered"),
    ("smishing", "block", "a smishing text"),
)


@click.command()
@click.option("--subscribers", type=click.IntRange(100, 200_000), default=1000, show_default=True)
@click.option("--hours", type=click.FloatRange(1, 72), default=24.0, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option(
    "--keep",
    "keep_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the simulated files and verdicts.jsonl in this directory.",
)
@click.option(
    "--config",
    "config_paths",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Policy override TOML, as for scan (repeatable).",
)
def demo(
    subscribers: int, hours: float, seed: int, keep_dir: Path | None, config_paths: tuple[str, ...]
) -> None:
    """Simulate a network's day of texts, scan it, and show what each kind of traffic got.

    People texting each other, registered senders (bank codes, a school's closure alert, a
    consented political P2P campaign) and unwanted traffic (the same campaign unregistered on a
    bought list, snowshoe spam, smishing waves, SIM farms, a sender ignoring STOP), scored by every
    signal, compared with the simulator's ground truth, with a few verdicts explained.
    """
    tune_gc_for_throughput()
    try:
        config = load_config(config_paths)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if keep_dir is not None:
        _check_writable(keep_dir)
    with tempfile.TemporaryDirectory(prefix="clearline-demo-") as scratch:
        folder = keep_dir or Path(scratch)
        paths = SimulationPaths.beside(folder / "traffic.jsonl")
        counts = run_simulation(subscribers, hours, seed, paths)
        click.echo(
            f"Clearline demo: {sum(counts.values()):,} simulated messages, {subscribers:,} "
            f"subscribers, {hours:g} h, seed {seed}\n"
        )
        with Engine(config=config) as engine:
            loaded = import_files(ComplianceStore(engine.state), paths.registry, paths.consent)
            click.echo(loaded.render())
            output = io.BytesIO()
            with paths.traffic.open("rb") as source:
                summary = scan_records(engine, read_jsonl(source), output)
            click.echo(summary.render())
            raw = output.getvalue().splitlines()
            truth = [msgspec.json.decode(line) for line in paths.truth.read_bytes().splitlines()]
            click.echo("\nagainst the simulator's ground truth:")
            evaluation = evaluate(truth, (msgspec.json.decode(line) for line in raw))
            click.echo(evaluation.render())
            click.echo("\nwhat the classes are (and what a correct filter does):")
            for kind in sorted(evaluation.by_class):
                click.echo(f"  {kind:<24}{CLASS_MEANINGS.get(kind, '')}")
            messages = paths.traffic.read_bytes().splitlines()
            for kind, action, label in _EXAMPLES:
                index = next(
                    (
                        i
                        for i, fact in enumerate(truth)
                        if fact["class"] == kind and f'"action":"{action}"'.encode() in raw[i]
                    ),
                    None,
                )
                if index is not None:
                    click.echo(f"\n--- {label} ---")
                    sent = msgspec.json.decode(messages[index])
                    click.echo(f"from {sent['from']} to {sent['to']}:\n  {sent['body']}\n")
                    verdict = decode_verdict(raw[index])
                    click.echo(explain_verdict(verdict, engine.policy, engine.symbol_specs))
        if keep_dir is not None:
            try:
                (folder / "verdicts.jsonl").write_bytes(output.getvalue())
            except OSError as exc:
                raise click.ClickException(f"cannot write {folder}: {exc.strerror}") from None
            click.echo(f"\nkept the simulation and verdicts.jsonl in {folder}")


def _check_writable(folder: Path) -> None:
    """Fail before simulating, in one line, when ``--keep`` cannot hold the files."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise click.ClickException(f"cannot keep the demo in {folder}: {exc.strerror}") from None
