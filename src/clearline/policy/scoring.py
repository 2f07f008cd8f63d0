"""Turn a message's hits into a verdict: scores, group caps, thresholds and short-circuits.

Like rspamd: each symbol's configured score is multiplied by the hit's weight; positive scores in a
capped group stop adding once the group reaches its ``max_score`` (the hit that crosses the cap is
cut to fit, so the reasons always add up to the verdict's score); the score picks the action through
the thresholds; and a symbol with ``force`` short-circuits the sum (the highest ``priority`` wins,
and between equal priorities the stricter action). A forced ``deliver`` (a subscriber's STOP or
HELP) wins outright; any other forced action is a floor: a message whose score already blocks it
stays blocked even if a rate limit would only throttle it.

A symbol with ``lift`` (a recipient's allowlist, an opt-out of default blocking, an upheld
dispute) lowers the action the *score* gives to deliver when that action is at most ``lift``;
the forced actions above then still apply as usual. So such a decision overrides the analytics'
score but never a short-circuit: a STOP (``OPT_OUT_IGNORED``, forced block) is never overridden,
a do-not-originate listing still blocks, a throttle still holds the message back.

A symbol with ``ceiling`` caps the action the score gives at that action (the strictest ceiling of
the hits wins), before the lifts and the forced actions apply in the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from clearline.model import Action, Hit, Reason, SymbolSpec, Verdict, is_symbol_name
from clearline.policy.config import ConfigError, PolicyConfig

#: Outcomes of single-hit verdicts kept for reuse (cleared when full).
_SINGLE_HIT_CACHE = 4096
#: The reason recorded, unscored, for a hit whose symbol no signal declared and whose name is not
#: UPPER_SNAKE (the name goes in its detail).
UNDECLARED_SYMBOL = "UNDECLARED_SYMBOL"


class _Rule:
    __slots__ = ("ceiling", "force", "group", "lift", "priority", "score")

    def __init__(
        self,
        score: float,
        group: int | None,
        force: Action | None,
        priority: int,
        lift: Action | None = None,
        ceiling: Action | None = None,
    ) -> None:
        self.score = score
        self.group = group
        self.force = force
        self.priority = priority
        self.lift = lift
        self.ceiling = ceiling


class Policy:
    """The scoring half of the engine; it sees hits, never raw text."""

    def __init__(self, config: PolicyConfig, declared: Iterable[SymbolSpec]) -> None:
        """Build a policy and check it against the symbols the enabled signals declare.

        Raises:
            ConfigError: a declared symbol has no score.
        """
        self.config = config
        declared_names = {spec.name for spec in declared}
        unscored = sorted(declared_names - config.symbols.keys())
        if unscored:
            raise ConfigError(f"symbols without a score in the policy: {', '.join(unscored)}")
        group_names = list(config.groups)
        self._caps = [config.groups[name].max_score for name in group_names]
        self._rules: dict[str, _Rule] = {}
        for name, sym in config.symbols.items():
            group = group_names.index(sym.group) if sym.group is not None else None
            force = Action(sym.force) if sym.force is not None else None
            lift = Action(sym.lift) if sym.lift is not None else None
            ceiling = Action(sym.ceiling) if sym.ceiling is not None else None
            self._rules[name] = _Rule(sym.score, group, force, sym.priority, lift, ceiling)
        thresholds = config.actions
        # Strictest first, so the first threshold reached is the action.
        self._single: dict[Hit, tuple[Action, float, tuple[Reason, ...]]] = {}
        self._thresholds = [
            (t, a)
            for t, a in (
                (thresholds.block, Action.BLOCK),
                (thresholds.throttle, Action.THROTTLE),
                (thresholds.tag, Action.TAG),
            )
            if t is not None
        ]

    def threshold(self, action: Action) -> float | None:
        """The score at which ``action`` applies, or ``None`` when only a short-circuit sets it."""
        for value, act in self._thresholds:
            if act is action:
                return value
        return None

    def action_for_score(self, score: float) -> Action:
        """The action the thresholds give a score, ignoring short-circuits."""
        for value, action in self._thresholds:
            if score >= value:
                return action
        return Action.DELIVER

    def decide(self, message_id: str, hits: list[Hit], cluster: str | None = None) -> Verdict:
        """Score one message's hits and pick its action."""
        if not hits:
            return Verdict(message_id, Action.DELIVER, 0.0, (), cluster)
        if len(hits) == 1:
            # Most scored messages carry one shared hit (an established conversation): its
            # outcome is worked out once and reused.
            single = self._single.get(hits[0])
            if single is None:
                if len(self._single) >= _SINGLE_HIT_CACHE:
                    self._single.clear()
                single = self._single[hits[0]] = self._outcome(hits)
            return Verdict(message_id, single[0], single[1], single[2], cluster)
        action, total, reasons = self._outcome(hits)
        return Verdict(message_id, action, total, reasons, cluster)

    def _outcome(self, hits: list[Hit]) -> tuple[Action, float, tuple[Reason, ...]]:
        rules = self._rules
        caps = self._caps
        group_sums: dict[int, float] = {}
        reasons: list[Reason] = []
        total = 0.0
        forced: Action | None = None
        forced_key = (-1, -1)
        lift: Action | None = None
        ceiling: Action | None = None
        for hit in hits:
            rule = rules.get(hit.symbol)
            if rule is None:
                # Only reachable by a signal emitting a symbol it did not declare. The audit
                # indexes symbols as UPPER_SNAKE words (``storage.party_index``): another name
                # would read as several symbols, or none, in search and statistics.
                if is_symbol_name(hit.symbol):
                    reasons.append(Reason(hit.symbol, 0.0, hit.detail))
                else:
                    reasons.append(Reason(UNDECLARED_SYMBOL, 0.0, f"{hit.symbol!r}: {hit.detail}"))
                continue
            score = rule.score * hit.weight
            if rule.group is not None and score > 0:
                cap = caps[rule.group]
                if cap is not None:
                    used = group_sums.get(rule.group, 0.0)
                    score = max(0.0, min(score, cap - used))
                    group_sums[rule.group] = used + score
            score = round(score, 3)
            total += score
            reasons.append(Reason(hit.symbol, score, hit.detail))
            if rule.force is not None:
                key = (rule.priority, rule.force.rank)
                if key > forced_key:
                    forced, forced_key = rule.force, key
            elif rule.lift is not None and (lift is None or rule.lift.rank > lift.rank):
                lift = rule.lift
            if rule.ceiling is not None and (ceiling is None or rule.ceiling.rank < ceiling.rank):
                ceiling = rule.ceiling
        total = round(total, 3)
        action = self.action_for_score(total)
        if ceiling is not None and action.rank > ceiling.rank:
            action = ceiling
        if lift is not None and action.rank <= lift.rank:
            action = Action.DELIVER
        if forced is Action.DELIVER or (forced is not None and forced.rank > action.rank):
            action = forced
        return action, total, tuple(reasons)

    def scores(self) -> Mapping[str, float]:
        """Each symbol's configured score."""
        return {name: rule.score for name, rule in self._rules.items()}
