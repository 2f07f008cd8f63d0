"""``clearline smpp`` flags and configuration file, as an operator writes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from clearline.adapters.cli import main
from clearline.adapters.smpp.cli import build_config
from clearline.adapters.smpp.config import ConfigError


def _flags(settings_path: str | None = None, **overrides: object) -> dict[str, object]:
    flags: dict[str, object] = {
        "settings_path": settings_path,
        "listen": None,
        "upstream": None,
        "upstream_system_id": None,
        "upstream_password": None,
        "esmes": (),
        "policy_paths": (),
        "state_path": None,
        "audit_path": None,
        "on_engine_error": None,
    }
    flags.update(overrides)
    return flags


def test_quick_start_flags_build_a_configuration() -> None:
    config = build_config(
        **_flags(  # type: ignore[arg-type]
            listen="0.0.0.0:2775",
            upstream="10.1.2.3:2776",
            upstream_system_id="clearline",
            upstream_password="pw",
            esmes=("acme:acmepw", "bulk:bulkpw"),
        )
    )
    assert (config.listen.host, config.listen.port) == ("0.0.0.0", 2775)
    assert (config.upstream.host, config.upstream.port) == ("10.1.2.3", 2776)
    assert (config.upstream.system_id, config.upstream.password) == ("clearline", "pw")
    assert [(e.system_id, e.password) for e in config.esme] == [
        ("acme", "acmepw"),
        ("bulk", "bulkpw"),
    ]


def test_flags_override_the_file(tmp_path: Path) -> None:
    path = tmp_path / "smpp.toml"
    path.write_text(
        '[upstream]\nport = 9000\nwindow = 50\n[[esme]]\nsystem_id = "acme"\npassword = "old"\n'
        'window = 7\n[engine]\non_error = "closed"\n'
    )
    config = build_config(**_flags(str(path), esmes=("acme:new",), monitor=True))  # type: ignore[arg-type]
    assert (config.upstream.port, config.upstream.window) == (9000, 50)
    assert [(e.system_id, e.password) for e in config.esme] == [("acme", "new")]
    assert config.engine.on_error == "closed" and config.engine.monitor is True


def test_esme_flag_gives_the_addresses_it_may_send_from(tmp_path: Path) -> None:
    config = build_config(**_flags(esmes=("acme:pw:+1212555*, AcmeBank,72345",)))  # type: ignore[arg-type]
    [account] = config.esme
    assert (account.password, account.sources) == ("pw", ["+1212555*", "AcmeBank", "72345"])
    # Over a file entry: the flag's password (and sources, when given), the file's other keys.
    path = tmp_path / "smpp.toml"
    path.write_text('[[esme]]\nsystem_id = "acme"\npassword = "old"\nsources = ["AcmeBank"]\n')
    [kept] = build_config(**_flags(str(path), esmes=("acme:new",))).esme  # type: ignore[arg-type]
    assert (kept.password, kept.sources) == ("new", ["AcmeBank"])
    [replaced] = build_config(**_flags(str(path), esmes=("acme:new:*",))).esme  # type: ignore[arg-type]
    assert replaced.sources == ["*"]
    with pytest.raises(ConfigError, match="comma-separated"):
        build_config(**_flags(esmes=("acme:pw:",)))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="sources"):
        build_config(**_flags(esmes=("acme:pw:+1 212",)))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="claimed by both"):
        build_config(**_flags(esmes=("acme:pw:72345", "bulk:pw:72345")))  # type: ignore[arg-type]


def test_bad_esme_flag_and_unknown_key_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SYSTEM_ID:PASSWORD"):
        build_config(**_flags(esmes=("acme",)))  # type: ignore[arg-type]
    path = tmp_path / "smpp.toml"
    path.write_text("[listen]\nprot = 1\n")
    with pytest.raises(ConfigError, match="prot"):
        build_config(**_flags(str(path)))  # type: ignore[arg-type]


def test_smpp_command_is_registered_and_needs_an_account() -> None:
    runner = CliRunner()
    assert "--upstream-system-id" in runner.invoke(main, ["smpp", "--help"]).output
    result = runner.invoke(main, ["smpp", "--listen", "127.0.0.1:0"])
    assert result.exit_code != 0 and "no ESME accounts" in result.output


SETTINGS = '[[esme]]\nsystem_id = "acme"\npassword = "pw"\nsources = ["*"]\n'


def _settings(tmp_path: Path, policy: Path) -> Path:
    """A settings file whose [engine] names ``policy`` (so its error shows it was read)."""
    path = tmp_path / "smpp.toml"
    path.write_text(SETTINGS + f'[engine]\nconfig = ["{policy}"]\n')
    return path


def test_config_is_the_policy_and_settings_the_proxy_file(tmp_path: Path) -> None:
    runner = CliRunner()
    policy = tmp_path / "missing-policy.toml"
    settings = tmp_path / "smpp.toml"
    settings.write_text(SETTINGS)
    result = runner.invoke(main, ["smpp", "--settings", str(settings), "--config", str(policy)])
    assert result.exit_code == 1
    assert f"cannot read config file {str(policy)!r}" in result.output
    assert "warning" not in result.output


def test_policy_flag_still_works_with_a_deprecation_warning(tmp_path: Path) -> None:
    runner = CliRunner()
    policy = tmp_path / "missing-policy.toml"
    settings = tmp_path / "smpp.toml"
    settings.write_text(SETTINGS)
    result = runner.invoke(main, ["smpp", "--settings", str(settings), "--policy", str(policy)])
    assert result.exit_code == 1
    assert "--policy is deprecated: use --config FILE" in result.stderr
    assert f"cannot read config file {str(policy)!r}" in result.output


def test_a_settings_file_given_to_config_is_read_as_settings_with_a_warning(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    policy = tmp_path / "missing-policy.toml"
    settings = _settings(tmp_path, policy)
    result = runner.invoke(main, ["smpp", "--config", str(settings)])
    assert result.exit_code == 1
    assert f"--config {settings}: this is an SMPP settings file" in result.stderr
    assert "use --settings FILE" in result.stderr
    # Read as the settings: its [engine] policy file is the one reported missing.
    assert f"cannot read config file {str(policy)!r}" in result.output
    # With --settings as well, it is one settings file too many.
    other = tmp_path / "other.toml"
    other.write_text(SETTINGS)
    result = runner.invoke(main, ["smpp", "--settings", str(other), "--config", str(settings)])
    assert result.exit_code == 1
    assert f"{settings} is an SMPP settings file and --settings {other} is given too" in (
        result.output
    )
