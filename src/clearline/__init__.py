"""Clearline: a messaging and call firewall whose every verdict is a sum of named, scored reasons.

The public API::

    from clearline import Engine, Message
    engine = Engine()                      # shipped policy, in-memory state
    verdicts = engine.score_batch(batch)   # batch use, in arrival order
    verdict = engine.score(message)        # the online path
"""

from clearline.codec import decode_message, message_from_mapping
from clearline.engine import Engine
from clearline.explain import explain_verdict
from clearline.model import Action, Hit, InputError, Message, Reason, SymbolSpec, Verdict
from clearline.policy import ConfigError, Policy, load_config

__all__ = [
    "Action",
    "ConfigError",
    "Engine",
    "Hit",
    "InputError",
    "Message",
    "Policy",
    "Reason",
    "SymbolSpec",
    "Verdict",
    "decode_message",
    "explain_verdict",
    "load_config",
    "message_from_mapping",
]
