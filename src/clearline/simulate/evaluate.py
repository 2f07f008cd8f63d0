"""Join verdicts to the simulator's ground truth: what each traffic class got, and how fast each
unwanted campaign was caught. Used by ``clearline demo`` and ``bench/campaigns.py``."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ACTIONS = ("deliver", "tag", "throttle", "block")
#: Classes a correct filter delivers (the bar: 99.9 % delivered, none blocked).
WANTED = ("p2p", "p2p_group", "a2p_compliant", "political_compliant", "subscriber_reply")
#: Classes whose campaigns must be caught after their first ``grace`` messages.
UNWANTED_CAMPAIGNS = ("political_noncompliant", "snowshoe", "smishing")


@dataclass
class CampaignResult:
    """How one unwanted campaign fared."""

    name: str
    messages: int
    delivered_before_first_block: int
    caught_after_grace: float  # share tagged or blocked after the first ``grace`` messages


@dataclass
class Evaluation:
    """Per-class action counts and symbol counts, and per-campaign results."""

    by_class: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    symbols: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    campaigns: list[CampaignResult] = field(default_factory=list)

    def share(self, kind: str, action: str) -> float:
        """The share of a class's messages that got ``action``."""
        counts = self.by_class.get(kind, Counter())
        total = sum(counts.values())
        return counts[action] / total if total else 0.0

    def render(self) -> str:
        """The per-class table and the campaign lines, as a person reads them."""
        lines = [f"{'class':<24}{'messages':>10}" + "".join(f"{a:>10}" for a in ACTIONS)]
        for kind in sorted(self.by_class, key=lambda k: -sum(self.by_class[k].values())):
            total = sum(self.by_class[kind].values())
            shares = "".join(f"{100 * self.share(kind, a):9.2f}%" for a in ACTIONS)
            lines.append(f"{kind:<24}{total:>10,}{shares}")
        if self.campaigns:
            lines.append("")
            lines.append("unwanted campaigns:")
            for c in self.campaigns:
                lines.append(
                    f"  {c.name:<26} {c.messages:>7,} messages, delivered before the first "
                    f"block: {c.delivered_before_first_block:>4,}, caught after the first 50: "
                    f"{100 * c.caught_after_grace:6.2f} %"
                )
        return "\n".join(lines)


def evaluate(
    truth: Iterable[Mapping[str, Any]], verdicts: Iterable[Mapping[str, Any]], grace: int = 50
) -> Evaluation:
    """Join truth records and verdicts (both in message order, as files of dicts).

    Args:
        truth: the simulator's ``*.truth.jsonl`` records.
        verdicts: ``scan`` output records, one per message, in the same order.
        grace: messages of each unwanted campaign allowed through before it must be caught.
    """
    result = Evaluation()
    per_campaign: dict[str, list[str]] = defaultdict(list)
    for fact, verdict in zip(truth, verdicts, strict=True):
        kind = fact["class"]
        action = verdict.get("action", "error")
        result.by_class[kind][action] += 1
        result.symbols[kind].update(r["symbol"] for r in verdict.get("reasons", ()))
        if kind in UNWANTED_CAMPAIGNS:
            per_campaign[fact["campaign"]].append(action)
    for name, actions in sorted(per_campaign.items()):
        first_block = next((i for i, a in enumerate(actions) if a == "block"), len(actions))
        rest = actions[grace:]
        caught = sum(a in ("tag", "block") for a in rest) / len(rest) if rest else 1.0
        result.campaigns.append(
            CampaignResult(
                name,
                len(actions),
                sum(a == "deliver" for a in actions[:first_block]),
                caught,
            )
        )
    return result
