"""The SMPP proxy's whole per-message path in one process, for instruction counts.

``bench/smpp.py`` measures the proxy over real sockets against a load generator, which on a
shared two-core host says as much about the other processes as about the proxy. This drives the
same code (``EsmeSession`` -> ``Proxy`` -> engine -> ``UpstreamLink`` and back, the audit file
written) through in-memory transports: each tick hands the proxy ``--batch`` submit_sm of issue
19's unique-body traffic, answers every forwarded one as an SMSC would, and collects the ESME's
answers. Nothing waits on a socket, so ``valgrind --tool=callgrind`` counts the same work run
after run; subtract a ``--send 0`` run (start-up and making the traffic) and divide by the
messages.

``--stub-engine`` answers every message ``deliver`` without scoring it: what is left is the
proxy's own work (decoding, admission, dispatch, answers, audit).

Usage: python bench/smpp_inprocess.py [--messages 10000] [--send N] [--batch 190] [--seed 11]
                                      [--stub-engine]
       valgrind --tool=callgrind python bench/smpp_inprocess.py ...
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import tempfile
import time
from pathlib import Path
from typing import Any

from clearline.adapters.smpp import config as smpp_config
from clearline.adapters.smpp import pdu
from clearline.adapters.smpp.loadgen import MemoryTransport
from clearline.adapters.smpp.proxy import Proxy
from clearline.adapters.smpp.session import EsmeSession
from clearline.adapters.smpp.upstream import UpstreamLink, UpstreamProtocol
from clearline.engine import Engine
from clearline.model import Action, Message, Verdict
from smpp import unique_frames


def _deliver_all(messages: list[Message]) -> list[Verdict]:
    return [Verdict(m.id, Action.DELIVER, 0.0) for m in messages]


def run(frames: list[bytes], batch: int, *, stub_engine: bool) -> dict[str, Any]:
    """Push ``frames`` through a proxy ``batch`` at a time; the answers' statuses and the CPU."""
    loop = asyncio.new_event_loop()
    workdir = Path(tempfile.mkdtemp(prefix="clearline-smpp-inprocess-"))
    config = smpp_config.convert(
        {
            "esme": [{"system_id": "bench", "password": "benchpw", "sources": ["*"]}],
            "stats_interval": 0,
            "gc_freeze_interval": 0,
            "audit": {"path": str(workdir / "audit.jsonl")},
        }
    )
    engine = Engine.from_files([], None)
    if stub_engine:
        engine.score_batch = _deliver_all  # type: ignore[method-assign]
    proxy = Proxy(config, engine)
    proxy.loop = loop
    upstream = proxy.upstream = UpstreamLink(proxy, config.upstream)
    smsc_side = UpstreamProtocol(upstream)
    smsc = MemoryTransport()
    smsc_side.connection_made(smsc)
    upstream.protocol, upstream.bound = smsc_side, True
    session = EsmeSession(proxy)
    esme = MemoryTransport()
    session.connection_made(esme)

    def settle() -> None:
        for _ in range(3):
            loop.run_until_complete(asyncio.sleep(0))

    session.data_received(pdu.encode_bind(pdu.BIND_TRANSCEIVER, 1, "bench", "benchpw"))
    settle()
    esme.take()
    gc.collect()
    gc.freeze()
    gc.disable()  # as the proxy's FrozenHeap runs it
    statuses: collections.Counter[int] = collections.Counter()
    sequence, message_id = 2, 0
    started = time.process_time()
    for start in range(0, len(frames), batch):
        tick = []
        for frame in frames[start : start + batch]:
            tick.append(pdu.with_sequence(frame, sequence))
            sequence += 1
        session.data_received(b"".join(tick))
        settle()
        answers = []
        for frame in smsc.take():
            message_id += 1
            upstream_sequence = pdu.header(frame).sequence
            answers.append(
                pdu.encode_message_id_resp(pdu.SUBMIT_SM, 0, upstream_sequence, f"{message_id:x}")
            )
        if answers:
            smsc_side.data_received(b"".join(answers))
            settle()
        statuses.update(pdu.header(frame).status for frame in esme.take())
    cpu = time.process_time() - started
    proxy.flush()
    gc.enable()
    engine.close()
    loop.close()
    return {"answered": sum(statuses.values()), "statuses": dict(statuses), "cpu_seconds": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=190)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--send", type=int, help="send only the first N (0: start-up alone)")
    parser.add_argument("--stub-engine", action="store_true")
    args = parser.parse_args()
    frames = unique_frames(args.messages, args.seed)[: args.send]
    result = run(frames, args.batch, stub_engine=args.stub_engine)
    per_message = result["cpu_seconds"] / max(len(frames), 1) * 1e6
    print(
        f"{len(frames):,} messages in ticks of {args.batch}: {result['answered']:,} answered, "
        f"statuses {sorted(result['statuses'].items())}, {per_message:.1f} µs of CPU a message"
    )


if __name__ == "__main__":
    main()
