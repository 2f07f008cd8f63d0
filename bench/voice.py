"""Voice benchmarks: INVITEs through ``clearline sip``, ``calls scan`` throughput, and robocall
detection on the FTC complaint numbers replayed as call traffic beside ordinary callers.

* **sip**: ``clearline sip`` (UDP) as a subprocess; a client sends signed INVITEs (PASSporTs
  made with PyJWT by a test STI-CA, as the tests do) at a fixed rate and times each answer: the
  round trip on loopback is the latency the screening adds to call setup (an upper bound: it
  includes the kernel's loopback). Prints INVITE/s answered, p50/p99/max, the server's CPU.
* **scan**: ``clearline calls scan`` on generated calls, half of them signed (the PASSporTs are
  drawn from a pool, as a carrier's traffic repeats identities), one process: calls/s.
* **detection**: the 2021-07-08 FTC Do Not Call file (``../shared/data/ftc_dnc_complaints``):
  each complained-about number places calls over the day (``--calls-per-complaint`` per complaint,
  short, to callees in the complainants' area codes, unsigned), beside ordinary callers (valid
  NANP numbers, a few long calls each to a few callees, half of them signed). Scored in time
  order by the call engine, twice: on behaviour alone (no lists), and with the same file imported
  as the complaints list (an upper bound: the list then knows every complained number). Prints,
  for the complained numbers, the share of their calls tagged or blocked from their Nth call on,
  and for the ordinary callers the share of calls tagged and blocked.
  Beside them, ``--rotating N`` simulated robocallers rotate caller IDs (a fresh one every 3-8
  calls, a call every 10-30 s for 2-4 hours, mostly hung up at once), half of them through the
  numbers of their own NPA-NXX block and half through numbers from anywhere (spoofed); in each
  half, some walk runs of consecutive callees, the others dial a list twice; and
  ordinary traffic that shares prefixes: a bank's call centre (100 agents' numbers of one block,
  callbacks by other agents) and busy consumer blocks (2,000 subscribers in 5 exchanges, some
  short calls). Printed: the share of the rotating robocallers' calls tagged or blocked from the
  Nth call of each operation on, the operations ever labelled, and the call centre's and
  consumer blocks' calls tagged and blocked (counted among the ordinary callers).

Usage: python bench/voice.py [--part sip|scan|detection|all] [--rate 1000] [--seconds 10]
       [--sip-state] [--calls 200000] [--calls-per-complaint 10] [--rotating 50]
       [--config FILE ...] [--seed 7]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import msgspec

# The test STI-CA and PyJWT-signed PASSporTs of the test suite (dev dependencies).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from clearline.adapters.smpp.loadgen import percentile
from clearline.compliance.imports import import_files
from clearline.compliance.store import ComplianceStore
from clearline.model import Action, Call
from clearline.policy import load_config
from clearline.signals.numbers import is_valid_nanp
from clearline.state import open_state
from clearline.voice.engine import CallEngine
from machine import cpu_seconds, cpu_steal, steal_percent
from sti_support import identity_header, make_pki, passport

FTC_FILE = Path(__file__).resolve().parents[1] / "../shared/data/ftc_dnc_complaints"
FTC_FILE = FTC_FILE / "dnc_complaint_numbers_2021-07-08.csv"


def _cpu_model() -> str:
    for row in Path("/proc/cpuinfo").read_text().splitlines():
        if row.startswith("model name"):
            return row.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _nanp(rng: random.Random) -> str:
    while True:
        number = f"+1{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        if is_valid_nanp(number):
            return number


# --- sip ------------------------------------------------------------------------------------------


def _invite(call_id: str, caller: str, callee: str, identity: str) -> bytes:
    return (
        f"INVITE sip:{callee}@127.0.0.1 SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-{call_id}\r\n"
        f"From: <sip:{caller}@127.0.0.1>;tag=1\r\n"
        f"To: <sip:{callee}@127.0.0.1>\r\n"
        f"Call-ID: {call_id}\r\n"
        "CSeq: 1 INVITE\r\n"
        "Max-Forwards: 70\r\n"
        f"Identity: {identity}\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


class _Client(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.sent: dict[str, float] = {}
        self.latencies: list[float] = []
        self.statuses: Counter[str] = Counter()

    def datagram_received(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        now = time.perf_counter()
        found = re.search(rb"\r\nCall-ID: ([^\r]+)\r\n", data)
        if found is None:
            return
        started = self.sent.pop(found.group(1).decode(), None)
        if started is not None:
            self.latencies.append(now - started)
            self.statuses[data[8:11].decode()] += 1


async def _drive(port: int, invites: list[bytes], ids: list[str], rate: float) -> _Client:
    loop = asyncio.get_running_loop()
    transport, client = await loop.create_datagram_endpoint(
        _Client, remote_addr=("127.0.0.1", port)
    )
    start = time.perf_counter()
    for i, (data, call_id) in enumerate(zip(invites, ids, strict=True)):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        client.sent[call_id] = time.perf_counter()
        transport.sendto(data)
    await asyncio.sleep(1.0)  # the last answers
    transport.close()
    return client


def bench_sip(rate: float, seconds: float, seed: int, workdir: Path, state: bool) -> None:
    """INVITEs/s through ``clearline sip`` and the latency it adds."""
    rng = random.Random(seed)
    pki = make_pki(around=dt.datetime.now(dt.UTC))
    trust, cache = pki.install(workdir)
    pairs = [(_nanp(rng), _nanp(rng)) for _ in range(500)]
    now = dt.datetime.now(dt.UTC)
    identities = [
        identity_header(passport(pki.signing_key, orig=a[1:], dest=(b[1:],), iat=now))
        for a, b in pairs
    ]
    count = int(rate * seconds)
    ids = [f"bench-{i}" for i in range(count)]
    invites = []
    for i, call_id in enumerate(ids):
        k = i % len(pairs)
        invites.append(_invite(call_id, pairs[k][0], pairs[k][1], identities[k]))
    log = workdir / "sip.log"
    with log.open("wb") as err:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "clearline", "sip", "--listen", "127.0.0.1:0"),
                *("--transport", "udp", "--trust-store", str(trust), "--cert-cache", str(cache)),
                *(("--state", str(workdir / "sip-state.db")) if state else ()),
            ],
            stderr=err,
            stdin=subprocess.DEVNULL,
        )
    try:
        port = 0
        deadline = time.monotonic() + 60
        while not port and time.monotonic() < deadline:
            found = re.search(r"listening on 127\.0\.0\.1:(\d+)", log.read_text())
            port = int(found.group(1)) if found else 0
            time.sleep(0.05)
        if not port:
            raise SystemExit("clearline sip did not start: " + log.read_text())
        # Warm up (imports, first verification), then measure.
        asyncio.run(_drive(port, invites[:200], [f"warm-{i}" for i in range(200)], 200.0))
        cpu_before, steal_before = cpu_seconds(server.pid), cpu_steal()
        started = time.perf_counter()
        client = asyncio.run(_drive(port, invites, ids, rate))
        wall = time.perf_counter() - started - 1.0
        cpu = cpu_seconds(server.pid) - cpu_before
        steal = steal_percent(steal_before, cpu_steal())
    finally:
        server.terminate()
        server.wait(timeout=30)
    answered = len(client.latencies)
    ms = [x * 1000 for x in client.latencies]
    where = "SQLite --state" if state else "in-memory state"
    print(f"sip: {count:,} INVITEs offered at {rate:,.0f}/s for {seconds:g} s over UDP, {where}")
    print(
        f"  answered {answered:,} ({answered / count:.1%}), {answered / wall:,.0f}/s; "
        f"statuses {dict(client.statuses)}"
    )
    print(
        f"  added latency (loopback round trip): p50 {percentile(ms, 0.5):.2f} ms, "
        f"p99 {percentile(ms, 0.99):.2f} ms, max {max(ms, default=float('nan')):.2f} ms"
    )
    print(f"  server CPU {cpu / wall:.0%} of one core; VM steal {steal:.1f} %")


# --- calls scan -----------------------------------------------------------------------------------


def bench_scan(calls: int, seed: int, workdir: Path) -> None:
    """``calls scan`` throughput on one core."""
    rng = random.Random(seed)
    pki = make_pki()
    trust, cache = pki.install(workdir)
    base = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
    pairs = [(_nanp(rng), _nanp(rng)) for _ in range(1000)]
    path = workdir / "calls.jsonl"
    encoder = msgspec.json.Encoder()
    with path.open("wb") as out:
        tokens: dict[int, tuple[str, dt.datetime]] = {}
        for i in range(calls):
            ts = base + dt.timedelta(seconds=i * 0.01)
            k = rng.randrange(len(pairs))
            record = {"id": f"c{i}", "ts": ts.isoformat(), "from": pairs[k][0], "to": pairs[k][1]}
            if i % 2 == 0:
                token = tokens.get(k)
                # A carrier signs each call afresh; here a pool's PASSporT is reused for a minute.
                if token is None or (ts - token[1]).total_seconds() > 50:
                    iat = ts
                    signed = passport(
                        pki.signing_key, orig=pairs[k][0][1:], dest=(pairs[k][1][1:],), iat=iat
                    )
                    token = tokens[k] = (identity_header(signed), iat)
                record["identity"] = token[0]
            out.write(encoder.encode(record) + b"\n")
    command = [sys.executable, "-m", "clearline", "calls", "scan", str(path), "-o", os.devnull]
    command += ["-q", "--trust-store", str(trust), "--cert-cache", str(cache)]
    started = time.perf_counter()
    before = os.times()
    subprocess.run(command, check=True)
    after = os.times()
    wall = time.perf_counter() - started
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    print(f"calls scan: {calls:,} calls (half signed, 1,000 caller/callee pairs) in {wall:.2f} s")
    print(f"  {calls / wall:,.0f} calls/s wall, {calls / cpu:,.0f} calls/s per CPU second")


# --- detection ------------------------------------------------------------------------------------


def _ftc_rows() -> list[dict[str, str]]:
    with FTC_FILE.open(newline="") as handle:
        return list(csv.DictReader(handle))


def _block(rng: random.Random, taken: set[str]) -> str:
    """A fresh valid NANP NPA-NXX (``+1NPANXX``) not used by another simulated caller."""
    while True:
        block = _nanp(rng)[:8]
        if block not in taken and is_valid_nanp(block + "0000") and is_valid_nanp(block + "9999"):
            taken.add(block)
            return block


#: The rotating robocallers' kinds, by operation number modulo 4.
_ROTATING_KINDS = (
    "own block, a run of callees",
    "own block, a list dialled twice",
    "spoofed numbers, a run of callees",
    "spoofed numbers, a list dialled twice",
)


def _rotating_robocalls(
    rng: random.Random, day: dt.datetime, operations: int, taken: set[str]
) -> list[Call]:
    """Robocallers rotating through their own block's numbers (see the module docstring)."""
    calls: list[Call] = []
    for op in range(operations):
        # Kinds by op % 4: its own block and a run; its own block and a list; then the same two
        # with caller IDs drawn from anywhere (spoofed), which no prefix links.
        own_block = op % 4 < 2
        block = _block(rng, taken)
        per_number = rng.randint(3, 8)
        start = day + dt.timedelta(seconds=rng.uniform(9 * 3600, 16 * 3600))
        hours = rng.uniform(2, 4)
        gap = rng.uniform(10, 30)
        count = int(hours * 3600 / gap)
        sequential = op % 2 == 0
        caller = ""
        first = rng.randint(2_000_000, 9_000_000)
        area = rng.choice(("212", "312", "415", "617", "713", "305"))
        people = [f"+1{area}{rng.randint(2_000_000, 9_999_999)}" for _ in range(count // 2 + 1)]
        for j in range(count):
            if j % per_number == 0:  # a fresh caller ID
                caller = f"{block}{rng.randrange(10_000):04d}" if own_block else _nanp(rng)
            if sequential:
                # A run through the area's numbers, now and then skipping ahead (a gap in the
                # dialler's list, e.g. numbers it found disconnected).
                first += 1 if rng.random() > 0.05 else rng.randint(2, 50)
                to = f"+1{area}{first:07d}"
            else:
                to = people[j % len(people)]  # the list, then the same list again
            short = rng.random() < 0.75
            duration = rng.uniform(1, 5) if short else rng.uniform(10, 60)
            calls.append(
                Call(
                    id=f"x{op}-{j}",
                    ts=start + dt.timedelta(seconds=j * gap + rng.uniform(0, 2)),
                    caller=caller,
                    to=to,
                    duration=duration if j % 3 else None,
                )
            )
    return calls


def _shared_prefix_callers(
    rng: random.Random, day: dt.datetime, taken: set[str]
) -> tuple[list[Call], list[Call]]:
    """Ordinary traffic that shares prefixes: a bank's call centre, busy consumer blocks."""
    centre: list[Call] = []
    block = _block(rng, taken)
    agents = [f"{block}{1000 + k:04d}" for k in range(100)]
    customers: list[str] = []
    start = day + dt.timedelta(hours=9)
    for j in range(8 * 600):  # eight hours at 600 calls an hour
        if customers and rng.random() < 0.2:
            to = rng.choice(customers[-500:])  # a callback, usually by another agent
        else:
            to = _nanp(rng)
            customers.append(to)
        missed = rng.random() < 0.15  # voicemail picked up and hung up, a wrong number
        duration = rng.uniform(2, 5) if missed else rng.uniform(30, 900)
        centre.append(
            Call(
                id=f"bank-{j}",
                ts=start + dt.timedelta(seconds=j * 6 + rng.uniform(0, 5)),
                caller=rng.choice(agents),
                to=to,
                duration=duration,
            )
        )
    consumers: list[Call] = []
    blocks = [_block(rng, taken) for _ in range(5)]
    for k in range(2000):
        number = f"{blocks[k % 5]}{rng.randrange(10_000):04d}"
        friends = [_nanp(rng) for _ in range(rng.randint(1, 5))]
        for j in range(rng.randint(1, 8)):
            short = rng.random() < 0.2
            consumers.append(
                Call(
                    id=f"home{k}-{j}",
                    ts=day + dt.timedelta(seconds=rng.uniform(7 * 3600, 23 * 3600)),
                    caller=number,
                    to=rng.choice(friends),
                    duration=rng.uniform(1, 5) if short else rng.uniform(20, 900),
                )
            )
    return centre, consumers


def bench_detection(
    seed: int, calls_per_complaint: int, rotating: int, configs: list[Path], workdir: Path
) -> None:
    """Robocall detection on the FTC complaint numbers beside ordinary callers."""
    rng = random.Random(seed)
    rows = _ftc_rows()
    day = dt.datetime(2021, 7, 7, tzinfo=dt.UTC)
    complaints: Counter[str] = Counter()
    areas: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        digits = row["Company_Phone_Number"].strip()
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        number = "+1" + digits
        if len(digits) == 10 and is_valid_nanp(number):
            complaints[number] += 1
            areas[number].append(row.get("Consumer_Area_Code") or "212")
    calls: list[Call] = []
    robo = set(complaints)
    for number, count in complaints.items():
        for j in range(count * calls_per_complaint):
            area = rng.choice(areas[number]) if areas[number][0].isdigit() else "212"
            callee = f"+1{area}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
            ts = day + dt.timedelta(seconds=rng.uniform(8 * 3600, 20 * 3600))
            duration = rng.choice((2.0, 3.0, 4.0, 5.0, 30.0, 45.0)) if j % 3 else None
            calls.append(
                Call(id=f"r{number}-{j}", ts=ts, caller=number, to=callee, duration=duration)
            )
    ordinary = [_nanp(rng) for _ in range(20_000)]
    for k, number in enumerate(ordinary):
        friends = [_nanp(rng) for _ in range(rng.randint(1, 5))]
        for j in range(rng.randint(1, 8)):
            ts = day + dt.timedelta(seconds=rng.uniform(7 * 3600, 23 * 3600))
            duration = rng.uniform(20, 900)
            calls.append(
                Call(
                    id=f"o{k}-{j}",
                    ts=ts,
                    caller=number,
                    to=rng.choice(friends),
                    duration=duration,
                )
            )
    taken = {number[:8] for number in robo}
    rotating_calls = _rotating_robocalls(rng, day, rotating, taken)
    centre, consumers = _shared_prefix_callers(rng, day, taken)
    calls += rotating_calls + centre + consumers
    calls.sort(key=lambda c: c.ts)
    print(
        f"detection: {len(complaints):,} complained-about numbers ({sum(complaints.values()):,} "
        f"complaints), {calls_per_complaint} calls per complaint; {len(ordinary):,} ordinary "
        f"callers; {rotating} rotating robocallers ({len(rotating_calls):,} calls); a call "
        f"centre ({len(centre):,} calls) and 2,000 callers in 5 shared blocks "
        f"({len(consumers):,} calls); {len(calls):,} calls over one day"
    )
    for label, with_lists in (("behaviour alone", False), ("with the complaints list", True)):
        state = open_state(None)
        if with_lists:
            import_files(ComplianceStore(state), lists=FTC_FILE)
        engine = CallEngine(load_config(configs), state)
        started = time.perf_counter()
        verdicts = []
        for first in range(0, len(calls), 1000):
            verdicts += engine.score_batch(calls[first : first + 1000])
        seconds = time.perf_counter() - started
        nth: dict[str, int] = Counter()
        caught_from = {n: Counter[str]() for n in (1, 5, 10, 20)}
        totals = dict.fromkeys((1, 5, 10, 20), 0)
        ordinary_actions: Counter[Action] = Counter()
        rotating_nth: Counter[str] = Counter()
        rotating_from = {n: Counter[str]() for n in (1, 50, 100)}
        by_kind = {kind: Counter[str]() for kind in _ROTATING_KINDS}
        labelled_ops: set[str] = set()
        shared_actions = {"bank": Counter[Action](), "home": Counter[Action]()}
        for call, verdict in zip(calls, verdicts, strict=True):
            if call.id.startswith("x"):
                op = call.id.split("-")[0]
                rotating_nth[op] += 1
                kind = by_kind[_ROTATING_KINDS[int(op[1:]) % 4]]
                kind["calls"] += 1
                kind[verdict.action.value] += 1
                for n, counts in rotating_from.items():
                    if rotating_nth[op] >= n:
                        counts["calls"] += 1
                        counts[verdict.action.value] += 1
                if verdict.action is not Action.DELIVER:
                    labelled_ops.add(op)
                continue
            if call.id.startswith(("bank", "home")):
                shared_actions[call.id[:4]][verdict.action] += 1
            if call.caller in robo:
                nth[call.caller] += 1
                for n in caught_from:
                    if nth[call.caller] >= n:
                        totals[n] += 1
                        caught_from[n][verdict.action.value] += 1
            else:
                ordinary_actions[verdict.action] += 1
        count = sum(ordinary_actions.values())
        print(f"  {label} ({len(calls) / seconds:,.0f} calls/s in process):")
        for n, actions in caught_from.items():
            if totals[n]:
                share = (actions["tag"] + actions["block"] + actions["throttle"]) / totals[n]
                blocked = actions["block"] / totals[n]
                print(
                    f"    complained numbers, their calls from call {n} on: {share:.1%} tagged, "
                    f"throttled or blocked ({blocked:.1%} blocked) of {totals[n]:,}"
                )
        for n, counts in rotating_from.items():
            if counts["calls"]:
                share = (counts["tag"] + counts["block"] + counts["throttle"]) / counts["calls"]
                print(
                    f"    rotating robocallers, their calls from call {n} on: {share:.1%} tagged, "
                    f"throttled or blocked ({counts['block'] / counts['calls']:.1%} blocked) "
                    f"of {counts['calls']:,}"
                )
        for name, counts in by_kind.items():
            if counts["calls"]:
                print(
                    f"      {name}: {(counts['calls'] - counts['deliver']) / counts['calls']:.1%} "
                    f"tagged, throttled or blocked ({counts['block'] / counts['calls']:.1%} "
                    f"blocked) of {counts['calls']:,}"
                )
        if rotating:
            print(f"    rotating robocallers ever labelled: {len(labelled_ops)} of {rotating}")
        print(
            f"    ordinary callers: {ordinary_actions[Action.BLOCK] / count:.3%} blocked, "
            f"{ordinary_actions[Action.TAG] / count:.3%} tagged of {count:,} calls"
        )
        for name, label in (("bank", "the call centre"), ("home", "the shared consumer blocks")):
            shared = shared_actions[name]
            total = sum(shared.values())
            print(
                f"      of which {label}: {shared[Action.BLOCK] / total:.3%} blocked, "
                f"{shared[Action.TAG] / total:.3%} tagged of {total:,} calls"
            )
        engine.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["sip", "scan", "detection", "all"], default="all")
    parser.add_argument("--rate", type=float, default=1000.0, help="INVITEs/s offered")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--calls", type=int, default=200_000, help="calls for `calls scan`")
    parser.add_argument("--calls-per-complaint", type=int, default=10)
    parser.add_argument(
        "--rotating", type=int, default=50, help="robocallers rotating through their block"
    )
    parser.add_argument(
        "--config",
        type=Path,
        action="append",
        default=[],
        help="policy files layered over the shipped one for --part detection (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--sip-state", action="store_true", help="clearline sip with a SQLite --state file"
    )
    args = parser.parse_args()
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {_cpu_model()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        if args.part in ("sip", "all"):
            bench_sip(args.rate, args.seconds, args.seed, workdir, args.sip_state)
        if args.part in ("scan", "all"):
            bench_scan(args.calls, args.seed, workdir)
        if args.part in ("detection", "all"):
            if not FTC_FILE.exists():
                print(f"detection: skipped, no FTC file at {FTC_FILE}")
            else:
                bench_detection(
                    args.seed, args.calls_per_complaint, args.rotating, args.config, workdir
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
