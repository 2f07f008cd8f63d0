from __future__ import annotations

from clearline.actions import ESME_ROK, ESME_RTHROTTLED, response_for
from clearline.model import Action


def test_every_action_has_one_answer_per_interface() -> None:
    for action in Action:
        response = response_for(action)
        assert response.forwarded is (action in (Action.DELIVER, Action.TAG))
        assert (response.smpp_status == ESME_ROK) is response.forwarded
        assert (response.http_status == 200) is response.forwarded


def test_block_is_network_blocked_and_throttle_is_retryable() -> None:
    assert response_for(Action.BLOCK).sip_code == 603
    assert response_for(Action.BLOCK).sip_reason == "Network Blocked"
    assert response_for(Action.THROTTLE).smpp_status == ESME_RTHROTTLED
    assert response_for(Action.THROTTLE).http_status == 429
