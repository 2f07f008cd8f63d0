"""What the redirect server answers to each request: the SIP side of a verdict.

An INVITE becomes a ``Call`` (Call-ID as id, the arrival time as ts, From, the Request-URI's
number as to, P-Asserted-Identity, Identity, Diversion) scored by the call engine. The verdict's
action is answered as ``clearline.actions`` says for every adapter:

* forwarded (deliver, tag): ``302 Moved Temporarily`` with the original Request-URI as Contact,
  a ``P-Asserted-Identity`` carrying the caller's number with its ``verstat``, and for ``tag`` the
  spam label in ``X-Clearline-Label``;
* block: ``603 Network Blocked`` with ``Reason: SIP;cause=603;text="..."`` naming the redress
  contact (ATIS-1000099, "603+");
* throttle: ``503 Service Unavailable``.

When the shared state or the service database does not answer (``--state-url``, ``--db``), the
INVITEs of that batch get ``503 Service Unavailable`` with a ``Warning`` saying so (the SBC routes
the call as it does when its analytics are down) and are not remembered, so a retransmission is
scored once the store is back.

Retransmissions (the same Call-ID, CSeq and method) get the first answer again, byte for byte,
without being scored twice. OPTIONS is answered 200 (SBC health checks); an ACK gets nothing
(it acknowledges our final answer); a CANCEL gets 200 when its INVITE was answered (the answer
stands: it was final at once) and 481 otherwise; other methods 405; a request refused by the
parser 400 or 513.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Protocol

import msgspec

from clearline.actions import response_for
from clearline.adapters.sip.message import (
    SipError,
    SipRequest,
    build_response,
    parse_request,
    quoted_text,
    salvage_headers,
)
from clearline.model import Action, Call, Verdict
from clearline.state import StateUnavailableError
from clearline.voice.numbers import e164_digits

__all__ = [
    "DEFAULT_LABEL",
    "DEFAULT_REDRESS",
    "LABEL_HEADER",
    "CallScorer",
    "RedirectServer",
    "call_from_invite",
    "verstat_of",
]

log = logging.getLogger(__name__)

#: The header that carries the spam label of a tagged call.
LABEL_HEADER = "X-Clearline-Label"
DEFAULT_LABEL = "Spam Likely"
DEFAULT_REDRESS = "contact your carrier to dispute this block"
ALLOW = "INVITE, ACK, CANCEL, OPTIONS"
#: How many answered INVITEs are remembered for retransmissions and CANCELs. RFC 3261 Timer B
#: (64*T1 = 32 s) bounds how long a client retransmits; at 1,000 INVITE/s that is 32,000.
ANSWERS_REMEMBERED = 65_536

_VERSTAT = {
    "SHAKEN_A": "TN-Validation-Passed",
    "SHAKEN_B": "TN-Validation-Passed",
    "SHAKEN_C": "TN-Validation-Passed",
    "SHAKEN_INVALID": "TN-Validation-Failed",
}


def verstat_of(verdict: Verdict) -> str:
    """The verstat a verdict's STIR/SHAKEN reason implies (``No-TN-Validation`` without one)."""
    for reason in verdict.reasons:
        if reason.symbol in _VERSTAT:
            return _VERSTAT[reason.symbol]
    return "No-TN-Validation"


def _called_number(uri: str) -> str:
    """The Request-URI's number: ``+E.164`` when it is one, else the digits (``911``)."""
    digits = e164_digits(uri)
    if digits.isdigit() and len(digits) > 8:
        return "+" + digits
    return digits


def _caller(from_header: str) -> str:
    """The From header's user part (``+12125550123``, ``anonymous``), else the whole header."""
    digits = e164_digits(from_header)
    if digits.isdigit() and len(digits) > 8:
        return "+" + digits
    return digits[:256] or from_header[:256]


def call_from_invite(request: SipRequest, now: dt.datetime) -> Call:
    """The call record of an INVITE.

    Raises:
        SipError: the Request-URI is not a telephone number (400).
    """
    try:
        return Call(
            id=request.call_id[:256],
            ts=now,
            caller=_caller(request.header("From") or ""),
            to=_called_number(request.uri),
            identity=request.header("Identity"),
            pai=request.header("P-Asserted-Identity"),
            diversion=request.header("Diversion"),
        )
    except (msgspec.ValidationError, ValueError) as exc:
        raise SipError(400, f"cannot screen this INVITE: {exc}") from None


