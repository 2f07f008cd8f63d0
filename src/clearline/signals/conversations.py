"""Which conversation a message belongs to, as the behaviour signal and the registry know it.

Content findings weigh by it: a probable spam text, or a brand named beside someone else's
link, means more in a cold first contact than inside an exchange both people keep up. The
behaviour signal leaves its columns on the batch (``established``, ``first_contact``,
``sender_opened``, ``sender_converses``); a number with a registered campaign is judged by the
registry rules instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from clearline.compliance.store import ComplianceStore
from clearline.signals.base import Batch

__all__ = ["COLD", "CONVERSATION", "CONVERSING_SENDER", "REGISTERED", "conversations"]

#: Conversation contexts, as hits' details name them.
COLD: Final = "cold contact"
CONVERSATION: Final = "conversation"
REGISTERED: Final = "registered A2P"
CONVERSING_SENDER: Final = "first contact from a sender in conversations"


def conversations(batch: Batch, rows: Sequence[int], registry: ComplianceStore) -> list[str]:
    """Cold, conversation, registered A2P or a conversing sender's first contact, for each of
    ``rows``; every message is cold when the behaviour signal does not run.

    Args:
        batch: the batch, with the behaviour signal's columns when it ran before.
        rows: indices of the messages asked about.
        registry: the campaign registry (a number with a registered campaign is ``REGISTERED``).

    Returns:
        One context per row, in order.
    """
    columns = batch.columns
    established: list[bool] | None = columns.get("established")
    first_contact: list[bool] | None = columns.get("first_contact")
    sender_opened: list[bool] | None = columns.get("sender_opened")
    converses: list[bool] | None = columns.get("sender_converses")
    if established is None or first_contact is None or sender_opened is None:
        return [COLD] * len(rows)
    messages = batch.messages
    registered = registry.campaign_for_numbers({messages[i].sender for i in rows})
    found = []
    for i in rows:
        if established[i]:
            found.append(CONVERSATION)
        elif messages[i].sender in registered:
            found.append(REGISTERED)
        elif first_contact[i] or sender_opened[i]:
            found.append(CONVERSING_SENDER if converses and converses[i] else COLD)
        else:  # the sender answers an exchange the recipient opened
            found.append(CONVERSATION)
    return found
