"""Scaling out over Redis: 1 and 2 workers, Redis traffic per message, and a shared STOP's delay.

Starts its own ``redis-server`` on a free 127.0.0.1 port (no persistence: ``--save ""
--appendonly no``) and stops it by pid at the end; nothing else is contacted. Prints:

  * msg/s with **one** scoring worker (``clearline scan --state-url --workers 1`` over a
    unique-body traffic file, bench/unique_traffic.py) and with **two** such processes at once,
    each on one half of the file, sharing the Redis (``--split alternate``: every other line, as a
    round-robin balancer deals them; ``--split sender``: by a hash of the sender, as a broker
    partitioned by sender does); the ratio of the two rates, net of the processes' start-up (a
    one-message scan's wall time), the CPU the clearline processes and Redis used per message,
    and the commit scripts run (a batch that conflicted with the other worker commits again);
  * what Redis saw per message during the one-worker run (``CONFIG RESETSTAT`` before, ``INFO``
    after): commands, round trips (``total_reads_processed``: the socket reads Redis served, one
    per request or pipeline that arrives whole), bytes in and out, and the calls per command
    (``INFO commandstats``);
  * the delay before a STOP recorded by one ``clearline serve --state-url`` process is honoured by
    another (both on one SQLite service database, as docs/scale.md describes): for each of
    ``--tries`` fresh pairs, worker 2 first scores a message of the pair (so it has read the
    pair's empty opt-out), the STOP goes to worker 1, and from its answer on worker 2 is polled
    with a message of the pair until it blocks it with ``OPT_OUT_IGNORED`` (at most
    ``--max-polls`` polls); p50 and max of the delay and of the polls needed.

Each ``redis-server``, ``scan`` and ``serve`` process runs in a session of its own: with Linux's
``sched_autogroup`` the CPU is shared between sessions, and workers in one session would share one
session's CPU on a loaded host (``/proc/sys/kernel/sched_autogroup_enabled`` says whether it is
on). With ``--pairs N`` the 1- and 2-worker scans run N times, one pair after the other, and each
pair's ratio is printed (the host's load moves between runs).

Every loop is bounded; the script stops by itself. Not run in CI.

Usage: python bench/scale.py [--messages 20000] [--numbers 5000] [--tries 50] [--max-polls 200]
                            [--split alternate|sender] [--batch-size N] [--skip-stop]
                            [--pairs 1]
       python bench/scale.py --cluster 3 [--messages N] [--batch-size N]
         (one worker over a Redis Cluster of 3 masters: msg/s, round trips and commit scripts a
         batch, summed over the masters)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import msgspec
import redis

from clearline.scan import DEFAULT_BATCH_SIZE as _DEFAULT_BATCH_SIZE
from unique_traffic import unique_traffic

_CLEARLINE = [sys.executable, "-m", "clearline"]

# Each server and worker in a session of its own. Linux with sched_autogroup (on by default in
# desktop and many cloud kernels) shares the CPU fairly between *sessions*, not processes: on a
# loaded host, workers started in one session share one session's share, so a second worker
# cannot get more CPU than the first had, as it would on a node of its own.
_OWN_SESSIONS = True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _redis_server(folder: Path) -> Iterator[str]:
    """A fresh ``redis-server`` on a free loopback port; yields its URL, stops it by pid."""
    port = _free_port()
    log = (folder / "redis.log").open("wb")
    server = subprocess.Popen(
        [
            *("redis-server", "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(folder)),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=_OWN_SESSIONS,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None:
                    raise SystemExit((folder / "redis.log").read_text()) from None
                time.sleep(0.1)
        else:
            raise SystemExit("redis-server did not answer within 10 s")
        yield url
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


@contextmanager
def _redis_cluster(folder: Path, masters: int = 3) -> Iterator[list[str]]:
    """A fresh Redis Cluster of ``masters`` nodes on free loopback ports (each with a free port of
    its own for the cluster bus), the slots cut in equal ranges; yields the nodes' URLs, stops
    every node by pid."""
    servers: list[subprocess.Popen[bytes]] = []
    ports = [(_free_port(), _free_port()) for _ in range(masters)]
    try:
        for number, (port, bus) in enumerate(ports):
            node = folder / f"node{number}"
            node.mkdir()
            servers.append(
                subprocess.Popen(
                    [
                        *("redis-server", "--port", str(port), "--bind", "127.0.0.1"),
                        *("--cluster-enabled", "yes", "--cluster-port", str(bus)),
                        *("--cluster-config-file", str(node / "nodes.conf")),
                        *("--save", "", "--appendonly", "no", "--dir", str(node)),
                    ],
                    stdout=(node / "redis.log").open("wb"),
                    stderr=subprocess.STDOUT,
                    start_new_session=_OWN_SESSIONS,
                )
            )
        clients = [redis.Redis(port=port) for port, _ in ports]
        for client in clients:
            for _ in range(100):
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.1)
        bounds = [16384 * number // masters for number in range(masters + 1)]
        for number, client in enumerate(clients):
            client.execute_command("CLUSTER ADDSLOTSRANGE", bounds[number], bounds[number + 1] - 1)
            for port, bus in ports[:number] + ports[number + 1 :]:
                client.execute_command("CLUSTER MEET", "127.0.0.1", port, bus)
        for _ in range(600):
            if all(
                c.execute_command("CLUSTER INFO")["cluster_state"] == "ok"
                and len(c.execute_command("CLUSTER SLOTS")) == masters
                for c in clients
            ):
                break
            time.sleep(0.1)
        else:
            raise SystemExit("the Redis Cluster did not form within 60 s")
        yield [f"redis://127.0.0.1:{port}/0" for port, _ in ports]
    finally:
        for server in servers:
            os.kill(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def _cluster_throughput(
    folder: Path, messages: int, numbers: int, batch_size: int | None, masters: int
) -> None:
    """One ``scan --state-url`` worker over a Redis Cluster: msg/s, and per batch the round
    trips and commit scripts the masters served (summed over them)."""
    traffic = unique_traffic(messages, numbers, seed=19)
    whole = folder / "all.jsonl"
    whole.write_bytes(traffic)
    single = folder / "single.jsonl"
    single.write_bytes(traffic.splitlines(keepends=True)[0])
    with _redis_cluster(folder, masters) as urls:
        clients = [redis.Redis.from_url(url) for url in urls]
        wall0, _ = _scan([single], urls[0], folder, batch_size)
        for client in clients:
            client.flushall()
            client.config_resetstat()
        wall1, _ = _scan([whole], urls[0], folder, batch_size)
        stats = [client.info("stats") for client in clients]
        scripts = sum(
            int(c.info("commandstats").get("cmdstat_evalsha", {}).get("calls", 0)) for c in clients
        )
        trips = sum(int(s["total_reads_processed"]) for s in stats)
        commands = sum(int(s["total_commands_processed"]) for s in stats)
        batches = -(-messages // (batch_size or _DEFAULT_BATCH_SIZE))
        print(
            f"Redis Cluster of {masters} masters, 1 worker: {messages / (wall1 - wall0):,.0f} "
            f"msg/s net of start-up ({wall1:.1f} s); {batches:,} batches of "
            f"{batch_size or _DEFAULT_BATCH_SIZE}: {trips / batches:.1f} round trips and "
            f"{scripts / batches:.1f} commit scripts a batch (summed over the masters), "
            f"{commands / messages:.3f} commands and {trips / messages:.3f} round trips a message"
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _redis_cpu(client: redis.Redis) -> float:
    info: dict[str, Any] = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def _scan(files: list[Path], url: str, folder: Path, batch_size: int | None) -> tuple[float, float]:
    """Scan every file in its own ``clearline scan --workers 1`` process, all at once, sharing
    the Redis at ``url``; (wall seconds until the last ends, CPU seconds they used)."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [
                *(*_CLEARLINE, "scan", str(path), "--state-url", url, "--workers", "1", "-q"),
                *("-o", str(folder / f"{path.stem}.verdicts.jsonl")),
                *(("--batch-size", str(batch_size)) if batch_size else ()),
            ],
            stderr=subprocess.PIPE,
            start_new_session=_OWN_SESSIONS,
        )
        for path in files
    ]
    for process in processes:
        _, errors = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise SystemExit(f"clearline scan failed: {errors.decode(errors='replace')}")
    wall = time.perf_counter() - started
    return wall, _children_cpu() - cpu_before


