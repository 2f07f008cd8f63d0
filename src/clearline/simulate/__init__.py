"""``clearline simulate``: realistic, time-ordered traffic with the files its senders need.

Outputs, all derived from one seed:

* ``traffic.jsonl``  messages in the ``scan`` input format, in time order (no truth inside);
* ``*.registry.json``  brands and campaigns of the registered senders (``registry import`` format);
* ``*.consent.jsonl``  the consent those senders hold (``consent import`` format);
* ``*.truth.jsonl``  per message id: its traffic class, the campaign it belongs to, and the action
  a correct filter takes (``deliver`` or ``block``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import msgspec

from clearline.simulate.population import build_population
from clearline.simulate.traffic import GENERATORS, Event, World

__all__ = ["SimulationPaths", "run_simulation", "simulate", "write_simulation"]


#: ``progress(done, total, what)``: told before each step of a simulation.
Progress = Callable[[int, int, str], None]

#: Steps a simulation reports: the population, each generator, sorting, writing.
STEPS = len(GENERATORS) + 3


def simulate(subscribers: int, hours: float, seed: int, progress: Progress | None = None) -> World:
    """Generate a world's traffic; events come back sorted by time.

    ``progress`` (optional) is told before each step; it does not change the result.
    """
    report = progress or _silent
    rng = random.Random(seed)
    used: set[str] = set()
    report(1, STEPS, "subscribers")
    world = World(rng, build_population(rng, subscribers, used), hours, used)
    for step, generate in enumerate(GENERATORS, start=2):
        report(step, STEPS, generate.__name__.replace("_", " "))
        generate(world)
    report(STEPS - 1, STEPS, "sorting by time")
    world.events.sort()
    return world


def _silent(done: int, total: int, what: str) -> None:
    """The progress of a run nobody watches."""


@dataclass(frozen=True)
class SimulationPaths:
    """Where each output goes."""

    traffic: Path
    registry: Path
    consent: Path
    truth: Path

    @classmethod
    def beside(cls, traffic: Path) -> SimulationPaths:
        """The default layout: ``X.jsonl`` beside ``X.registry.json``, ``X.consent.jsonl`` and
        ``X.truth.jsonl``."""
        stem = traffic.with_suffix("") if traffic.suffix == ".jsonl" else traffic
        return cls(
            traffic,
            stem.with_name(stem.name + ".registry.json"),
            stem.with_name(stem.name + ".consent.jsonl"),
            stem.with_name(stem.name + ".truth.jsonl"),
        )


def _iso(epoch: float) -> str:
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def write_simulation(world: World, paths: SimulationPaths) -> dict[str, int]:
    """Write the four files; return message counts by traffic class."""
    encode = msgspec.json.encode
    counts: dict[str, int] = {}
    with paths.traffic.open("wb") as traffic, paths.truth.open("wb") as truth:
        for index, event in enumerate(world.events, start=1):
            message_id = f"s{index:08d}"
            traffic.write(
                encode(
                    {
                        "id": message_id,
                        "ts": _iso(event.epoch),
                        "from": event.sender,
                        "to": event.to,
                        "body": event.body,
                    }
                )
                + b"\n"
            )
            truth.write(encode(_truth(message_id, event)) + b"\n")
            counts[event.kind] = counts.get(event.kind, 0) + 1
    paths.registry.write_bytes(
        msgspec.json.format(encode({"brands": world.brands, "campaigns": world.campaigns}))
    )
    with paths.consent.open("wb") as consent:
        for record in world.consents:
            consent.write(encode(record) + b"\n")
    return counts


def _truth(message_id: str, event: Event) -> dict[str, str]:
    return {
        "id": message_id,
        "class": event.kind,
        "campaign": event.campaign,
        "expected": event.expected,
    }


def run_simulation(
    subscribers: int,
    hours: float,
    seed: int,
    paths: SimulationPaths,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Simulate and write; the library form of ``clearline simulate``."""
    world = simulate(subscribers, hours, seed, progress)
    if progress is not None:
        progress(STEPS, STEPS, "writing files")
    return write_simulation(world, paths)
