"""Link signals: public shorteners, raw IP hosts, lookalike brand domains, abused TLDs, and
domains that are new and suddenly everywhere.

Extraction and per-host analysis live in ``clearline.content.links`` (cached per host); this
signal turns them into hits and keeps, in the state store, when each domain was first seen and
its recent sightings, so a burst is judged on event time and survives restarts with ``--state``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

import msgspec

from clearline.compliance.store import ComplianceStore
from clearline.content.brands import BRANDS
from clearline.content.facts import TextAnalysis, batch_analysis
from clearline.content.impersonation import BrandMismatch
from clearline.content.links import SHORTENERS
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, setting
from clearline.signals.conversations import COLD, conversations
from clearline.state import StateStore

# Domains that are never "new": the brands' own and the public shorteners (they get their own
# symbol; their traffic is many senders' and says nothing about a new campaign).
_ESTABLISHED = frozenset(domain for brand in BRANDS for domain in brand.official) | SHORTENERS


def _impersonation(mismatch: BrandMismatch, urgency: str | None) -> tuple[str, str]:
    """The symbol and detail of a brand named, or a pretext given, beside someone else's link."""
    brand, host = mismatch.brand, mismatch.host
    if brand is None:
        return (
            "SMISHING_PRETEXT_LINK",
            f"a scam's pretext ({mismatch.pretext!r}) with a link to {host}, which is no "
            "parcel service's, postal service's, utility's, lender's or authority's",
        )
    elsewhere = f"links to {host}, which is not {brand}'s"
    if mismatch.request is not None:
        return "SMISHING_BRAND_LINK", f"names {brand}, asks to {mismatch.request!r} and {elsewhere}"
    if mismatch.pretext is not None:
        return "SMISHING_BRAND_LINK", f"names {brand}, says {mismatch.pretext!r} and {elsewhere}"
    if urgency is not None:
        return "SMISHING_BRAND_LINK", f"names {brand}, presses ({urgency!r}) and {elsewhere}"
    return "URL_BRAND_MISMATCH", f"names {brand} but {elsewhere}"


class DomainSightings(msgspec.Struct, gc=False):
    """When a domain was first seen, and its sightings within the burst window (event time)."""

    first_seen: float
    times: list[float] = []


