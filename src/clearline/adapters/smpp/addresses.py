"""Who may send from an address, and who owns it: the ESME accounts' ``sources``.

An ESME account lists the source addresses it may send from: numbers in international form
(``+12125550123``; the ``+`` is optional), short codes (``72345``), alphanumeric sender ids
(``AcmeBank``, compared without regard to case), a prefix of any of them ending in ``*``
(``+1212555*``), or ``*`` alone for any address. A submit_sm from an address outside the list is
refused, so one ESME cannot take over another's number.

The same entries say who *owns* an address, which is where subscriber (MO) messages and
receipts without a known message id go: an exact entry (or ``mo_addresses``) first, else the
longest prefix; ``*`` owns nothing. Two accounts may not claim the same exact address or the
same prefix. Nothing is learned from traffic: whoever last sent from a number gains nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

#: What a ``sources`` entry may be (checked when the configuration is loaded).
SOURCE_PATTERN = r"^(\*|\+?[0-9]{1,20}\*?|[A-Za-z0-9][A-Za-z0-9 .&'_-]{0,19}\*?)$"
ANY_SOURCE = "*"


def to_e164(address: str, ton: int, country_code: str) -> str:
    """An SMPP address as E.164 where it is a phone number; short codes and names unchanged.

    Args:
        address: the address digits (or alphanumeric sender id).
        ton: its type of number (1 international, 2 national, 0 unknown, 5 alphanumeric...).
        country_code: put before national numbers.

    Returns:
        ``+`` and digits for phone numbers, the address as given otherwise.
    """
    if not address.isdigit():
        return address
    if ton == 1:
        return "+" + address
    if ton == 2 or (ton == 0 and len(address) == 10):
        return "+" + country_code + address.lstrip("0")
    if ton == 0 and len(address) > 10:
        return "+" + address
    return address


def address_key(address: str) -> str:
    """The form addresses are compared in: digits without ``+``; a name case-folded.

    Args:
        address: an address as :func:`to_e164` gives it, or a ``sources`` entry without its
            trailing ``*``.
    """
    digits = address[1:] if address.startswith("+") else address
    if digits.isdigit():
        return digits
    return address.casefold()


class SourceList:
    """The source addresses one account may send from."""

    __slots__ = ("any", "exact", "prefixes")

    def __init__(self, entries: Iterable[str]) -> None:
        """Build the list from ``sources`` entries (already validated against the pattern)."""
        self.any = False
        self.exact: set[str] = set()
        self.prefixes: list[str] = []
        for entry in entries:
            if entry == ANY_SOURCE:
                self.any = True
            elif entry.endswith("*"):
                self.prefixes.append(address_key(entry[:-1]))
            else:
                self.exact.add(address_key(entry))

    def allows(self, address: str) -> bool:
        """Whether the account may send from ``address`` (as :func:`to_e164` gives it)."""
        if self.any:
            return True
        key = address_key(address)
        return key in self.exact or any(key.startswith(p) for p in self.prefixes)

    @property
    def empty(self) -> bool:
        """Whether the account may send from no address at all."""
        return not (self.any or self.exact or self.prefixes)


class AddressBook:
    """Which account owns which address (for MO messages and receipts without a known id)."""

    __slots__ = ("_exact", "_prefixes")

    def __init__(self, accounts: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> None:
        """Build the book from ``(system_id, sources, mo_addresses)`` per account.

        Raises:
            ValueError: two accounts claim the same address or the same prefix.
        """
        self._exact: dict[str, str] = {}
        prefixes: dict[str, str] = {}
        for system_id, sources, mo_addresses in accounts:
            for entry in [*sources, *mo_addresses]:
                if entry == ANY_SOURCE:
                    continue
                table, key = (
                    (prefixes, address_key(entry[:-1]))
                    if entry.endswith("*")
                    else (self._exact, address_key(entry))
                )
                owner = table.setdefault(key, system_id)
                if owner != system_id:
                    raise ValueError(
                        f"{entry!r} is claimed by both ESME {owner!r} and ESME {system_id!r}; "
                        "an address (or prefix) belongs to one account"
                    )
        # Longest first, so the most specific prefix wins.
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[0]))

    def owner(self, address: str) -> str | None:
        """The account that owns ``address`` (as :func:`to_e164` gives it), if any."""
        key = address_key(address)
        owner = self._exact.get(key)
        if owner is not None:
            return owner
        for prefix, system_id in self._prefixes:
            if key.startswith(prefix):
                return system_id
        return None
