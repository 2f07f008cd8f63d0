"""`clearline stream` against a real `nats-server -js`: verdicts out, crashes, NATS down."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import msgspec
import nats
import pytest
from click.testing import CliRunner
from nats.js.api import AckPolicy, ConsumerConfig

from clearline import Engine
from clearline.adapters.cli import main
from clearline.codec import decode_message, encode_verdict
from clearline.storage import open_database
from clearline.storage.audit import find_verdicts
from nats_server import require_nats, running_nats
from peers import free_port
from support import make_message

IN, OUT = "sms.in", "sms.verdicts"
OUT_STREAM = "CLEARLINE_SMS_VERDICTS"


@pytest.fixture(autouse=True)
def _nats_available() -> None:
    require_nats()


def _payload(message_id: str, seconds: float = 0.0, **fields: Any) -> bytes:
    message = make_message(message_id, seconds=seconds, **fields)
    return msgspec.json.encode(message)


async def _with_js(url: str, work: Callable[[Any], Any]) -> Any:
    client = await nats.connect(url, max_reconnect_attempts=0)
    try:
        return await work(client.jetstream())
    finally:
        await client.close()


def js_call(url: str, work: Callable[[Any], Any]) -> Any:
    """Run ``await work(js)`` on a fresh connection."""
    return asyncio.run(_with_js(url, work))


def publish(url: str, payloads: list[bytes]) -> None:
    async def work(js: Any) -> None:
        for payload in payloads:
            await js.publish(IN, payload)

    js_call(url, work)


def stored(url: str, stream: str = OUT_STREAM) -> list[dict[str, Any]]:
    """Every message the stream holds, decoded."""

    async def work(js: Any) -> list[dict[str, Any]]:
        try:
            info = await js.stream_info(stream)
        except nats.js.errors.NotFoundError:
            return []
        if info.state.messages == 0:
            return []
        # (An ephemeral consumer: nats-server 2.9 refuses nats-py's form of a direct get.)
        sub = await js.pull_subscribe(
            OUT, stream=stream, config=ConsumerConfig(ack_policy=AckPolicy.NONE)
        )
        found: list[dict[str, Any]] = []
        while len(found) < info.state.messages:
            batch = await sub.fetch(info.state.messages - len(found), timeout=5)
            found += [msgspec.json.decode(msg.data) for msg in batch]
        await sub.unsubscribe()
        return found

    result: list[dict[str, Any]] = js_call(url, work)
    return result


def settled(url: str, stream: str = "CLEARLINE_SMS_IN") -> bool:
    """Whether the adapter's durable consumer has every input delivered and acknowledged."""

    async def work(js: Any) -> bool:
        try:
            info = await js.consumer_info(stream, "clearline")
        except nats.js.errors.NotFoundError:
            return False
        return bool(
            info.num_pending == 0 and info.num_ack_pending == 0 and info.delivered.stream_seq
        )

    return bool(js_call(url, work))


