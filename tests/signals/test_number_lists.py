"""Operator number lists: do-not-originate and unallocated senders block; reassignment forgives."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from clearline.compliance.imports import ImportFileError, read_lists
from compliance_fixtures import ALICE, BOB, msg, scan, symbols

IRS = "+12125550170"
GHOST = "+12125550171"
NEW_OWNER = "+12125550172"


def _lists(tmp_path: Path) -> Path:
    path = tmp_path / "lists.jsonl"
    rows = [
        {"number": IRS, "list": "do_not_originate", "note": "inbound-only agency line"},
        {"number": GHOST, "list": "unallocated", "since": "2026-01-01T00:00:00Z"},
        {"number": NEW_OWNER, "list": "do_not_originate", "since": "2025-03-01T00:00:00Z"},
        {"number": NEW_OWNER, "list": "reassigned", "since": "2026-02-01T00:00:00Z"},
    ]
    path.write_bytes(b"".join(msgspec.json.encode(r) + b"\n" for r in rows))
    return path


def test_listed_senders_are_blocked_with_a_named_symbol(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [
            msg("dno", IRS, ALICE, "IRS: you owe back taxes, call now"),
            msg("ghost", GHOST, ALICE, "hi"),
            msg("person", BOB, ALICE, "hi"),
        ],
        "--lists",
        str(_lists(tmp_path)),
        files=False,
    )
    assert verdicts["dno"]["action"] == "block"
    assert symbols(verdicts["dno"]) == ["SENDER_DO_NOT_ORIGINATE"]
    assert "inbound-only" in verdicts["dno"]["reasons"][0]["detail"]
    assert symbols(verdicts["ghost"]) == ["SENDER_UNALLOCATED"]
    assert verdicts["person"]["reasons"] == []


def test_a_reassigned_number_is_not_punished_for_its_previous_owner(tmp_path: Path) -> None:
    verdicts = scan(
        tmp_path,
        [msg("new-owner", NEW_OWNER, ALICE, "hi, it's Dana, new number")],
        "--lists",
        str(_lists(tmp_path)),
        files=False,
    )
    assert verdicts["new-owner"]["action"] == "deliver"
    assert verdicts["new-owner"]["reasons"] == []


def test_an_unallocated_range_blocks_its_numbers_but_not_a_reassigned_one(tmp_path: Path) -> None:
    path = tmp_path / "lists.csv"
    path.write_text(
        "number,list,since,note\n"
        "+12125550*,unallocated,2026-01-01T00:00:00Z,thousands-block not assigned\n"
        "+12125550181,reassigned,2026-03-01T00:00:00Z,\n"
    )
    verdicts = scan(
        tmp_path,
        [
            msg("in-range", "+12125550185", ALICE, "hi"),
            msg("reassigned", "+12125550181", ALICE, "hi"),
            msg("outside", "+12125551195", ALICE, "hi"),
        ],
        "--lists",
        str(path),
        files=False,
    )
    assert symbols(verdicts["in-range"]) == ["SENDER_UNALLOCATED"]
    assert "+12125550*" in verdicts["in-range"]["reasons"][0]["detail"]
    assert verdicts["reassigned"]["reasons"] == []
    assert verdicts["outside"]["reasons"] == []


SNOWSHOE = "+12025550110"  # found sending a snowshoe campaign by `clearline reanalyze`
OLD_FIND = "+12025550111"  # listed more than a week ago
NEW_HOLDER = "+12025550112"  # listed, then reassigned to someone else


def test_a_campaign_sender_listing_flags_its_unregistered_texts_for_a_week(
    tmp_path: Path,
) -> None:
    path = tmp_path / "findings.jsonl"
    rows = [
        {
            "number": SNOWSHOE,
            "list": "campaign_senders",
            "since": "2026-11-22T18:00:00Z",
            "note": "reanalysis: cluster s1, 40 near-identical texts from 40 unregistered numbers",
        },
        {"number": OLD_FIND, "list": "campaign_senders", "since": "2026-11-10T18:00:00Z"},
        {"number": NEW_HOLDER, "list": "campaign_senders", "since": "2026-11-20T18:00:00Z"},
        {"number": NEW_HOLDER, "list": "reassigned", "since": "2026-11-21T00:00:00Z"},
    ]
    path.write_bytes(b"".join(msgspec.json.encode(r) + b"\n" for r in rows))
    verdicts = scan(
        tmp_path,
        [
            msg("listed", SNOWSHOE, ALICE, "Hello Ana, your parcel is on hold at our depot"),
            msg("registered", SNOWSHOE, BOB, "Acme: new arrivals today", campaign="C-SHOP"),
            msg("a-week-later", OLD_FIND, ALICE, "hi, are you coming tonight?"),
            msg("new-holder", NEW_HOLDER, ALICE, "hi, it's Dana, new number"),
        ],
        "--lists",
        str(path),
        files=False,
    )
    assert verdicts["listed"]["action"] == "block"
    assert "SENDER_CAMPAIGN_LISTED" in symbols(verdicts["listed"])
    detail = verdicts["listed"]["reasons"][0]["detail"]
    assert "since 2026-11-22 18:00 UTC" in detail and "40 unregistered numbers" in detail
    assert "SENDER_CAMPAIGN_LISTED" not in symbols(verdicts["registered"])
    assert verdicts["a-week-later"]["reasons"] == []
    assert verdicts["new-holder"]["reasons"] == []


def test_a_campaign_sender_is_one_number_not_a_range(tmp_path: Path) -> None:
    path = tmp_path / "findings.jsonl"
    path.write_bytes(msgspec.json.encode({"number": "+1202555*", "list": "campaign_senders"}))
    with pytest.raises(ImportFileError, match="a campaign sender is one number, not a range"):
        read_lists(path)
