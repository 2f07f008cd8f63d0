"""What a long hostile body costs through the default engine, one message at a time.

A body may be 64 KiB (a long SMPP message_payload, an HTTP check). Each kind of body below is
made to reach the engine's per-text work at its worst: digit groups that all read as phone
numbers, trigger words the lures look for, links, digits joined by points (a run an amount's
pattern once read from each digit), letters NFKC makes eighteen characters, and ordinary
words. Every body is different
(seeded), each is scored alone (``Engine.score``, cold: its own sender and recipient) after a
warm-up, and the script prints the milliseconds per message, median and slowest, for each kind
and size. Figures in ``docs/benchmarks.md``.

Usage: python bench/long_bodies.py [--per-kind 20] [--seed 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import time
from collections.abc import Callable

from clearline.engine import Engine
from clearline.model import Message

SIZES = (4_096, 16_384, 65_536)
_WORDS = ("hello", "there", "meet", "you", "at", "the", "park", "tomorrow", "ok", "see")
_TRIGGERS = ("win", "cash", "prize", "claim", "urgent", "verify", "account", "free", "call")


def _digit_groups(rng: random.Random) -> str:
    return " ".join(str(rng.randrange(10)) for _ in range(15))


def _trigger_words(rng: random.Random) -> str:
    return " ".join(rng.choice(_TRIGGERS) for _ in range(8)) + f" £{rng.randrange(9999)}"


def _links(rng: random.Random) -> str:
    return (
        f"https://{rng.randrange(10**9):x}.example-{rng.randrange(99)}.top/verify?u={rng.random()}"
    )


def _dotted_digits(rng: random.Random) -> str:
    # A prize word, then digits joined by points without a space: a run an amount's pattern
    # once read to its end from each digit.
    return "win a prize " + ".".join(str(rng.randrange(10)) for _ in range(2000))


def _expanding(rng: random.Random) -> str:
    # A ligature NFKC makes eighteen characters (U+FDFA), after a prize and an amount.
    return f"win a prize ${rng.randrange(999)} " + "\ufdfa" * 200


def _pay_and_calls(rng: random.Random) -> str:
    # Pay words before amounts and call words before numbers, none by a period or a purpose:
    # each tries the amounts, or reads the words, around it.
    return f"earn {rng.randrange(99)} make ${rng.randrange(999)} call {rng.randrange(10**8)} "


def _number_then_spaces(rng: random.Random) -> str:
    # A call word and a number, then a long run of white space: a purpose read after the
    # number once retried the run from each of its characters (found in review: 5.4 s for
    # 900 spaces through the engine).
    return f"Call 844-231-{rng.randrange(10**4):04d}" + " " * 2000 + "thanks."


def _query_links(rng: random.Random) -> str:
    # Shared-document links with long queries: a redirect check once read each query from every
    # "?" of it (found in review: seconds for one 64 KiB link).
    return f"docs.google.com/document/d/{rng.randrange(10**6)}" + "?a=1" * 60 + " "


def _offers_and_family(rng: random.Random) -> str:
    # The job offer's, the "Hi Mum" text's and the bank alert's words, none completing a find.
    low, high, account = rng.randrange(99), rng.randrange(99), rng.randrange(9999)
    return f"part-time job daily pay ${low}-${high} new number A/C X{account} "


def _ordinary(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(10)) + "."


KINDS: dict[str, Callable[[random.Random], str]] = {
    "digit groups": _digit_groups,
    "trigger words": _trigger_words,
    "links": _links,
    "dotted digits": _dotted_digits,
    "expanding letters": _expanding,
    "pay and call words": _pay_and_calls,
    "number then spaces": _number_then_spaces,
    "query links": _query_links,
    "offers and family words": _offers_and_family,
    "ordinary words": _ordinary,
}


def body(kind: Callable[[random.Random], str], size: int, rng: random.Random) -> str:
    """A body of about ``size`` characters made of ``kind``'s pieces."""
    parts: list[str] = []
    length = 0
    while length < size:
        part = kind(rng)
        parts.append(part)
        length += len(part) + 2
    return ", ".join(parts)[:size]


def main() -> None:
    """Score each kind and size and print the milliseconds per message."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--per-kind", type=int, default=20, help="bodies per kind and size")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    engine = Engine()
    start = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    count = 0

    def score(text: str) -> float:
        nonlocal count
        count += 1
        message = Message(
            id=str(count),
            ts=start + dt.timedelta(seconds=count),
            sender=f"+1646{count:07d}",
            to=f"+1718{count:07d}",
            body=text,
        )
        began = time.perf_counter()
        engine.score(message)
        return (time.perf_counter() - began) * 1000

    for kind in KINDS.values():  # warm-up: models, regexes and caches loaded
        score(body(kind, 4_096, rng))
    print(
        f"# Long bodies through the default engine, one at a time, cold - "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC - Python {platform.python_version()}"
    )
    print("| kind | size | median ms | slowest ms |")
    print("|---|---|---|---|")
    for name, kind in KINDS.items():
        for size in SIZES:
            timings = [score(body(kind, size, rng)) for _ in range(args.per_kind)]
            print(f"| {name} | {size:,} | {statistics.median(timings):.1f} | {max(timings):.1f} |")


if __name__ == "__main__":
    main()
