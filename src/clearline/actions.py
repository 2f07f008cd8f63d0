"""One table maps each action to what every adapter answers: SMPP status, HTTP status, SIP response.

Adapters never invent their own mapping; they look the action up here, so a block means the same
thing on every interface (Jasmin's lesson: an interceptor result maps to an SMPP status and an HTTP
status as a pair).
"""

from __future__ import annotations

from typing import NamedTuple

from clearline.model import Action

# SMPP 3.4 command_status values (section 5.1.3).
ESME_ROK = 0x00000000
ESME_RTHROTTLED = 0x00000058  # "Throttling error (ESME has exceeded allowed message limits)"
ESME_RX_R_APPN = 0x00000065  # "ESME Receiver Reject Message Error": permanent, do not retry


class ActionResponse(NamedTuple):
    """How one action is answered on each interface."""

    smpp_status: int
    http_status: int
    sip_code: int | None  # None: the call proceeds
    sip_reason: str | None
    forwarded: bool  # whether the message or call is passed on


RESPONSES: dict[Action, ActionResponse] = {
    Action.DELIVER: ActionResponse(ESME_ROK, 200, None, None, True),
    # Tagged messages are delivered, with the tag, to the subscriber's spam folder or inbox.
    Action.TAG: ActionResponse(ESME_ROK, 200, None, None, True),
    # Retryable: the sender should slow down and resend later.
    Action.THROTTLE: ActionResponse(ESME_RTHROTTLED, 429, 503, "Service Unavailable", False),
    # ATIS-1000099: a blocked call is answered 603 "Network Blocked" with a Reason header
    # naming the redress contact (the SIP adapter adds the header).
    Action.BLOCK: ActionResponse(ESME_RX_R_APPN, 403, 603, "Network Blocked", False),
}


def response_for(action: Action) -> ActionResponse:
    """The answer every adapter gives for ``action``."""
    return RESPONSES[action]
