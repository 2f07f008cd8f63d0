"""``clearline scan --workers N``: the same verdicts, in the same order, as one process."""

from __future__ import annotations

import io
import json
import logging
import multiprocessing
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from clearline import Engine, scan_workers
from clearline.codec import read_jsonl
from clearline.compliance import text_rules
from clearline.compliance.text_rules import KIND_MEMO, Keyword, classify
from clearline.content import facts
from clearline.content.classifier import ContentModel
from clearline.content.facts import clear_caches
from clearline.scan import scan_records
from clearline.simulate import SimulationPaths, run_simulation
from support import line


def _mixed_traffic(folder: Path) -> SimulationPaths:
    """A simulated morning (campaigns, snowshoe, STOPs and ignored STOPs) plus a flood."""
    paths = SimulationPaths.beside(folder / "traffic.jsonl")
    run_simulation(400, 6, 7, paths)
    flood = [
        line(
            id=f"flood{i}",
            ts=f"2026-11-23T15:{i // 2:02d}:{(i % 2) * 30:02d}Z",
            to="+14155550199",
            body="URGENT your parcel is held, pay the fee now",
        )
        for i in range(40)
    ]
    # The recipient answers STOP halfway through; the sender goes on.
    stop = line(id="stop", ts="2026-11-23T15:10:10Z", to="+12125550123", body="STOP")
    flood.insert(21, stop.replace(b'"from":"+12125550123"', b'"from":"+14155550199"'))
    with paths.traffic.open("ab") as traffic:
        traffic.write(b"".join(flood))
    return paths


def _scan(paths: SimulationPaths, output: Path, workers: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "clearline", "scan", str(paths.traffic), "-o", str(output)]
    command += ["--registry", str(paths.registry), "--consent", str(paths.consent)]
    # Small batches, so that many are in flight to the worker processes.
    command += ["--batch-size", "97", "--workers", str(workers), "-q"]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def test_workers_give_the_verdicts_of_one_process_in_the_same_order(tmp_path: Path) -> None:
    paths = _mixed_traffic(tmp_path)
    one, three = tmp_path / "one.jsonl", tmp_path / "three.jsonl"
    for output, workers in ((one, 1), (three, 3)):
        done = _scan(paths, output, workers)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
    assert three.read_bytes() == one.read_bytes()
    verdicts = [json.loads(row) for row in one.read_bytes().splitlines()]
    assert len(verdicts) == paths.traffic.read_bytes().count(b"\n")
    symbols = Counter(reason["symbol"] for v in verdicts for reason in v.get("reasons", []))
    # The file exercises what crosses messages: campaign clusters, opt-outs and floods.
    # And what the workers now compute: content scores, links, lures and categories.
    wanted = (
        "CAMPAIGN_UNREGISTERED_A2P",
        "OPT_OUT_REQUEST",
        "OPT_OUT_IGNORED",
        "FLOOD_IDENTICAL",
        "CONTENT_SPAM",
        "URL_UNUSUAL_TLD",
        "LURE_MONEY_PRIZE",
        "CATEGORY_HIGH_RISK_LENDING",
    )
    for symbol in wanted:
        assert symbols[symbol] > 0, (symbol, symbols.most_common())


