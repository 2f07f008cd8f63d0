"""Person-to-person traffic whose bodies are all different, generated reproducibly from a seed.

Simulated days repeat most bodies (75,796 distinct in 374,000 messages), so per-text caches do
most of the work; real person-to-person traffic is mostly unique texts. Each message here is a
UCI SMS Spam Collection text with one to three words of the same corpus spliced in at random
places (regenerated until it differs from every earlier body), sent between numbers of a fixed
population: each number texts a handful of contacts, so there are conversations and replies as
well as first contacts. Event times rise through one day.

Usage as a script: python bench/unique_traffic.py OUT.jsonl [--messages 200000]
[--numbers 20000] [--seed 19]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import msgspec

#: The UCI SMS Spam Collection, relative to the repository (``../shared/data`` from a worktree).
UCI_PATH = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "uci_sms_spam_collection"
    / "SMSSpamCollection"
)
_START = dt.datetime(2026, 11, 23, tzinfo=dt.UTC).timestamp()
_CONTACTS_PER_NUMBER = 6


def number(i: int) -> str:
    """The ``i``-th number of the population (valid NANP numbers for ``i`` below 8,000,000)."""
    return f"+1415{200 + i // 10_000:03d}{i % 10_000:04d}"


def _uci_texts(path: Path) -> list[str]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            texts.append(line.split("\t", 1)[1])
    return texts


def unique_bodies(count: int, seed: int, path: Path = UCI_PATH) -> list[str]:
    """``count`` different bodies: UCI texts with random corpus words spliced in."""
    rng = random.Random(seed)
    texts = _uci_texts(path)
    vocabulary = sorted({word for text in texts for word in text.split()})
    seen: set[str] = set()
    bodies: list[str] = []
    while len(bodies) < count:
        words = rng.choice(texts).split()
        for _ in range(rng.randint(1, 3)):
            words.insert(rng.randint(0, len(words)), rng.choice(vocabulary))
        body = " ".join(words)[:900]
        if body not in seen:
            seen.add(body)
            bodies.append(body)
    return bodies


def unique_traffic(messages: int, numbers: int, seed: int, path: Path = UCI_PATH) -> bytes:
    """JSON Lines of ``messages`` scan records with all-different bodies among ``numbers``."""
    rng = random.Random(seed + 1)
    population = [number(i) for i in range(numbers)]
    contacts = [
        rng.sample(range(numbers), min(_CONTACTS_PER_NUMBER, numbers - 1)) for _ in population
    ]
    bodies = unique_bodies(messages, seed, path)
    step = 86_400.0 / max(messages, 1)
    encoder = msgspec.json.Encoder()
    lines = []
    for i, body in enumerate(bodies):
        sender = rng.randrange(numbers)
        recipient = rng.choice(contacts[sender])
        if recipient == sender:
            recipient = (sender + 1) % numbers
        ts = dt.datetime.fromtimestamp(_START + i * step, dt.UTC)
        record = {
            "id": f"u{i}",
            "ts": ts.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "from": population[sender],
            "to": population[recipient],
            "body": body,
        }
        lines.append(encoder.encode(record))
    return b"\n".join(lines) + b"\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--numbers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    args.output.write_bytes(unique_traffic(args.messages, args.numbers, args.seed))


if __name__ == "__main__":
    main()
