"""The redirect server on the wire: SIP over UDP (one message per datagram) and TCP (messages
framed by Content-Length, RFC 3261 section 18.3), both on asyncio.

Responses go back where the request came from (the datagram's source, or the same TCP
connection): a redirect server answers its SBC directly. A TCP message whose head exceeds
``MAX_MESSAGE_BYTES`` is answered 513 and the connection closed, since the stream can no longer
be framed; a TCP request without Content-Length is answered 400 and the connection closed for the
same reason. CRLF keep-alives (RFC 5626) are answered with CRLF on TCP and ignored on UDP.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable
from typing import Literal, cast

from clearline.adapters.sip.message import (
    MAX_MESSAGE_BYTES,
    build_response,
    quoted_text,
    salvage_headers,
)
from clearline.adapters.sip.redirect import RedirectServer

__all__ = ["SipServer", "Transport"]

log = logging.getLogger(__name__)

Transport = Literal["udp", "tcp", "both"]

_CONTENT_LENGTH = re.compile(rb"(?im)^(?:content-length|l)[ \t]*:[ \t]*([0-9]{1,6})[ \t]*\r?$")
#: A client gets this long to send the rest of a message it started.
_READ_TIMEOUT_S = 30.0


Reply = Callable[[bytes | None], None]


class _Batcher:
    """Answers the messages that arrive in one turn of the event loop together.

    Each message is queued with what to do with its answer; the first one schedules a flush for
    the loop's next turn, which hands them all to ``RedirectServer.handle_batch``: the new INVITEs
    are scored in one engine batch and share one state commit. One message alone waits for no
    other (the flush runs as soon as the loop has read what is ready); under load, batches grow
    by themselves, as the service's group commit does.
    """

    def __init__(self, redirect: RedirectServer) -> None:
        self.redirect = redirect
        self._pending: list[tuple[bytes, Reply]] = []
        self._scheduled = False

    def submit(self, data: bytes, reply: Reply) -> None:
        self._pending.append((data, reply))
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    async def answer(self, data: bytes) -> bytes | None:
        future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()

        def reply(answer: bytes | None) -> None:
            if not future.done():
                future.set_result(answer)

        self.submit(data, reply)
        return await future

    def _flush(self) -> None:
        self._scheduled = False
        pending, self._pending = self._pending, []
        messages = [data for data, _ in pending]
        try:
            answers = self.redirect.handle_batch(messages)
        except Exception:  # one bad batch must never stop the server
            log.exception("a batch of %d SIP requests failed", len(messages))
            answers = [
                build_response(500, "Server Internal Error", salvage_headers(data))
                for data in messages
            ]
        for (_, reply), answer in zip(pending, answers, strict=True):
            reply(answer)


class _UdpProtocol(asyncio.DatagramProtocol):
    def __init__(self, batcher: _Batcher) -> None:
        self.batcher = batcher
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's UDP transport does not subclass asyncio's, hence the cast and no isinstance.
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        if not data.strip(b"\r\n"):
            return  # a keep-alive

        def reply(answer: bytes | None) -> None:
            if answer is not None and self.transport is not None:
                self.transport.sendto(answer, addr)

        self.batcher.submit(data, reply)

    def error_received(self, exc: Exception) -> None:
        log.warning("SIP UDP error: %s", exc)


class SipServer:
    """``RedirectServer`` listening on UDP, TCP or both, on one host and port."""

    def __init__(self, redirect: RedirectServer, host: str, port: int, transport: Transport):
        """Prepare the server; ``start`` binds it."""
        self.redirect = redirect
        self.host = host
        self.port = port
        self.transport = transport
        self._udp: asyncio.DatagramTransport | None = None
        self._tcp: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._batcher = _Batcher(redirect)

    async def start(self) -> None:
        """Bind the sockets. With port 0, TCP picks a free port and UDP binds the same one.

        Raises:
            OSError: an address cannot be bound.
        """
        loop = asyncio.get_running_loop()
        if self.transport in ("tcp", "both"):
            self._tcp = await asyncio.start_server(
                self._serve_connection, self.host, self.port, limit=MAX_MESSAGE_BYTES + 4
            )
            self.port = self._tcp.sockets[0].getsockname()[1]
        if self.transport in ("udp", "both"):
            try:
                udp, _ = await loop.create_datagram_endpoint(
                    lambda: _UdpProtocol(self._batcher), local_addr=(self.host, self.port)
                )
            except OSError:
                await self.stop()
                raise
            self._udp = udp
            self.port = udp.get_extra_info("sockname")[1]

    @property
    def address(self) -> tuple[str, int]:
        """Where the server listens."""
        return self.host, self.port

    async def stop(self) -> None:
        """Close the sockets and every TCP connection."""
        if self._udp is not None:
            self._udp.close()
        if self._tcp is not None:
            self._tcp.close()
            await self._tcp.wait_closed()
        for task in list(self._connections):
            task.cancel()
        for task in list(self._connections):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        try:
            while True:
                message = await self._read_message(reader, writer)
                if message is None:
                    break
                answer = await self._batcher.answer(message)
                if answer is not None:
                    writer.write(answer)
                    await writer.drain()
        except (ConnectionError, TimeoutError):
            pass
        finally:
            if task is not None:
                self._connections.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _read_message(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bytes | None:
        """The next framed message, or ``None`` when the connection is to close."""
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                return None
            except asyncio.LimitOverrunError:
                error = f"headers over {MAX_MESSAGE_BYTES:,} bytes"
                prefix = await reader.read(MAX_MESSAGE_BYTES)
                await self._refuse(writer, 513, "Message Too Large", prefix, error)
                return None
            if head.strip(b"\r\n"):
                break
            writer.write(b"\r\n")  # RFC 5626 keep-alive: CRLFCRLF is answered with CRLF
        head = head.lstrip(b"\r\n")
        length = _CONTENT_LENGTH.search(head)
        if length is None:
            error = "a SIP message over TCP must carry Content-Length"
            await self._refuse(writer, 400, "Bad Request", head, error)
            return None
        size = int(length.group(1))
        if len(head) + size > MAX_MESSAGE_BYTES:
            error = f"message of {len(head) + size:,} bytes is over {MAX_MESSAGE_BYTES:,}"
            await self._refuse(writer, 513, "Message Too Large", head, error)
            return None
        try:
            async with asyncio.timeout(_READ_TIMEOUT_S):
                body = await reader.readexactly(size)
        except asyncio.IncompleteReadError:
            return None
        return head + body

    async def _refuse(
        self, writer: asyncio.StreamWriter, status: int, reason: str, data: bytes, error: str
    ) -> None:
        warning = f'399 clearline "{quoted_text(error)}"'
        writer.write(build_response(status, reason, salvage_headers(data), [("Warning", warning)]))
        await writer.drain()
