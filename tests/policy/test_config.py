from __future__ import annotations

from pathlib import Path

import pytest

from clearline import ConfigError, Engine, load_config


def test_shipped_policy_scores_every_declared_symbol() -> None:
    engine = Engine()
    declared = {spec.name for signal in engine.signals for spec in signal.symbols}
    assert declared <= set(engine.config.symbols)


def test_override_layers_change_only_what_they_name(tmp_path: Path) -> None:
    first = tmp_path / "first.toml"
    first.write_text("[actions]\ntag = 2.5\n[symbols.BODY_EMPTY]\nscore = 1.0\n")
    second = tmp_path / "second.toml"
    second.write_text("[symbols.BODY_EMPTY]\nscore = 0.5\n")
    config = load_config([first, second])
    assert config.actions.tag == 2.5
    assert config.actions.block == 15.0  # untouched by either layer
    assert config.symbols["BODY_EMPTY"].score == 0.5  # the later layer wins
    assert config.symbols["BODY_EMPTY"].group == "body"  # merged, not replaced


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[actions]\ntag = 'high'\n", "at `actions.tag`: Expected `float | null`, got `str`"),
        ("[actions]\nreject = 10\n", "at `actions.reject`: unknown field `reject`"),
        ("[symbols.BODY_EMPTY]\ngroup = 'nowhere'\n", "BODY_EMPTY names group 'nowhere'"),
        ("[symbols.BODY_EMPTY]\nforce = 'explode'\n", "at `symbols.BODY_EMPTY.force`: Invalid"),
        ("[symbols.BODY_EMPTY]\nscroe = 1\n", "at `symbols.BODY_EMPTY.scroe`: unknown field"),
        ("[symbols.NEW_RULE]\ngroup = 'body'\n", "`symbols.NEW_RULE`: missing required field"),
        ("[groups.body]\nmax_score = 'x'\n", "at `groups.body.max_score`: Expected `float"),
        ("[signals]\nbody = 3\n", "at `signals.body`: Expected `object`, got `int`"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_overrides_fail_at_start_up_with_the_file_and_key_named(
    tmp_path: Path, text: str, message: str
) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[groups.spare]\ndescription = "a later file that is fine"\n')
    path = tmp_path / "local.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config([path, good])
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[actions]\ntag = 20.0\n", "tag = 20 is above block = 15"),
        ("[actions]\nthrottle = 3.0\n", "tag = 5 is above throttle = 3"),
        ("[actions]\nthrottle = 16.0\n", "throttle = 16 is above block = 15"),
    ],
)
def test_inverted_thresholds_are_refused_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "local.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_config([path])
    assert str(caught.value).startswith(f"{path}: ")


def test_thresholds_that_rise_or_are_unset_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text("[actions]\ntag = 3.0\nthrottle = 9.0\nblock = 12.0\n")
    assert load_config([path]).actions.throttle == 9.0


def test_a_typo_in_a_symbol_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text("[symbols.BODY_EMTPY]\nscore = 1.0\n")
    with pytest.raises(ConfigError, match="BODY_EMTPY") as caught:
        Engine.from_files([path])
    assert str(caught.value).startswith(f"{path}: no signal declares these symbols")


def test_an_unknown_signal_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text("[signals.telepathy]\nenabled = true\n")
    with pytest.raises(ConfigError, match="telepathy") as caught:
        Engine.from_files([path])
    assert str(caught.value).startswith(f"{path}: unknown signals")


def test_a_bad_signal_setting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text("[signals.body]\nmax_chars = 'lots'\n")
    later = tmp_path / "later.toml"
    later.write_text("[signals.flood]\nenabled = true\n")
    with pytest.raises(ConfigError, match=r"\[signals.body\].*max_chars") as caught:
        Engine.from_files([path, later])
    assert str(caught.value).startswith(f"{path}: [signals.body]")


def test_a_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config([tmp_path / "absent.toml"])


def test_disabling_a_signal_removes_its_symbols(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text("[signals.body]\nenabled = false\n")
    engine = Engine.from_files([path])
    assert "body" not in {s.name for s in engine.signals}


def test_a_symbol_that_both_forces_and_lifts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text('[symbols.BODY_EMPTY]\nscore = 0.0\nforce = "block"\nlift = "tag"\n')
    with pytest.raises(ConfigError, match="BODY_EMPTY has both `force` and `lift`"):
        load_config([path])