def _throughput(
    url: str,
    folder: Path,
    messages: int,
    numbers: int,
    split: str,
    batch_size: int | None,
    pairs: int = 1,
) -> None:
    client = redis.Redis.from_url(url)
    traffic = unique_traffic(messages, numbers, seed=19)
    lines = traffic.splitlines(keepends=True)
    whole = folder / "all.jsonl"
    whole.write_bytes(traffic)
    halves = [folder / "half1.jsonl", folder / "half2.jsonl"]
    if split == "sender":
        # As a broker partitioned by sender hands them out: a sender's messages all go to one
        # worker, so only recipient- and text-keyed state is written by both.
        parts: list[list[bytes]] = [[], []]
        for line in lines:
            sender = msgspec.json.decode(line)["from"]
            parts[zlib.crc32(sender.encode()) % 2].append(line)
        halves[0].write_bytes(b"".join(parts[0]))
        halves[1].write_bytes(b"".join(parts[1]))
    else:
        # Alternate lines: both workers score the same day at once, as two nodes behind one
        # round-robin load balancer would (contiguous halves would give each its own half-day).
        halves[0].write_bytes(b"".join(lines[0::2]))
        halves[1].write_bytes(b"".join(lines[1::2]))

    # Start-up (imports, models) is paid once per process, not per message: time a one-message
    # scan and take it off both runs' figures.
    single = folder / "single.jsonl"
    single.write_bytes(lines[0])
    client.flushall()
    wall0, cpu0 = _scan([single], url, folder, batch_size)

    client.flushall()
    client.config_resetstat()
    redis_cpu = _redis_cpu(client)
    wall1, cpu1 = _scan([whole], url, folder, batch_size)
    redis_cpu1 = _redis_cpu(client) - redis_cpu
    stats: dict[str, Any] = client.info("stats")
    commands: dict[str, Any] = client.info("commandstats")
    keys = client.dbsize()
    memory = client.info("memory")["used_memory"]

    client.flushall()
    client.config_resetstat()
    redis_cpu = _redis_cpu(client)
    wall2, cpu2 = _scan(halves, url, folder, batch_size)
    redis_cpu2 = _redis_cpu(client) - redis_cpu
    stats2: dict[str, Any] = client.info("stats")
    commands2: dict[str, Any] = client.info("commandstats")

    # Two processes start at once and each pays the start-up; the wall pays it about once.
    net1, net2 = wall1 - wall0, wall2 - wall0
    rate1, rate2 = messages / net1, messages / net2
    print(
        f"traffic: {messages:,} unique-body messages among {numbers:,} numbers; halves split "
        f"by {split}; batch size {batch_size or 'scan default'}"
    )
    print(f"start-up of one scan process (one message): {wall0:.1f} s wall, {cpu0:.1f} s CPU")
    for label, wall, net, cpu, starts, rcpu in (
        ("1 worker: ", wall1, net1, cpu1, 1, redis_cpu1),
        ("2 workers:", wall2, net2, cpu2, 2, redis_cpu2),
    ):
        print(
            f"{label} {messages / net:,.0f} msg/s net of start-up ({messages / wall:,.0f} with it; "
            f"{wall:.1f} s); clearline CPU {(cpu - starts * cpu0) / messages * 1e6:.1f} µs/msg "
            f"net of start-up, Redis CPU {rcpu / messages * 1e6:.1f} µs/msg"
        )
    print(f"ratio 2/1 workers: {rate2 / rate1:.2f} net of start-up ({wall1 / wall2:.2f} with it)")
    per = 1 / messages
    print(
        f"Redis per message (1 worker): {stats['total_commands_processed'] * per:.3f} commands, "
        f"{stats['total_reads_processed'] * per:.3f} round trips, "
        f"{stats['total_net_input_bytes'] * per:,.0f} bytes in, "
        f"{stats['total_net_output_bytes'] * per:,.0f} bytes out"
    )
    # Each batch commits with one script; a batch whose window keys the other worker changed
    # meanwhile sends the merged keys in another (a key of a table without merge: the batch is
    # scored again and committed again), so extra scripts in the 2-worker run are conflicts.
    scripts1 = int(commands.get("cmdstat_evalsha", {}).get("calls", 0))
    scripts2 = int(commands2.get("cmdstat_evalsha", {}).get("calls", 0))
    print(
        f"commit scripts: 1 worker {scripts1:,}, 2 workers {scripts2:,}; Redis per message "
        f"(2 workers): {stats2['total_commands_processed'] * per:.3f} commands, "
        f"{stats2['total_reads_processed'] * per:.3f} round trips, "
        f"{stats2['total_net_input_bytes'] * per:,.0f} bytes in"
    )
    print(f"Redis after the 1-worker run: {keys:,} keys, {memory / 1e6:.1f} MB used")
    for name, fields in sorted(commands.items(), key=lambda item: -int(item[1]["calls"])):
        print(
            f"  {name.removeprefix('cmdstat_'):<12} {int(fields['calls']):>9,} calls "
            f"({int(fields['calls']) * per:.4f}/msg), {float(fields['usec_per_call']):.1f} µs/call"
        )
    # On a shared, loaded host the load moves between the two runs of a pair: more pairs, one
    # after the other, show how much the ratio moves with it.
    ratios = [rate2 / rate1]
    for pair in range(2, pairs + 1):
        client.flushall()
        one, _ = _scan([whole], url, folder, batch_size)
        client.flushall()
        two, _ = _scan(halves, url, folder, batch_size)
        ratios.append((one - wall0) / (two - wall0))
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"pair {pair}: 1 worker {messages / (one - wall0):,.0f} msg/s, 2 workers "
            f"{messages / (two - wall0):,.0f} msg/s, ratio {ratios[-1]:.2f} (load {load})"
        )
    if pairs > 1:
        ratios.sort()
        print(
            f"ratio 2/1 workers over {pairs} pairs: median {ratios[len(ratios) // 2]:.2f}, "
            f"min {ratios[0]:.2f}, max {ratios[-1]:.2f}"
        )


