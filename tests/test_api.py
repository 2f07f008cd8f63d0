from __future__ import annotations

import clearline


def test_public_api_is_curated() -> None:
    assert sorted(clearline.__all__) == [
        "Action",
        "ConfigError",
        "Engine",
        "Hit",
        "InputError",
        "Message",
        "Policy",
        "Reason",
        "SignalFailedClosedError",
        "SymbolSpec",
        "Verdict",
        "decode_message",
        "explain_verdict",
        "load_config",
        "message_from_mapping",
    ]
    for name in clearline.__all__:
        assert getattr(clearline, name) is not None


def test_library_use_as_documented_in_readme() -> None:
    from clearline import Engine, Message, decode_message

    engine = Engine()
    message: Message = decode_message(
        b'{"id":"x1","ts":"2026-11-23T15:00:00Z","from":"+12125550123",'
        b'"to":"+14155550100","body":"lunch?"}'
    )
    [batch_verdict] = engine.score_batch([message])
    single = engine.score(message)
    assert batch_verdict.id == single.id == "x1"
    assert batch_verdict.action is clearline.Action.DELIVER
