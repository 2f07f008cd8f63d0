"""``clearline sip --state-url`` and ``--db``: SIP servers that share their state (Redis) and the
service database (the subscribers' settings made over HTTP, the call audit)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from clearline.adapters.cli import main
from clearline.storage.keys import Role
from compliance_fixtures import REGISTRY, SHOP
from http_support import serving
from redis_server import require_redis, running_redis
from sip_support import REDRESS, header, now, request, run_sip, status
from sti_support import make_pki

#: No signature needed (the rate is what is tested), and the 11th call a minute blocks.
RATE_POLICY = """
[symbols.SHAKEN_ABSENT]
score = 0.0

[symbols.CALLER_RATE_MINUTE]
score = 20.0
"""


def _dirs(tmp_path: Path) -> tuple[Path, Path]:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    return one, two


def _callee(i: int) -> str:
    # Callees far apart, so no run of them looks like sequential dialling.
    return f"+1415555{1000 + 37 * i:04d}"


def test_two_sip_servers_sharing_redis_both_count_a_robocallers_rate(tmp_path: Path) -> None:
    require_redis()
    pki = make_pki(around=now())
    first, second = _dirs(tmp_path)
    with running_redis() as redis:
        shared = ["--state-url", redis.url]
        with (
            run_sip(first, pki, RATE_POLICY, shared) as one,
            run_sip(second, pki, RATE_POLICY, shared) as two,
        ):
            answers = []
            for i in range(11):  # alternately: each server alone sees at most 6 calls
                server = one if i % 2 == 0 else two
                invite = request("INVITE", f"sip:{_callee(i)}@127.0.0.1", call_id=f"robo-{i}")
                answers.append(server.udp(invite))
    assert [status(answer) for answer in answers] == [302] * 10 + [603]
    blocked = answers[-1]
    assert blocked is not None
    assert REDRESS in (header(blocked, "Reason") or "")


def test_without_shared_state_each_server_counts_only_its_own_calls(tmp_path: Path) -> None:
    pki = make_pki(around=now())
    first, second = _dirs(tmp_path)
    with (
        run_sip(first, pki, RATE_POLICY) as one,
        run_sip(second, pki, RATE_POLICY) as two,
    ):
        answers = []
        for i in range(11):
            server = one if i % 2 == 0 else two
            invite = request("INVITE", f"sip:{_callee(i)}@127.0.0.1", call_id=f"robo-{i}")
            answers.append(server.udp(invite))
    assert [status(answer) for answer in answers] == [302] * 11


def test_state_file_with_state_url_or_db_is_refused_with_one_line(tmp_path: Path) -> None:
    state = str(tmp_path / "state.db")
    for extra in (["--state-url", "redis://127.0.0.1:1/0"], ["--db", str(tmp_path / "svc.db")]):
        result = CliRunner().invoke(
            main, ["sip", "--listen", "127.0.0.1:0", "--state", state, *extra]
        )
        assert result.exit_code == 2
        assert "not both" in result.output


def test_sip_with_redis_down_refuses_to_start_with_one_clear_line(tmp_path: Path) -> None:
    require_redis()
    with running_redis() as server:
        url = server.url
    result = CliRunner().invoke(main, ["sip", "--listen", "127.0.0.1:0", "--state-url", url])
    assert result.exit_code == 1
    assert "does not answer" in result.output
    assert "Traceback" not in result.output


ALICE = "+14155550100"
STRANGER = "+13125550123"
#: No signature needed: what decides is the subscriber's mode.
OPEN_POLICY = """
[symbols.SHAKEN_ABSENT]
score = 0.0
"""


def test_sip_with_db_applies_preferences_set_over_http_and_lists_its_blocks(
    tmp_path: Path,
) -> None:
    db_url = f"sqlite:///{tmp_path / 'clearline.db'}"
    pki = make_pki(around=now())
    sip_dir = tmp_path / "sip"
    sip_dir.mkdir()
    with (
        serving(db_url) as service,
        run_sip(sip_dir, pki, OPEN_POLICY, ["--db", db_url]) as sip,
    ):
        uri = f"sip:{ALICE}@127.0.0.1"
        # The SIP server reads Alice's (empty) preferences before she sets any.
        before = sip.udp(request("INVITE", uri, call_id="before", caller=STRANGER))
        assert status(before) == 302
        alice = service.headers(service.key(Role.SUBSCRIBER, number=ALICE))
        prefs = {"mode": "contacts_only"}
        assert service.http.put("/v1/subscriber/preferences", json=prefs, headers=alice).is_success
        after = sip.udp(request("INVITE", uri, call_id="after", caller=STRANGER))
        assert status(after) == 603
        listed = service.http.get("/v1/subscriber/calls/blocked", headers=alice).json()
        # A new INVITE with that Call-ID (an SBC failing over to another server) keeps its verdict.
        again = sip.udp(request("INVITE", uri, call_id="after", cseq=2, caller=STRANGER))
    assert [(c["id"], c["from"]) for c in listed["calls"]] == [("after", STRANGER)]
    assert "CALL_NOT_CONTACT" in [r["symbol"] for r in listed["calls"][0]["reasons"]]
    assert status(again) == 603


def test_redis_down_answers_503_and_the_retransmission_is_scored_once_it_is_back(
    tmp_path: Path,
) -> None:
    require_redis()
    pki = make_pki(around=now())
    invite = request("INVITE", f"sip:{ALICE}@127.0.0.1", call_id="while-down", caller=STRANGER)
    with running_redis() as first:
        port = first.port
        with run_sip(tmp_path, pki, OPEN_POLICY, ["--state-url", first.url]) as sip:
            first.stop()
            down = sip.udp(invite)
            with running_redis(port):  # Redis is back: the SBC retransmits the same INVITE
                back = sip.udp(invite)
    assert down is not None
    assert status(down) == 503
    assert "does not answer" in (header(down, "Warning") or "")
    assert header(down, "Retry-After") == "5"
    assert status(back) == 302


def test_an_upheld_calling_number_dispute_lifts_the_label_at_the_sip_front(
    tmp_path: Path,
) -> None:
    db_url = f"sqlite:///{tmp_path / 'clearline.db'}"
    pki = make_pki(around=now())
    sip_dir = tmp_path / "sip"
    sip_dir.mkdir()
    with (
        serving(db_url) as service,
        run_sip(sip_dir, pki, OPEN_POLICY, ["--db", db_url]) as sip,
    ):
        registry = service.http.post("/v1/registry", json=REGISTRY, headers=service.headers())
        assert registry.status_code == 200, registry.text
        answers = []
        for i in range(11):  # the 11th call from SHOP within a minute is labelled
            invite = request("INVITE", f"sip:{_callee(i)}@127.0.0.1", call_id=f"s{i}", caller=SHOP)
            answers.append(sip.udp(invite))
        acme = service.headers(service.key(Role.SENDER, brand="B-ACME"))
        case = {
            "subject_kind": "calling_number",
            "subject": SHOP,
            "description": "Our delivery calls are labelled spam.",
        }
        filed = service.http.post("/v1/disputes", json=case, headers=acme)
        assert filed.status_code == 201, filed.text
        step = {"status": "upheld", "note": "Verified caller."}
        upheld = service.http.post(
            f"/v1/disputes/{filed.json()['id']}/status", json=step, headers=service.headers()
        )
        assert upheld.status_code == 200, upheld.text
        invite = request("INVITE", f"sip:{_callee(11)}@127.0.0.1", call_id="s11", caller=SHOP)
        after = sip.udp(invite)
    assert [status(answer) for answer in answers] == [302] * 11
    assert [header(a, "X-Clearline-Label") for a in answers if a is not None][-1] == "Spam Likely"
    assert after is not None
    assert status(after) == 302
    assert header(after, "X-Clearline-Label") is None
