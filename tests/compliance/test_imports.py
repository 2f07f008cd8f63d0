"""Import files: clear errors naming the line, and nothing imported from a bad file."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import msgspec
import pytest

from clearline.compliance.imports import ImportFileError, import_files
from clearline.compliance.registry import throughput_tier
from clearline.compliance.store import ComplianceStore
from clearline.state import open_state
from compliance_fixtures import ALICE, BANK, CONSENT, REGISTRY, write_files


def _store(tmp_path: Path) -> ComplianceStore:
    return ComplianceStore(open_state(str(tmp_path / "state.sqlite")))


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(msgspec.json.encode(r) + b"\n" for r in rows))
    return path


def test_a_good_registry_and_consent_import_in_one_transaction(tmp_path: Path) -> None:
    files = write_files(tmp_path)
    store = _store(tmp_path)
    summary = import_files(store, files["registry"], files["consent"])
    assert (summary.brands, summary.campaigns, summary.numbers, summary.consents) == (2, 3, 4, 4)
    again = _store(tmp_path)  # a fresh connection sees it: it was committed
    assert again.campaign_for_numbers([BANK])[BANK].id == "C-ALERTS"


def test_reimporting_a_campaign_replaces_its_numbers(tmp_path: Path) -> None:
    store = _store(tmp_path)
    import_files(store, write_files(tmp_path)["registry"])
    changed = copy.deepcopy(REGISTRY)
    changed["campaigns"][0]["numbers"] = ["+12125550180"]
    path = tmp_path / "v2.json"
    path.write_bytes(msgspec.json.encode(changed))
    import_files(store, path)
    assert BANK not in store.campaign_for_numbers([BANK])
    assert store.campaign_for_numbers(["+12125550180"])["+12125550180"].id == "C-ALERTS"


def _bad_registry(tmp_path: Path, change: Any) -> Path:
    doc = copy.deepcopy(REGISTRY)
    change(doc)
    path = tmp_path / "bad.json"
    path.write_bytes(msgspec.json.format(msgspec.json.encode(doc)))
    return path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["campaigns"][1].pop("use_case"), "missing required field `use_case`"),
        (lambda d: d["campaigns"][1].update(brand="B-NOPE"), "names brand 'B-NOPE'"),
        (lambda d: d["campaigns"][1].update(numbers=["555-0100"]), "'555-0100' is not an E.164"),
        (lambda d: d["brands"][0].update(vetting_score=140), "<= 100"),
        (lambda d: d["campaigns"][2].update(use_case="crypto"), "use_case"),
        (lambda d: d["campaigns"].append(copy.deepcopy(d["campaigns"][0])), "appears twice"),
    ],
)
def test_bad_registry_files_name_the_problem_and_import_nothing(
    tmp_path: Path, change: Any, expected: str
) -> None:
    store = _store(tmp_path)
    with pytest.raises(ImportFileError) as caught:
        import_files(store, _bad_registry(tmp_path, change))
    assert expected in str(caught.value)
    assert "nothing imported" in str(caught.value)
    assert len(store.campaigns) == 0 and len(store.numbers) == 0


def test_registry_problems_name_the_line(tmp_path: Path) -> None:
    path = _bad_registry(tmp_path, lambda d: d["campaigns"][1].update(brand="B-NOPE"))
    text = path.read_text()
    line = text[: text.index('"C-SHOP"')].count("\n") + 1
    with pytest.raises(ImportFileError, match=f"line {line}, campaigns\\[1\\]"):
        import_files(_store(tmp_path), path)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"campaign": "C-ALERTS", "type": "informational", "method": "web"}, "`subscriber`"),
        ({**CONSENT[0], "ts": "2026-13-45"}, "`ts` must be an RFC 3339 timestamp"),
        ({**CONSENT[0], "ts": "2026-01-05T10:00:00"}, "`ts` must be an RFC 3339 timestamp"),
        ({**CONSENT[0], "campaign": "C-GONE"}, "campaign 'C-GONE' is not registered"),
        ({**CONSENT[0], "type": "implied"}, "type"),
        ({**CONSENT[0], "method": ""}, "`method` is required"),
        ({**CONSENT[0], "disclosure": ""}, "`disclosure` is required"),
        ({**CONSENT[0], "sender": BANK}, "exactly one of `campaign`"),
        ({**CONSENT[0], "subscriber": "4155550100"}, "E.164"),
    ],
)
def test_bad_consent_lines_are_named_and_nothing_is_imported(
    tmp_path: Path, row: dict[str, Any], expected: str
) -> None:
    store = _store(tmp_path)
    import_files(store, write_files(tmp_path)["registry"])
    path = _jsonl(tmp_path / "consent.jsonl", [CONSENT[1], CONSENT[2], row, CONSENT[3]])
    with pytest.raises(ImportFileError) as caught:
        import_files(store, consent=path)
    assert f"line 3: {expected}" in str(caught.value) or (
        "line 3:" in str(caught.value) and expected in str(caught.value)
    )
    assert len(store.consent) == 0


def test_consent_in_csv_and_unknown_campaign_from_the_same_run(tmp_path: Path) -> None:
    path = tmp_path / "consent.csv"
    path.write_text(
        "subscriber,campaign,sender,type,method,disclosure,ts\n"
        f"{ALICE},C-SHOP,,promotional,web form,Offers by text,2026-01-05T10:00:00Z\n"
        f"{ALICE},,{BANK},informational,paper,Alerts by text,2026-01-05T10:00:00Z\n"
    )
    store = _store(tmp_path)
    # Without the registry the campaign is unknown, so nothing is imported...
    with pytest.raises(ImportFileError, match="line 2: campaign 'C-SHOP' is not registered"):
        import_files(store, consent=path)
    # ... and with it in the same run, both lines are.
    summary = import_files(store, write_files(tmp_path)["registry"], path)
    assert summary.consents == 2


def test_a_bad_consent_file_also_keeps_the_registry_of_the_same_run_out(tmp_path: Path) -> None:
    store = _store(tmp_path)
    bad = _jsonl(tmp_path / "c.jsonl", [{**CONSENT[0], "ts": "yesterday"}])
    with pytest.raises(ImportFileError):
        import_files(store, write_files(tmp_path)["registry"], bad)
    assert len(store.campaigns) == 0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"number": "+12125550170", "list": "blocked"}, "`list` must be one of"),
        ({"number": "12", "list": "unallocated"}, "`number` must be an E.164"),
        ({"number": "+12125550170", "list": "reassigned"}, "a reassigned number needs `since`"),
        ({"number": "+12125550170", "list": "unallocated", "since": "soon"}, "`since` must be"),
    ],
)
def test_bad_list_lines_are_named(tmp_path: Path, row: dict[str, Any], expected: str) -> None:
    good = {"number": "+12125550171", "list": "do_not_originate"}
    path = _jsonl(tmp_path / "lists.jsonl", [good, row])
    store = _store(tmp_path)
    with pytest.raises(ImportFileError, match=f"line 2: {expected}"):
        import_files(store, lists=path)
    assert len(store.lists) == 0


def test_invalid_json_is_named_by_line(tmp_path: Path) -> None:
    path = tmp_path / "lists.jsonl"
    path.write_bytes(b'{"number": "+12125550171", "list": "unallocated"}\n{"number": \n')
    with pytest.raises(ImportFileError, match="line 2: invalid JSON"):
        import_files(_store(tmp_path), lists=path)


@pytest.mark.parametrize(
    ("score", "name", "per_minute", "per_day"),
    [
        (100, "top", 4500, 200_000),
        (75, "top", 4500, 200_000),
        (74, "high_mid", 2400, 40_000),
        (50, "high_mid", 2400, 40_000),
        (49, "low_mid", 240, 10_000),
        (24, "low", 75, 2_000),
        (0, "low", 75, 2_000),
    ],
)
def test_vetting_score_sets_the_throughput_tier(
    score: int, name: str, per_minute: int, per_day: int
) -> None:
    tier = throughput_tier(score)
    assert (tier.name, tier.per_minute, tier.per_day) == (name, per_minute, per_day)


def test_list_ranges_must_be_an_area_code_exchange_or_thousands_block(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "lists.jsonl",
        [
            {"number": "+1202555*", "list": "unallocated"},
            {"number": "+1202*", "list": "do_not_originate"},
            {"number": "+120*", "list": "unallocated"},
            {"number": "+1202555*", "list": "reassigned", "since": "2026-01-01T00:00:00Z"},
        ],
    )
    with pytest.raises(ImportFileError) as caught:
        import_files(_store(tmp_path), lists=path)
    assert [p.split(":")[0] for p in caught.value.problems] == ["line 3", "line 4"]


def test_documents_can_be_imported_from_bytes_as_the_http_api_will(tmp_path: Path) -> None:
    store = ComplianceStore(open_state(None))
    summary = import_files(store, msgspec.json.encode(REGISTRY))
    assert summary.campaigns == 3
    with pytest.raises(ImportFileError, match="<input>: nothing imported"):
        import_files(store, consent=b'{"subscriber": "+14155550100"}\n')


def test_a_number_moved_to_another_campaign_leaves_the_old_one(tmp_path: Path) -> None:
    store = _store(tmp_path)
    import_files(store, write_files(tmp_path)["registry"])
    moved = {
        "campaigns": [
            {**REGISTRY["campaigns"][2], "id": "C-NEW", "numbers": [BANK]},
        ]
    }
    path = tmp_path / "move.json"
    path.write_bytes(msgspec.json.encode(moved))
    import_files(store, path)
    assert store.campaign_for_numbers([BANK])[BANK].id == "C-NEW"
    assert BANK not in store.campaigns.get_many({"C-ALERTS"})["C-ALERTS"].numbers


def test_a_registry_with_many_bad_entries_names_every_one(tmp_path: Path) -> None:
    def break_entries(doc: dict[str, Any]) -> None:
        doc["brands"][0]["vetting_score"] = "high"
        doc["brands"][1].pop("name")
        doc["campaigns"][0]["use_case"] = "crypto"
        doc["campaigns"][1]["colour"] = "red"
        doc["campaigns"][2]["numbers"] = "+12125550104"

    path = _bad_registry(tmp_path, break_entries)
    text = path.read_text()

    def line(entry_id: str) -> int:
        return text[: text.index(f'"{entry_id}"')].count("\n") + 1

    store = _store(tmp_path)
    with pytest.raises(ImportFileError) as caught:
        import_files(store, path)
    problems = caught.value.problems
    assert problems == [
        f"line {line('B-ACME')}, brands[0]: `vetting_score`: Expected `int`, got `str`",
        f"line {line('B-VOTE')}, brands[1]: missing required field `name`",
        f"line {line('C-ALERTS')}, campaigns[0]: `use_case`: Invalid enum value 'crypto'",
        f"line {line('C-SHOP')}, campaigns[1]: unknown field `colour`",
        f"line {line('C-POLL')}, campaigns[2]: `numbers`: Expected `array`, got `str`",
    ]
    assert len(store.campaigns) == 0
