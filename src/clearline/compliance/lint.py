"""The sender's pre-check: would this message be filtered, and what exactly should be fixed?

``lint_message`` scores one text through the real engine (every enabled signal and the policy in
force), in a scratch state that holds only what the question needs: the campaign and its brand, the
recipient's consent and opt-outs, and the number lists, copied from the operator's store. So the
answer is the verdict the traffic would get, not a second rulebook that could drift from it.

The message is judged as the *first* message of the program to the recipient, the strictest case
(it must name the sender and carry opt-out language). Without a recipient, consent is assumed and
quiet hours are not judged; without a campaign, the text is judged as if registered for the given
use case (samples = the text itself, so only the generic rules apply).
"""

from __future__ import annotations

import datetime as dt
from typing import Final, cast, get_args

import msgspec

from clearline.compliance.consent import (
    CAMPAIGN_SCOPE,
    SENDER_SCOPE,
    ConsentEntry,
    consent_key,
    required_consent,
)
from clearline.compliance.registry import Campaign, NumberAssignment, UseCase
from clearline.compliance.store import ComplianceStore
from clearline.model import Action, InputError, Message
from clearline.policy import PolicyConfig
from clearline.state import StateStore, open_state

#: Stand-ins when the caller does not say: a valid NANP sender, and a toll-free recipient, which
#: has no time zone (so quiet hours are not judged without a real recipient).
DEFAULT_SENDER: Final = "+12025550100"
NO_RECIPIENT: Final = "+18005550100"
_LINT_CAMPAIGN: Final = "LINT-UNREGISTERED"


class LintFinding(msgspec.Struct, frozen=True):
    """One rule the message breaks (or one informational note), with how to fix it."""

    symbol: str
    score: float
    detail: str
    description: str
    fix: str


class LintReport(msgspec.Struct, frozen=True):
    """The pre-check's answer.

    Attributes:
        action: what the filter would do (deliver, tag, throttle, block).
        score: the verdict's score.
        filtered: True unless the action is deliver.
        findings: every rule broken, strongest first.
        assumptions: what was assumed because it was not given (consent, time, campaign).
    """

    action: Action
    score: float
    filtered: bool
    findings: tuple[LintFinding, ...]
    assumptions: tuple[str, ...] = ()

    def render(self) -> str:
        """The report as a person reads it."""
        verdict = "would be FILTERED" if self.filtered else "would be delivered"
        lines = [f"{self.action.value.upper()} (score {self.score:g}): this message {verdict}."]
        if self.findings:
            lines.append("")
        for finding in self.findings:
            lines.append(f"  {finding.score:+7.2f}  {finding.symbol}")
            if finding.detail:
                lines.append(f"           found: {finding.detail}")
            lines.append(f"           rule:  {finding.description}")
            lines.append(f"           fix:   {finding.fix}")
        if not self.findings:
            lines.append("No rule broken.")
        for note in self.assumptions:
            lines.append(f"note: {note}")
        return "\n".join(lines)


class LintError(ValueError):
    """The question cannot be asked (a bad number or time); the message says why."""


