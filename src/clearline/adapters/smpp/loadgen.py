"""A load-generating ESME for ``bench/smpp.py`` and ``bench/soak.py``.

Pre-encoded submit_sm frames go out under a window (as fast as answers come back) or at a fixed
rate; every answer is matched to its request by sequence number, timed, and counted by status,
so a run can prove that each submitted message was answered exactly once.
"""

from __future__ import annotations

import asyncio
import collections
import random
import time
from collections.abc import Iterable
from typing import Any, cast

from clearline.adapters.smpp import gsm7, pdu

_AREA_CODES = ("212", "213", "305", "312", "415", "503", "512", "617", "702", "713", "804", "919")
_NAMES = ("Sam", "Alex", "Jo", "Priya", "Luis", "Mei", "Omar", "Kate", "Ana", "Ben", "Zoe", "Raj")
_CHAT = (
    "running {n} min late, save me a seat",
    "can you pick up {thing} on the way home",
    "did you see the game last night? {n} points!",
    "what time is dinner, {name}?",
    "thanks for today {name}, had fun",
    "are we still on for {day}?",
    "call me when you get this, it's about {thing}",
    "ok see you at {n}",
)
_THINGS = ("milk", "the kids", "bread", "my jacket", "tickets", "the car", "coffee", "pizza")
_DAYS = ("Monday", "Tuesday", "Friday", "the weekend", "tomorrow", "tonight")
_ALERTS = (
    "Your verification code is {code}. It expires in 10 minutes.",
    "Acme Bank: a purchase of ${n}.00 was made on card ending {code4}. Reply HELP for help.",
    "Pharmacy: prescription {code} is ready for pickup. Reply STOP to opt out.",
)


