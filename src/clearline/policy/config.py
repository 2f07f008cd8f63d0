"""The policy as data: shipped TOML defaults layered with an operator's overrides.

Layering: ``clearline/config/default.toml`` (actions), then every shipped
``clearline/config/scores.d/*.toml`` in name order (one file per signal family, like rspamd's
``scores.d``), then each ``--config FILE`` in the order given.
Tables merge key by key (a later file changes one symbol's score without repeating the rest);
any other value is replaced. The merged result is validated as a whole, so a typo in an override
(an unknown key, a score that is not a number, an action that does not exist) fails at start-up
with the file and key named, never half-way through a scan.
"""

from __future__ import annotations

import functools
import itertools
import tomllib
import weakref
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import msgspec

ActionName = Literal["deliver", "tag", "throttle", "block"]


class ConfigError(ValueError):
    """The policy configuration is invalid; the message names the file or the key."""


class ActionThresholds(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Score at or above which each action applies (rspamd's ``actions``); ``None`` = never."""

    tag: float | None = 5.0
    throttle: float | None = None
    block: float | None = 15.0


class GroupConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A group of correlated symbols whose positive scores add up to at most ``max_score``."""

    description: str = ""
    max_score: float | None = None


class SymbolConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A symbol's weight, its group and, for short-circuits, the action it forces or lifts.

    ``lift`` is the hook for decisions taken for one recipient or one sender (an allowlist, an
    opt-out of default blocking, an upheld dispute): when the symbol fires, the action the *score*
    gives is lowered to ``deliver`` if it is at most ``lift``. Forced actions are not lifted, so a
    STOP, a do-not-originate listing or a throttle still applies.

    ``ceiling`` caps the action the *score* gives at that action (a subscriber who opted out of
    default call blocking: what the score would block rings, labelled); forced actions are not
    capped either.
    """

    score: float
    group: str | None = None
    force: ActionName | None = None
    priority: int = 0
    lift: ActionName | None = None
    ceiling: ActionName | None = None


class PolicyConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True, weakref=True):
    """The whole validated policy file (after layering)."""

    actions: ActionThresholds = ActionThresholds()
    groups: dict[str, GroupConfig] = {}
    symbols: dict[str, SymbolConfig] = {}
    signals: dict[str, dict[str, Any]] = {}


def signal_on_error(config: PolicyConfig, name: str) -> bool | None:
    """Whether ``[signals.<name>] on_error`` says the signal fails closed (``None``: not set).

    Raises:
        ConfigError: the value is neither ``"open"`` nor ``"closed"``.
    """
    value = config.signals.get(name, {}).get("on_error")
    if value is None:
        return None
    if value not in ("open", "closed"):
        raise ConfigError(f'[signals.{name}] on_error must be "open" or "closed", got {value!r}')
    return bool(value == "closed")


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def shipped_layers() -> list[tuple[str, str]]:
    """The shipped policy files as (name, TOML text), in the order they are layered."""
    root = resources.files("clearline.config")
    layers = [("default.toml", root.joinpath("default.toml").read_text("utf-8"))]
    scores = root.joinpath("scores.d")
    for entry in sorted(scores.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            layers.append((f"scores.d/{entry.name}", entry.read_text("utf-8")))
    return layers


@functools.cache
def shipped_names() -> tuple[frozenset[str], frozenset[str]]:
    """The symbol names and the signal names the shipped policy files set.

    Every one is declared by a shipped signal: the text engine refuses a policy that names any
    other, and every engine loads the shipped files (a test checks it too). So an engine that
    runs only some signals (the call engine) need not import the others to check these names.
    """
    symbols: set[str] = set()
    signals: set[str] = set()
    for name, text in shipped_layers():
        data = _parse(name, text)
        symbols.update(data.get("symbols", {}))
        signals.update(data.get("signals", {}))
    return frozenset(symbols), frozenset(signals)


def _parse(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: not valid TOML: {exc}") from exc


#: One parsed policy file: its name and its TOML tables.
Layer = tuple[str, dict[str, Any]]

#: Thresholds in the order the actions escalate; each set one must be at most the next set one.
_ESCALATION: tuple[str, ...] = ("tag", "throttle", "block")

#: Sections whose entries are validated one by one, so an error names the entry's key.
_ENTRY_TYPES: dict[str, Any] = {
    "groups": GroupConfig,
    "symbols": SymbolConfig,
    "signals": dict[str, Any],
}


# The files each loaded policy came from, so that an error found later (a signal's setting, a
# symbol no signal declares) can name the file too. Kept beside the config rather than in it, so
# no policy file can set it; an entry goes when its config does.
_SOURCES: dict[int, tuple[weakref.ref[PolicyConfig], list[Layer]]] = {}


def _remember_sources(config: PolicyConfig, layers: list[Layer]) -> None:
    key = id(config)
    _SOURCES[key] = (weakref.ref(config, lambda _gone: _SOURCES.pop(key, None)), layers)


def where_set(config: PolicyConfig, *keys: str) -> str | None:
    """The file that set ``keys`` (e.g. ``"signals", "flood"``) in a policy from ``load_config``.

    Returns:
        The file's name (the last one setting the key or its nearest enclosing table), or
        ``None`` for a policy built otherwise.
    """
    entry = _SOURCES.get(id(config))
    if entry is None or entry[0]() is not config:
        return None
    return _origin(entry[1], tuple(keys))


def _sets(data: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    for key in keys:
        if not isinstance(data, Mapping) or key not in data:
            return False
        data = data[key]
    return True


def _origin(layers: list[Layer], *paths: tuple[str, ...]) -> str:
    """The last file that sets any of ``paths`` (or, failing that, the nearest enclosing table)."""
    longest = max(len(path) for path in paths)
    for depth in range(longest, 0, -1):
        for name, data in reversed(layers):
            if any(_sets(data, path[:depth]) for path in paths):
                return name
    return layers[-1][0]


def _invalid(layers: list[Layer], prefix: tuple[str, ...], exc: msgspec.ValidationError) -> str:
    """One line naming the file and the full key of a validation error."""
    reason, _, where = str(exc).partition(" - at `$")
    reason = reason.replace("Object contains unknown field", "unknown field")
    reason = reason.replace("Object missing required field", "missing required field")
    keys = prefix + tuple(k for k in where.rstrip("`").split(".") if k and "[" not in k)
    if reason.startswith("unknown field `"):
        keys += (reason.split("`")[1],)
    return f"{_origin(layers, keys)}: invalid policy configuration at `{'.'.join(keys)}`: {reason}"


def _validate(layers: list[Layer], merged: dict[str, Any]) -> PolicyConfig:
    # Entries of keyed sections one by one first: msgspec does not say which key of a dict held
    # the bad value, and an operator needs "symbols.BODY_EMPTY.force", not "symbols[...].force".
    for section, entry_type in _ENTRY_TYPES.items():
        table = merged.get(section)
        if isinstance(table, dict):
            for name, entry in table.items():
                try:
                    msgspec.convert(entry, entry_type)
                except msgspec.ValidationError as exc:
                    raise ConfigError(_invalid(layers, (section, name), exc)) from exc
    try:
        return msgspec.convert(merged, PolicyConfig)
    except msgspec.ValidationError as exc:
        raise ConfigError(_invalid(layers, (), exc)) from exc


def _check_thresholds(layers: list[Layer], actions: ActionThresholds) -> None:
    thresholds = [(name, getattr(actions, name)) for name in _ESCALATION]
    set_ = [(name, value) for name, value in thresholds if value is not None]
    for (lower, low), (higher, high) in itertools.pairwise(set_):
        if low > high:
            origin = _origin(layers, ("actions", lower), ("actions", higher))
            raise ConfigError(
                f"{origin}: invalid policy configuration at `actions`: {lower} = {low:g} is above "
                f"{higher} = {high:g}; thresholds must rise in the order tag < throttle < block"
            )


def load_config(paths: Iterable[str | Path] = ()) -> PolicyConfig:
    """Load the shipped defaults and layer each file of ``paths`` over them.

    Args:
        paths: operator override files, applied in order (later wins).

    Returns:
        The merged, validated configuration.

    Raises:
        ConfigError: a file is missing or is not TOML, or the merged result is invalid (the
            message names the file that set the wrong key, and the key).
    """
    layers: list[Layer] = [(name, _parse(name, text)) for name, text in shipped_layers()]
    for path in paths:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read config file {str(path)!r}: {exc.strerror}") from exc
        layers.append((str(path), _parse(str(path), text)))
    merged: dict[str, Any] = {}
    for _, data in layers:
        merged = _merge(merged, data)
    config = _validate(layers, merged)
    _check_thresholds(layers, config.actions)
    for name, symbol in config.symbols.items():
        if symbol.group is not None and symbol.group not in config.groups:
            origin = _origin(layers, ("symbols", name, "group"))
            raise ConfigError(
                f"{origin}: symbol {name} names group {symbol.group!r}, which is not defined"
            )
        if symbol.force is not None and symbol.lift is not None:
            origin = _origin(layers, ("symbols", name, "force"), ("symbols", name, "lift"))
            raise ConfigError(
                f"{origin}: symbol {name} has both `force` and `lift`; give it one of them"
            )
    for name in config.signals:
        try:
            signal_on_error(config, name)
        except ConfigError as exc:
            raise ConfigError(f"{_origin(layers, ('signals', name, 'on_error'))}: {exc}") from None
    _remember_sources(config, layers)
    return config
