"""Calls scored by the call engine over the shipped policy: STIR/SHAKEN, emergency calls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

import pytest

from clearline.engine import ENGINE_SYMBOLS, Engine
from clearline.model import Action, Call, Hit, SymbolSpec
from clearline.policy import ConfigError, load_config
from clearline.policy.config import shipped_names
from clearline.signals import available_signals
from clearline.signals.voice import CALL_SIGNALS, CallBatch, VoiceContext
from clearline.state import open_state
from clearline.voice.certs import CertCache, TrustStore
from clearline.voice.engine import CallEngine
from clearline.voice.passport import ShakenVerifier
from sti_support import CALL_TS, DEST, ORIG, StiPki, identity_header, make_pki, passport


@pytest.fixture(scope="module")
def pki() -> StiPki:
    return make_pki()


@pytest.fixture
def context(pki: StiPki, tmp_path: Path) -> VoiceContext:
    trust, cache = pki.install(tmp_path)
    return VoiceContext(ShakenVerifier(TrustStore(trust), CertCache(cache)))


def _call(id: str = "c1", **fields: Any) -> Call:
    values: dict[str, Any] = {"ts": CALL_TS, "caller": ORIG, "to": DEST}
    values.update(fields)
    return Call(id=id, **values)


def _engine(context: VoiceContext, tmp_path: Path, toml: str = "", **kwargs: Any) -> CallEngine:
    paths = []
    if toml:
        path = tmp_path / "local.toml"
        path.write_text(toml)
        paths.append(path)
    return CallEngine(load_config(paths), open_state(None), context, **kwargs)


def _summary(verdict: Any) -> tuple[str, float, list[str]]:
    return verdict.action.value, verdict.score, [r.symbol for r in verdict.reasons]


def test_a_attestation_lowers_the_score(context: VoiceContext, pki: StiPki, tmp_path: Path) -> None:
    engine = _engine(context, tmp_path)
    signed = identity_header(passport(pki.signing_key, attest="A"))
    assert _summary(engine.score(_call(identity=signed))) == ("deliver", -2.0, ["SHAKEN_A"])
    assert _summary(engine.score(_call())) == ("deliver", 1.0, ["SHAKEN_ABSENT"])


@pytest.mark.parametrize(("attest", "score"), [("B", 0.0), ("C", 1.5)])
def test_b_and_c_attestations(
    context: VoiceContext, pki: StiPki, tmp_path: Path, attest: str, score: float
) -> None:
    signed = identity_header(passport(pki.signing_key, attest=attest))
    verdict = _engine(context, tmp_path).score(_call(identity=signed))
    assert _summary(verdict) == ("deliver", score, [f"SHAKEN_{attest}"])
    assert verdict.reasons[0].detail.endswith("verstat TN-Validation-Passed")


def test_a_spoofed_caller_is_tagged(context: VoiceContext, pki: StiPki, tmp_path: Path) -> None:
    signed = identity_header(passport(pki.signing_key))
    verdict = _engine(context, tmp_path).score(_call(caller="+12125550199", identity=signed))
    assert _summary(verdict) == ("tag", 5.0, ["SHAKEN_INVALID"])
    assert verdict.reasons[0].detail.startswith("number mismatch: signed for caller")
    assert verdict.reasons[0].detail.endswith("verstat TN-Validation-Failed")


def test_the_caller_is_checked_against_p_asserted_identity_when_present(
    context: VoiceContext, pki: StiPki, tmp_path: Path
) -> None:
    signed = identity_header(passport(pki.signing_key))
    call = _call(
        caller="anonymous", pai=f"<sip:{ORIG}@carrier.example;user=phone>", identity=signed
    )
    assert _summary(_engine(context, tmp_path).score(call))[2] == ["SHAKEN_A"]


def test_an_unknown_certificate_weighs_less_than_a_bad_signature(
    context: VoiceContext, pki: StiPki, tmp_path: Path
) -> None:
    url = "https://cr.example.net/sti/uncached.pem"
    unknown = identity_header(passport(pki.signing_key, x5u=url), url)
    verdict = _engine(context, tmp_path).score(_call(identity=unknown))
    assert _summary(verdict) == ("deliver", 1.0, ["SHAKEN_INVALID"])
    assert verdict.reasons[0].detail.startswith("unknown cert:")


def test_without_a_verifier_nothing_signed_is_trusted(pki: StiPki, tmp_path: Path) -> None:
    signed = identity_header(passport(pki.signing_key))
    verdict = _engine(VoiceContext(None), tmp_path).score(_call(identity=signed))
    assert _summary(verdict) == ("deliver", 4.0, ["SHAKEN_INVALID"])
    assert verdict.reasons[0].detail.startswith("untrusted chain")


class _RobocallerSignal:
    """Stands in for the call analytics: marks one caller as dialling like a robocaller."""

    name: ClassVar[str] = "test_robocaller"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (SymbolSpec("TEST_ROBOCALLER", "test", "test"),)

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        for call, call_hits in zip(batch.calls, hits, strict=True):
            if call.caller == ORIG:
                call_hits.append(Hit("TEST_ROBOCALLER", "dials like a robocaller"))


class _BrokenSignal:
    name: ClassVar[str] = "broken"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = ()

    def check(self, batch: CallBatch, hits: list[list[Hit]]) -> None:
        raise RuntimeError("boom")


def _with(context: VoiceContext, *extra: Any) -> list[Any]:
    settings: dict[str, Any] = {"failure_weights": {}}
    return [cls(settings, open_state(None), context) for cls in CALL_SIGNALS] + list(extra)


def test_a_attestation_never_allowlists_a_robocaller(
    context: VoiceContext, pki: StiPki, tmp_path: Path
) -> None:
    engine = _engine(
        context,
        tmp_path,
        "[symbols.TEST_ROBOCALLER]\nscore = 20.0\n",
        signals=_with(context, _RobocallerSignal()),
    )
    signed = identity_header(passport(pki.signing_key, attest="A"))
    verdict = engine.score(_call(identity=signed))
    assert _summary(verdict) == ("block", 18.0, ["SHAKEN_A", "TEST_ROBOCALLER"])


@pytest.mark.parametrize("number", ["911", "933", "112"])
def test_emergency_calls_are_always_delivered(
    context: VoiceContext, tmp_path: Path, number: str
) -> None:
    # An operator policy that blocks every invalid signature at a high priority, and a caller
    # that dials like a robocaller: the emergency call still rings.
    toml = (
        "[symbols.TEST_ROBOCALLER]\nscore = 50.0\nforce = 'block'\npriority = 5000\n"
        "[symbols.SHAKEN_INVALID]\nforce = 'block'\npriority = 5000\n"
    )
    engine = _engine(context, tmp_path, toml, signals=_with(context, _RobocallerSignal()))
    verdict = engine.score(_call(to=number, identity="garbage"))
    assert verdict.action is Action.DELIVER
    assert verdict.reasons[0].symbol == "EMERGENCY_CALL"
    assert engine.score(_call(to=DEST, identity="garbage")).action is Action.BLOCK


def test_emergency_calls_ring_when_a_signal_breaks(context: VoiceContext, tmp_path: Path) -> None:
    engine = _engine(context, tmp_path, signals=_with(context, _BrokenSignal()))
    verdict = engine.score(_call(to="911"))
    assert verdict.action is Action.DELIVER
    assert "SIGNAL_FAILED" in [r.symbol for r in verdict.reasons]


def test_calls_from_critical_numbers_are_always_delivered(
    context: VoiceContext, tmp_path: Path
) -> None:
    toml = (
        "[signals.emergency]\ncritical_callers = ['+1 (212) 555-0911']\n"
        "[symbols.SHAKEN_INVALID]\nforce = 'block'\npriority = 5000\n"
    )
    engine = _engine(context, tmp_path, toml)
    psap = engine.score(_call(caller="+12125550911", identity="garbage"))
    other = engine.score(_call(caller="+12125550912", identity="garbage"))
    assert (psap.action, other.action) == (Action.DELIVER, Action.BLOCK)
    assert psap.reasons[0].detail == "+12125550911 is on the PSAP/critical numbers list"


def test_calls_in_a_batch_are_scored_in_order(
    context: VoiceContext, pki: StiPki, tmp_path: Path
) -> None:
    signed = identity_header(passport(pki.signing_key))
    calls = [
        _call("a", identity=signed),
        _call("b"),
        _call("c", to="911", ts=CALL_TS + dt.timedelta(seconds=1)),
    ]
    verdicts = _engine(context, tmp_path).score_batch(calls)
    assert [(v.id, v.action.value) for v in verdicts] == [
        ("a", "deliver"),
        ("b", "deliver"),
        ("c", "deliver"),
    ]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[signals.shaken.failure_weights]\nbad_sig = 2.0\n", "unknown reason 'bad_sig'"),
        ("[signals.shaken.failure_weights]\nstale = 'high'\n", "`stale` must be float"),
        ("[signals.emergency]\nemergency_numbers = [911]\n", "list of numbers as strings"),
        ("[signals.shakn]\nenabled = false\n", "unknown signals in [signals]: shakn"),
        ("[signals.flod]\nenabled = false\n", "unknown signals in [signals]: flod"),
        ("[symbols.SHAKEN_Z]\nscore = 1.0\n", "no signal declares these symbols: SHAKEN_Z"),
    ],
)
def test_bad_voice_settings_are_refused_at_start(
    context: VoiceContext, tmp_path: Path, toml: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        _engine(context, tmp_path, toml)


def test_the_call_engine_accepts_a_local_policy_for_texts_and_calls(
    context: VoiceContext, tmp_path: Path
) -> None:
    # One local file configures both: the text signals' symbols and settings too.
    toml = (
        "[symbols.FLOOD_IDENTICAL]\nscore = 9.0\n[signals.flood]\nenabled = true\n"
        "[symbols.SHAKEN_A]\nscore = -1.0\n"
    )
    engine = _engine(context, tmp_path, toml)
    unsigned = engine.score(Call(id="c", ts=CALL_TS, caller="+12125550123", to="+14155550100"))
    assert unsigned.action is Action.DELIVER


def test_every_name_the_shipped_policy_sets_is_declared_by_a_shipped_signal() -> None:
    # The call engine trusts these names without importing the text signals.
    symbols, signals = shipped_names()
    text = available_signals()
    declared = {spec.name for cls in [*text.values(), *CALL_SIGNALS] for spec in cls.symbols}
    declared |= {spec.name for spec in ENGINE_SYMBOLS}
    assert symbols - declared == set()
    assert signals - text.keys() - {cls.name for cls in CALL_SIGNALS} == set()


def test_the_text_engine_accepts_the_voice_policy_and_explains_its_symbols(
    tmp_path: Path,
) -> None:
    path = tmp_path / "local.toml"
    path.write_text("[signals.shaken]\nenabled = true\n[symbols.SHAKEN_A]\nscore = -1.0\n")
    engine = Engine(load_config([path]))
    assert "SHAKEN_INVALID" in engine.symbol_specs and "EMERGENCY_CALL" in engine.symbol_specs
    assert all(signal.name not in {"shaken", "emergency"} for signal in engine.signals)


def test_disabling_the_shaken_signal_removes_its_symbols(
    context: VoiceContext, pki: StiPki, tmp_path: Path
) -> None:
    engine = _engine(context, tmp_path, "[signals.shaken]\nenabled = false\n")
    signed = identity_header(passport(pki.signing_key))
    assert _summary(engine.score(_call(identity=signed))) == ("deliver", 0.0, [])