def bench_traffic(count: int, seed: int) -> list[tuple[str, str, str]]:
    """Deterministic (sender, recipient, body) triples for load tests.

    Mostly person-to-person chat among many numbers with varied wording, some one-time codes
    and alerts from short codes, some Unicode (UCS-2) and long (message_payload) texts, and a few
    invalid senders that every filter should refuse.
    """
    rng = random.Random(seed)

    def number() -> str:
        area = rng.choice(_AREA_CODES)
        return f"+1{area}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"

    people = [number() for _ in range(max(200, count // 4))]
    short_codes = [str(rng.randint(20000, 99999)) for _ in range(20)]
    traffic = []
    for _ in range(count):
        roll = rng.random()
        fields = {
            "n": rng.randint(2, 95),
            "name": rng.choice(_NAMES),
            "thing": rng.choice(_THINGS),
            "day": rng.choice(_DAYS),
            "code": rng.randint(100000, 999999),
            "code4": rng.randint(1000, 9999),
        }
        if roll < 0.10:
            sender, body = rng.choice(short_codes), rng.choice(_ALERTS).format(**fields)
        elif roll < 0.13:
            sender, body = f"+1099{rng.randint(2000000, 9999999)}", "hi, it's me"
        else:
            sender, body = rng.choice(people), rng.choice(_CHAT).format(**fields)
            if roll > 0.95:
                body += " 😀"
            elif roll > 0.92:
                body = " ".join([body] * 4)  # a long text: message_payload
        traffic.append((sender, rng.choice(people), body))
    return traffic


def submit_frame(sender: str, to: str, body: str, *, registered_delivery: int = 0) -> bytes:
    """A submit_sm for a message in the ``scan`` input format (sequence 0, set when sent).

    E.164 numbers go out as TON 1 without the ``+``, short codes as TON 3, names as TON 5; text
    in GSM 7-bit (unpacked) when it fits the alphabet, else UCS-2; long text in message_payload.
    """
    if sender.startswith("+"):
        source, source_ton = sender[1:], 1
    elif sender.isdigit():
        source, source_ton = sender, 3
    else:
        source, source_ton = sender[:20], 5
    septets = gsm7.encode_septets(body)
    if gsm7.decode(septets, "unpacked") == body:
        octets, data_coding = septets, 0
    else:
        octets, data_coding = body.encode("utf-16-be", "replace"), 8
    tlvs: dict[int, bytes] = {}
    if len(octets) > 254:
        tlvs[pdu.TAG_MESSAGE_PAYLOAD], octets = octets[:65_000], b""
    return pdu.encode_short_message(
        pdu.SUBMIT_SM,
        0,
        source=source,
        dest=to.lstrip("+"),
        source_ton=source_ton,
        short_message=octets,
        data_coding=data_coding,
        registered_delivery=registered_delivery,
        tlvs=tlvs,
    )


class LoadEsme(asyncio.Protocol):
    """One ESME bind that sends submit_sm frames and records every answer."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.reader = pdu.FrameReader()
        self.sent_at: dict[int, float] = {}
        self.latencies: list[float] = []
        self.statuses: collections.Counter[int] = collections.Counter()
        self.answered = 0
        self.duplicates = 0  # answers to a sequence number already answered (must stay 0)
        self.receipts = 0
        self._sequence = 1
        self._bound: asyncio.Future[int] | None = None
        self._space = asyncio.Event()
        self._space.set()
        self._window = 1 << 30
        self.closed: asyncio.Future[None] | None = None

    @classmethod
    async def connect(
        cls,
        host: str,
        port: int,
        system_id: str,
        password: str,
        *,
        mode: int = pdu.BIND_TRANSCEIVER,
    ) -> LoadEsme:
        """Connect and bind; raise ``ConnectionError`` if the bind is refused."""
        loop = asyncio.get_running_loop()
        _, esme = await loop.create_connection(cls, host, port)
        esme._bound = loop.create_future()
        esme.closed = loop.create_future()
        assert esme.transport is not None
        esme.transport.write(pdu.encode_bind(mode, 1, system_id, password))
        status = await asyncio.wait_for(esme._bound, 30)
        if status != pdu.ESME_ROK:
            raise ConnectionError(f"bind refused with status 0x{status:02x}")
        return esme

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport (uvloop's is not an asyncio.Transport subclass, only duck-typed).
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.closed is not None and not self.closed.done():
            self.closed.set_result(None)
        self._space.set()

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        out: list[bytes] = []
        for frame in self.reader.feed(data):
            _, command_id, status, sequence = pdu.HEADER.unpack_from(frame)
            if command_id == pdu.SUBMIT_SM_RESP or command_id == pdu.GENERIC_NACK:
                started = self.sent_at.pop(sequence, None)
                if started is None:
                    self.duplicates += 1
                    continue
                self.latencies.append(now - started)
                self.statuses[status] += 1
                self.answered += 1
                if len(self.sent_at) < self._window:
                    self._space.set()
            elif command_id == pdu.DELIVER_SM:
                self.receipts += 1
                out.append(pdu.encode_message_id_resp(pdu.DELIVER_SM, 0, sequence, ""))
            elif command_id == pdu.ENQUIRE_LINK:
                out.append(pdu.encode(pdu.ENQUIRE_LINK_RESP, 0, sequence))
            elif (
                command_id & pdu.RESPONSE_BIT
                and command_id & 0xFF in (1, 2, 9)
                and self._bound is not None
                and not self._bound.done()
            ):
                self._bound.set_result(status)
        if out and self.transport is not None:
            self.transport.write(b"".join(out))

    def _send(self, frame: bytes) -> None:
        sequence = self._sequence
        self._sequence = sequence % 0x7FFFFFFF + 1
        self.sent_at[sequence] = time.perf_counter()
        assert self.transport is not None
        self.transport.write(pdu.with_sequence(frame, sequence))

    async def send_windowed(self, frames: Iterable[bytes], window: int) -> int:
        """Send every frame, keeping at most ``window`` unanswered; return how many were sent."""
        self._window = window
        sent = 0
        for frame in frames:
            while len(self.sent_at) >= window:
                self._space.clear()
                await self._space.wait()
                if self.transport is None or self.transport.is_closing():
                    return sent
            self._send(frame)
            sent += 1
            if sent % 64 == 0:
                await asyncio.sleep(0)  # let answers in
        return sent

    async def send_paced(self, frames: Iterable[bytes], rate: float) -> int:
        """Send the frames at ``rate`` per second (open loop: never waits for answers)."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        sent = 0
        for frame in frames:
            due = start + sent / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if self.transport is None or self.transport.is_closing():
                break
            self._send(frame)
            sent += 1
        return sent

    async def drain(self, timeout: float) -> bool:
        """Wait until every request is answered; ``False`` if ``timeout`` passed first."""
        deadline = time.perf_counter() + timeout
        while self.sent_at and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        return not self.sent_at

    async def unbind(self) -> None:
        """Unbind and close."""
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(pdu.encode(pdu.UNBIND, 0, 0x7FFFFFFE))
            await asyncio.sleep(0.05)
            self.transport.close()


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank) of ``values``; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


class MemoryTransport(asyncio.Transport):
    """A transport that keeps what is written: a session driven without sockets (the in-process
    bench, the fuzz tests)."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += data

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 1) if name == "peername" else default

    def take(self) -> list[bytes]:
        """The frames written since the last call."""
        frames = pdu.FrameReader().feed(bytes(self.written))
        self.written.clear()
        return frames
