"""Clearline: a messaging and call firewall whose every verdict is a sum of named, scored reasons.

The public API::

    from clearline import Engine, Message
    engine = Engine()                      # shipped policy, in-memory state
    verdicts = engine.score_batch(batch)   # batch use, in arrival order
    verdict = engine.score(message)        # the online path
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clearline.codec import decode_message, message_from_mapping
    from clearline.engine import Engine, SignalFailedClosedError
    from clearline.explain import explain_verdict
    from clearline.model import Action, Hit, InputError, Message, Reason, SymbolSpec, Verdict
    from clearline.policy import ConfigError, Policy, load_config

# Imported on first use, so a process that needs one module (the audit writer needs the storage
# and the model, not the engine and its trained model) does not load the rest.
_HOMES = {
    "decode_message": "clearline.codec",
    "message_from_mapping": "clearline.codec",
    "Engine": "clearline.engine",
    "SignalFailedClosedError": "clearline.engine",
    "explain_verdict": "clearline.explain",
    "Action": "clearline.model",
    "Hit": "clearline.model",
    "InputError": "clearline.model",
    "Message": "clearline.model",
    "Reason": "clearline.model",
    "SymbolSpec": "clearline.model",
    "Verdict": "clearline.model",
    "ConfigError": "clearline.policy",
    "Policy": "clearline.policy",
    "load_config": "clearline.policy",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'clearline' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
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