def test_the_scoring_process_leaves_content_analysis_and_scores_to_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _mixed_traffic(tmp_path)
    data = paths.traffic.read_bytes()
    alone = io.BytesIO()
    scan_records(Engine(), read_jsonl(io.BytesIO(data)), alone, 97, workers=1)
    clear_caches()
    KIND_MEMO.clear()
    # Counted in this process only: a forked worker counts in its own copy of these.
    analysed: list[int] = []
    scored: list[int] = []
    analyse_batch, analysis_details = facts.analyse_batch, ContentModel.analysis_details

    def counted_analyse(texts: Sequence[str], regions: Sequence[str]) -> facts.TextAnalysis:
        analysed.append(len(texts))
        return analyse_batch(texts, regions)

    def counted_details(model: ContentModel, *args: Any) -> Any:
        scored.append(1)
        return analysis_details(model, *args)

    classified: list[str] = []

    def counted_classify(body: str, natural_language: bool = True) -> Keyword | None:
        classified.append(body)
        return classify(body, natural_language)

    monkeypatch.setattr(facts, "analyse_batch", counted_analyse)
    monkeypatch.setattr(ContentModel, "analysis_details", counted_details)
    monkeypatch.setattr(text_rules, "classify", counted_classify)
    split = io.BytesIO()
    scan_records(Engine(), read_jsonl(io.BytesIO(data)), split, 97, workers=2)
    assert split.getvalue() == alone.getvalue()
    # Only the first batch (before the workers start) is analysed and scored here, and only
    # its short texts are read for STOP, once each (the opt-out signal and campaign answers
    # share the process's memo).
    assert len(analysed) == 1
    assert analysed[0] <= 97
    assert len(scored) == 1
    assert 0 < len(classified) <= 97
    assert len(classified) == len(set(classified))


def test_workers_out_of_range_is_refused_with_a_message(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(line())
    command = [sys.executable, "-m", "clearline", "scan", str(source), "--workers", "0"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "--workers" in done.stderr
    assert "Traceback" not in done.stderr


def _fail(items: list[tuple[str, str]]) -> scan_workers.TextWork:
    raise RuntimeError("worker lost")


def test_a_failing_worker_costs_speed_not_verdicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    paths = _mixed_traffic(tmp_path)
    data = paths.traffic.read_bytes()

    def scan(workers: int) -> bytes:
        output = io.BytesIO()
        scan_records(Engine(), read_jsonl(io.BytesIO(data)), output, 97, workers=workers)
        return output.getvalue()

    alone = scan(1)
    # The forked workers run this instead of their work: every batch's answer is an error.
    monkeypatch.setattr(scan_workers, "_prepare", _fail)
    with caplog.at_level(logging.WARNING, logger=scan_workers.__name__):
        assert scan(2) == alone
    # The operator is told once why the scan runs slower than it should.
    told = [r.getMessage() for r in caplog.records if r.name == scan_workers.__name__]
    assert len(told) == 1
    assert "RuntimeError: worker lost" in told[0]


_START_METHOD = multiprocessing.get_context()


class _NoProcesses:
    """A start method on a host that refuses new processes (a limit, no /dev/shm)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_START_METHOD, name)

    def Process(self, *args: object, **kwargs: object) -> None:  # noqa: N802 - multiprocessing's name
        raise OSError("no processes to be had")


def test_a_host_that_refuses_processes_scans_every_line_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _mixed_traffic(tmp_path)
    data = paths.traffic.read_bytes()
    alone = io.BytesIO()
    scan_records(Engine(), read_jsonl(io.BytesIO(data)), alone, 97, workers=1)
    monkeypatch.setattr(scan_workers.multiprocessing, "get_context", lambda _: _NoProcesses())
    refused = io.BytesIO()
    scan_records(Engine(), read_jsonl(io.BytesIO(data)), refused, 97, workers=2)
    assert refused.getvalue() == alone.getvalue()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (in a container nothing may reap it)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_scan_killed_outright_leaves_no_worker_behind(tmp_path: Path) -> None:
    # SIGKILL runs no clean-up: the workers must notice their parent is gone by themselves.
    import signal as signals
    import time

    scan = subprocess.Popen(
        [sys.executable, "-m", "clearline", "scan", "-", "--workers", "2", "--batch-size", "10"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert scan.stdin is not None
    for n in range(200):  # input keeps coming: the scan waits for more, its worker started
        scan.stdin.write(line(id=f"m{n}", body=f"text number {n} for the worker"))
    scan.stdin.flush()
    deadline = time.monotonic() + 60
    while not (workers := _children(scan.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers, "the scan started no worker"
    scan.send_signal(signals.SIGKILL)
    scan.wait(timeout=10)
    scan.stdin.close()
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_running, workers))
