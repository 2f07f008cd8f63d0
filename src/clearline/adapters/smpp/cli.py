"""``clearline smpp``: run the inline SMPP firewall."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import click
import msgspec

from clearline.adapters.runtime import run_event_loop
from clearline.adapters.smpp.config import (
    ConfigError,
    EsmeConfig,
    SmppConfig,
    convert,
    is_settings_file,
    load,
    parse_host_port,
)
from clearline.adapters.smpp.proxy import Proxy
from clearline.engine import Engine
from clearline.policy import ConfigError as PolicyConfigError
from clearline.policy import load_config
from clearline.state import StateUnavailableError, open_state_url
from clearline.state.sqlite import StateFileError


def build_config(
    settings_path: str | None,
    listen: str | None,
    upstream: str | None,
    upstream_system_id: str | None,
    upstream_password: str | None,
    esmes: tuple[str, ...],
    policy_paths: tuple[str, ...],
    state_path: str | None,
    audit_path: str | None,
    on_engine_error: str | None,
    monitor: bool = False,
    state_url: str | None = None,
) -> SmppConfig:
    """The settings file with the command-line flags layered on top.

    Raises:
        ConfigError: the file or a flag is invalid.
    """
    config = load(settings_path)
    raw = msgspec.to_builtins(config)
    if listen is not None:
        raw["listen"]["host"], raw["listen"]["port"] = parse_host_port(listen)
    if upstream is not None:
        raw["upstream"]["host"], raw["upstream"]["port"] = parse_host_port(upstream)
    if upstream_system_id is not None:
        raw["upstream"]["system_id"] = upstream_system_id
    if upstream_password is not None:
        raw["upstream"]["password"] = upstream_password
    for esme in esmes:
        system_id, password, sources = parse_esme(esme)
        # The flag overrides the password (and the sources, when given) of a file entry with
        # the same id and keeps its other keys (window, mo_addresses).
        entry = next((e for e in raw["esme"] if e["system_id"] == system_id), None)
        if entry is None:
            entry = msgspec.to_builtins(EsmeConfig(system_id=system_id, password=password))
            raw["esme"].append(entry)
        entry["password"] = password
        if sources is not None:
            entry["sources"] = sources
    if policy_paths:
        raw["engine"]["config"] = [*raw["engine"]["config"], *policy_paths]
    if state_path is not None:
        raw["engine"]["state"] = state_path
    if state_url is not None:
        raw["engine"]["state_url"] = state_url
    if audit_path is not None:
        raw["audit"]["path"] = audit_path
    if on_engine_error is not None:
        raw["engine"]["on_error"] = on_engine_error
    if monitor:
        raw["engine"]["monitor"] = True
    return convert(raw, "command-line flags")


def parse_esme(value: str) -> tuple[str, str, list[str] | None]:
    """``SYSTEM_ID:PASSWORD[:SOURCES]`` into its parts (SOURCES comma-separated; None if absent).

    Raises:
        ConfigError: no password part, or an empty system id or source.
    """
    system_id, sep, rest = value.partition(":")
    if not sep or not system_id:
        raise ConfigError(f"--esme expects SYSTEM_ID:PASSWORD[:SOURCES], got {value!r}")
    password, sep, listed = rest.partition(":")
    if not sep:
        return system_id, password, None
    sources = [s.strip() for s in listed.split(",")]
    if not all(sources):
        raise ConfigError(
            f"--esme {system_id}: SOURCES is a comma-separated list of addresses, got {listed!r}"
        )
    return system_id, password, sources


def sort_config_files(
    config_paths: tuple[str, ...], settings_path: str | None, policy_paths: tuple[str, ...]
) -> tuple[str | None, tuple[str, ...], list[str]]:
    """Which files are the settings and which the policy, with the old spellings still accepted.

    ``--config`` is the policy, as in ``scan`` and ``serve``; it used to be the settings file,
    which is now ``--settings``, and ``--policy`` was the policy. A settings file given to
    ``--config`` is still read as the settings, and ``--policy`` still adds a policy file, each
    with a deprecation warning.

    Returns:
        The settings file, the policy files in order, and the warnings to print.

    Raises:
        ConfigError: two settings files given (one of them through ``--config``).
    """
    warnings: list[str] = []
    policies: list[str] = []
    for path in config_paths:
        if not is_settings_file(path):
            policies.append(path)
            continue
        if settings_path is not None:
            raise ConfigError(
                f"{path} is an SMPP settings file and --settings {settings_path} is given too: "
                "give one settings file, with --settings (--config is the policy)"
            )
        settings_path = path
        warnings.append(
            f"--config {path}: this is an SMPP settings file, read as --settings {path}; "
            "--config now means the policy, as in scan and serve: use --settings FILE "
            "(deprecated, to be removed)"
        )
    if policy_paths:
        warnings.append("--policy is deprecated: use --config FILE (the policy, as in scan)")
        policies.extend(policy_paths)
    return settings_path, tuple(policies), warnings


def _build_engine(config: SmppConfig) -> Engine:
    """The engine with its state: a SQLite file, Redis (shared), or memory."""
    url = config.engine.state_url or None  # (the sample settings file leaves it "")
    if url is None:
        return Engine.from_files(config.engine.config, config.engine.state)
    if config.engine.state:
        raise ValueError("give a state file (--state) or a state URL (--state-url), not both")
    return Engine(load_config(config.engine.config), open_state_url(url))


async def serve(config: SmppConfig, engine: Engine) -> None:
    """Run the proxy until SIGINT or SIGTERM."""
    proxy = Proxy(config, engine)
    await proxy.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    host, port = proxy.address
    click.echo(f"clearline smpp: listening on {host}:{port}", err=True)
    await stop.wait()
    await proxy.stop()


@click.command()
@click.option(
    "--settings",
    "settings_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="The proxy's TOML settings file (see docs/smpp.md); flags override it.",
)
@click.option(
    "--config",
    "config_paths",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Policy override TOML, layered over the shipped defaults, as in scan and serve "
    "(repeatable; later wins).",
)
@click.option("--listen", metavar="HOST:PORT", help="Where ESMEs bind [127.0.0.1:2775].")
@click.option("--upstream", metavar="HOST:PORT", help="The SMSC to bind to [127.0.0.1:2776].")
@click.option("--upstream-system-id", metavar="ID", help="system_id for the upstream bind.")
@click.option("--upstream-password", metavar="PW", help="Password for the upstream bind.")
@click.option(
    "--esme",
    "esmes",
    metavar="SYSTEM_ID:PASSWORD[:SOURCES]",
    multiple=True,
    help="An ESME account allowed to bind (repeatable); SOURCES: the comma-separated addresses "
    "it may send from (numbers, short codes, sender ids, PREFIX*, or * for any).",
)
@click.option(
    "--policy",
    "policy_paths",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Deprecated: the same as --config.",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite file for signal state (opt-outs, flood windows).",
)
@click.option(
    "--state-url",
    default=None,
    metavar="URL",
    help="Keep signal state in Redis (redis://HOST:PORT/DB), shared with other workers; "
    "see docs/scale.md.",
)
@click.option(
    "--audit",
    "audit_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Append one JSON line per message verdict to this file.",
)
@click.option(
    "--on-engine-error",
    type=click.Choice(["open", "closed"]),
    default=None,
    help="Forward (open, the default) or refuse (closed) when the engine fails.",
)
@click.option(
    "--monitor",
    is_flag=True,
    help="Score and audit every message but forward it whatever the verdict.",
)
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
def smpp(
    settings_path: str | None,
    config_paths: tuple[str, ...],
    listen: str | None,
    upstream: str | None,
    upstream_system_id: str | None,
    upstream_password: str | None,
    esmes: tuple[str, ...],
    policy_paths: tuple[str, ...],
    state_path: str | None,
    audit_path: str | None,
    on_engine_error: str | None,
    monitor: bool,
    log_level: str,
    state_url: str | None = None,
) -> None:
    """Run the inline SMPP firewall between ESMEs and an upstream SMSC."""
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings_path, policy_paths, warnings = sort_config_files(
            config_paths, settings_path, policy_paths
        )
        for warning in warnings:
            click.echo(f"clearline smpp: warning: {warning}", err=True)
        config = build_config(
            settings_path,
            listen,
            upstream,
            upstream_system_id,
            upstream_password,
            esmes,
            policy_paths,
            state_path,
            audit_path,
            on_engine_error,
            monitor,
            state_url,
        )
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if not config.esme:
        raise click.ClickException(
            "no ESME accounts: give --esme SYSTEM_ID:PASSWORD:SOURCES or [[esme]]"
        )
    try:
        engine = _build_engine(config)
    except (PolicyConfigError, StateFileError, StateUnavailableError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    with engine:
        try:
            run_event_loop(serve(config, engine))
        except OSError as exc:
            raise click.ClickException(f"cannot listen: {exc}") from None
