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

import tomllib
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
    """

    score: float
    group: str | None = None
    force: ActionName | None = None
    priority: int = 0
    lift: ActionName | None = None


class PolicyConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
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


def _parse(name: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: not valid TOML: {exc}") from exc


def load_config(paths: Iterable[str | Path] = ()) -> PolicyConfig:
    """Load the shipped defaults and layer each file of ``paths`` over them.

    Args:
        paths: operator override files, applied in order (later wins).

    Returns:
        The merged, validated configuration.

    Raises:
        ConfigError: a file is missing, is not TOML, or the merged result is invalid.
    """
    merged: dict[str, Any] = {}
    for name, text in shipped_layers():
        merged = _merge(merged, _parse(name, text))
    for path in paths:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read config file {str(path)!r}: {exc.strerror}") from exc
        merged = _merge(merged, _parse(str(path), text))
    try:
        config = msgspec.convert(merged, PolicyConfig)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"invalid policy configuration: {exc}") from exc
    for name, symbol in config.symbols.items():
        if symbol.group is not None and symbol.group not in config.groups:
            raise ConfigError(f"symbol {name} names group {symbol.group!r}, which is not defined")
        if symbol.force is not None and symbol.lift is not None:
            raise ConfigError(f"symbol {name} has both `force` and `lift`; give it one of them")
    for name in config.signals:
        signal_on_error(config, name)
    return config
