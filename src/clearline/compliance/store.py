"""Where the registry, the consent ledger and the number lists live: tables of the ``StateStore``.

Keeping them in the engine's state store means one ``--state`` SQLite file holds everything a
scan needs (imports write it, ``scan --state`` reads it), the in-memory store serves tests and
``scan --registry FILE``, and a server backend later serves the HTTP API, with no second storage
layer. Signals read these tables with one ``get_many`` per batch, like any other state.

Tables (values are ``msgspec`` structs, keys strings):

=================  ===============================  =====================================
table              key                              value
=================  ===============================  =====================================
registry_brand     brand id                         ``Brand``
registry_campaign  campaign id                      ``Campaign``
registry_number    sender number or short code      ``NumberAssignment`` (its campaign)
consent            subscriber ``\\x1f`` scope        ``ConsentEntry`` (the strongest)
number_list        number                           ``NumberListEntry``
optout             subscriber                       ``SubscriberOptOuts`` (``signals.optout``)
=================  ===============================  =====================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import msgspec

from clearline.compliance.consent import ConsentEntry, stronger
from clearline.compliance.number_lists import NumberListEntry, with_listing
from clearline.compliance.registry import Brand, Campaign, NumberAssignment, RegistryFile
from clearline.state import StateStore, Table


class ImportSummary(msgspec.Struct):
    """What an import changed, for the command's report."""

    brands: int = 0
    campaigns: int = 0
    numbers: int = 0
    consents: int = 0
    listed: int = 0

    def render(self) -> str:
        """One line for a person."""
        parts = [
            f"{value:,} {name}"
            for name, value in (
                ("brands", self.brands),
                ("campaigns", self.campaigns),
                ("numbers", self.numbers),
                ("consent records", self.consents),
                ("list entries", self.listed),
            )
            if value
        ]
        return "imported " + (", ".join(parts) if parts else "nothing (the file is empty)")


class ComplianceStore:
    """The compliance tables of one state store, with the writes imports make."""

    def __init__(self, state: StateStore) -> None:
        self.state = state
        self.brands: Table[Brand] = state.table("registry_brand", Brand)
        self.campaigns: Table[Campaign] = state.table("registry_campaign", Campaign)
        self.numbers: Table[NumberAssignment] = state.table("registry_number", NumberAssignment)
        self.consent: Table[ConsentEntry] = state.table("consent", ConsentEntry)
        self.lists: Table[NumberListEntry] = state.table("number_list", NumberListEntry)

    def has_registry(self) -> bool:
        """True once any campaign is registered (registry rules apply from then on)."""
        return len(self.numbers) > 0

    def apply_registry(self, doc: RegistryFile) -> ImportSummary:
        """Add or replace the file's brands and campaigns (already checked) and their numbers.

        A re-imported campaign's numbers replace its old ones: numbers it no longer lists stop
        sending for it.
        """
        if doc.brands:
            self.brands.put_many({b.id: b for b in doc.brands}, 0.0)
        old = self.campaigns.get_many({c.id for c in doc.campaigns})
        dropped = {n for c in old.values() for n in c.numbers}
        assigned: dict[str, NumberAssignment] = {}
        for campaign in doc.campaigns:
            for number in campaign.numbers:
                assigned[number] = NumberAssignment(campaign.id)
        stale = dropped - assigned.keys()
        if stale:
            self.numbers.delete_many(stale)
        # A number moved here from a campaign not in this file leaves that campaign's list too,
        # so every number has exactly one owner in both directions.
        updated: dict[str, Campaign] = {c.id: c for c in doc.campaigns}
        previous = self.numbers.get_many(assigned.keys())
        losers = {a.campaign for n, a in previous.items() if a.campaign != assigned[n].campaign}
        for loser in self.campaigns.get_many(losers - updated.keys()).values():
            kept = tuple(n for n in loser.numbers if n not in assigned)
            updated[loser.id] = msgspec.structs.replace(loser, numbers=kept)
        if updated:
            self.campaigns.put_many(updated, 0.0)
        if assigned:
            self.numbers.put_many(assigned, 0.0)
        return ImportSummary(
            brands=len(doc.brands), campaigns=len(doc.campaigns), numbers=len(assigned)
        )

    def apply_consent(self, records: Iterable[tuple[str, ConsentEntry]]) -> ImportSummary:
        """Merge consent records, keyed by ``consent_key``, keeping the strongest per key."""
        merged: dict[str, ConsentEntry] = {}
        pending = list(records)
        existing = self.consent.get_many({key for key, _ in pending})
        count = 0
        for key, entry in pending:
            merged[key] = stronger(merged.get(key, existing.get(key)), entry)
            count += 1
        if merged:
            self.consent.put_many(merged, max(e.ts for e in merged.values()))
        return ImportSummary(consents=count)

    def apply_lists(self, listings: Iterable[tuple[str, str, float | None, str]]) -> ImportSummary:
        """Merge (number, list name, since, note) listings into the number lists."""
        pending = list(listings)
        current: dict[str, NumberListEntry] = dict(
            self.lists.get_many({number for number, *_ in pending})
        )
        for number, list_name, since, note in pending:
            current[number] = with_listing(current.get(number), list_name, since, note)
        if current:
            self.lists.put_many(current, 0.0)
        return ImportSummary(listed=len(pending))

    def campaign_for_numbers(self, numbers: Iterable[str]) -> Mapping[str, Campaign]:
        """The registered campaign of each of ``numbers`` that has one."""
        assignments = self.numbers.get_many(set(numbers))
        campaigns = self.campaigns.get_many({a.campaign for a in assignments.values()})
        return {
            number: campaigns[a.campaign]
            for number, a in assignments.items()
            if a.campaign in campaigns
        }

    def commit(self) -> None:
        """Make the imports durable (one transaction on SQLite)."""
        self.state.commit()
