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
registry_owner     sender number or short code      ``NumberOwner`` (its brand, operator-set)
registry_token     political verification token     ``TokenVerification`` (operator-verified)
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
from clearline.compliance.registry import (
    Brand,
    Campaign,
    NumberAssignment,
    NumberOwner,
    RegistryFile,
    TokenVerification,
)
from clearline.state import StateStore, Table


class ImportSummary(msgspec.Struct):
    """What an import changed, for the command's report."""

    brands: int = 0
    campaigns: int = 0
    numbers: int = 0
    consents: int = 0
    listed: int = 0
    #: FTC complaint rows skipped because their number is not a North American number.
    skipped: int = 0

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
        line = "imported " + (", ".join(parts) if parts else "nothing (the file is empty)")
        if self.skipped:
            line += (
                f" ({self.skipped:,} complaint rows skipped: not a ten-digit North American number)"
            )
        return line


class ComplianceStore:
    """The compliance tables of one state store, with the writes imports make."""

    def __init__(self, state: StateStore) -> None:
        self.state = state
        self.brands: Table[Brand] = state.table("registry_brand", Brand)
        self.campaigns: Table[Campaign] = state.table("registry_campaign", Campaign)
        self.numbers: Table[NumberAssignment] = state.table("registry_number", NumberAssignment)
        self.owners: Table[NumberOwner] = state.table("registry_owner", NumberOwner)
        self.tokens: Table[TokenVerification] = state.table("registry_token", TokenVerification)
        self.consent: Table[ConsentEntry] = state.table("consent", ConsentEntry)
        self.lists: Table[NumberListEntry] = state.table("number_list", NumberListEntry)

    def has_registry(self) -> bool:
        """True once any campaign is registered (registry rules apply from then on)."""
        return len(self.numbers) > 0

    def apply_registry(self, doc: RegistryFile, *, by_operator: bool = True) -> ImportSummary:
        """Add or replace the file's brands and campaigns (already checked) and their numbers.

        A re-imported campaign's numbers replace its old ones: numbers it no longer lists stop
        sending for it (and stay their brand's). Every number a campaign lists becomes its brand's,
        and so does every ``numbers`` entry: a number given to another brand leaves the campaign
        it sent for.

        Args:
            doc: the checked file.
            by_operator: whether an operator imported it; only then are the campaigns' political
                verification tokens (and ``verified_tokens``) recorded as verified. A sender's
                campaign goes through here with False, after its numbers were checked to be its
                brand's (``owners_of``).
        """
        if doc.brands:
            self.brands.put_many({b.id: b for b in doc.brands}, 0.0)
        old = self.campaigns.get_many({c.id for c in doc.campaigns})
        dropped = {n for c in old.values() for n in c.numbers}
        assigned: dict[str, NumberAssignment] = {}
        owners: dict[str, NumberOwner] = {}
        for campaign in doc.campaigns:
            for number in campaign.numbers:
                assigned[number] = NumberAssignment(campaign.id)
                owners[number] = NumberOwner(campaign.brand)
        stale = dropped - assigned.keys()
        if stale:
            # A number a campaign stops listing stays its brand's (it may be owned only through
            # that campaign, as every number was before owners were recorded).
            still_owned = self.owners_of(stale)
            owners.update({n: NumberOwner(b) for n, b in still_owned.items() if n not in owners})
            self.numbers.delete_many(stale)
        granted = {g.number: NumberOwner(g.brand) for g in doc.numbers}
        self._detach_moved(granted, set(assigned))
        owners.update(granted)
        if owners:
            self.owners.put_many(owners, 0.0)
        if by_operator:
            verified = {
                c.verification_token: TokenVerification(c.brand)
                for c in doc.campaigns
                if c.verification_token
            }
            verified.update({t.token: TokenVerification(t.brand) for t in doc.verified_tokens})
            if verified:
                self.tokens.put_many(verified, 0.0)
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
            brands=len(doc.brands),
            campaigns=len(doc.campaigns),
            numbers=len(assigned.keys() | granted.keys()),
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

    def owners_of(self, numbers: Iterable[str]) -> dict[str, str]:
        """The brand that owns each of ``numbers`` that has one.

        The owner an operator recorded; failing that, the brand of the campaign the number sends
        for (numbers registered before owners were recorded: an operator review moves them).
        """
        wanted = set(numbers)
        found = {n: o.brand for n, o in self.owners.get_many(wanted).items()}
        rest = wanted - found.keys()
        if rest:
            found.update({n: c.brand for n, c in self.campaign_for_numbers(rest).items()})
        return found

    def assign_number(self, number: str, brand: str) -> str | None:
        """Make ``number`` brand ``brand``'s (an operator's decision); not committed.

        Returns:
            The id of another brand's campaign the number was taken from, if it sent for one.
        """
        moved = self._detach_moved({number: NumberOwner(brand)}, set())
        self.owners.put_many({number: NumberOwner(brand)}, 0.0)
        return moved[0] if moved else None

    def release_number(self, number: str) -> bool:
        """Take ``number`` from its brand and from the campaign it sends for; not committed.

        Returns:
            False when no brand owned it.
        """
        owner = self.owners_of([number]).get(number)
        if owner is None:
            return False
        # No brand is named "": every campaign that sends from the number loses it.
        self._detach_moved({number: NumberOwner("")}, set())
        self.owners.delete_many([number])
        return True

    def _detach_moved(self, owners: Mapping[str, NumberOwner], keep: set[str]) -> list[str]:
        """Take numbers given to a new brand off another brand's campaign (unless in ``keep``).

        Returns:
            The ids of the campaigns that lost a number.
        """
        moving = {n for n in owners if n not in keep}
        current = self.campaign_for_numbers(moving)
        losers: dict[str, set[str]] = {}
        for number, campaign in current.items():
            if campaign.brand != owners[number].brand:
                losers.setdefault(campaign.id, set()).add(number)
        if not losers:
            return []
        updated: dict[str, Campaign] = {}
        for loser in self.campaigns.get_many(set(losers)).values():
            kept = tuple(n for n in loser.numbers if n not in losers[loser.id])
            updated[loser.id] = msgspec.structs.replace(loser, numbers=kept)
        self.campaigns.put_many(updated, 0.0)
        self.numbers.delete_many({n for taken in losers.values() for n in taken})
        return sorted(losers)

    def verify_token(self, token: str, brand: str) -> None:
        """Record an operator's verification of a political token for ``brand``; not committed."""
        self.tokens.put_many({token: TokenVerification(brand)}, 0.0)

    def is_verified(self, campaign: Campaign) -> bool:
        """Whether the campaign's verification token was verified for its brand by an operator."""
        token = campaign.verification_token
        if not token:
            return False
        found = self.tokens.get_many({token}).get(token)
        return found is not None and found.brand == campaign.brand

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
