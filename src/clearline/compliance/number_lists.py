"""Operator number lists: do-not-originate, unallocated and reassigned numbers, and complaints.

* **Do-not-originate (DNO)**: numbers that only ever receive (a government agency's inbound line,
  a bank's published help number). A text "from" one is spoofed; the FCC (2023) requires blocking.
* **Unallocated**: numbers no provider holds; nothing can legitimately originate from them.
* **Reassigned**: the number changed hands on ``reassigned_at``. What was known about the old
  owner must not punish the new one: list entries and consent recorded before that date are void.
* **Complaints**: consumers' complaints about calls from the number (the FTC's Do Not Call
  reported-calls files); each listing is one complaint, counted. Calls only (``caller_lists``).
* **Campaign senders**: unregistered numbers that ``clearline reanalyze`` found sending an
  unregistered A2P campaign (a snowshoe campaign spread over many numbers); texts from them are
  flagged for ``campaign_listing_days`` after the listing (``signals.number_lists``).
"""

from __future__ import annotations

from typing import Final, Literal

import msgspec

ListName = Literal[
    "do_not_originate", "unallocated", "reassigned", "complaints", "campaign_senders"
]

#: Lengths (with the ``+``) of the prefixes a list may name with a trailing ``*``: in the NANP
#: ``+1NPA`` (an area code), ``+1NPANXX`` (a central-office code) and ``+1NPANXXX`` (a
#: thousands-block), the units numbers are allocated in.
PREFIX_LENGTHS: Final = (5, 8, 9)


def prefix_keys(number: str) -> list[str]:
    """The list keys of the prefixes that can cover ``number`` (``+1212*``, ``+1212555*``...)."""
    return [number[:n] + "*" for n in PREFIX_LENGTHS if len(number) > n]


def is_prefix_entry(value: str) -> bool:
    """True for a prefix listing such as ``+1202555*``."""
    return value.endswith("*") and len(value) - 1 in PREFIX_LENGTHS and value[1:-1].isdigit()


LIST_NAMES: Final[tuple[str, ...]] = (
    "do_not_originate",
    "unallocated",
    "reassigned",
    "complaints",
    "campaign_senders",
)


class NumberListEntry(msgspec.Struct, frozen=True, gc=False):
    """What the operator's lists say about one number (``None`` = not on that list).

    Times are seconds since the epoch. ``dno_since`` and ``unallocated_since`` are when the
    number went on the list (0 when the list did not say). ``complaints`` counts the complaints
    listed, the last of them at ``complained_last`` with ``complaint_note`` (its subject).
    ``campaign_since`` is the last text of the campaign re-analysis found the number sending,
    ``campaign_note`` what it found.
    """

    dno_since: float | None = None
    unallocated_since: float | None = None
    reassigned_at: float | None = None
    note: str = ""
    complaints: int = 0
    complained_last: float | None = None
    complaint_note: str = ""
    campaign_since: float | None = None
    campaign_note: str = ""

    def complaints_counted(self, reassigned_at: float | None = None) -> int:
        """The complaints about this number's current holder: none when every complaint is
        older than the number's reassignment (they were about the previous holder)."""
        when = reassigned_at if reassigned_at is not None else self.reassigned_at
        if self.complaints and when is not None and (self.complained_last or 0.0) < when:
            return 0
        return self.complaints

    def blocking_list(self, reassigned_at: float | None = None) -> tuple[str, float] | None:
        """The list that blocks this number as a sender, and since when, if any.

        An entry older than the number's reassignment (``reassigned_at``, or this entry's own)
        belonged to the previous owner and is ignored.
        """
        when = reassigned_at if reassigned_at is not None else self.reassigned_at
        floor = when if when is not None else float("-inf")
        if self.dno_since is not None and self.dno_since >= floor:
            return ("do_not_originate", self.dno_since)
        if self.unallocated_since is not None and self.unallocated_since >= floor:
            return ("unallocated", self.unallocated_since)
        return None


def with_listing(
    entry: NumberListEntry | None, list_name: str, since: float | None, note: str
) -> NumberListEntry:
    """``entry`` with one more listing merged in (a later file line for the same number wins)."""
    base = entry if entry is not None else NumberListEntry()
    when = since if since is not None else 0.0
    if list_name == "complaints":
        # The subject kept is the latest complaint's (what the detail of CALLER_COMPLAINTS shows).
        latest = base.complained_last is None or when >= base.complained_last
        return msgspec.structs.replace(
            base,
            complaints=base.complaints + 1,
            complained_last=when if latest else base.complained_last,
            complaint_note=(note or base.complaint_note) if latest else base.complaint_note,
        )
    if list_name == "campaign_senders":
        return msgspec.structs.replace(base, campaign_since=when, campaign_note=note)
    note = note or base.note
    if list_name == "do_not_originate":
        return msgspec.structs.replace(base, dno_since=when, note=note)
    if list_name == "unallocated":
        return msgspec.structs.replace(base, unallocated_since=when, note=note)
    return msgspec.structs.replace(base, reassigned_at=when, note=note)
