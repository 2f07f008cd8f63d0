"""`demo`, `simulate`, `train` and `serve` as a person runs them: one clear line and a non-zero
exit for what cannot be done, and progress only on a terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from clearline.adapters.cli import main
from terminal_support import run_on_a_terminal


def test_demo_keep_on_a_path_it_cannot_write_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["demo", "--keep", str(blocker / "out")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot keep the demo in {blocker / 'out'}: ")
    assert len(result.output.splitlines()) == 1


def test_serve_refuses_an_unknown_log_level_before_starting(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--db", str(tmp_path / "s.db"), "--log-level", "loud"]
    )
    assert result.exit_code == 2
    assert "Invalid value for '--log-level': 'loud' is not one of" in result.output
    assert "Traceback" not in result.output


def test_train_without_scikit_learn_says_how_to_install_it(tmp_path: Path) -> None:
    # None in sys.modules makes `import sklearn` fail as if the extra were not installed.
    blocked = (
        "import sys; sys.modules['sklearn'] = None; from clearline.adapters.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked, "train", "--data", str(tmp_path), "--no-ph"],
        capture_output=True,
        check=False,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        "Error: training needs scikit-learn, which is not installed: "
        "pip install 'clearline[train]' (scoring needs only numpy)"
    ]


def test_simulate_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    args = ("simulate", "--subscribers", "50", "--hours", "1", "-o", "t.jsonl")
    code, shown = run_on_a_terminal(*args, cwd=tmp_path)
    assert code == 0, shown
    assert "\r  simulating: subscribers (1/" in shown and "writing files" in shown
    assert "simulated " in shown  # the summary still follows
    piped = subprocess.run(
        [sys.executable, "-m", "clearline", *args],
        capture_output=True,
        check=False,
        timeout=60,
        cwd=tmp_path,
    )
    assert piped.returncode == 0
    assert b"simulating:" not in piped.stderr and b"\r" not in piped.stderr


def test_simulate_into_a_folder_it_cannot_write_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(
        main, ["simulate", "--subscribers", "20", "--hours", "1", "-o", str(blocker / "t.jsonl")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.splitlines()) == 1
