"""Call campaigns across numbers: one dialling pattern that moves from number to number.

A robocaller rotates caller IDs to stay under per-number limits, but its dialler keeps working
through the same run of callee numbers or the same list. The fingerprint of a call is therefore
not who places it but where it continues:

* a **run**: the callee is one above (at most ``sequential_max_step`` above) a callee called
  within ``run_gap_seconds`` before, by any number. Each call leaves, in the ``call_run_next``
  state table, the run it extends under the callee numbers that would continue it; a run counts
  its length and the distinct calling numbers that dialled it. A dialler walking a block with a
  fresh caller ID every few calls (or on many lines at once) makes one long run from many numbers;
  people do not call consecutive numbers.
* a **list**: the callee was called within ``list_window_minutes`` by another number
  (``call_callee_last`` remembers each callee's last caller), and the calling number has made at
  least ``min_redials`` such calls (``call_redials`` counts them until the number has been quiet
  for ``list_window_minutes``): a number re-dialling the callees other numbers dialled before,
  as a campaign works through its list again with fresh caller IDs. One such call links nobody:
  everyone calls their bank, and a radio contest line gets thousands of calls from strangers.

Numbers linked by a run or a list are one **cluster** (``call_number_cluster`` maps a number to
its cluster, ``call_clusters`` keeps the cluster's counts), judged as one, never by size alone.
A number that continued another's run or list is an *active* member; the number it continued
joins passively (it may be a stranger who happened to call the same person first) and is never
labelled for the cluster unless it continues a run or list itself:

* ``CALL_CAMPAIGN_RUN``: the call continues a run of at least ``sequential_run`` consecutive
  callees dialled from two or more numbers;
* ``CALL_CAMPAIGN``: the call is from an active member of a cluster of at least ``min_numbers``
  numbers linked by at least ``min_links`` calls, whose calls either walked such a run or mostly
  (``short_call_share`` of at least ``short_call_min_calls`` calls with a duration) ended within
  ``short_call_seconds``. A business whose agents call back the same customers, or a family
  calling the same relatives, forms a cluster of long calls and is never judged a campaign.

Memory is bounded by the traffic of the windows: one run entry per call and step for
``run_gap_seconds``, one entry per distinct callee and per re-dialling number for
``list_window_minutes``, and clusters (at
most ``max_tracked_numbers`` numbers each) forgotten ``idle_hours`` after their last call.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any, ClassVar

import msgspec

from clearline.model import Hit, SymbolSpec
from clearline.signals.base import SignalConfigError, setting
from clearline.signals.call_base import CallBatch, VoiceContext
from clearline.state import StateStore

__all__ = [
    "CallCampaignSignal",
    "CallCluster",
    "CalleeLast",
    "ClusterOf",
    "Redials",
    "RunTail",
]


class RunTail(msgspec.Struct, array_like=True, gc=False):
    """A run of consecutive callees, stored under the callee numbers that would continue it."""

    length: int
    numbers: list[str]  # distinct calling numbers of the run, at most max_tracked_numbers
    last_caller: str
    ts: float


class CalleeLast(msgspec.Struct, array_like=True, gc=False):
    """The last number that called a callee, and when."""

    caller: str
    ts: float


class Redials(msgspec.Struct, array_like=True, gc=False):
    """How many calls a number made to callees another number had called shortly before."""

    count: int = 0


class ClusterOf(msgspec.Struct, array_like=True, gc=False):
    """The cluster a calling number belongs to; ``active`` once it continued another number's
    run or list (only active members are labelled)."""

    cluster: str
    active: bool = False


class CallCluster(msgspec.Struct, array_like=True, gc=False):
    """Numbers that continued each other's dialling, counted as one caller."""

    numbers: list[str] = []  # at most max_tracked_numbers
    links: int = 0  # calls that continued another number's run or list
    calls: int = 0
    known: int = 0  # calls with a duration
    short: int = 0
    longest_run: int = 0  # the longest run from two or more numbers its calls made


def _cluster_id(caller: str) -> str:
    return f"k{zlib.crc32(caller.encode()):08x}"


