"""Registered A2P rules replayed through `scan`: each symbol fires exactly when its rule breaks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest

from clearline import Engine
from clearline.compliance.consent import ConsentEntry, consent_key
from clearline.compliance.imports import import_files
from clearline.compliance.store import ComplianceStore
from clearline.policy import load_config
from compliance_fixtures import (
    ALICE,
    BANK,
    BOB,
    CAROL,
    POLL,
    SHOP,
    isolating_config,
    msg,
    scan,
    symbols,
    write_files,
)
from support import make_message

ALERT = "Acme Bank: a purchase of $12.00 was made on card ending 9876. Reply STOP to opt out."
OFFER = "Acme: 20% off all winter coats this weekend at acme.example/coats. Reply STOP to opt out."


def _one(tmp_path: Path, message: dict[str, Any]) -> dict[str, Any]:
    return scan(tmp_path, [message])[message["id"]]


def test_a_compliant_registered_campaign_with_consent_is_delivered(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("alert", BANK, ALICE, ALERT),
            msg("offer", SHOP, ALICE, OFFER, 1),
            msg("follow-up", SHOP, ALICE, "Acme: new arrivals in store today at acme.example", 2),
        ],
    )
    for verdict in verdicts.values():
        assert verdict["action"] == "deliver", verdict
        assert verdict["reasons"] == []


# (rule broken, message, symbol expected); each paired with the compliant message above.
BROKEN = [
    ("no consent", msg("x", BANK, CAROL, ALERT), "NO_CONSENT"),
    ("weaker consent than marketing needs", msg("x", SHOP, BOB, OFFER), "NO_CONSENT"),
    (
        "no sender name in the first message",
        msg(
            "x",
            BANK,
            ALICE,
            "A purchase of $12.00 was made on card ending 9876. Reply STOP to opt out.",
        ),
        "NO_SENDER_ID",
    ),
    (
        "no opt-out language in the first message",
        msg("x", BANK, ALICE, "Acme Bank: a purchase of $12.00 was made on card ending 9876."),
        "NO_OPT_OUT_LANGUAGE",
    ),
    (
        "public URL shortener",
        msg("x", SHOP, ALICE, "Acme: 20% off winter coats at bit.ly/3xYz. Reply STOP to opt out."),
        "A2P_URL_SHORTENER",
    ),
    (
        "marketing at 06:30 in San Francisco",
        msg("x", SHOP, ALICE, OFFER, minutes=-(13 * 60 + 30)),
        "QUIET_HOURS",
    ),
    (
        "text unlike the registered samples",
        msg(
            "x",
            BANK,
            ALICE,
            "Acme Bank: join our fantasy football league, weekly trophies and "
            "bragging rights. Reply STOP to opt out.",
        ),
        "OFF_CAMPAIGN_CONTENT",
    ),
    (
        "gambling from a campaign not registered for it",
        msg(
            "x",
            SHOP,
            ALICE,
            "Acme: 20% off winter coats, plus casino night tickets at "
            "acme.example/coats. Reply STOP to opt out.",
        ),
        "UNDECLARED_CONTENT_CATEGORY",
    ),
    (
        "a campaign that is not registered",
        msg("x", "+12125550190", ALICE, ALERT, campaign="C-UNKNOWN"),
        "CAMPAIGN_UNREGISTERED",
    ),
    (
        "a number not assigned to the campaign it names",
        msg("x", "+12125550190", ALICE, ALERT, campaign="C-ALERTS"),
        "CAMPAIGN_UNREGISTERED",
    ),
    (
        "a political campaign without a verification token",
        msg("x", POLL, CAROL, "Vote Together: polls open 7am-8pm Tuesday. Reply STOP to opt out."),
        "CAMPAIGN_NOT_VERIFIED",
    ),
]


@pytest.mark.parametrize(("rule", "message", "symbol"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_rule_fires_its_own_symbol_and_nothing_else(
    tmp_path: Path, rule: str, message: dict[str, Any], symbol: str
) -> None:
    verdict = _one(tmp_path, message)
    assert symbols(verdict) == [symbol], rule


def test_quiet_hours_throttle_and_respect_stricter_states(tmp_path: Path) -> None:
    florida = "+13055550100"  # Florida ends solicitation at 20:00
    late = 10.5 * 3600  # 01:30Z the next day: 20:30 in Miami, 17:30 in San Francisco
    files = write_files(tmp_path)
    with Engine(load_config([isolating_config(tmp_path)])) as engine:
        store = ComplianceStore(engine.state)
        import_files(store, files["registry"], files["consent"])
        store.consent.put_many(
            {consent_key(florida, "c:C-SHOP"): ConsentEntry("promotional", 0.0, "form", "x")}, 0.0
        )
        verdicts = engine.score_batch(
            [
                make_message("fl", sender=SHOP, to=florida, body=OFFER, seconds=late),
                make_message("alert", sender=BANK, to=florida, body=ALERT, seconds=late),
            ]
        )
    assert verdicts[0].action.value == "throttle"
    assert [r.symbol for r in verdicts[0].reasons] == ["QUIET_HOURS"]
    # Account alerts are not solicitation: no quiet hours (only the missing consent).
    assert [r.symbol for r in verdicts[1].reasons] == ["NO_CONSENT"]


def test_opt_out_language_must_recur_monthly(tmp_path: Path) -> None:
    plain = "Acme Bank: your statement is ready."
    verdicts = scan(
        tmp_path,
        [
            msg("first", BANK, ALICE, ALERT),
            msg("week", BANK, ALICE, plain, 7 * 1440),
            msg("month", BANK, ALICE, plain, 35 * 1440),
            msg("reminded", BANK, ALICE, ALERT, 36 * 1440),
            msg("after", BANK, ALICE, plain, 40 * 1440),
        ],
    )
    assert symbols(verdicts["week"]) == [] and symbols(verdicts["after"]) == []
    assert symbols(verdicts["month"]) == ["OPT_OUT_REMINDER_MISSING"]
    assert symbols(verdicts["reminded"]) == []


def test_a_subscriber_who_texts_first_gives_conversational_consent(tmp_path: Path) -> None:
    reply = "Acme Bank: thanks, we got your question and a banker will call you today."
    verdicts = scan(
        tmp_path,
        [
            msg("cold", BANK, BOB, reply),
            msg("question", BOB, BANK, "hi, can someone call me about my card?", 1),
            msg("reply", BANK, BOB, reply, 2),
        ],
    )
    assert "NO_CONSENT" in symbols(verdicts["cold"])
    # A reply to a subscriber who texted first needs neither consent on file nor opt-out text.
    assert verdicts["reply"]["action"] == "deliver" and symbols(verdicts["reply"]) == []


def test_conversational_consent_does_not_cover_marketing(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [msg("q", CAROL, SHOP, "do you have coats in blue?"), msg("ad", SHOP, CAROL, OFFER, 1)],
    )
    assert symbols(verdicts["ad"]) == ["NO_CONSENT"]
    assert "only conversational" in verdicts["ad"]["reasons"][0]["detail"]


def test_throughput_over_the_tier_is_throttled(tmp_path: Path) -> None:
    # Vote Together's vetting score 10 earns the lowest tier: 75 messages a minute.
    many = [
        msg(
            f"p{i}",
            POLL,
            f"+1415556{i:04d}",
            "Vote Together: polls open 7am-8pm Tuesday. Reply STOP to opt out.",
            i / 100,
        )
        for i in range(80)
    ]
    verdicts = scan(tmp_path, many)
    throttled = [v for v in verdicts.values() if "THROUGHPUT_EXCEEDED" in symbols(v)]
    assert len(throttled) == 5
    # Throttle is a floor: this unverified political campaign already scores a block.
    assert all(v["action"] in ("throttle", "block") for v in throttled), throttled


def test_consent_from_before_a_reassignment_is_void(tmp_path: Path) -> None:
    lists = tmp_path / "lists.jsonl"
    lists.write_bytes(
        msgspec.json.encode(
            {"number": ALICE, "list": "reassigned", "since": "2026-06-01T00:00:00Z"}
        )
        + b"\n"
    )
    verdicts = scan(tmp_path, [msg("alert", BANK, ALICE, ALERT)], "--lists", str(lists))
    assert symbols(verdicts["alert"]) == ["NO_CONSENT"]
    assert "reassignment" in verdicts["alert"]["reasons"][0]["detail"]


def test_person_to_person_traffic_is_never_judged(tmp_path: Path) -> None:
    verdicts = scan(tmp_path, [msg("chat", ALICE, BOB, "running late, 10 min, bit.ly/x", -800)])
    assert verdicts["chat"]["reasons"] == []


def test_without_a_registry_campaign_fields_are_not_judged(tmp_path: Path) -> None:
    verdicts = scan(tmp_path, [msg("x", BANK, ALICE, "hello", campaign="C-ANY")], files=False)
    assert verdicts["x"]["reasons"] == []


def test_help_gets_an_answer_even_from_a_marketing_campaign_without_consent(
    tmp_path: Path,
) -> None:
    answer = "Acme: for help call 800-555-0100 or visit acme.example/help. Reply STOP to opt out."
    verdicts = scan(
        tmp_path,
        [
            msg("help", CAROL, SHOP, "HELP"),
            msg("answer", SHOP, CAROL, answer, 1),
            msg("ad", SHOP, CAROL, OFFER, 2),
        ],
    )
    assert verdicts["help"]["action"] == "deliver"
    assert verdicts["answer"]["action"] == "deliver" and symbols(verdicts["answer"]) == []
    # Only the answer: the next marketing message still needs promotional consent.
    assert symbols(verdicts["ad"]) == ["NO_CONSENT"]


def test_the_brand_daily_cap_throttles_past_the_tier(tmp_path: Path) -> None:
    # Vote Together's tier allows 2,000 a day per brand; one a second stays under 75 a minute.
    body = "Vote Together: polls open 7am-8pm Tuesday. Reply STOP to opt out."
    many = [msg(f"p{i}", POLL, f"+1415556{i:04d}", body, i / 60) for i in range(2003)]
    verdicts = scan(tmp_path, many)
    over = [v for v in verdicts.values() if "THROUGHPUT_EXCEEDED" in symbols(v)]
    assert [v["id"] for v in over] == ["p2000", "p2001", "p2002"]
    assert (
        "a day"
        in next(r for r in over[0]["reasons"] if r["symbol"] == "THROUGHPUT_EXCEEDED")["detail"]
    )


def test_state_hours_are_stricter_for_marketing_only(tmp_path: Path) -> None:
    florida = "+13055550100"
    late = 10.5 * 3600  # 20:30 in Miami
    files = write_files(tmp_path)
    doc = msgspec.json.decode(files["registry"].read_bytes())
    doc["campaigns"][2]["verification_token"] = "CV-123"
    files["registry"].write_bytes(msgspec.json.encode(doc))
    with Engine(load_config([isolating_config(tmp_path)])) as engine:
        store = ComplianceStore(engine.state)
        import_files(store, files["registry"], files["consent"])
        store.consent.put_many(
            {
                consent_key(florida, "c:C-POLL"): ConsentEntry("informational", 0.0, "form", "x"),
                consent_key(florida, "c:C-SHOP"): ConsentEntry("promotional", 0.0, "form", "x"),
            },
            0.0,
        )
        political = "Vote Together: polls open 7am-8pm Tuesday. Reply STOP to opt out."
        verdicts = engine.score_batch(
            [
                make_message("vote", sender=POLL, to=florida, body=political, seconds=late),
                make_message("ad", sender=SHOP, to=florida, body=OFFER, seconds=late),
            ]
        )
    assert [r.symbol for r in verdicts[0].reasons] == []
    assert [r.symbol for r in verdicts[1].reasons] == ["QUIET_HOURS"]


def test_a_subscriber_reply_tagged_with_its_campaign_is_inbound(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [msg("reply", CAROL, BANK, "what is this about?", campaign="C-ALERTS")],
    )
    assert verdicts["reply"]["reasons"] == []


def test_one_time_passcodes_need_no_opt_out_line_but_alerts_do(tmp_path: Path) -> None:
    registry = {
        "brands": [{"id": "B1", "name": "Acme Bank", "tax_id": "12-3456789", "vetting_score": 90}],
        "campaigns": [
            {
                "id": "C-2FA",
                "brand": "B1",
                "use_case": "2fa",
                "sample_messages": ["Acme Bank: your code is 123456."],
                "numbers": ["72345"],
            },
            {
                "id": "C-ALERT",
                "brand": "B1",
                "use_case": "account_notification",
                "sample_messages": ["Acme Bank: your balance is low."],
                "numbers": ["72346"],
            },
        ],
    }
    consent = [
        {
            "subscriber": ALICE,
            "campaign": c,
            "type": "informational",
            "method": "web form",
            "disclosure": "Texts from Acme Bank.",
            "ts": "2026-01-01T00:00:00Z",
        }
        for c in ("C-2FA", "C-ALERT")
    ]
    (tmp_path / "r.json").write_bytes(msgspec.json.encode(registry))
    (tmp_path / "c.jsonl").write_bytes(b"".join(msgspec.json.encode(c) + b"\n" for c in consent))
    engine = Engine(config=load_config([isolating_config(tmp_path)]))
    import_files(ComplianceStore(engine.state), tmp_path / "r.json", tmp_path / "c.jsonl")
    code, alert = engine.score_batch(
        [
            make_message("code", sender="72345", to=ALICE, body="Acme Bank: your code is 551234."),
            make_message("alert", sender="72346", to=ALICE, body="Acme Bank: your balance is low."),
        ]
    )
    assert code.reasons == ()
    assert [r.symbol for r in alert.reasons] == ["NO_OPT_OUT_LANGUAGE"]


# Quiet hours on both sides of each edge, in the recipient's local time (San Francisco, UTC-8 in
# November; NOON is 12:00 there).
@pytest.mark.parametrize(
    ("local", "minutes", "quiet"),
    [
        ("07:59", -4 * 60 - 1, True),
        ("08:00", -4 * 60, False),
        ("20:59", 9 * 60 - 1, False),
        ("21:00", 9 * 60, True),
    ],
)
def test_quiet_hours_start_at_21_00_and_end_at_08_00_local(
    tmp_path: Path, local: str, minutes: int, quiet: bool
) -> None:
    verdict = _one(tmp_path, msg("x", SHOP, ALICE, OFFER, minutes=minutes))
    assert ("QUIET_HOURS" in symbols(verdict)) is quiet, local


@pytest.mark.parametrize(("days", "missing"), [(29.9, False), (30.1, True)])
def test_the_opt_out_reminder_is_missing_after_30_days_not_before(
    tmp_path: Path, days: float, missing: bool
) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("first", BANK, ALICE, ALERT),
            msg("later", BANK, ALICE, "Acme Bank: your statement is ready.", days * 1440),
        ],
    )
    assert ("OPT_OUT_REMINDER_MISSING" in symbols(verdicts["later"])) is missing


# The alerts campaign's samples share purchase, made, card, ending, balance and below with a text
# (brand names and opt-out boilerplate aside). A quarter of a text's words is enough; a text of
# fewer than 4 such words is not judged.
@pytest.mark.parametrize(
    ("words", "off_campaign"),
    [
        ("purchase football league trophies", False),  # 1 of 4: 25 %
        ("purchase football league trophies weekly", True),  # 1 of 5: 20 %
        ("football league trophies", False),  # 3 words: too short to judge
        ("football league trophies weekly", True),  # 0 of 4
    ],
)
def test_off_campaign_content_below_a_quarter_of_the_words_from_4_words(
    tmp_path: Path, words: str, off_campaign: bool
) -> None:
    verdict = _one(tmp_path, msg("x", BANK, ALICE, f"Acme Bank: {words}. Reply STOP to opt out."))
    assert ("OFF_CAMPAIGN_CONTENT" in symbols(verdict)) is off_campaign
