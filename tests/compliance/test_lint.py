"""The lint library function the HTTP API calls: the verdict traffic would get, explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clearline import Action
from clearline.compliance.imports import import_files
from clearline.compliance.lint import LintError, lint_message
from clearline.compliance.store import ComplianceStore
from clearline.policy import load_config
from clearline.signals.a2p import ProgramState
from clearline.state import open_state
from compliance_fixtures import ALICE, isolating_config, write_files

NOON = dt.datetime(2026, 11, 23, 20, 0, tzinfo=dt.UTC)


def test_lint_report_carries_symbol_score_rule_and_fix(tmp_path: Path) -> None:
    state = open_state(None)
    files = write_files(tmp_path)
    import_files(ComplianceStore(state), files["registry"], files["consent"])
    report = lint_message(
        "A purchase was made on your card.",
        campaign="C-ALERTS",
        recipient=ALICE,
        send_time=NOON,
        source=state,
        config=load_config([isolating_config(tmp_path)]),
    )
    assert report.filtered and report.action is Action.TAG
    by_symbol = {f.symbol: f for f in report.findings}
    assert set(by_symbol) == {"NO_SENDER_ID", "NO_OPT_OUT_LANGUAGE"}
    assert by_symbol["NO_OPT_OUT_LANGUAGE"].score == 5.0
    assert "Reply STOP" in by_symbol["NO_OPT_OUT_LANGUAGE"].fix
    assert report.assumptions == ()


def test_lint_leaves_the_operator_state_untouched(tmp_path: Path) -> None:
    state = open_state(None)
    files = write_files(tmp_path)
    store = ComplianceStore(state)
    import_files(store, files["registry"], files["consent"])
    before = len(store.consent)
    lint_message("hello", campaign="C-ALERTS", recipient="+14155550199", source=state)
    assert len(store.consent) == before
    assert len(state.table("a2p_program", ProgramState)) == 0


def test_lint_rejects_a_naive_time() -> None:
    with pytest.raises(LintError, match="UTC offset"):
        lint_message("hi", send_time=dt.datetime(2026, 11, 23, 12, 0))
