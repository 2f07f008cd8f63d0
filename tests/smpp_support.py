"""SMPP test support: a firewall on loopback (test SMSC, proxy, ephemeral ports) and ESMEs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import smpplib.client
import smpplib.consts

from clearline import Engine
from clearline.adapters.smpp import config as smpp_config
from clearline.adapters.smpp import pdu
from clearline.adapters.smpp.proxy import Proxy
from clearline.adapters.smpp.smsc import TestSmsc
from clearline.policy import load_config

ALICE = ("alice", "alicepw")
BOB = ("bob", "bobpw")
GOOD_SENDER = "12125550123"  # TON 1: +12125550123, a valid NANP number
SUBSCRIBER = "14155550100"
INVALID_SENDER = "10995550123"  # NANP area code 099 does not exist: blocked
BOB_SENDER = "12125550199"  # bob's own number (by the prefix +1212555019*)
#: The ESME accounts of ``start_firewall``: alice owns her numbers and the short code 72345.
ACCOUNTS = [
    {
        "system_id": ALICE[0],
        "password": ALICE[1],
        "sources": ["+" + GOOD_SENDER, INVALID_SENDER, "72345"],
    },
    {"system_id": BOB[0], "password": BOB[1], "sources": ["+1212555019*"]},
]


class Firewall:
    """The running pieces of one test."""

    def __init__(self, proxy: Proxy, smsc: TestSmsc, audit_path: Path) -> None:
        self.proxy = proxy
        self.smsc = smsc
        self.audit_path = audit_path

    @property
    def port(self) -> int:
        return self.proxy.address[1]

    def audit(self) -> list[dict[str, Any]]:
        self.proxy.audit.flush()
        if not self.audit_path.exists():
            return []
        return [json.loads(row) for row in self.audit_path.read_text().splitlines()]


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    """A policy override: an empty body is throttled (so tests can provoke a throttle)."""
    path = tmp_path / "policy.toml"
    path.write_text('[symbols.BODY_EMPTY]\nforce = "throttle"\npriority = 50\n')
    return path


@pytest.fixture
def start_firewall(
    tmp_path: Path, policy_file: Path
) -> Callable[..., contextlib.AbstractAsyncContextManager[Firewall]]:
    """``async with start_firewall(**overrides) as fw:`` runs an SMSC and a proxy."""

    @contextlib.asynccontextmanager
    async def running(scorer: Engine | None = None, **sections: Any) -> AsyncIterator[Firewall]:
        smsc = TestSmsc()
        await smsc.start()
        audit_path = tmp_path / "audit.jsonl"
        raw: dict[str, Any] = {
            "listen": {"host": "127.0.0.1", "port": 0},
            "upstream": {
                "host": "127.0.0.1",
                "port": smsc.port,
                "system_id": "clearline",
                "password": "up",
                "reconnect_min": 0.05,
                "reconnect_max": 0.2,
            },
            "esme": [dict(account) for account in ACCOUNTS],
            "audit": {"path": str(audit_path)},
            "text": {"concat_timeout": 30.0},
            "stats_interval": 0,
            "gc_freeze_interval": 0,  # freezing is process-wide: not inside the test runner
        }
        for name, values in sections.items():
            if isinstance(raw.get(name), dict):
                raw[name].update(values)
            else:
                raw[name] = values
        config = smpp_config.convert(raw)
        engine = scorer or Engine(load_config([policy_file]))
        proxy = Proxy(config, engine)
        await proxy.start()
        await proxy.upstream.connected_once.wait()
        try:
            yield Firewall(proxy, smsc, audit_path)
        finally:
            await proxy.stop()
            await smsc.stop()
            engine.close()

    return running


class SyncEsme:
    """smpplib (a real third-party ESME) driven from a thread; records what it receives."""

    def __init__(self, port: int, credentials: tuple[str, str], mode: str = "transceiver"):
        self.client = smpplib.client.Client(
            "127.0.0.1", port, timeout=10, allow_unknown_opt_params=True
        )
        self.sent: list[Any] = []
        self.errors: list[int] = []
        self.received: list[Any] = []
        self.client.set_message_sent_handler(lambda pdu: self.sent.append(pdu))
        self.client.set_message_received_handler(lambda pdu: self.received.append(pdu))
        self.client.set_error_pdu_handler(lambda pdu: self.errors.append(int(pdu.status)))
        self.client.connect()
        getattr(self.client, f"bind_{mode}")(system_id=credentials[0], password=credentials[1])

    def submit(self, source: str, dest: str, text: bytes, **extra: Any) -> Any:
        return self.client.send_message(
            source_addr_ton=smpplib.consts.SMPP_TON_INTL,
            source_addr=source,
            dest_addr_ton=smpplib.consts.SMPP_TON_INTL,
            destination_addr=dest,
            short_message=text,
            registered_delivery=extra.pop("registered_delivery", True),
            **extra,
        )

    def read(self, count: int = 1) -> None:
        for _ in range(count):
            self.client.read_once()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.unbind()
        self.client.disconnect()


class RawEsme:
    """A hand-written ESME over a plain socket, for malformed PDUs."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read(self) -> tuple[int, int, int, bytes]:
        """One PDU: (command_id, status, sequence, body); raises ConnectionError at EOF."""
        while True:
            if len(self.buffer) >= 4:
                length = struct.unpack(">I", self.buffer[:4])[0]
                if len(self.buffer) >= length:
                    frame, self.buffer = self.buffer[:length], self.buffer[length:]
                    _, command_id, status, sequence = pdu.HEADER.unpack_from(frame)
                    return command_id, status, sequence, frame[16:]
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk

    def bind(self, credentials: tuple[str, str] = ALICE) -> int:
        self.send(pdu.encode_bind(pdu.BIND_TRANSCEIVER, 1, *credentials))
        return self.read()[1]

    def close(self) -> None:
        self.sock.close()


async def in_thread(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a blocking client call off the event loop."""
    return await asyncio.to_thread(fn, *args)
