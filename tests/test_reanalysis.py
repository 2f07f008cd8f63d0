"""``clearline reanalyze`` on Spark ``local[2]``: a snowshoe campaign missed in real time is caught
the next day.

Spark takes 10-30 s to start, so one session serves the module and the Spark tests are few; the
checks that need no Spark (paths, a missing pyspark or Java) run without it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import pytest
from click.testing import CliRunner

from clearline.adapters.cli import main
from clearline.reanalysis import ReanalysisError, reanalyze, registry_in_state, start_spark
from clearline.storage.database import open_database
from clearline.storage.state_store import SqlStateStore
from peers import skip_or_fail
from reanalysis_traffic import CAMPAIGN_NUMBERS, FRIENDS, traffic_day

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

ORDINARY = {number for pair in FRIENDS for number in pair}
REGISTERED = CAMPAIGN_NUMBERS[0]
_REGISTRY = {
    "brands": [{"id": "B-PARCEL", "name": "Parcel Co", "tax_id": "12-3456789"}],
    "numbers": [{"number": REGISTERED, "brand": "B-PARCEL"}],
}


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    try:
        import pyspark  # noqa: F401 - only whether it is there
    except ImportError:
        skip_or_fail("pyspark is not installed", what="the Spark tests cannot run: ")
    if shutil.which("java") is None:
        skip_or_fail("no Java for Spark", what="the Spark tests cannot run: ")
    session = start_spark("local[2]")
    yield session
    session.stop()


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(msgspec.json.encode(row) + b"\n" for row in rows))
    return path


def _scan(path: Path, *args: str) -> dict[str, dict[str, Any]]:
    result = CliRunner().invoke(main, ["scan", str(path), "-q", *args])
    assert result.exit_code == 0, result.output
    verdicts = [msgspec.json.decode(line) for line in result.stdout.splitlines() if line.strip()]
    return {v["id"]: v for v in verdicts}


def _symbols(verdict: dict[str, Any]) -> set[str]:
    return {reason["symbol"] for reason in verdict["reasons"]}


def test_a_snowshoe_campaign_missed_in_real_time_is_caught_the_next_day(
    spark: SparkSession, tmp_path: Path
) -> None:
    day_one = traffic_day(0, campaign_texts=1)
    day_two = traffic_day(1, campaign_texts=1)
    first = _write_jsonl(tmp_path / "day1.jsonl", day_one)
    second = _write_jsonl(tmp_path / "day2.jsonl", day_two)
    # In real time each number sends one text to a stranger, reworded: nothing is blocked.
    live = _scan(first)
    campaign_ids = {m["id"] for m in day_one if m["from"] in CAMPAIGN_NUMBERS}
    assert {live[i]["action"] for i in campaign_ids} <= {"deliver", "tag"}

    # One of the numbers was since granted to a brand: registered, so never a finding.
    registry = _write_jsonl(tmp_path / "registry.json", [_REGISTRY])
    known = tmp_path / "registry.db"
    loaded = CliRunner().invoke(main, ["registry", "import", str(registry), "--state", str(known)])
    assert loaded.exit_code == 0, loaded.output

    findings = tmp_path / "findings.jsonl"
    profiles = tmp_path / "profiles"
    result = CliRunner().invoke(
        main,
        [
            "reanalyze",
            "--spark",
            "local[2]",
            str(first),
            "-o",
            str(findings),
            "--profiles",
            str(profiles),
            "--state",
            str(known),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 unregistered A2P campaign(s)" in result.stderr
    assert "39 near-identical texts from 39 unregistered numbers" in result.stderr
    listed = [msgspec.json.decode(line) for line in findings.read_bytes().splitlines()]
    assert {row["number"] for row in listed} == set(CAMPAIGN_NUMBERS) - {REGISTERED}
    assert {row["list"] for row in listed} == {"campaign_senders"}
    clusters = [
        msgspec.json.decode(line)
        for part in (profiles / "clusters").glob("part-*.json")
        for line in part.read_bytes().splitlines()
    ]
    campaign = max(clusters, key=lambda c: c["unregistered_opens"])
    assert (campaign["senders"], campaign["unregistered_senders"]) == (40, 39)
    assert campaign["open_share"] == 1.0
    assert campaign["optouts"] >= 1  # some strangers answered STOP
    senders = {
        row["sender"]: row
        for part in (profiles / "senders").glob("part-*.json")
        for row in map(msgspec.json.decode, part.read_bytes().splitlines())
    }
    assert senders[CAMPAIGN_NUMBERS[1]]["registered"] is False
    assert senders[CAMPAIGN_NUMBERS[1]]["open_share"] == 1.0
    assert senders[REGISTERED]["registered"] is True
    person = FRIENDS[0][0]  # opened one conversation, then answered in it
    assert 0 < senders[person]["open_share"] < 1

    # The summary's last line names the command that loads the findings: it runs as printed.
    state = tmp_path / "state.db"
    suggested = result.stderr.splitlines()[-1].split("`")[1]
    suggested = suggested.replace("STATE_FILE", shlex.quote(str(state)))
    command = shlex.split(suggested)
    assert command[:3] == ["clearline", "lists", "import"]
    imported = CliRunner().invoke(main, command[1:])
    assert imported.exit_code == 0, imported.output
    next_day = _scan(second, "--state", str(state))
    for message in day_two:
        verdict = next_day[message["id"]]
        if message["from"] in CAMPAIGN_NUMBERS and message["from"] != REGISTERED:
            assert verdict["action"] == "block"
            assert "SENDER_CAMPAIGN_LISTED" in _symbols(verdict)
        else:
            assert "SENDER_CAMPAIGN_LISTED" not in _symbols(verdict)
            assert verdict["action"] == "deliver" or message["from"] == REGISTERED


def test_audit_records_in_parquet_are_reanalysed_by_their_real_time_clusters(
    spark: SparkSession, tmp_path: Path
) -> None:
    # The service's audit (GET /v1/audit's records) holds no text: its real-time cluster and
    # its STOPs (OPT_OUT_REQUEST) are what re-analysis groups and counts.
    day = traffic_day(0, campaign_texts=2)
    verdicts = _scan(_write_jsonl(tmp_path / "day.jsonl", day))
    audit = [
        {
            "id": m["id"],
            "ts": m["ts"],
            "received_at": m["ts"],
            "from": m["from"],
            "to": m["to"],
            "campaign": None,
            "action": verdicts[m["id"]]["action"],
            "score": verdicts[m["id"]]["score"],
            "reasons": verdicts[m["id"]]["reasons"],
            "cluster": verdicts[m["id"]]["cluster"],
        }
        for m in day
    ]
    as_json = _write_jsonl(tmp_path / "audit.jsonl", audit)
    as_parquet = str(tmp_path / "audit.parquet")
    spark.read.json(str(as_json)).write.parquet(as_parquet)

    registered = set(CAMPAIGN_NUMBERS[:5])  # as a registry file would grant them
    result = reanalyze(spark, as_parquet, registered=registered)

    assert result.kind == "audit records"
    found = {n for campaign in result.campaigns for n in campaign.numbers}
    assert len(found) >= 15
    assert found <= set(CAMPAIGN_NUMBERS) - registered
    assert max(campaign.optout_rate for campaign in result.campaigns) > 0


def test_records_that_are_neither_messages_nor_audit_records_are_refused(
    spark: SparkSession, tmp_path: Path
) -> None:
    # `scan`'s own output: verdicts without the parties.
    verdicts = _write_jsonl(tmp_path / "verdicts.jsonl", [{"id": "m1", "action": "deliver"}])
    with pytest.raises(ReanalysisError, match=r"neither messages \(.*\) nor audit records"):
        reanalyze(spark, str(verdicts))


def test_a_file_of_no_json_objects_says_so(spark: SparkSession, tmp_path: Path) -> None:
    junk = tmp_path / "day.jsonl"
    junk.write_text('{"id": "m1", "ts":\nnot json at all\n')
    result = _reanalyze_cli(str(junk), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {junk}: no line is a JSON object: JSON Lines expected (Parquet is read from "
        "*.parquet, a directory of them, or with --format parquet)\n"
    )
    assert not (tmp_path / "out.jsonl").exists()


def test_an_audit_response_saved_whole_says_how_to_get_its_records(
    spark: SparkSession, tmp_path: Path
) -> None:
    page = tmp_path / "audit.json"
    record = {
        "id": "m1",
        "ts": "2026-11-23T08:00:00Z",
        "from": "+12025550100",
        "to": "+12025550101",
        "reasons": [],
        "cluster": None,
    }
    page.write_bytes(msgspec.json.encode({"verdicts": [record], "next": None}) + b"\n")
    result = _reanalyze_cli(str(page), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {page}: a GET /v1/audit response, not its records: write its verdicts one a "
        "line (for example `jq -c '.verdicts[]' audit.json > audit.jsonl`)\n"
    )


def test_lines_that_are_not_json_objects_or_lack_a_party_are_counted_in_the_summary(
    spark: SparkSession, tmp_path: Path
) -> None:
    day = tmp_path / "day.jsonl"
    rows = traffic_day(0, campaign_texts=1)[:30]
    no_recipient = {key: value for key, value in rows[0].items() if key != "to"}
    day.write_bytes(
        b"".join(msgspec.json.encode(row) + b"\n" for row in [*rows, no_recipient])
        + b'{"id": "cut off\nnot json\n'
    )
    result = _reanalyze_cli(str(day), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    assert "reanalyze: 30 messages," in result.stderr
    assert "  2 line(s) skipped: not JSON objects\n" in result.stderr
    assert "  1 record(s) skipped: no id, ts, sender (from) or recipient (to)\n" in result.stderr
    # Thirty texts hold no campaign: the summary says so instead of offering an empty import.
    assert f"no campaign numbers found: {tmp_path / 'out.jsonl'} holds no listing" in result.stderr
    assert "lists import" not in result.stderr


def test_a_file_that_is_not_parquet_is_one_line(spark: SparkSession, tmp_path: Path) -> None:
    broken = tmp_path / "day.parquet"
    broken.write_bytes(b"PAR1 this is not a Parquet file")
    result = _reanalyze_cli(str(broken), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot read {broken}: ")
    assert len(result.output.splitlines()) == 1
    assert not (tmp_path / "out.jsonl").exists()


def _reanalyze_cli(*args: str) -> Any:
    return CliRunner().invoke(main, ["reanalyze", *args])


def test_the_output_cannot_be_the_input(tmp_path: Path) -> None:
    day = _write_jsonl(tmp_path / "day.jsonl", traffic_day(0, campaign_texts=1)[:5])
    before = day.read_bytes()
    result = _reanalyze_cli(str(day), "-o", str(tmp_path / "." / "day.jsonl"))
    assert result.exit_code == 1
    assert result.output.strip().endswith("is the input: choose another file, the input is kept")
    assert "Traceback" not in result.output
    assert day.read_bytes() == before


def test_an_output_that_is_a_directory_is_refused_before_spark_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = _write_jsonl(tmp_path / "day.jsonl", traffic_day(0, campaign_texts=1)[:5])
    monkeypatch.setenv("PATH", str(tmp_path / "no-java-here"))  # a Spark start would fail
    result = _reanalyze_cli(str(day), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot write {tmp_path}: it is a directory; the findings are one file, name it\n"
    )


def test_an_unreadable_input_is_one_line(tmp_path: Path) -> None:
    result = _reanalyze_cli(str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot read {tmp_path / 'missing.jsonl'}: no such file or directory\n"
    )


def test_a_registry_that_cannot_be_used_is_one_line(tmp_path: Path) -> None:
    day = _write_jsonl(tmp_path / "day.jsonl", traffic_day(0, campaign_texts=1)[:5])
    registry = tmp_path / "registry.json"
    registry.write_text('{"brands": [{"id": "B-ACME"}]}')
    result = _reanalyze_cli(
        str(day), "-o", str(tmp_path / "out.jsonl"), "--registry", str(registry)
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {registry}: not a usable registry file (1 problem")
    assert len(result.output.splitlines()) == 1


def test_a_registry_state_file_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    day = _write_jsonl(tmp_path / "day.jsonl", traffic_day(0, campaign_texts=1)[:5])
    missing = tmp_path / "nowhere.db"
    result = _reanalyze_cli(str(day), "-o", str(tmp_path / "out.jsonl"), "--state", str(missing))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and str(missing) in result.output
    assert len(result.output.splitlines()) == 1
    assert not missing.exists()  # read only: never created


def test_without_pyspark_it_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = _write_jsonl(tmp_path / "day.jsonl", traffic_day(0, campaign_texts=1)[:5])
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    result = _reanalyze_cli(str(day), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    assert result.output == (
        "Error: clearline reanalyze needs pyspark, which is not installed: "
        "pip install 'clearline[spark]'\n"
    )
    assert not (tmp_path / "out.jsonl").exists()


def test_without_java_it_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark")
    day = _write_jsonl(tmp_path / "day.jsonl", traffic_day(0, campaign_texts=1)[:5])
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = _reanalyze_cli(str(day), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: Spark needs Java (17 or later) and none was found")
    assert len(result.output.splitlines()) == 1


def test_scoring_never_imports_pyspark() -> None:
    code = (
        "import sys\n"
        "from clearline.adapters.cli import main\n"
        "import clearline.reanalysis, clearline.adapters.cli_reanalyze, clearline.engine\n"
        "from clearline import Engine\n"
        "Engine()\n"
        "print('pyspark' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_service_database_registry_says_which_senders_are_registered(tmp_path: Path) -> None:
    registry = _write_jsonl(tmp_path / "registry.json", [_REGISTRY])
    db = str(tmp_path / "service.db")
    loaded = CliRunner().invoke(main, ["registry", "import", str(registry), "--db", db])
    assert loaded.exit_code == 0, loaded.output
    database = open_database(db, migrate=False)
    store = SqlStateStore(database.engine)
    try:
        lookup = registry_in_state(store)
        assert lookup({REGISTERED, CAMPAIGN_NUMBERS[1]}) == {REGISTERED}
    finally:
        store.close()
        database.close()
