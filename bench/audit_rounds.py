"""Where a scoring round's time goes as the audit grows: the service's round without HTTP.

Builds the service's ``ScoringWorker`` on a fresh SQLite file (or ``--db URL``) and feeds it
rounds of ``--round-size`` messages of ``bench/api.py``'s traffic, timing each part of every round:
the id lookup, the engine, the audit rows (verdict, party index, symbols), the held text, and
the commit. One line per ``--report-every`` messages, so a part whose cost grows with the audit's
size shows it. ``--random-ids`` gives each message a random UUID id instead of ordered ids.

Usage: python bench/audit_rounds.py [--db URL] [--messages 200000] [--round-size 400]
                                    [--report-every 20000] [--random-ids]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from api import _messages
from clearline.adapters.http import scoring
from clearline.codec import decode_message
from clearline.model import Message
from clearline.policy import load_config
from clearline.storage import audit, audit_writer, open_database, spam_folder

Timings = Counter[str]


def _timed(function: Callable[..., Any], timings: Timings, part: str) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timings[part] += time.perf_counter() - started

    return run


def main() -> None:
    """Run the rounds and print the cost of each part, in µs a message."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="database URL (default: a temp SQLite file)")
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--round-size", type=int, default=400)
    parser.add_argument("--report-every", type=int, default=20_000)
    parser.add_argument("--random-ids", action="store_true")
    args = parser.parse_args()
    db = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='clearline-rounds-')) / 'r.db'}"
    gc.freeze()  # as the service does (FrozenHeap)
    timings: Timings = Counter()
    # The parts, timed where the round calls them.
    scoring.find_verdicts = _timed(audit.find_verdicts, timings, "lookup")
    audit_writer.record_verdicts = _timed(audit.record_verdicts, timings, "audit rows")
    audit_writer.hold_messages = _timed(spam_folder.hold_messages, timings, "held text")
    worker = scoring.ScoringWorker(open_database(db), load_config(), 30 * 86_400.0)
    engine = worker.engine
    engine.score_batch = _timed(engine.score_batch, timings, "engine")  # type: ignore[method-assign]
    connection = worker.state.connection
    connection.commit = _timed(connection.commit, timings, "commit")  # type: ignore[method-assign]
    pool = _messages(20_000)
    sent = 0
    print(
        f"database: {db.split('@')[-1]}; rounds of {args.round_size}; "
        f"{'random' if args.random_ids else 'ordered'} ids; µs a message"
    )
    while sent < args.messages:
        timings.clear()
        wall = 0.0
        for _ in range(max(1, args.report_every // args.round_size)):
            batch: list[Message] = []
            for _ in range(args.round_size):
                record = dict(pool[sent % len(pool)])
                record["id"] = uuid.uuid4().hex if args.random_ids else f"x{sent:09d}"
                batch.append(decode_message(msgspec.json.encode(record)))
                sent += 1
            started = time.perf_counter()
            worker._executor.submit(worker.check_sync, batch).result()
            wall += time.perf_counter() - started
        count = max(1, args.report_every // args.round_size) * args.round_size
        parts = "  ".join(
            f"{part} {seconds / count * 1e6:5.1f}" for part, seconds in timings.items()
        )
        print(f"audit {sent:>9,} rows: round {wall / count * 1e6:6.1f}  {parts}", flush=True)
    worker.close()


if __name__ == "__main__":
    main()
