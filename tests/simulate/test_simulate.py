"""The simulator writes usable, reproducible traffic whose truth stays out of the traffic file."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from clearline.adapters.cli import main
from clearline.codec import read_jsonl
from clearline.model import Message


def _simulate(folder: Path, seed: int = 5) -> Path:
    traffic = folder / "traffic.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "simulate",
            "--subscribers",
            "400",
            "--hours",
            "24",
            "--seed",
            str(seed),
            "-o",
            str(traffic),
        ],
    )
    assert result.exit_code == 0, result.output
    return traffic


def test_simulation_writes_four_files_in_scan_format_without_truth(tmp_path: Path) -> None:
    traffic = _simulate(tmp_path)
    with traffic.open("rb") as handle:
        records = [item for _, item in read_jsonl(handle)]
    assert records and all(isinstance(r, Message) for r in records)
    messages = [r for r in records if isinstance(r, Message)]
    assert [m.ts for m in messages] == sorted(m.ts for m in messages)
    raw = traffic.read_text()
    assert '"class"' not in raw and '"expected"' not in raw
    truth = [json.loads(x) for x in (tmp_path / "traffic.truth.jsonl").read_text().splitlines()]
    assert [t["id"] for t in truth] == [m.id for m in messages]
    classes = Counter(t["class"] for t in truth)
    for kind in (
        "p2p",
        "p2p_group",
        "a2p_compliant",
        "political_compliant",
        "political_noncompliant",
        "snowshoe",
        "smishing",
        "sim_farm",
        "subscriber_reply",
        "stop_ignored",
    ):
        assert classes[kind] > 0, kind
    assert {t["expected"] for t in truth} == {"deliver", "block"}
    registry = json.loads((tmp_path / "traffic.registry.json").read_text())
    political = [c for c in registry["campaigns"] if c["use_case"] == "political"]
    assert political and political[0]["verification_token"]
    assert (tmp_path / "traffic.consent.jsonl").read_text().count("\n") > 100


def test_same_seed_same_traffic_and_other_seed_other_traffic(tmp_path: Path) -> None:
    for name in "abc":
        (tmp_path / name).mkdir()
    first = _simulate(tmp_path / "a")
    second = _simulate(tmp_path / "b")
    third = _simulate(tmp_path / "c", seed=6)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != third.read_bytes()


def test_compliant_senders_never_text_after_a_stop(tmp_path: Path) -> None:
    traffic = _simulate(tmp_path)
    truth = {
        t["id"]: t
        for t in map(json.loads, (tmp_path / "traffic.truth.jsonl").read_text().splitlines())
    }
    stopped: set[tuple[str, str]] = set()
    confirmed: set[tuple[str, str]] = set()
    for line in traffic.read_text().splitlines():
        message = json.loads(line)
        kind = truth[message["id"]]["class"]
        body = message["body"].strip(" .!").lower()
        if kind == "subscriber_reply" and (
            body.startswith(("stop", "quit", "unsub", "please remove"))
        ):
            stopped.add((message["to"], message["from"]))
        elif (message["from"], message["to"]) in stopped and kind != "stop_ignored":
            pair = (message["from"], message["to"])
            assert pair not in confirmed, f"second message after STOP: {message}"
            confirmed.add(pair)  # the one confirmation


def test_simulated_traffic_and_files_load_into_scan(tmp_path: Path) -> None:
    traffic = _simulate(tmp_path)
    out = tmp_path / "verdicts.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "scan",
            str(traffic),
            "-o",
            str(out),
            "-q",
            "--registry",
            str(tmp_path / "traffic.registry.json"),
            "--consent",
            str(tmp_path / "traffic.consent.jsonl"),
        ],
    )
    assert result.exit_code == 0, result.output
    verdicts = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(verdicts) == traffic.read_text().count("\n")
    assert all("action" in v for v in verdicts)


# The issue-4 bars (bench/campaigns.py checks them on a simulated day of 20,000 subscribers).
WANTED_DELIVERED_FLOOR = 0.999  # person-to-person and compliant traffic, none blocked
CAUGHT_AFTER_GRACE_FLOOR = 0.99  # unwanted campaigns, after each one's first 50 messages
GRACE = 50
# At this test's scale (400 subscribers) the snowshoe campaign is 362 messages from numbers that
# each send a handful, and 92 % of those after its first 50 are caught (99 % at the benchmark's
# 20,000); its floor here is what this scale shows, so a regression still fails.
SMALL_SCALE_FLOORS = {"snowshoe": 0.90}
# Smishing waves here are under 50 messages each, so no message falls after the grace: the class as
# a whole must be caught instead (99 % tagged or blocked at this scale).
SMISHING_CAUGHT_FLOOR = 0.97


def _scan_simulated(folder: Path) -> list[tuple[dict[str, str], dict[str, object]]]:
    """Simulate, scan with the simulator's registry and consent, and pair truth with verdicts."""
    traffic = _simulate(folder)
    out = folder / "verdicts.jsonl"
    args = ["scan", str(traffic), "-o", str(out), "-q"]
    args += ["--registry", str(folder / "traffic.registry.json")]
    args += ["--consent", str(folder / "traffic.consent.jsonl")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    truth = [json.loads(x) for x in (folder / "traffic.truth.jsonl").read_text().splitlines()]
    verdicts = [json.loads(x) for x in out.read_text().splitlines()]
    assert [v["id"] for v in verdicts] == [t["id"] for t in truth]
    return list(zip(truth, verdicts, strict=True))


def test_each_traffic_class_meets_its_bar_against_the_ground_truth(tmp_path: Path) -> None:
    pairs = _scan_simulated(tmp_path)
    actions: dict[str, Counter[str]] = {}
    by_campaign: dict[str, list[str]] = {}
    for fact, verdict in pairs:
        action = str(verdict["action"])
        actions.setdefault(fact["class"], Counter())[action] += 1
        if fact["class"] in ("political_noncompliant", "snowshoe", "smishing"):
            by_campaign.setdefault(fact["campaign"], []).append(action)

    for kind in ("p2p", "p2p_group", "a2p_compliant", "political_compliant", "subscriber_reply"):
        counts = actions[kind]
        delivered = counts["deliver"] / counts.total()
        assert delivered >= WANTED_DELIVERED_FLOOR, (kind, counts)
        assert counts["block"] == 0, (kind, counts)

    assert actions["stop_ignored"].total() > 0
    assert actions["stop_ignored"]["block"] == actions["stop_ignored"].total()

    smishing = actions["smishing"]
    caught_smishing = (smishing["tag"] + smishing["block"]) / smishing.total()
    assert caught_smishing >= SMISHING_CAUGHT_FLOOR, smishing

    assert {name.split("-")[0] for name in by_campaign} == {"political", "snowshoe", "smishing"}
    for name, sequence in by_campaign.items():
        after_grace = sequence[GRACE:]
        if not after_grace:
            continue
        caught = sum(a in ("tag", "block") for a in after_grace) / len(after_grace)
        floor = SMALL_SCALE_FLOORS.get(name, CAUGHT_AFTER_GRACE_FLOOR)
        assert caught >= floor, (name, f"{caught:.3f}", Counter(after_grace))