class CallScorer(Protocol):
    """What scores the INVITEs: a ``CallEngine``, or ``AuditedCallScorer`` (``--db``)."""

    def score_batch(self, calls: Sequence[Call]) -> list[Verdict]:
        """One verdict per call, in order."""
        ...


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class RedirectServer:
    """Answers SIP requests; transport-free, so tests and both transports share it."""

    def __init__(
        self,
        engine: CallScorer,
        redress: str = DEFAULT_REDRESS,
        label: str = DEFAULT_LABEL,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        """Build the server.

        Args:
            engine: what scores INVITEs (a call engine, or one that records them).
            redress: who to contact to dispute a block (put in the 603's Reason text).
            label: the spam label a tagged call carries.
            clock: the arrival time of a call (the wall clock; tests pass their own).
        """
        self.engine = engine
        self.reason_text = quoted_text(f"Network Blocked; to dispute: {redress}")
        self.label = quoted_text(label, 64)
        self.clock = clock
        self._answers: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        # This batch's INVITEs that could not be scored (the state store is down): 503s.
        self._unscored: dict[tuple[str, int], bytes] = {}
        self.invites_scored = 0

    def handle(self, data: bytes) -> bytes | None:
        """The response to one message, or ``None`` when nothing is to be sent."""
        return self.handle_batch([data])[0]

    def handle_batch(self, messages: Sequence[bytes]) -> list[bytes | None]:
        """The responses to messages that arrived together, in order (``None``: none to send).

        The new INVITEs among them are scored in one engine batch, so the state is committed
        once for all of them (with ``--state``, a commit is an fsync: the batch shares it).
        """
        requests: list[SipRequest | bytes | None] = []
        fresh: dict[tuple[str, int], SipRequest] = {}
        for data in messages:
            try:
                request = parse_request(data)
            except SipError as exc:
                reason = "Message Too Large" if exc.status == 513 else "Bad Request"
                warning = [("Warning", _warning(str(exc)))]
                requests.append(build_response(exc.status, reason, salvage_headers(data), warning))
                continue
            requests.append(request)
            if request is not None and request.method == "INVITE":
                key = (request.call_id, request.cseq[0])
                if key not in self._answers:
                    fresh.setdefault(key, request)
        if fresh:
            self._score_invites(fresh)
        answers: list[bytes | None] = []
        for item in requests:
            if item is None or isinstance(item, bytes):
                answers.append(item)
            else:
                answers.append(self._answer(item))
        self._unscored.clear()
        return answers

    def _remember(self, key: tuple[str, int], answer: bytes) -> None:
        self._answers[key] = answer
        if len(self._answers) > ANSWERS_REMEMBERED:
            self._answers.popitem(last=False)

    def _score_invites(self, invites: dict[tuple[str, int], SipRequest]) -> None:
        """Answer new INVITEs: the ones that cannot be screened at once, the rest scored."""
        now = self.clock()
        scored: list[tuple[tuple[str, int], SipRequest, Call]] = []
        for key, request in invites.items():
            max_forwards = request.header("Max-Forwards")
            if max_forwards is not None and int(max_forwards) == 0:
                self._remember(key, build_response(483, "Too Many Hops", request.headers))
                continue
            try:
                call = call_from_invite(request, now)
            except SipError as exc:
                warning = [("Warning", _warning(str(exc)))]
                self._remember(key, build_response(400, "Bad Request", request.headers, warning))
                continue
            scored.append((key, request, call))
        if not scored:
            return
        try:
            verdicts = self.engine.score_batch([call for _, _, call in scored])
        except StateUnavailableError as exc:
            log.warning("%d INVITEs answered 503: %s", len(scored), exc)
            warning = [("Retry-After", "5"), ("Warning", _warning(str(exc)))]
            for key, request, _ in scored:  # not remembered: a retransmission is scored again
                self._unscored[key] = build_response(
                    503, "Service Unavailable", request.headers, warning
                )
            return
        self.invites_scored += len(verdicts)
        for (key, request, call), verdict in zip(scored, verdicts, strict=True):
            self._remember(key, self._verdict_answer(request, call, verdict))

    def _answer(self, request: SipRequest) -> bytes | None:
        method = request.method
        number, _ = request.cseq
        key = (request.call_id, number)
        if method == "INVITE":
            # Answered in handle_batch (now or, for a retransmission, before), or refused for
            # now when the state store did not answer.
            unscored = self._unscored.get(key)
            return unscored if unscored is not None else self._answers[key]
        if method == "ACK":
            return None
        if method == "OPTIONS":
            return build_response(
                200, "OK", request.headers, [("Allow", ALLOW), ("Accept", "application/sdp")]
            )
        if method == "CANCEL":
            if key in self._answers:
                return build_response(200, "OK", request.headers)
            return build_response(481, "Call/Transaction Does Not Exist", request.headers)
        return build_response(405, "Method Not Allowed", request.headers, [("Allow", ALLOW)])

    def _verdict_answer(self, request: SipRequest, call: Call, verdict: Verdict) -> bytes:
        answer = response_for(verdict.action)
        if answer.sip_code is not None and answer.sip_reason is not None:
            extra = [("Reason", f'SIP;cause={answer.sip_code};text="{self.reason_text}"')]
            if answer.sip_code != 603:
                extra = [("Retry-After", "60")]
            return build_response(answer.sip_code, answer.sip_reason, request.headers, extra)
        headers = [("Contact", f"<{request.uri}>")]
        caller = e164_digits(call.pai or call.caller)
        if caller.isdigit():
            verstat = verstat_of(verdict)
            headers.append(("P-Asserted-Identity", f"<tel:+{caller};verstat={verstat}>"))
        if verdict.action is Action.TAG:
            headers.append((LABEL_HEADER, self.label))
        return build_response(302, "Moved Temporarily", request.headers, headers)


def _warning(text: str) -> str:
    # RFC 3261 section 20.43: warn-code 399 (miscellaneous), the agent, a quoted text.
    return f'399 clearline "{quoted_text(text)}"'
