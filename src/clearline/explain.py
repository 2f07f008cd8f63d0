"""A verdict as a person reads it: each reason with its score, what it means and what to do."""

from __future__ import annotations

from collections.abc import Mapping

from clearline.model import Action, SymbolSpec, Verdict
from clearline.policy import Policy
from clearline.signals.voice import CALL_SIGNALS

_HEADLINE = {
    Action.DELIVER: "delivered",
    Action.TAG: "delivered with a spam tag (the subscriber sees it in the spam folder)",
    Action.THROTTLE: "held back: sending too fast, retry later",
    Action.BLOCK: "blocked: not delivered",
}
_CALL_HEADLINE = {
    Action.DELIVER: "rings",
    Action.TAG: "rings with a spam label",
    Action.THROTTLE: "refused for now: the caller is calling too fast",
    Action.BLOCK: "blocked: the call does not ring",
}
#: Symbols only the call engine emits: a verdict with one of them is about a call.
_CALL_SYMBOLS = frozenset(spec.name for cls in CALL_SIGNALS for spec in cls.symbols)


def explain_verdict(verdict: Verdict, policy: Policy, specs: Mapping[str, SymbolSpec]) -> str:
    """Render ``verdict`` as text for a sender or an operator.

    Args:
        verdict: the verdict to explain.
        policy: the policy in force, for its thresholds.
        specs: symbol declarations by name, for descriptions and advice.
    """
    thresholds = ", ".join(
        f"{action.value} at {value:g}"
        for action in (Action.TAG, Action.THROTTLE, Action.BLOCK)
        if (value := policy.threshold(action)) is not None
    )
    is_call = any(reason.symbol in _CALL_SYMBOLS for reason in verdict.reasons)
    subject, headline = ("Call", _CALL_HEADLINE) if is_call else ("Message", _HEADLINE)
    lines = [
        f"{subject} {verdict.id}: {verdict.action.value.upper()} — {headline[verdict.action]}",
        f"Score {verdict.score:g} ({thresholds})",
    ]
    if verdict.cluster:
        lines.append(f"Campaign cluster: {verdict.cluster}")
    forced = _forcing_reason(verdict, policy)
    lifted = _lifting_reason(verdict, policy)
    if forced:
        lines.append(f"Decided by {forced}, which sets the action whatever the score.")
    elif lifted:
        by_score = policy.action_for_score(verdict.score)
        lines.append(
            f"Delivered because of {lifted}: the score alone would {by_score.value} it, and "
            "this recipient's or operator's decision lifts that."
        )
    if not verdict.reasons:
        lines.append("No rule matched: nothing to fix.")
        return "\n".join(lines)
    lines.append("")
    lines.append("Reasons:")
    for reason in sorted(verdict.reasons, key=lambda r: -r.score):
        spec = specs.get(reason.symbol)
        lines.append(f"  {reason.score:+7.2f}  {reason.symbol}")
        if reason.detail:
            lines.append(f"           found: {reason.detail}")
        if spec is not None:
            lines.append(f"           means: {spec.description}")
            lines.append(f"           to fix: {spec.advice}")
    return "\n".join(lines)


def _forcing_reason(verdict: Verdict, policy: Policy) -> str | None:
    symbols = policy.config.symbols
    best: tuple[int, int, str] | None = None
    for reason in verdict.reasons:
        sym = symbols.get(reason.symbol)
        if sym is not None and sym.force is not None and Action(sym.force) is verdict.action:
            key = (sym.priority, Action(sym.force).rank, reason.symbol)
            if best is None or key > best:
                best = key
    return best[2] if best else None


def _lifting_reason(verdict: Verdict, policy: Policy) -> str | None:
    """The symbol whose ``lift`` delivered a message its score alone would have filtered."""
    if verdict.action is not Action.DELIVER:
        return None
    by_score = policy.action_for_score(verdict.score)
    if by_score is Action.DELIVER:
        return None
    symbols = policy.config.symbols
    for reason in verdict.reasons:
        sym = symbols.get(reason.symbol)
        if sym is not None and sym.lift is not None and by_score.rank <= Action(sym.lift).rank:
            return reason.symbol
    return None
