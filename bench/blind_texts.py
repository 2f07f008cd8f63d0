"""Blind sets of today's texts (issue 18): what the shipped defaults flag, each text sent cold.

Each set under ``bench/blind_texts/`` was written by a helper that saw no Clearline code and
ran no filter: unwanted texts (scams and spam of the kinds regulators report, in many styles)
and wanted ones (people's texts, shared links, banks', carriers', utilities' and shops'
notices) for recipients in the US, the UK, India, Nigeria and the Philippines. A set is blind
only for the change it first judged: set 2 judged session 20's first change (set 1 was read
while it was made), set 3 its second, set 4 the session's whole work; set 5 session 21's code
request finder, set 6 its tree at ``ce61f95`` and set 7 at ``98959ef``; set 8 session 22's
account-lock call, set 9 its tree at ``92e73fc``, set 10 at ``d0cf0b5`` and set 11 at
``459384d``; set 12 session 23's pitch finder, set 13 its tree at ``0fa6a98``; set 14 session
24's tree at ``6c44a2b``, set 15 at ``62a6978``; set 16 session 25's tree at ``909bc09``, set 17
at ``49c3a57``; set 18 session 26's tree at ``d86770b``, set 19 at ``2ad5605``, set 20 at
``5e673d8``; set 21 session 27's start ``5259b3d`` and its job finder ``7672f10``, set 22
``adee34c``, set 23 ``7605663``, set 24 ``eb17b90``, set 25 ``79b0372``, set 26 ``02ee99e`` and
set 27 ``21aebd7`` (each also at ``5259b3d``; set 27 judged only, not read). Once read, a set is
a regression check like ``bench/written_texts.py``, and a new round needs a new blind set. Sets
8 to 17 also hold recipients in Kenya, South Africa, Australia, Canada and Singapore (sets 11
and 14 to 17 in Ghana too); sets 16 and 17 in New Zealand, Ireland and Malaysia, set 16 in the
UAE, Pakistan, Bangladesh, Jamaica and Trinidad and Tobago; set 18 spreads its texts over
fourteen countries, and a quarter of set 19's are India's; sets 21 to 27 spread theirs over all
nineteen countries of ``NUMBERS``.

Every text goes through the whole default engine from its own number to its own recipient in
its country, with no earlier exchange, as the issue's hidden check sends its texts. For each set:
how many unwanted and wanted texts are tagged or blocked, by kind; with ``--verbose``, the
unwanted texts delivered and the wanted ones flagged, with their reasons.

Usage: python bench/blind_texts.py [--verbose] [SET.json ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
from collections import Counter
from pathlib import Path

from clearline.engine import Engine
from clearline.model import Action, Message, Verdict

SETS = Path(__file__).with_name("blind_texts")
#: Sender and recipient number formats per recipient country (valid mobile numbers), filled
#: with the text's index.
NUMBERS = {
    "US": ("+1646231{:04d}", "+1718431{:04d}"),
    "GB": ("+4479112{:05d}", "+4479122{:05d}"),
    "IN": ("+9198450{:05d}", "+9199860{:05d}"),
    "NG": ("+234803123{:04d}", "+234805123{:04d}"),
    "PH": ("+63917123{:04d}", "+63918123{:04d}"),
    "KE": ("+25471211{:04d}", "+25472211{:04d}"),
    "ZA": ("+2782123{:04d}", "+2783123{:04d}"),
    "AU": ("+6141211{:04d}", "+6141311{:04d}"),
    "CA": ("+1416231{:04d}", "+1647431{:04d}"),
    "SG": ("+659123{:04d}", "+658123{:04d}"),
    "GH": ("+23324123{:04d}", "+23320123{:04d}"),
    "NZ": ("+6421123{:04d}", "+6422123{:04d}"),
    "IE": ("+35387123{:04d}", "+35386123{:04d}"),
    "MY": ("+6012312{:04d}", "+6013312{:04d}"),
    "AE": ("+97150123{:04d}", "+97155123{:04d}"),
    "PK": ("+92300123{:04d}", "+92321123{:04d}"),
    "BD": ("+8801711{:06d}", "+8801811{:06d}"),
    "JM": ("+1876312{:04d}", "+1876412{:04d}"),
    "TT": ("+1868620{:04d}", "+1868720{:04d}"),
}


def score_cold(items: list[dict[str, str]]) -> list[Verdict]:
    """The default engine's verdict for each text, each sent cold in its own country."""
    start = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    messages = []
    for i, item in enumerate(items):
        sender, recipient = NUMBERS[item["country"]]
        messages.append(
            Message(
                id=str(i),
                ts=start + dt.timedelta(seconds=i),
                sender=sender.format(i),
                to=recipient.format(i),
                body=item["text"],
            )
        )
    return Engine().score_batch(messages)


def report(path: Path, verbose: bool) -> None:
    """Print one set's figures."""
    texts = json.loads(path.read_text(encoding="utf-8"))
    print(f"{path.name}:")
    for group in ("unwanted", "wanted"):
        items = texts[group]
        verdicts = score_cold(items)
        flagged = [v.action is not Action.DELIVER for v in verdicts]
        kinds = Counter(item["kind"] for item in items)
        hit = Counter(item["kind"] for item, f in zip(items, flagged, strict=True) if f)
        print(f"  {group}: {sum(flagged)} of {len(items)} tagged or blocked")
        print("    " + ", ".join(f"{kind} {hit[kind]}/{n}" for kind, n in kinds.most_common()))
        if not verbose:
            continue
        for item, verdict, f in zip(items, verdicts, flagged, strict=True):
            if f is (group == "wanted"):
                reasons = ", ".join(f"{r.symbol} {r.score:.1f}" for r in verdict.reasons)
                print(
                    f"    [{item['kind']}/{item['country']}] {item['text'][:100]!r} -> "
                    f"{verdict.action.value} {verdict.score:.1f}: {reasons}"
                )


def main() -> None:
    """Score each set and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--verbose", action="store_true", help="show the texts judged wrongly")
    parser.add_argument("sets", nargs="*", type=Path, help="sets to score (default: all)")
    args = parser.parse_args()
    print(f"# Blind texts, each sent cold - {dt.date.today()} - Python {platform.python_version()}")
    for path in args.sets or sorted(SETS.glob("*.json")):
        report(path, args.verbose)


if __name__ == "__main__":
    main()
