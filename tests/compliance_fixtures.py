"""Shared compliance fixtures: a small registry, consent, and conversations replayed by `scan`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec
from click.testing import CliRunner

from clearline.adapters.cli import main
from clearline.signals import available_signals

#: Noon in San Francisco (Pacific), so quiet hours do not apply unless a test moves the clock.
NOON = dt.datetime(2026, 11, 23, 20, 0, tzinfo=dt.UTC)
BANK = "+12125550101"  # Acme Bank alerts (account_notification)
SHOP = "+12125550102"  # Acme Shop marketing
SHOP_2 = "+12125550103"  # a second number of the same marketing campaign
POLL = "+12125550104"  # a political campaign without a verification token
ALICE = "+14155550100"
BOB = "+14155550111"
CAROL = "+14155550122"

REGISTRY: dict[str, Any] = {
    "brands": [
        {
            "id": "B-ACME",
            "name": "Acme Bank",
            "tax_id": "12-3456789",
            "vetting_score": 82,
            "aliases": ["Acme"],
        },
        {"id": "B-VOTE", "name": "Vote Together", "tax_id": "98-7654321", "vetting_score": 10},
    ],
    "campaigns": [
        {
            "id": "C-ALERTS",
            "brand": "B-ACME",
            "use_case": "account_notification",
            "sample_messages": [
                "Acme Bank: a purchase of $42.10 was made on card ending 1234. Reply STOP to "
                "opt out.",
                "Acme Bank: your balance is below $100. Reply HELP for help, STOP to opt out.",
            ],
            "opt_out_message": "Acme Bank: you are unsubscribed and will get no more messages.",
            "help_message": "Acme Bank alerts. Call 800-555-0100 for help. Reply STOP to opt out.",
            "numbers": [BANK],
        },
        {
            "id": "C-SHOP",
            "brand": "B-ACME",
            "use_case": "marketing",
            "sample_messages": [
                "Acme: 20% off all winter coats this weekend at acme.example/coats. Reply STOP "
                "to opt out.",
                "Acme: new arrivals in store today, see acme.example/new. Reply STOP to opt out.",
            ],
            "numbers": [SHOP, SHOP_2],
        },
        {
            "id": "C-POLL",
            "brand": "B-VOTE",
            "use_case": "political",
            "sample_messages": [
                "Vote Together: polls open 7am-8pm Tuesday. Reply STOP to opt out."
            ],
            "numbers": [POLL],
        },
    ],
}

CONSENT = [
    {
        "subscriber": ALICE,
        "campaign": "C-ALERTS",
        "type": "informational",
        "method": "web form",
        "disclosure": "I agree to receive account alerts from Acme Bank.",
        "ts": "2026-01-05T10:00:00Z",
    },
    {
        "subscriber": ALICE,
        "campaign": "C-SHOP",
        "type": "promotional",
        "method": "checkout box",
        "disclosure": "Send me Acme offers by text. Msg&data rates may apply. Reply STOP to end.",
        "ts": "2026-01-05T10:00:00Z",
    },
    {
        "subscriber": BOB,
        "campaign": "C-SHOP",
        "type": "informational",
        "method": "web form",
        "disclosure": "Order updates by text.",
        "ts": "2026-01-05T10:00:00Z",
    },
    {
        "subscriber": CAROL,
        "campaign": "C-POLL",
        "type": "informational",
        "method": "rally sign-up",
        "disclosure": "Texts from Vote Together.",
        "ts": "2026-01-05T10:00:00Z",
    },
]


#: Signals these tests exercise: the compliance ones and the core ones they interact with
#: (the flood guard must never stop a HELP). Content and behaviour analytics are tuned by their
#: own tests and the traffic benchmark; here they would only blur which rule did what.
EXERCISED = frozenset({"body", "numbers", "flood", "optout", "a2p", "number_lists"})


def isolating_config(folder: Path) -> Path:
    """A policy override disabling every installed signal outside ``EXERCISED``."""
    others = sorted(set(available_signals()) - EXERCISED)
    path = folder / "compliance-only.toml"
    path.write_text("".join(f"[signals.{name}]\nenabled = false\n" for name in others))
    return path


def write_files(folder: Path) -> dict[str, Path]:
    """Write the registry (JSON) and consent (JSON Lines) files; return their paths."""
    registry = folder / "registry.json"
    registry.write_bytes(msgspec.json.format(msgspec.json.encode(REGISTRY)))
    consent = folder / "consent.jsonl"
    consent.write_bytes(b"".join(msgspec.json.encode(c) + b"\n" for c in CONSENT))
    return {"registry": registry, "consent": consent}


def msg(
    id: str, sender: str, to: str, body: str, minutes: float = 0.0, **extra: Any
) -> dict[str, Any]:
    """One message in the scan format, ``minutes`` after NOON."""
    ts = NOON + dt.timedelta(minutes=minutes)
    return {
        "id": id,
        "ts": ts.isoformat().replace("+00:00", "Z"),
        "from": sender,
        "to": to,
        "body": body,
        **extra,
    }


def scan(
    folder: Path, messages: list[dict[str, Any]], *args: str, files: bool = True
) -> dict[str, dict[str, Any]]:
    """Replay messages through `clearline scan`; return verdicts by message id."""
    source = folder / "traffic.jsonl"
    source.write_bytes(b"".join(msgspec.json.encode(m) + b"\n" for m in messages))
    options: list[str] = []
    if files:
        paths = write_files(folder)
        options = ["--registry", str(paths["registry"]), "--consent", str(paths["consent"])]
    options += ["--config", str(isolating_config(folder))]
    result = CliRunner().invoke(main, ["scan", str(source), "-q", *options, *args])
    assert result.exit_code == 0, result.output
    verdicts = [msgspec.json.decode(line) for line in result.stdout.splitlines() if line.strip()]
    return {v["id"]: v for v in verdicts}


def symbols(verdict: dict[str, Any]) -> list[str]:
    """The symbols of a verdict's reasons, in order."""
    return [r["symbol"] for r in verdict["reasons"]]