class LinkSignal:
    """Risky links: shorteners, IP hosts, lookalike brands, abused TLDs, new-domain bursts."""

    name: ClassVar[str] = "links"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "URL_SHORTENER",
            "The text links through a public URL shortener, which hides the destination.",
            "Link to your own domain; carriers do not accept public shorteners in A2P traffic "
            "(a branded short domain of your own is fine).",
        ),
        SymbolSpec(
            "URL_IP_HOST",
            "The text links to a raw IP address instead of a domain name.",
            "Link to a named domain that you own.",
        ),
        SymbolSpec(
            "URL_LOOKALIKE_BRAND",
            "A link's domain imitates a well-known brand (bank, carrier, parcel service, "
            "payment app) without being one of its domains.",
            "If you are that brand, send links on your official domain; otherwise remove the "
            "brand name from the domain.",
        ),
        SymbolSpec(
            "URL_BRAND_MISMATCH",
            "The text names a bank, carrier, parcel service, payment app or agency but links "
            "to a domain that is none of its own (nor another real institution's).",
            "If you are that brand, link to your own domain; if you only mention it, that is "
            "fine: this alone does not filter a message.",
        ),
        SymbolSpec(
            "SMISHING_BRAND_LINK",
            "The text names a bank, carrier, parcel service, payment app or agency, links to "
            "a domain that is none of its own, and asks the reader to verify, update, confirm, "
            "secure or log in to an account (or reschedule a delivery) there.",
            "Send account requests only with links to your own domain, and register the "
            "campaign; better, tell customers to open your app or site themselves.",
        ),
        SymbolSpec(
            "SMISHING_PRETEXT_LINK",
            "The text says a parcel could not be delivered, mail is held, a customs fee or a "
            "toll or traffic fine is unpaid, the power will be cut off within hours for an "
            "unpaid bill, a payday or instant loan is approved, student loans can be "
            "forgiven, a vehicle's warranty is ending, or offers easy money for a few hours' "
            "work a day, and links to a domain that belongs to no parcel service, postal "
            "service, utility or authority.",
            "Link delivery, payment, loan and job notices to your own domain and say who you "
            "are; register the campaign.",
        ),
        SymbolSpec(
            "URL_UNUSUAL_TLD",
            "A link uses a top-level domain that abuse reports show is mostly used for abuse.",
            "Link to a domain under a mainstream top-level domain.",
        ),
        SymbolSpec(
            "URL_NEW_DOMAIN_BURST",
            "A domain never seen before is suddenly in many messages.",
            "Warm up a new domain gradually and register the campaign that uses it.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.burst_count: int = setting(settings, "burst_count", int, 50)
        self.burst_window: float = setting(settings, "burst_window_seconds", float, 3600.0)
        self.new_domain_age: float = setting(settings, "new_domain_seconds", float, 86_400.0)
        self.conversation_share: float = setting(settings, "conversation_share", float, 0.5)
        self._registry = ComplianceStore(state)
        self._table = state.table("link_domains", DomainSightings, merge=self.merge_sightings)
        # When this state store first saw traffic: until it has watched links for a whole
        # `new_domain_seconds`, every domain is "new" to it, so no domain is called new.
        self._watch = state.table("link_watch", DomainSightings, merge=self.merge_sightings)
        self._watching_since: float | None = None
        self._next_sweep = float("-inf")

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        analysis = batch_analysis(batch)
        facts = analysis.facts
        linked = [i for i in analysis.flagged if facts[i].links]
        if not linked:
            return
        domains_of: dict[int, list[str]] = {}
        impersonating: list[int] = []
        # Links inside a two-way conversation (friends sharing a video) are not a campaign's
        # burst; only outreach counts towards one. The behaviour signal leaves the column.
        established = batch.columns.get("established")
        for i in linked:
            found = hits[i]
            # In order, each once (a dict: a 64 KiB body of distinct hosts made a list's
            # membership test quadratic, about 250 ms).
            domains: dict[str, None] = {}
            shortener = ip = lookalike = tld = False
            for link, host in facts[i].links:
                if host.shortener and not shortener:
                    shortener = True
                    found.append(Hit("URL_SHORTENER", f"{link.domain} is a public URL shortener"))
                if host.ip and not ip:
                    ip = True
                    found.append(Hit("URL_IP_HOST", f"the link goes to the IP address {link.host}"))
                if host.brand is not None and not lookalike:
                    lookalike = True
                    found.append(
                        Hit(
                            "URL_LOOKALIKE_BRAND",
                            f"{link.host} imitates {host.brand} (whose domain is "
                            f"{host.brand_domain})",
                        )
                    )
                if host.unusual_tld and not tld:
                    tld = True
                    found.append(
                        Hit("URL_UNUSUAL_TLD", f"{link.domain} uses the .{host.unusual_tld} TLD")
                    )
                if not host.ip and link.domain not in _ESTABLISHED:
                    domains[link.domain] = None
            if facts[i].impersonation is not None:
                impersonating.append(i)
            if domains and not (established is not None and established[i]):
                domains_of[i] = list(domains)
        if impersonating:
            self._impersonation_hits(batch, analysis, impersonating, hits)
        if domains_of:
            self._track_bursts(batch, domains_of, hits)

    def _impersonation_hits(
        self, batch: Batch, analysis: TextAnalysis, rows: list[int], hits: list[list[Hit]]
    ) -> None:
        """A hit for each text that names a brand or gives a pretext beside someone else's
        link: smishing in a cold contact when it also asks for an account, payment or delivery
        action there, presses the reader or gives a pretext; in a conversation or from a
        registered campaign's number it weighs ``conversation_share`` as much (a friend's
        "Chase said to confirm the reservation here: ..." is no phishing page)."""
        contexts = conversations(batch, rows, self._registry)
        for i, context in zip(rows, contexts, strict=True):
            facts = analysis.facts[i]
            mismatch = facts.impersonation
            assert mismatch is not None
            symbol, detail = _impersonation(mismatch, facts.urgency)
            weight = 1.0
            if context != COLD and symbol != "URL_BRAND_MISMATCH":
                weight = self.conversation_share
                detail += f" ({context})"
            hits[i].append(Hit(symbol, detail, weight))

    def merge_sightings(
        self, base: DomainSightings | None, mine: DomainSightings, theirs: DomainSightings
    ) -> DomainSightings:
        """One domain's sightings when two workers saw it at once (``clearline.state.Merge``):
        the earlier first sighting, and the other worker's sightings plus this batch's, the
        newest ``burst_count`` kept (as ``check`` keeps them)."""
        added = Counter(mine.times)
        if base is not None:
            added.subtract(base.times)
        times = sorted(theirs.times + [t for t, count in added.items() for _ in range(count)])
        del times[: -self.burst_count]
        return DomainSightings(min(mine.first_seen, theirs.first_seen), times)

    def _track_bursts(
        self, batch: Batch, domains_of: dict[int, list[str]], hits: list[list[Hit]]
    ) -> None:
        epochs = batch.epochs
        if self._watching_since is None:
            known = self._watch.get_many(["since"]).get("since")
            if known is None:
                known = DomainSightings(min(epochs))
                self._watch.put_many({"since": known}, known.first_seen)
            self._watching_since = known.first_seen
        wanted = {domain for domains in domains_of.values() for domain in domains}
        sightings = self._table.get_many(wanted)
        window = self.burst_window
        count = self.burst_count
        latest = float("-inf")
        for i, domains in domains_of.items():
            now = epochs[i]
            latest = max(latest, now)
            for domain in domains:
                seen = sightings.get(domain)
                if seen is None:
                    seen = sightings[domain] = DomainSightings(now, [])
                times = seen.times
                horizon = now - window
                drop = 0
                while drop < len(times) and times[drop] <= horizon:
                    drop += 1
                if drop:
                    del times[:drop]
                times.append(now)
                if len(times) > count:
                    del times[0]
                age = now - seen.first_seen
                if (
                    len(times) >= count
                    and age <= self.new_domain_age
                    and seen.first_seen - self._watching_since >= self.new_domain_age
                ):
                    hits[i].append(
                        Hit(
                            "URL_NEW_DOMAIN_BURST",
                            f"{domain} was first seen {age / 60:.0f} minutes ago and is in "
                            f"{len(times)} messages within {window / 60:g} minutes",
                        )
                    )
        self._table.put_many(sightings, latest)
        if latest >= self._next_sweep:
            # Forget domains quiet for longer than a domain stays "new".
            # Every twelfth of that span: a domain outlives it by at most a twelfth.
            keep = max(self.new_domain_age, window)
            self._table.expire(latest - keep)
            self._next_sweep = latest + keep / 12
