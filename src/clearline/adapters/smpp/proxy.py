"""The SMPP firewall: ESME binds in front, one SMSC bind behind, the engine in between.

Flow of a submit_sm (MT)::

    ESME --submit_sm--> EsmeSession --Part--> Proxy.admit --(concat reassembly)--> pending
    pending --(one engine.score_batch per event-loop tick)--> verdict
        deliver/tag: UpstreamLink.submit (window, queue) --submit_sm (our seq)--> SMSC
                     SMSC --submit_sm_resp--> ESME (its seq, the SMSC's message id)
        throttle/block: answered at once with the status from clearline.actions

and of a deliver_sm from the SMSC: a delivery receipt goes to a bind of the ESME whose
submit_sm got that message id; a subscriber (MO) message goes through the engine, then to the
ESME that owns the address it was sent to. The SMSC is answered only once the ESME answered.

Nothing is acknowledged early: an ESME hears back only after the SMSC answered or the engine
rejected the message with a reason, and every answer is preceded by its audit record.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import logging
import time
from typing import Protocol

import msgspec

from clearline.actions import response_for
from clearline.adapters.runtime import FrozenHeap
from clearline.adapters.smpp import pdu
from clearline.adapters.smpp.addresses import SourceList, to_e164
from clearline.adapters.smpp.audit import AuditLog, AuditRecord, PartOutcome
from clearline.adapters.smpp.config import EsmeConfig, SmppConfig, address_book
from clearline.adapters.smpp.messages import Part, Submission
from clearline.adapters.smpp.session import EsmeSession
from clearline.adapters.smpp.text import decode_text
from clearline.adapters.smpp.upstream import UpstreamLink
from clearline.engine import Engine, SignalFailedClosedError
from clearline.model import MAX_BODY_CHARS, Action, Message, Verdict
from clearline.state import StateUnavailableError

log = logging.getLogger(__name__)

# A delivery receipt, or an SME/user acknowledgement or intermediate notification: no text to
# judge, routed by the message id it reports on.
_RECEIPT_TYPES = frozenset({0x04, 0x08, 0x10, 0x20})
#: How many upstream message ids are remembered for routing receipts back.
ROUTE_MEMORY = 1_000_000


class Writer(Protocol):
    """A peer with bytes queued for the next flush."""

    def write_out(self) -> None:
        """Write the queued bytes."""


class ProxyStats(msgspec.Struct):
    """Counters logged every ``stats_interval`` and at shutdown; ``engine_failures`` alerts."""

    binds: int = 0
    bind_failures: int = 0
    bind_timeouts: int = 0  # connections closed for not binding within listen.bind_timeout
    refused_unbound: int = 0  # connections closed at once: listen.max_unbound already open
    refused_per_ip: int = 0  # connections closed at once: listen.max_connections_per_ip reached
    submitted: int = 0  # submit_sm parts admitted into the pipeline
    forwarded: int = 0  # submit_sm parts the SMSC accepted
    rejected: int = 0  # parts answered with a non-zero status by policy (block, throttle)
    invalid_address: int = 0
    source_refused: int = 0  # submit_sm from an address the ESME's account does not allow
    window_full: int = 0
    upstream_unavailable: int = 0
    upstream_errors: int = 0  # parts the SMSC answered with an error
    upstream_reconnects: int = 0
    mo_received: int = 0
    mo_delivered: int = 0
    mo_unowned: int = 0  # MO messages to an address no account owns (and no default ESME)
    receipts_routed: int = 0
    receipts_unroutable: int = 0
    malformed: int = 0
    engine_failures: int = 0  # messages whose engine call raised (the alert metric)


def receipted_message_id(short_message: pdu.ShortMessage, text: str) -> str | None:
    """The message id a delivery receipt reports on: the TLV, else the ``id:`` in its text."""
    raw = short_message.tlvs.get(pdu.TAG_RECEIPTED_MESSAGE_ID)
    if raw:
        return raw.split(b"\x00", 1)[0].decode("ascii", "replace")
    start = text.find("id:")
    if start < 0:
        return None
    value = text[start + 3 :].split(" ", 1)[0]
    return value or None


class _ConcatGroup:
    __slots__ = ("parts", "timer")

    def __init__(self) -> None:
        self.parts: dict[int, Part] = {}
        self.timer: asyncio.TimerHandle | None = None


class Proxy:
    """The firewall proxy. ``await start()``, then ``await stop()``."""

    def __init__(self, config: SmppConfig, engine: Engine) -> None:
        """Build the proxy (nothing is opened until :meth:`start`).

        Args:
            config: the validated configuration.
            engine: scores every message; owned by the caller (closed by it).
        """
        self.config = config
        self.engine = engine
        self.accounts: dict[str, EsmeConfig] = {e.system_id: e for e in config.esme}
        self.gsm7_form = config.text.gsm7
        self.stats = ProxyStats()
        self.audit = AuditLog(config.audit.path, fsync=config.audit.fsync)
        self.loop: asyncio.AbstractEventLoop
        self.upstream: UpstreamLink
        self.sessions: set[EsmeSession] = set()
        self.unbound: set[EsmeSession] = set()  # connected, not yet bound
        self.connections_per_ip: collections.Counter[str] = collections.Counter()
        self.receivers: dict[str, list[EsmeSession]] = {}
        self._receiver_turn = 0
        # What each account may send from; who owns an address (MO, receipts without a known
        # id). Both come from the configuration only: nothing is learned from traffic, so an
        # ESME cannot claim another's subscriber replies by sending from its number.
        self.sources = {e.system_id: SourceList(e.sources) for e in config.esme}
        self.owners = address_book(config)
        # Routing of receipts: upstream message id -> the ESME whose submit_sm got that id.
        self.routes: collections.OrderedDict[str, str] = collections.OrderedDict()
        self._pending: list[Submission] = []
        self._score_scheduled = False
        self._dirty: list[Writer] = []
        self._flush_scheduled = False
        self._groups: collections.OrderedDict[tuple[object, ...], _ConcatGroup] = (
            collections.OrderedDict()
        )
        self._held_parts = 0
        self._run_id = format(int(time.time() * 1000), "x")
        self._counter = 0
        self._stamp = ""  # the RFC 3339 time of the current batch's verdicts
        self._server: asyncio.Server | None = None
        self._tasks: list[asyncio.Task[None]] = []
        interval = config.gc_freeze_interval
        self._frozen_heap = (
            FrozenHeap(
                interval,
                config.gc_full_interval,
                work=lambda: self.stats.submitted,
                quiet_rate=config.gc_quiet_rate,
                max_wait=config.gc_full_max_wait,
            )
            if interval
            else None
        )

    # Lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen for ESMEs and start holding the upstream bind."""
        self.loop = asyncio.get_running_loop()
        self.upstream = UpstreamLink(self, self.config.upstream)
        listen = self.config.listen
        self._server = await self.loop.create_server(
            lambda: EsmeSession(self), listen.host, listen.port
        )
        self._tasks.append(self.loop.create_task(self.upstream.run()))
        self._tasks.append(self.loop.create_task(self._sweep()))
        if self._frozen_heap is not None:
            self._frozen_heap.start(self.loop.time())  # the engine and its state as built
        for system_id, sources in self.sources.items():
            if sources.empty:
                log.warning(
                    "ESME %s has no sources: every submit_sm from it is refused ESME_RINVSRCADR "
                    "(give --esme %s:PASSWORD:SOURCES or sources = [...] in its [[esme]])",
                    system_id,
                    system_id,
                )
        log.info("listening on %s:%d", *self.address)

    @property
    def address(self) -> tuple[str, int]:
        """The (host, port) the proxy listens on (the real port when 0 was asked for)."""
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return str(host), int(port)

    async def stop(self) -> None:
        """Stop listening, answer what is still held with a retryable error, unbind upstream."""
        if self._server is not None:
            self._server.close()
        for group_key in list(self._groups):
            self._release_group(group_key, "proxy stopping")
        if self._pending:
            self._score_pending()
        await self.upstream.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self.upstream._disconnected()
        self.flush()
        for session in list(self.sessions):
            session.close()
        if self._server is not None:
            await self._server.wait_closed()
        self.audit.close()
        if self._frozen_heap is not None:
            self._frozen_heap.stop()
        log.info("stopped; counters %s", msgspec.json.encode(self.stats).decode())

    async def _sweep(self) -> None:
        """Once a second: expire unanswered requests, drop silent ESMEs, log counters."""
        last_stats = self.loop.time()
        timeout = self.config.upstream.response_timeout
        silent = self.config.listen.enquire_link_timeout
        bind_timeout = self.config.listen.bind_timeout
        while True:
            await asyncio.sleep(1.0)
            now = self.loop.time()
            self.upstream.expire(now)
            for session in [s for s in self.unbound if now - s.connected_at > bind_timeout]:
                self.unbound.discard(session)  # counted once, however long the close takes
                self.stats.bind_timeouts += 1
                log.info(
                    "connection from %s did not bind in %.0f s; closing", session.peer, bind_timeout
                )
                session.close()
            for session in list(self.sessions):
                late = [s for s, p in session.delivering.items() if p.sent_at < now - timeout]
                for sequence in late:
                    self.deliver_answered(session.delivering.pop(sequence), pdu.ESME_RX_T_APPN)
                if now - session.last_seen > silent:
                    log.warning("ESME %s silent for %.0f s; closing", session.system_id, silent)
                    session.close()
            if self._frozen_heap is not None:
                self._frozen_heap.tick(now)
            interval = self.config.stats_interval
            if interval and now - last_stats >= interval:
                last_stats = now
                log.info("counters %s", msgspec.json.encode(self.stats).decode())
            self.flush()

    # Output ---------------------------------------------------------------------------------

    def mark_dirty(self, writer: Writer) -> None:
        """Note that ``writer`` has bytes queued; they go out at the end of this tick."""
        self._dirty.append(writer)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self.loop.call_soon(self.flush)

    def flush(self) -> None:
        """Write the audit first, then every peer's queued bytes in one write each."""
        self._flush_scheduled = False
        self.audit.flush()
        dirty, self._dirty = self._dirty, []
        for writer in dirty:
            writer.write_out()

    # Sessions -------------------------------------------------------------------------------

    def session_opened(self, session: EsmeSession) -> bool:
        """Admit a new connection, or say no when it would pass a connection cap.

        Returns:
            False when the connection must be closed at once (the counter says which cap).
        """
        listen = self.config.listen
        if self.connections_per_ip[session.host] >= listen.max_connections_per_ip:
            self.stats.refused_per_ip += 1
            log.debug("connection from %s refused: max_connections_per_ip", session.peer)
            return False
        if len(self.unbound) >= listen.max_unbound:
            self.stats.refused_unbound += 1
            log.debug("connection from %s refused: max_unbound", session.peer)
            return False
        self.connections_per_ip[session.host] += 1
        self.unbound.add(session)
        self.sessions.add(session)
        return True

    def session_bound(self, session: EsmeSession) -> None:
        """Register a bound ESME (receivers can now get receipts and MO messages)."""
        self.unbound.discard(session)
        self.stats.binds += 1
        log.info("ESME %s bound from %s", session.system_id, session.peer)
        if session.can_receive and session.system_id is not None:
            self.receivers.setdefault(session.system_id, []).append(session)

    def session_unbinding(self, session: EsmeSession) -> None:
        """Stop routing to a bind that asked to unbind."""
        self._drop_receiver(session)

    def session_closed(self, session: EsmeSession) -> None:
        """Forget a closed connection; what it was sent and did not answer is retried later."""
        if session in self.sessions:
            self.sessions.discard(session)
            self.unbound.discard(session)
            self.connections_per_ip[session.host] -= 1
            if not self.connections_per_ip[session.host]:
                del self.connections_per_ip[session.host]
        self._drop_receiver(session)
        delivering, session.delivering = session.delivering, {}
        for part in delivering.values():
            self.deliver_answered(part, pdu.ESME_RX_T_APPN)
        # Its submit_sm parts still in flight upstream are answered into the void: the SMSC
        # has them either way.
        self.flush()

    def _drop_receiver(self, session: EsmeSession) -> None:
        if session.system_id is None:
            return
        binds = self.receivers.get(session.system_id)
        if binds and session in binds:
            binds.remove(session)
            if not binds:
                del self.receivers[session.system_id]

    def _receiver_for(self, system_id: str | None) -> EsmeSession | None:
        if system_id is None:
            return None
        binds = self.receivers.get(system_id)
        if not binds:
            return None
        self._receiver_turn += 1
        return binds[self._receiver_turn % len(binds)]

    # Admission, reassembly, scoring ---------------------------------------------------------

    def may_send_from(self, system_id: str, short_message: pdu.ShortMessage) -> bool:
        """Whether the account may send from the submit_sm's source address (its ``sources``)."""
        sources = self.sources.get(system_id)
        if sources is None:
            return False
        if sources.any:  # "*": no need to read the address
            return True
        country_code = self.config.text.country_code
        return sources.allows(to_e164(short_message.source, short_message.source_ton, country_code))

    def admit(self, part: Part, direction: str, esme: str | None) -> None:
        """Take a part into the pipeline: alone, or into its concatenated message's group."""
        if direction == "mt" and esme is not None:
            self.stats.submitted += 1
        segment = part.segment
        if segment is None:
            self._enqueue(Submission(direction, esme, [part]))
            return
        sm = part.short_message
        key = (direction, esme, sm.source, sm.dest, segment.reference, segment.total)
        group = self._groups.get(key)
        if group is not None and segment.number in group.parts:
            self._release_group(key, "a part number repeated before the message was complete")
            group = None
        if group is None:
            group = self._groups[key] = _ConcatGroup()
            group.timer = self.loop.call_later(
                self.config.text.concat_timeout, self._release_group, key, "parts missing"
            )
        group.parts[segment.number] = part
        self._held_parts += 1
        if len(group.parts) == segment.total:
            self._release_group(key, None)
        elif self._held_parts > self.config.text.concat_max_pending:
            self._release_group(next(iter(self._groups)), "too many parts held")

    def _release_group(self, key: tuple[object, ...], why: str | None) -> None:
        group = self._groups.pop(key, None)
        if group is None:
            return
        if group.timer is not None:
            group.timer.cancel()
        parts = [group.parts[n] for n in sorted(group.parts)]
        self._held_parts -= len(parts)
        submission = Submission(str(key[0]), _esme(key), parts)
        total = parts[0].segment.total if parts[0].segment else len(parts)
        if why is not None:
            submission.note = f"judged on {len(parts)} of {total} parts: {why}"
        self._enqueue(submission)

    def _enqueue(self, submission: Submission) -> None:
        self._pending.append(submission)
        if not self._score_scheduled:
            self._score_scheduled = True
            self.loop.call_soon(self._score_pending)

    def _message_for(self, submission: Submission, now: dt.datetime) -> Message | None:
        """The engine's view of a submission, or ``None`` with ``note`` saying why not."""
        sm = submission.parts[0].short_message
        country_code = self.config.text.country_code
        self._counter += 1
        submission.message_id = f"smpp-{self._run_id}-{self._counter}"
        submission.sender = to_e164(sm.source, sm.source_ton, country_code)
        submission.recipient = to_e164(sm.dest, sm.dest_ton, country_code)
        if not submission.sender:
            submission.note = "source_addr is empty"
            return None
        try:
            return Message(
                id=submission.message_id,
                ts=now,
                sender=submission.sender,
                to=submission.recipient,
                body=submission.text[:MAX_BODY_CHARS],
            )
        except ValueError as exc:
            submission.note = str(exc)
            return None

    def _score_pending(self) -> None:
        """Score everything admitted this tick in one engine call, then act on each verdict."""
        self._score_scheduled = False
        if self._dirty:
            # Answers already due (the SMSC's, for an earlier batch) leave before this batch is
            # scored, not after: the ESME refills its window while the engine works, so the next
            # tick's batch is larger (about half the window under load instead of a third), and
            # the engine costs less a message in larger batches.
            self.flush()
        batch, self._pending = self._pending, []
        now = dt.datetime.now(dt.UTC)
        scored: list[Submission] = []
        messages: list[Message] = []
        for submission in batch:
            message = self._message_for(submission, now)
            if message is None:
                submission.engine = "unscored"
            else:
                scored.append(submission)
                messages.append(message)
        if messages:
            verdicts: list[Verdict] | None
            refused: Exception | None = None
            mode = self.config.engine.on_error
            try:
                verdicts = self.engine.score_batch(messages)
            except Exception as exc:
                verdicts = None
                self.stats.engine_failures += len(messages)
                # Closed whatever on_error says: a failed opt-out check, or shared state that
                # could not record the batch (a STOP in it must come again, not pass unrecorded).
                if isinstance(exc, SignalFailedClosedError | StateUnavailableError):
                    refused, mode = exc, "closed"
                log.exception("ALERT engine failed on %d messages; failing %s", len(messages), mode)
            if verdicts is None:
                outcome = "failed_open" if mode == "open" else "failed_closed"
                for submission in scored:
                    submission.engine = outcome  # type: ignore[assignment]
                    if refused is not None:
                        submission.note = str(refused)
            else:
                for submission, verdict in zip(scored, verdicts, strict=True):
                    submission.verdict = verdict
        self._stamp = now.isoformat().replace("+00:00", "Z")
        for submission in batch:
            if submission.direction == "mt":
                self._dispatch_mt(submission)
            else:
                self._dispatch_mo(submission)

    def _dispatch_mt(self, submission: Submission) -> None:
        verdict = submission.verdict
        if submission.engine == "unscored":
            self.stats.invalid_address += 1
            # The model names the field it refused: a source that is no valid `from` (a national
            # number without its country code, say) is the source's fault, not the destination's.
            bad_source = not submission.sender or (submission.note or "").startswith("`from`")
            status = pdu.ESME_RINVSRCADR if bad_source else pdu.ESME_RINVDSTADR
            self._answer_all(submission, status)
        elif submission.engine == "failed_closed":
            self._answer_all(submission, pdu.ESME_RSYSERR)
        elif verdict is not None and not self._forwards(submission, verdict):
            self.stats.rejected += len(submission.parts)
            self._answer_all(submission, response_for(verdict.action).smpp_status)
        else:
            submit = self.upstream.submit
            for part in submission.parts:
                submit(part)

    def _dispatch_mo(self, submission: Submission) -> None:
        self.stats.mo_received += 1
        verdict = submission.verdict
        if submission.engine == "failed_closed":
            self._answer_all(submission, pdu.ESME_RX_T_APPN)
            return
        if verdict is not None and not self._forwards(submission, verdict):
            self._answer_all(submission, response_for(verdict.action).smpp_status)
            return
        sm = submission.parts[0].short_message
        owner = self.owners.owner(submission.recipient) or self.config.default_mo_system_id
        if owner is None:
            # Left with the SMSC (it retries), never handed to an ESME that does not own the
            # number: once the operator adds it to an account, a retry reaches its owner.
            self.stats.mo_unowned += 1
            submission.note = f"no ESME account owns {sm.dest!r}; SMSC to retry"
            log.warning("MO message to %r: no ESME account owns it (sources)", sm.dest)
            self._answer_all(submission, pdu.ESME_RX_T_APPN)
            return
        receiver = self._receiver_for(owner)
        if receiver is None:
            submission.note = f"no receiver bound for {sm.dest!r} (ESME {owner}); SMSC to retry"
            self._answer_all(submission, pdu.ESME_RX_T_APPN)
            return
        submission.esme = receiver.system_id
        submission.receiver = receiver
        for part in submission.parts:
            receiver.forward_deliver(part)

    def _forwards(self, submission: Submission, verdict: Verdict) -> bool:
        """Whether the verdict lets the message through (always, in monitor mode)."""
        response = response_for(verdict.action)
        if response.forwarded:
            return True
        if self.config.engine.monitor:
            submission.note = (
                f"monitor mode: forwarded; enforcing would answer 0x{response.smpp_status:02x}"
            )
            return True
        return False

    def _answer_all(self, submission: Submission, status: int) -> None:
        for part in submission.parts:
            self.answer(part, status, "")

    # Answers --------------------------------------------------------------------------------

    def answer(self, part: Part, status: int, message_id: str, note: str | None = None) -> None:
        """Answer a part to whoever sent it and, once all its parts are answered, audit it."""
        if part.answered:
            return
        submission = part.submission
        if submission is not None:
            submission.outcomes.append(PartOutcome(part.sequence, status, message_id or None))
            if note is not None and submission.note is None:
                submission.note = note
            submission.remaining -= 1
            if submission.remaining == 0:
                self._audit(submission)
                # Part <-> Submission is a reference cycle; break it so reference counting frees
                # both (frozen cycles would never be collected).
                for each in submission.parts:
                    each.submission = None
                submission.receiver = None
        part.origin.answer(part, status, message_id)

    def upstream_answered(self, part: Part, status: int, message_id: str) -> None:
        """The SMSC answered a forwarded submit_sm: remember the route, relay the answer."""
        if status == pdu.ESME_ROK:
            self.stats.forwarded += 1
            submission = part.submission
            if message_id and submission is not None and submission.esme is not None:
                routes = self.routes
                routes[message_id] = submission.esme
                if len(routes) > ROUTE_MEMORY:
                    routes.popitem(last=False)
        else:
            self.stats.upstream_errors += 1
        self.answer(part, status, message_id)

    def deliver_answered(self, part: Part, status: int) -> None:
        """An ESME answered (or could not answer) a deliver_sm: pass the status to the SMSC."""
        if status == pdu.ESME_ROK and part.submission is not None:
            self.stats.mo_delivered += 1
        self.answer(part, status, "")

    def _audit(self, submission: Submission) -> None:
        verdict = submission.verdict
        if verdict is None:
            action = None if submission.engine != "failed_open" else Action.DELIVER.value
            score = None
            reasons: list[tuple[str, float, str]] = []
        else:
            action = verdict.action.value
            score = verdict.score
            reasons = [(r.symbol, r.score, r.detail) for r in verdict.reasons]
        outcomes = submission.outcomes
        if len(outcomes) == 1:  # the usual message: one PDU, nothing to sort
            forwarded = outcomes[0].status == pdu.ESME_ROK
        else:
            forwarded = any(o.status == pdu.ESME_ROK for o in outcomes)
            outcomes = sorted(outcomes, key=_by_seq)
        self.audit.write(
            AuditRecord(
                ts=self._stamp,
                direction="mt" if submission.direction == "mt" else "mo",
                esme=submission.esme,
                id=submission.message_id,
                sender=submission.sender,
                to=submission.recipient,
                action=action,
                score=score,
                reasons=reasons,
                engine=submission.engine,
                forwarded=forwarded,
                note=submission.note,
                parts=outcomes,
            )
        )

    # From the SMSC --------------------------------------------------------------------------

    def on_upstream_deliver(self, frame: bytes, sequence: int, generation: int) -> None:
        """Route a deliver_sm: a receipt to its ESME, a subscriber message through the engine."""
        upstream = self.upstream
        try:
            short_message = pdu.decode_short_message(frame)
        except pdu.PduError as exc:
            # Answered with its own response (not generic_nack), as for a submit_sm.
            self.stats.malformed += 1
            log.warning("upstream deliver_sm %d is malformed: %s", sequence, exc)
            upstream.send(pdu.encode_message_id_resp(pdu.DELIVER_SM, exc.status, sequence, ""))
            return
        decoded = decode_text(short_message, self.gsm7_form)
        part = Part(
            upstream,
            pdu.DELIVER_SM,
            sequence,
            frame,
            short_message,
            decoded.text,
            decoded.segment,
            generation,
        )
        if short_message.esm_class & pdu.ESM_TYPE_MASK in _RECEIPT_TYPES:
            message_id = receipted_message_id(short_message, decoded.text)
            owner = self.routes.get(message_id) if message_id else None
            if owner is None:
                # An id the proxy does not know: the receipt's destination is the number the
                # message was sent from; it goes to the account that owns that number.
                owner = self.owners.owner(
                    to_e164(
                        short_message.dest, short_message.dest_ton, self.config.text.country_code
                    )
                )
            receiver = self._receiver_for(owner)
            if receiver is None:
                self.stats.receipts_unroutable += 1
                log.info("receipt for %s has no bound receiver (ESME %s)", message_id, owner)
                upstream.answer(part, pdu.ESME_RX_T_APPN, "")
            else:
                self.stats.receipts_routed += 1
                receiver.forward_deliver(part)
            return
        self.admit(part, "mo", None)


def _by_seq(outcome: PartOutcome) -> int:
    return outcome.seq


def _esme(key: tuple[object, ...]) -> str | None:
    value = key[1]
    return value if isinstance(value, str) else None
