"""The proxy on shared state (`smpp --state-url`): Redis down refuses, never forwards unrecorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from clearline import Engine
from clearline.adapters.cli import main
from clearline.adapters.runtime import run_event_loop
from clearline.adapters.smpp import pdu
from clearline.policy import load_config
from clearline.state import open_state_url
from redis_server import require_redis, running_redis
from smpp_support import GOOD_SENDER, SUBSCRIBER, RawEsme, in_thread


def test_redis_down_answers_rsyserr_and_forwards_nothing_even_failing_open(
    start_firewall: Any, policy_file: Any
) -> None:
    require_redis()
    with running_redis() as server:
        engine = Engine(load_config([policy_file]), open_state_url(server.url))

        async def scenario() -> None:
            async with start_firewall(scorer=engine, engine={"on_error": "open"}) as fw:
                raw = RawEsme(fw.port)
                assert await in_thread(raw.bind) == 0
                server.stop()
                raw.send(
                    pdu.encode_short_message(
                        pdu.SUBMIT_SM, 2, source=GOOD_SENDER, dest=SUBSCRIBER, short_message=b"hi"
                    )
                )
                assert (await in_thread(raw.read))[:3] == (pdu.SUBMIT_SM_RESP, pdu.ESME_RSYSERR, 2)
                raw.close()
                assert fw.smsc.received == []
                (refused,) = fw.audit()
                assert refused["engine"] == "failed_closed"
                assert f"the state store at {server.url} does not answer" in refused["note"]

        run_event_loop(scenario())


def test_smpp_with_redis_down_refuses_to_start_with_one_clear_line(tmp_path: Path) -> None:
    require_redis()
    with running_redis() as server:
        url = server.url
    result = CliRunner().invoke(
        main,
        [
            "smpp",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "127.0.0.1:1",
            "--upstream-system-id",
            "up",
            "--upstream-password",
            "pw",
            "--esme",
            "acme:pw:*",
            "--state-url",
            url,
        ],
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: the state store at {url} does not answer")
    assert "Traceback" not in result.output