@contextmanager
def _serving(db: str, url: str, folder: Path, name: str) -> Iterator[str]:
    """A ``clearline serve --state-url`` process; yields its base URL, stops it by pid."""
    port = _free_port()
    log_path = folder / f"{name}.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [
            *(*_CLEARLINE, "serve", "--port", str(port), "--db", db, "--state-url", url),
            *("--log-level", "warning"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=_OWN_SESSIONS,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"serve did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        log.close()


_T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _record(id: str, seconds: float, sender: str, to: str, body: str) -> dict[str, str]:
    ts = (_T0 + dt.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")
    return {"id": id, "ts": ts, "from": sender, "to": to, "body": body}


def _verdict(client: httpx.Client, base: str, record: dict[str, str]) -> dict[str, Any]:
    response = client.post(f"{base}/v1/check", json={"messages": [record]})
    if response.status_code != 200:
        raise SystemExit(f"/v1/check answered {response.status_code}: {response.text[:300]}")
    verdict: dict[str, Any] = response.json()["verdicts"][0]
    return verdict


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _stop_delay(url: str, folder: Path, tries: int, max_polls: int) -> None:
    db = f"sqlite:///{folder / 'service.db'}"
    key = subprocess.run(
        [*_CLEARLINE, "keys", "create", "--role", "operator", "--db", db],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    delays: list[float] = []
    polls_needed: list[int] = []
    missed = 0
    headers = {"Authorization": f"Bearer {key}"}
    with (
        _serving(db, url, folder, "worker1") as one,
        _serving(db, url, folder, "worker2") as two,
        httpx.Client(headers=headers, timeout=30) as client,
    ):
        for i in range(tries):
            subscriber, sender = f"+1415300{i:04d}", f"+1212300{i:04d}"
            start = i * 86_400.0  # a day apart: no try's windows touch another's
            hello = _record(f"h{i}", start, sender, subscriber, "see you at six")
            _verdict(client, two, hello)  # worker 2 has read the pair's (empty) opt-outs
            stop = _record(f"s{i}", start + 60, subscriber, sender, "stop texting me")
            _verdict(client, one, stop)
            recorded = time.perf_counter()  # the STOP's verdict has left worker 1
            for poll in range(1, max_polls + 1):
                later = _record(f"p{i}-{poll}", start + 3600 + poll, sender, subscriber, "hey?")
                verdict = _verdict(client, two, later)
                symbols = [reason["symbol"] for reason in verdict["reasons"]]
                if verdict["action"] == "block" and "OPT_OUT_IGNORED" in symbols:
                    delays.append(time.perf_counter() - recorded)
                    polls_needed.append(poll)
                    break
            else:
                missed += 1
    print(
        f"shared STOP, {tries} tries: honoured by worker 2 after p50 "
        f"{_percentile(delays, 0.5) * 1000:.1f} ms, max {max(delays) * 1000:.1f} ms "
        f"(polls needed: p50 {_percentile([float(p) for p in polls_needed], 0.5):.0f}, "
        f"max {max(polls_needed)}); not honoured within {max_polls} polls: {missed}"
        if delays
        else f"shared STOP: never honoured within {max_polls} polls in {tries} tries"
    )


def main() -> None:
    """Run the three measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--numbers", type=int, default=5_000)
    parser.add_argument("--tries", type=int, default=50)
    parser.add_argument("--max-polls", type=int, default=200)
    parser.add_argument(
        "--split",
        choices=("alternate", "sender"),
        default="alternate",
        help="how the two workers' halves are cut: alternate lines (a round-robin balancer) "
        "or by a hash of the sender (a broker partitioned by sender)",
    )
    parser.add_argument("--batch-size", type=int, default=None, help="scan's --batch-size")
    parser.add_argument("--skip-stop", action="store_true", help="measure throughput only")
    parser.add_argument(
        "--cluster",
        type=int,
        default=0,
        metavar="MASTERS",
        help="instead, one scan worker over a Redis Cluster of MASTERS nodes (e.g. 3): msg/s, "
        "round trips and commit scripts a batch",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        help="run the 1-worker and 2-worker scans this many times, one pair after the other, "
        "and print each pair's ratio and their median (the host's load moves between runs)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="clearline-bench-scale-"))
    python = sys.version.split()[0]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled")
    if autogroup.exists():
        print(f"sched_autogroup: {autogroup.read_text().strip()} (each process in its own session)")
    if args.cluster:
        _cluster_throughput(folder, args.messages, args.numbers, args.batch_size, args.cluster)
        return
    with _redis_server(folder) as url:
        version = redis.Redis.from_url(url).info("server")["redis_version"]
        print(f"redis-server {version} at {url} (no persistence)")
        _throughput(
            url, folder, args.messages, args.numbers, args.split, args.batch_size, args.pairs
        )
        if not args.skip_stop:
            _stop_delay(url, folder, args.tries, args.max_polls)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
