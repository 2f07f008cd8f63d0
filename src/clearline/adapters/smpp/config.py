"""The ``clearline smpp`` settings: a TOML file (``--settings``), quick-start flags on top.

The format is documented in ``docs/smpp.md``; every table refuses unknown keys, so a typo stops
the proxy at start-up with the key named instead of being silently ignored.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from clearline.adapters.smpp.addresses import SOURCE_PATTERN, AddressBook

Seconds = Annotated[float, msgspec.Meta(gt=0)]
Port = Annotated[int, msgspec.Meta(ge=0, le=65535)]
Window = Annotated[int, msgspec.Meta(ge=1, le=100_000)]
Address = Annotated[str, msgspec.Meta(pattern=SOURCE_PATTERN)]


class ConfigError(ValueError):
    """The SMPP configuration is invalid; the text names the file and the key."""


class ListenConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Where ESMEs connect."""

    host: str = "127.0.0.1"
    port: Port = 2775
    system_id: Annotated[str, msgspec.Meta(max_length=15)] = "clearline"
    enquire_link_timeout: Seconds = 90.0  # close an ESME connection silent for this long
    # Connections that have not bound cost memory and serve no one: a connection must bind
    # within bind_timeout; beyond max_unbound such connections at once, or max_connections_per_ip
    # from one address (bound or not), a new connection is closed at once.
    bind_timeout: Seconds = 10.0
    max_unbound: Annotated[int, msgspec.Meta(ge=1)] = 100
    max_connections_per_ip: Annotated[int, msgspec.Meta(ge=1)] = 50


class UpstreamConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The SMSC the proxy binds to (as a transceiver)."""

    host: str = "127.0.0.1"
    port: Port = 2776
    system_id: Annotated[str, msgspec.Meta(max_length=15)] = ""
    password: Annotated[str, msgspec.Meta(max_length=8)] = ""
    system_type: Annotated[str, msgspec.Meta(max_length=12)] = ""
    window: Window = 200  # requests outstanding upstream at once
    queue_limit: Annotated[int, msgspec.Meta(ge=0)] = 10_000  # waiting for a window slot
    enquire_link_interval: Seconds = 30.0
    response_timeout: Seconds = 30.0
    reconnect_min: Seconds = 0.2
    reconnect_max: Seconds = 10.0


class EsmeConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One ESME account allowed to bind to the proxy."""

    system_id: Annotated[str, msgspec.Meta(min_length=1, max_length=15)]
    password: Annotated[str, msgspec.Meta(max_length=8)]
    window: Window = 1000  # submit_sm outstanding on one bind; beyond it ESME_RTHROTTLED
    # The source addresses it may send from (numbers, short codes, alphanumeric ids, prefixes
    # ending in "*", or "*" for any; see addresses.py). Empty: every submit_sm is refused
    # ESME_RINVSRCADR, so a new account cannot send from another's numbers by default.
    sources: list[Address] = msgspec.field(default_factory=list)
    # Subscriber (MO) messages to these addresses also go to this ESME (as do those to its
    # sources other than "*").
    mo_addresses: list[Address] = msgspec.field(default_factory=list)


class EngineConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """How the engine is built and what happens when it fails."""

    config: list[str] = msgspec.field(default_factory=list)  # policy overrides (as --config)
    state: str | None = None  # SQLite state file; in memory when unset
    # Redis URL for state shared with other workers (as --state-url); not with ``state``.
    state_url: str | None = None
    on_error: Literal["open", "closed"] = "open"
    # Monitor only: score and audit every message but forward it whatever the verdict (how an
    # operator trials a policy on live traffic before enforcing it).
    monitor: bool = False


class TextConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """How message octets are read for analysis (never changed on the wire)."""

    gsm7: Literal["auto", "packed", "unpacked"] = "auto"
    # Country code put before national numbers (TON 2, or 10 digits) to make E.164.
    country_code: Annotated[str, msgspec.Meta(pattern=r"^[1-9][0-9]{0,2}$")] = "1"
    concat_timeout: Seconds = 5.0  # hold parts this long for the rest, then judge what came
    concat_max_pending: Annotated[int, msgspec.Meta(ge=1)] = 10_000


class AuditConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Where the verdict audit goes."""

    path: str | None = None  # JSON Lines; no audit when unset
    fsync: bool = False  # fsync after each write batch, for crash-proof audit at a cost


class SmppConfig(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The whole proxy configuration."""

    listen: ListenConfig = msgspec.field(default_factory=ListenConfig)
    upstream: UpstreamConfig = msgspec.field(default_factory=UpstreamConfig)
    esme: list[EsmeConfig] = msgspec.field(default_factory=list)
    engine: EngineConfig = msgspec.field(default_factory=EngineConfig)
    text: TextConfig = msgspec.field(default_factory=TextConfig)
    audit: AuditConfig = msgspec.field(default_factory=AuditConfig)
    # Subscriber messages for an address no ESME claims go to this ESME (none: answered with a
    # temporary error so the SMSC retries later).
    default_mo_system_id: str | None = None
    stats_interval: Annotated[float, msgspec.Meta(ge=0)] = 60.0  # log counters; 0 = never
    # With a value above 0 the proxy switches Python's automatic garbage collection off and moves
    # every live object out of the collector's reach this often. The engine's state grows to
    # millions of long-lived objects, and even the collector's passes over young objects stalled
    # the event loop for 2-18 ms, most of the latency tail. The proxy and the built-in signals
    # make no reference cycles per message (tests/adapters/smpp/test_gc.py), so nothing is lost;
    # a plug-in that leaks cycles grows memory until the next full collection (gc_full_interval);
    # set 0 to keep the automatic collector.
    gc_freeze_interval: Annotated[float, msgspec.Meta(ge=0)] = 1.0
    # With the collector off, one full collection this often (seconds; 0 = never) reclaims any
    # cycle a plug-in made; it stalls the proxy about 10 ms per 100,000 live objects.
    gc_full_interval: Annotated[float, msgspec.Meta(ge=0)] = 900.0
    # A due full collection waits for a second with fewer submit_sm than this (0: runs at once),
    # so its stall lands in a lull, for at most gc_full_max_wait seconds past due.
    gc_quiet_rate: Annotated[float, msgspec.Meta(ge=0)] = 100.0
    gc_full_max_wait: Annotated[float, msgspec.Meta(ge=0)] = 86_400.0


def load(path: str | Path | None) -> SmppConfig:
    """Read and validate a configuration file; the defaults when ``path`` is ``None``.

    Raises:
        ConfigError: the file is unreadable, not TOML, or has an unknown or badly typed key.
    """
    if path is None:
        return SmppConfig()
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return convert(raw, str(path))


def is_settings_file(path: str | Path) -> bool:
    """Whether ``path`` reads as an SMPP settings file (a policy file has none of its tables).

    Used to accept, with a deprecation warning, a settings file given to ``--config`` (which
    named the settings file before it meant the policy, as in ``scan`` and ``serve``). An
    unreadable or non-TOML file is not one: the policy loader then reports it.
    """
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    return not raw.keys().isdisjoint(SmppConfig.__struct_fields__)


def convert(raw: dict[str, object], origin: str = "<config>") -> SmppConfig:
    """Validate an already-parsed configuration mapping.

    Raises:
        ConfigError: a key is unknown or badly typed.
    """
    _check_addresses(raw, origin)
    try:
        config = msgspec.convert(raw, SmppConfig)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"{origin}: {exc}") from exc
    ids = [e.system_id for e in config.esme]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"{origin}: ESME system_id listed twice: {', '.join(duplicates)}")
    try:
        address_book(config)
    except ValueError as exc:
        raise ConfigError(f"{origin}: esme: {exc}") from exc
    return config


def _check_addresses(raw: dict[str, object], origin: str) -> None:
    """Refuse a ``sources`` / ``mo_addresses`` entry with a message saying what one may be.

    (msgspec would name the key, but only quote the regular expression.)
    """
    accounts = raw.get("esme")
    if not isinstance(accounts, list):
        return
    for index, account in enumerate(accounts):
        if not isinstance(account, dict):
            continue
        for key in ("sources", "mo_addresses"):
            entries = account.get(key)
            if not isinstance(entries, list):
                continue
            for position, entry in enumerate(entries):
                if isinstance(entry, str) and not re.match(SOURCE_PATTERN, entry):
                    raise ConfigError(
                        f"{origin}: esme {account.get('system_id', index)!r}: {key} entry "
                        f"{entry!r} is not an address: give a number (+12125550123), a short "
                        "code (72345), a sender id (letters, digits, space . & ' _ -; 20 at "
                        "most), one of these ending in * for a prefix, or * for any "
                        f"- at `$.esme[{index}].{key}[{position}]`"
                    )


def address_book(config: SmppConfig) -> AddressBook:
    """Who owns which address, from every account's ``sources`` and ``mo_addresses``.

    Raises:
        ValueError: two accounts claim the same address or prefix.
    """
    return AddressBook([(e.system_id, e.sources, e.mo_addresses) for e in config.esme])


def parse_host_port(value: str) -> tuple[str, int]:
    """``HOST:PORT`` (or ``[v6]:PORT``) into its parts.

    Raises:
        ConfigError: the value has no port or the port is not a number in range.
    """
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise ConfigError(f"expected HOST:PORT, got {value!r}")
    return host.strip("[]") or "127.0.0.1", int(port)