class CallCampaignSignal:
    """Runs and lists continued across calling numbers, clustered and judged as one."""

    name: ClassVar[str] = "call_campaigns"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "CALL_CAMPAIGN_RUN",
            "The call continues a run of consecutive callee numbers that several calling "
            "numbers dialled in turn: one dialler walking a number block while rotating its "
            "caller ID.",
            "Callers: dial only numbers you have a reason to call, from numbers you present "
            "consistently.",
        ),
        SymbolSpec(
            "CALL_CAMPAIGN",
            "The calling number is one of several that continued each other's dialling (the "
            "same run or the same list of callees), and together they dial like a robocaller: "
            "number blocks in sequence, or mostly calls that end at once.",
            "Callers: stop rotating caller IDs over one call list; call people who expect "
            "your call. Operators: the detail names the cluster's size and evidence.",
        ),
    )

    def __init__(
        self, settings: Mapping[str, Any], state: StateStore, context: VoiceContext
    ) -> None:
        """Read the thresholds of ``[signals.call_campaigns]`` (see ``scores.d/80-voice.toml``)."""
        self.sequential_run: int = setting(settings, "sequential_run", int, 5)
        self.max_step: int = setting(settings, "sequential_max_step", int, 1)
        self.run_gap: float = setting(settings, "run_gap_seconds", float, 600.0)
        self.list_window: float = setting(settings, "list_window_minutes", float, 240.0) * 60
        self.min_redials: int = setting(settings, "min_redials", int, 2)
        self.min_numbers: int = setting(settings, "min_numbers", int, 3)
        self.min_links: int = setting(settings, "min_links", int, 10)
        self.short_seconds: float = setting(settings, "short_call_seconds", float, 6.0)
        self.short_share: float = setting(settings, "short_call_share", float, 0.6)
        self.short_min_calls: int = setting(settings, "short_call_min_calls", int, 10)
        self.max_numbers: int = setting(settings, "max_tracked_numbers", int, 32)
        self.idle: float = setting(settings, "idle_hours", float, 6.0) * 3600
        if self.sequential_run < 2:
            raise SignalConfigError("setting `sequential_run` must be at least 2")
        if not 1 <= self.max_step <= 10:
            raise SignalConfigError("setting `sequential_max_step` must be between 1 and 10")
        for key, value in (
            ("min_redials", self.min_redials),
            ("min_numbers", self.min_numbers),
            ("min_links", self.min_links),
            ("short_call_min_calls", self.short_min_calls),
        ):
            if value < 1:
                raise SignalConfigError(f"setting `{key}` must be at least 1, got {value}")
        for key, seconds in (
            ("run_gap_seconds", self.run_gap),
            ("list_window_minutes", self.list_window),
            ("idle_hours", self.idle),
        ):
            if seconds <= 0:
                raise SignalConfigError(f"setting `{key}` must be above 0")
        if not 0.0 < self.short_share <= 1.0:
            raise SignalConfigError("setting `short_call_share` must be in (0, 1]")
        if self.max_numbers < self.min_numbers:
            raise SignalConfigError(
                f"setting `max_tracked_numbers` ({self.max_numbers}) must be at least "
                f"`min_numbers` ({self.min_numbers})"
            )
        self._runs = state.table("call_run_next", RunTail, window=True)
        self._last_caller = state.table("call_callee_last", CalleeLast, window=True)
        self._redials = state.table("call_redials", Redials, window=True)
        self._cluster_of = state.table("call_number_cluster", ClusterOf, window=True)
        self._clusters = state.table("call_clusters", CallCluster, window=True)
        self._next_sweep = float("-inf")
        self._next_long_sweep = float("-inf")

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        """Follow each call's run and list across numbers, cluster the numbers, judge them."""
        legs = list(zip(batch.caller_digits, batch.callee_digits, strict=True))
        counted = [a.isdigit() and b.isdigit() for a, b in legs]
        callees = {b for (_, b), ok in zip(legs, counted, strict=True) if ok}
        if not callees:
            return
        runs = self._runs.get_many(callees)
        last_caller = self._last_caller.get_many(callees)
        numbers = {a for (a, _), ok in zip(legs, counted, strict=True) if ok}
        numbers.update(t.last_caller for t in runs.values())
        numbers.update(last.caller for last in last_caller.values())
        cluster_of = self._cluster_of.get_many(numbers)
        clusters = self._clusters.get_many({ref.cluster for ref in cluster_of.values()})
        # The numbers of this batch that may re-dial, its own earlier calls included.
        redialling = set()
        latest_caller = {callee: last.caller for callee, last in last_caller.items()}
        for (caller, callee), ok in zip(legs, counted, strict=True):
            if not ok:
                continue
            before = latest_caller.get(callee)
            if before is not None and before != caller:
                redialling.add(caller)
            latest_caller[callee] = caller
        redials = self._redials.get_many(redialling) if redialling else {}
        touched_redials: set[str] = set()
        new_runs: dict[str, RunTail] = {}
        touched_callees: dict[str, CalleeLast] = {}
        touched_numbers: dict[str, ClusterOf] = {}
        touched_clusters: set[str] = set()
        for i, ((caller, callee), ok, call, now) in enumerate(
            zip(legs, counted, batch.calls, batch.epochs, strict=True)
        ):
            if not ok:
                continue
            tail = new_runs.get(callee) or runs.get(callee)
            if tail is not None and not 0.0 <= now - tail.ts <= self.run_gap:
                tail = None
            run = self._extend(tail, caller, now)
            for step in range(1, self.max_step + 1):
                new_runs[str(int(callee) + step)] = run
            previous = touched_callees.get(callee) or last_caller.get(callee)
            touched_callees[callee] = CalleeLast(caller, now)
            linked = None
            if tail is not None and tail.last_caller != caller:
                linked = tail.last_caller
            elif (
                previous is not None
                and previous.caller != caller
                and 0.0 <= now - previous.ts <= self.list_window
            ):
                count = redials.get(caller)
                if count is None:
                    count = redials[caller] = Redials()
                count.count += 1
                touched_redials.add(caller)
                if count.count >= self.min_redials:
                    linked = previous.caller
            cluster_id = self._join(caller, linked, cluster_of, clusters, touched_numbers)
            if cluster_id is None:
                if len(run.numbers) >= 2 and run.length >= self.sequential_run:
                    hits[i].append(self._run_hit(run, callee))
                continue
            cluster = clusters[cluster_id]
            touched_clusters.add(cluster_id)
            self._count(cluster, caller, linked is not None, call.duration, run)
            if len(run.numbers) >= 2 and run.length >= self.sequential_run:
                hits[i].append(self._run_hit(run, callee))
            verdict = self._judged(cluster) if cluster_of[caller].active else ""
            if verdict:
                hits[i].append(Hit("CALL_CAMPAIGN", f"+{caller} {verdict}"))
        latest = max(batch.epochs)
        self._runs.put_many(new_runs, latest)
        self._last_caller.put_many(touched_callees, latest)
        if touched_redials:
            self._redials.put_many({k: redials[k] for k in touched_redials}, latest)
        if touched_numbers:
            self._cluster_of.put_many(touched_numbers, latest)
        if touched_clusters:
            self._clusters.put_many({k: clusters[k] for k in touched_clusters}, latest)
        # A sweep reads every record of a table: the short-lived runs are swept every run gap,
        # the tables kept for hours once an hour, so their records may outlive their window by
        # up to an hour (runs and callees check their times on lookup anyway).
        if latest >= self._next_sweep:
            self._runs.expire(latest - self.run_gap)
            self._next_sweep = latest + self.run_gap
        if latest >= self._next_long_sweep:
            self._last_caller.expire(latest - self.list_window)
            self._redials.expire(latest - self.list_window)
            self._cluster_of.expire(latest - self.idle)
            self._clusters.expire(latest - self.idle)
            self._next_long_sweep = latest + 3600.0

    def _extend(self, tail: RunTail | None, caller: str, now: float) -> RunTail:
        """The run this call makes: the one it continues, one longer, or a new run of one."""
        if tail is None:
            return RunTail(1, [caller], caller, now)
        numbers = tail.numbers
        if caller not in numbers and len(numbers) < self.max_numbers:
            numbers = [*numbers, caller]
        return RunTail(tail.length + 1, numbers, caller, now)

    def _join(
        self,
        caller: str,
        linked: str | None,
        cluster_of: dict[str, ClusterOf],
        clusters: dict[str, CallCluster],
        touched: dict[str, ClusterOf],
    ) -> str | None:
        """The cluster of ``caller`` after this call: the one of the number it continued (the
        earlier cluster wins, so a campaign keeps its history as it moves), else its own."""
        own = cluster_of.get(caller)
        if linked is None:
            return own.cluster if own is not None and own.cluster in clusters else None
        theirs = cluster_of.get(linked)
        if theirs is not None and theirs.cluster in clusters:
            cluster_id = theirs.cluster
        elif own is not None and own.cluster in clusters:
            cluster_id = own.cluster
        else:
            cluster_id = _cluster_id(linked)
            clusters[cluster_id] = CallCluster(numbers=[linked])
        theirs = cluster_of.get(linked)
        if theirs is None or theirs.cluster != cluster_id:
            cluster_of[linked] = touched[linked] = ClusterOf(cluster_id)
        own = cluster_of.get(caller)
        if own is None or own.cluster != cluster_id or not own.active:
            cluster_of[caller] = touched[caller] = ClusterOf(cluster_id, active=True)
        cluster = clusters[cluster_id]
        if linked not in cluster.numbers and len(cluster.numbers) < self.max_numbers:
            cluster.numbers.append(linked)
        return cluster_id

    def _count(
        self,
        cluster: CallCluster,
        caller: str,
        linked: bool,
        duration: float | None,
        run: RunTail,
    ) -> None:
        if caller not in cluster.numbers and len(cluster.numbers) < self.max_numbers:
            cluster.numbers.append(caller)
        cluster.calls += 1
        cluster.links += linked
        if duration is not None:
            cluster.known += 1
            cluster.short += duration < self.short_seconds
        if len(run.numbers) >= 2:
            cluster.longest_run = max(cluster.longest_run, run.length)

    def _judged(self, cluster: CallCluster) -> str:
        """Why the cluster is a campaign (the hit's detail after the number), or ``""``."""
        if len(cluster.numbers) < self.min_numbers or cluster.links < self.min_links:
            return ""
        size = (
            f"is one of {len(cluster.numbers)} numbers dialling one pattern "
            f"({cluster.links} calls continued another number's run or list)"
        )
        if cluster.longest_run >= self.sequential_run:
            return f"{size}: a run of {cluster.longest_run} consecutive callees"
        if cluster.known >= self.short_min_calls and (
            cluster.short >= self.short_share * cluster.known
        ):
            return (
                f"{size}: {cluster.short} of {cluster.known} calls lasted under "
                f"{self.short_seconds:g} s"
            )
        return ""

    def _run_hit(self, run: RunTail, callee: str) -> Hit:
        return Hit(
            "CALL_CAMPAIGN_RUN",
            f"+{callee} continues a run of {run.length} consecutive callees dialled from "
            f"{len(run.numbers)} calling numbers",
        )
