"""How often ordinary texts read as opt-out requests: the false-positive rate of the opt-out rules.

Runs ``clearline.compliance.text_rules.opt_out_request`` (the STOP keywords and the natural-language
pattern set) over every ham text in the shared data and prints how many match, with each match so
a person can judge whether it really is a request to stop. It also reports recall on a fixed list
of requests people actually write, and the rate at which ordinary texts carry opt-out language.

Usage:
    python bench/optout_language.py [--data ../shared/data] [--show 50]

Data: UCI SMS Spam Collection v.1 (Almeida, Gómez Hidalgo, Yamakami 2011; CC BY 4.0), ham rows;
"PH spam of the times" (CC BY 4.0), rows not labelled spam whose text is not redacted.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import time
from pathlib import Path

from clearline.compliance.text_rules import has_opt_out_language, opt_out_request

#: Requests to stop, as subscribers write them; every one must be recognised.
REQUESTS = (
    "STOP",
    "stop",
    "Stop.",
    " STOP ",
    "STOP!!!",
    "Stop please",
    "stop pls",
    "STOP NOW",
    "unsubscribe",
    "Unsubscribe me",
    "opt out",
    "OPTOUT",
    "Opt me out",
    "cancel",
    "end",
    "quit",
    "revoke",
    "stopall",
    "please stop texting me",
    "Please stop texting me",
    "stop texting me",
    "Stop sending me these messages",
    "stop messaging this number",
    "Quit texting me",
    "remove me from your list",
    "Please remove me from this list",
    "Remove my number",
    "take me off your list",
    "delete my number please",
    "don't text me",
    "Do not text me again",
    "Dont message me anymore",
    "never text me again",
    "I want to opt out",
    "I would like to unsubscribe",
    "i dont want any more texts",
    "No more texts please",
    "no more messages",
    "leave me alone",
    "Hi, please unsubscribe me",
    "Sorry, please remove me from your list.",
)


def _uci_ham(folder: Path) -> list[str]:
    path = folder / "uci_sms_spam_collection" / "SMSSpamCollection"
    texts = []
    for row in path.read_text("utf-8").splitlines():
        label, _, text = row.partition("\t")
        if label == "ham":
            texts.append(text)
    return texts


def _ph_ham(folder: Path) -> list[str]:
    path = folder / "ph_spam_of_the_times" / "text-messages.csv"
    texts = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = (row.get("text") or "").strip()
            if row.get("category") != "spam" and text and "REDACTED" not in text:
                texts.append(text)
    return texts


def main() -> int:
    """Print the figures; exit 1 when a known request is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--show", type=int, default=50, help="print at most this many matches")
    args = parser.parse_args()

    cpu = (
        next(
            (
                row.split(":", 1)[1].strip()
                for row in Path("/proc/cpuinfo").read_text().splitlines()
                if row.startswith("model name")
            ),
            platform.processor() or "unknown",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    print(f"machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"command: python {' '.join(sys.argv)}\n")

    missed = [text for text in REQUESTS if opt_out_request(text) is None]
    print(f"recall on {len(REQUESTS)} written requests: {len(REQUESTS) - len(missed)} recognised")
    for text in missed:
        print(f"  MISSED: {text!r}")

    for name, texts in (("UCI ham", _uci_ham(args.data)), ("PH non-spam", _ph_ham(args.data))):
        started = time.perf_counter()
        matches = [(text, kind) for text in texts if (kind := opt_out_request(text)) is not None]
        seconds = time.perf_counter() - started
        unique = {text.lower().strip() for text, _ in matches}
        with_language = sum(1 for text in texts if has_opt_out_language(text))
        rate = 100.0 * len(matches) / len(texts)
        print(
            f"\n{name}: {len(texts):,} texts, {len(matches)} read as opt-out requests "
            f"({rate:.3f} %, {len(unique)} distinct); "
            f"{1e6 * seconds / len(texts):.1f} µs/text; "
            f"{with_language:,} carry opt-out language"
        )
        for text, kind in matches[: args.show]:
            print(f"  [{kind}] {text[:100]!r}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