def adapter_ready(url: str) -> bool:
    """Whether the adapter has created its input stream and durable consumer."""

    async def work(js: Any) -> bool:
        try:
            await js.consumer_info("CLEARLINE_SMS_IN", "clearline")
        except nats.js.errors.NotFoundError:
            return False
        return True

    return bool(js_call(url, work))


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded, generously) until ``condition()`` holds."""
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


@contextmanager
def adapter(url: str, tmp_path: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """`clearline stream` as its own process, stopped by PID (SIGTERM) at the end."""
    log = open(tmp_path / "stream.log", "ab")  # noqa: SIM115 - closed below
    command = [sys.executable, "-m", "clearline", "stream", "--nats", url, "--in", IN]
    process = subprocess.Popen(
        [*command, "--out", OUT, "--ack-wait", "1", *args], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _expected(payloads: list[bytes]) -> list[dict[str, Any]]:
    verdicts = Engine().score_batch([decode_message(p) for p in payloads])
    return [msgspec.json.decode(encode_verdict(v)) for v in verdicts]


def test_the_adapter_uses_the_stream_holding_its_input_and_creates_one_for_its_output(
    tmp_path: Path,
) -> None:
    with running_nats(tmp_path / "js") as url:
        # The operator's stream already holds the input subject: the adapter must use it.
        js_call(url, lambda js: js.add_stream(name="TRAFFIC", subjects=["sms.in.>", IN]))
        with adapter(url, tmp_path):
            publish(url, [_payload("m1")])
            wait_for(lambda: len(stored(url)) == 1, "a verdict")
        streams = js_call(url, lambda js: js.streams_info())
    assert sorted(info.config.name for info in streams) == [OUT_STREAM, "TRAFFIC"]


def test_verdicts_match_what_scan_gives(tmp_path: Path) -> None:
    with running_nats(tmp_path / "js") as url:
        good = [_payload("m1", body="see you at six"), _payload("m2", seconds=1, body="")]
        bad = b'{"id": "bad", "body": "no ts"}'
        with adapter(url, tmp_path):
            # No stream held the input subject: the adapter creates one; publish into it.
            wait_for(lambda: adapter_ready(url), "the adapter's streams")
            publish(url, [good[0], bad, good[1]])
            wait_for(lambda: len(stored(url)) == 3, "three verdicts")
        out = stored(url)
    expected = _expected(good)
    assert out[0] == expected[0] and out[2] == expected[1]
    assert out[1]["id"] == "bad" and "missing required field" in out[1]["error"]


def test_a_crash_before_the_ack_redelivers_and_the_verdict_is_not_duplicated(
    tmp_path: Path,
) -> None:
    with running_nats(tmp_path / "js") as url:
        payload = _payload("m1")

        async def crashed_worker(js: Any) -> None:
            """What a worker killed between publishing a verdict and acknowledging did."""
            await js.add_stream(name="CLEARLINE_SMS_IN", subjects=[IN])
            await js.add_stream(name=OUT_STREAM, subjects=[OUT])
            await js.publish(IN, payload)
            sub = await js.pull_subscribe(
                IN, durable="clearline", config=ConsumerConfig(ack_wait=1.0)
            )
            (msg,) = await sub.fetch(1, timeout=5)  # delivered, never acknowledged
            verdict = encode_verdict(Engine().score(decode_message(msg.data)))
            await js.publish(OUT, verdict, headers={"Nats-Msg-Id": "m1"})

        js_call(url, crashed_worker)
        with adapter(url, tmp_path):
            wait_for(lambda: settled(url), "the redelivered message to be acknowledged")
        out = stored(url)
    assert [v["id"] for v in out] == ["m1"]


def test_a_killed_worker_restarted_leaves_exactly_one_verdict_per_message(
    tmp_path: Path,
) -> None:
    with running_nats(tmp_path / "js") as url:
        payloads = [_payload(f"m{i}", seconds=i, body=f"note {i}") for i in range(300)]
        with adapter(url, tmp_path, "--batch-size", "5") as first:
            wait_for(lambda: adapter_ready(url), "the adapter's streams")
            publish(url, payloads)
            wait_for(lambda: len(stored(url)) > 0, "a first verdict")
            os.kill(first.pid, signal.SIGKILL)  # mid-stream, acknowledged or not
            first.wait()
        with adapter(url, tmp_path, "--batch-size", "50"):
            wait_for(lambda: settled(url) and len(stored(url)) >= 300, "every message")
        ids = [v["id"] for v in stored(url)]
    assert sorted(ids) == sorted(f"m{i}" for i in range(300))  # each once


def test_nats_down_waits_and_resumes(tmp_path: Path) -> None:
    port = free_port()
    with ExitStack() as stack:
        with running_nats(tmp_path / "js", port) as url:
            process = stack.enter_context(adapter(url, tmp_path))
            wait_for(lambda: adapter_ready(url), "the adapter's streams")
            publish(url, [_payload("before")])
            wait_for(lambda: len(stored(url)) == 1, "the first verdict")
        # NATS is down: the adapter waits; the server comes back on its port with its store.
        with running_nats(tmp_path / "js", port) as url:
            assert process.poll() is None
            publish(url, [_payload("after", seconds=60)])
            wait_for(lambda: len(stored(url)) == 2, "the verdict after NATS came back")
            assert [v["id"] for v in stored(url)] == ["before", "after"]


def test_with_db_every_published_verdict_is_in_the_audit(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'clearline.db'}"
    with running_nats(tmp_path / "js") as url:
        with adapter(url, tmp_path, "--db", db):
            wait_for(lambda: adapter_ready(url), "the adapter's streams")
            publish(url, [_payload("m1"), _payload("m2", seconds=1, body="")])
            wait_for(lambda: settled(url) and len(stored(url)) == 2, "two verdicts")
        out = stored(url)
    database = open_database(db)
    try:
        with database.engine.connect() as connection:
            audited = find_verdicts(connection, ["m1", "m2"])
    finally:
        database.close()
    assert {v["id"]: v for v in out} == {
        i: msgspec.json.decode(encode_verdict(v)) for i, v in audited.items()
    }


def test_the_same_subject_in_and_out_is_refused() -> None:
    result = CliRunner().invoke(
        main, ["stream", "--nats", "nats://127.0.0.1:1", "--in", "a", "--out", "a"]
    )
    assert result.exit_code == 2
    assert "--in and --out must be different subjects" in result.output


def test_started_before_nats_it_waits_then_serves(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "stream.log"
    with adapter(f"nats://127.0.0.1:{port}", tmp_path) as process:
        wait_for(lambda: "waiting for NATS at" in log.read_text(), "the adapter to wait")
        with running_nats(tmp_path / "js", port) as url:
            wait_for(lambda: adapter_ready(url), "the adapter's streams")
            publish(url, [_payload("m1")])
            wait_for(lambda: len(stored(url)) == 1, "the verdict")
        assert process.poll() is None


def test_without_the_nats_client_it_says_what_to_install() -> None:
    script = (
        "import sys; sys.modules['nats'] = None\n"
        "from clearline.adapters.cli import main\n"
        "main(['stream', '--nats', 'nats://127.0.0.1:1', '--in', 'a', '--out', 'b'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: clearline stream needs the NATS client")
    assert "pip install 'clearline[scale]'" in done.stderr and "Traceback" not in done.stderr