def lint_message(
    text: str,
    *,
    campaign: str | None = None,
    sender: str | None = None,
    recipient: str | None = None,
    send_time: dt.datetime | None = None,
    use_case: str = "marketing",
    source: StateStore | None = None,
    config: PolicyConfig | None = None,
) -> LintReport:
    """Say every rule ``text`` would break, with the symbol, the score and the fix.

    Args:
        text: the message body.
        campaign: registered campaign id; its brand, samples and use case are used.
        sender: the number to send from (default: the campaign's first number).
        recipient: E.164 recipient; enables consent, opt-out and quiet-hours checks.
        send_time: when it would be sent (aware); default now.
        use_case: the use case assumed when no campaign is given.
        source: the operator's state store holding the registry, consent, opt-outs and lists.
        config: the policy (default: the shipped one).

    Returns:
        The report; ``report.filtered`` is what the CLI's exit code says.

    Raises:
        LintError: a number or time is not usable.
    """
    from clearline.engine import Engine

    when = send_time if send_time is not None else dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        raise LintError("the send time needs a UTC offset, e.g. 2026-11-23T14:05:00-05:00")
    assumptions: list[str] = []
    origin = ComplianceStore(source if source is not None else open_state(None))
    scratch = ComplianceStore(open_state(None))
    if not origin.has_registry():
        # Said first: every other answer (campaign unknown, no consent on file) follows from it.
        assumptions.append(
            "no registry loaded: no registered campaign, consent record or number list is known"
        )
    found: Campaign | None = None
    if campaign is not None:
        found = origin.campaigns.get_many({campaign}).get(campaign)
    if campaign is not None and found is None:
        sender = sender or DEFAULT_SENDER
        # Registered-looking, so the A2P rules run and report the missing registration.
        scratch.numbers.put_many({sender: NumberAssignment(campaign)}, 0.0)
    elif found is None:
        if use_case not in get_args(UseCase):
            raise LintError(f"unknown use case {use_case!r}; one of {', '.join(get_args(UseCase))}")
        found = Campaign(_LINT_CAMPAIGN, "LINT-BRAND", cast(UseCase, use_case), (text,))
        assumptions.append(
            f"no campaign given: judged as a registered {use_case} campaign whose samples are "
            'this text (sender name found by wording such as "Acme: ...")'
        )
        campaign = _LINT_CAMPAIGN
    if found is not None:
        sender = sender or (found.numbers[0] if found.numbers else DEFAULT_SENDER)
        brand = origin.brands.get_many({found.brand}).get(found.brand)
        found = msgspec.structs.replace(found, numbers=(sender,))
        scratch.campaigns.put_many({found.id: found}, 0.0)
        scratch.numbers.put_many({sender: NumberAssignment(found.id)}, 0.0)
        if brand is not None:
            scratch.brands.put_many({brand.id: brand}, 0.0)
        if found.verification_token:  # verified by the operator, or only claimed
            token = found.verification_token
            scratch.tokens.put_many(origin.tokens.get_many({token}), 0.0)
    assert sender is not None and campaign is not None
    to = recipient or NO_RECIPIENT
    if recipient is None:
        assumptions.append("no recipient given: consent assumed, quiet hours not judged")
        needed = required_consent(found.use_case) if found is not None else "promotional"
        scratch.consent.put_many(
            {consent_key(to, CAMPAIGN_SCOPE + campaign): ConsentEntry(needed, 0.0, "assumed")},
            0.0,
        )
    else:
        keys = {
            consent_key(recipient, CAMPAIGN_SCOPE + campaign),
            consent_key(recipient, SENDER_SCOPE + sender),
        }
        scratch.consent.put_many(origin.consent.get_many(keys), 0.0)
        _copy_opt_outs(origin.state, scratch.state, recipient, sender, campaign)
    if send_time is None:
        assumptions.append(f"no send time given: judged as sent now ({when:%Y-%m-%d %H:%M %Z})")
    scratch.lists.put_many(origin.lists.get_many({sender, to}), 0.0)
    try:
        message = msgspec.convert(
            {
                "id": "lint",
                "ts": when,
                "from": sender,
                "to": to,
                "body": text,
                "campaign": None if campaign == _LINT_CAMPAIGN else campaign,
            },
            Message,
        )
    except (msgspec.ValidationError, ValueError, InputError) as exc:
        raise LintError(str(exc)) from None
    engine = Engine(config=config, state=scratch.state)
    verdict = engine.score(message)
    specs = engine.symbol_specs
    findings = tuple(
        LintFinding(
            r.symbol,
            r.score,
            r.detail,
            specs[r.symbol].description if r.symbol in specs else "",
            specs[r.symbol].advice if r.symbol in specs else "",
        )
        for r in sorted(verdict.reasons, key=lambda r: -r.score)
    )
    return LintReport(
        verdict.action,
        verdict.score,
        verdict.action is not Action.DELIVER,
        findings,
        tuple(assumptions),
    )


def _copy_opt_outs(
    origin: StateStore, scratch: StateStore, recipient: str, sender: str, campaign: str
) -> None:
    """Copy the recipient's opt-outs from this sender or campaign, marked as already confirmed."""
    from clearline.signals.optout import OptOutEntry, SubscriberOptOuts

    record = origin.table("optout", SubscriberOptOuts).get_many({recipient}).get(recipient)
    if record is None:
        return
    copied = {
        scope: OptOutEntry(e.ts, e.via, e.confirm_until, confirmed=True)
        for scope, e in record.entries.items()
        if scope in (SENDER_SCOPE + sender, CAMPAIGN_SCOPE + campaign)
    }
    if copied:
        table = scratch.table("optout", SubscriberOptOuts)
        table.put_many({recipient: SubscriberOptOuts(copied)}, 0.0)
