"""`clearline train`: reproducible training from labelled data into a loadable model file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from clearline.adapters.cli import main
from clearline.content import classifier
from clearline.content.classifier import ContentModel, load_shipped_model
from terminal_support import run_on_a_terminal

pytest.importorskip("sklearn")

SPAM = [
    "WINNER! You have won a £{n}00 prize. Call 0906170{n}461 to claim now",
    "Free entry: txt WIN to 8{n}121 for a chance to win £{n}000 cash",
    "URGENT! Your mobile has been awarded a £{n}000 bonus. Claim at prize{n}.example.com",
    "Congratulations, you are selected for a free {n}-night holiday. Reply YES to claim",
]
HAM = [
    "Are we still meeting at {n} tomorrow?",
    "Ok see you at the station around {n}pm",
    "Can you pick up milk on the way home? Need {n} pints",
    "Thanks for dinner last night, it was lovely. Call you at {n}",
    "Running {n} minutes late, sorry!",
    "Happy birthday! Hope your {n}th is brilliant",
]


def write_data(folder: Path) -> Path:
    uci = folder / "uci_sms_spam_collection"
    uci.mkdir(parents=True)
    lines = [f"spam\t{t.format(n=n)}" for n in range(1, 10) for t in SPAM]
    lines += [f"ham\t{t.format(n=n)}" for n in range(1, 10) for t in HAM]
    (uci / "SMSSpamCollection").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def train(data: Path, output: Path, seed: int = 0) -> None:
    result = CliRunner().invoke(
        main,
        ["train", "--data", str(data), "--no-ph", "--seed", str(seed), "--output", str(output)],
    )
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    # The summary names the shipped recipe (docs/content.md "The classifier").
    assert "NBSVM (naive Bayes-scaled SVM) C=0.3 over n-grams and 14 structure features x2" in (
        result.output
    )


def test_train_writes_a_model_that_ranks_spam_above_ham(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")
    output = tmp_path / "model.npz"
    train(data, output)
    model = ContentModel.load(output)
    texts = ["You have won a £500 prize, call 09061701461 to claim", "see you at the station"]
    scores = model.probabilities(texts, "GB")
    assert scores[0] > scores[1]
    assert model.meta["seed"] == 0
    assert model.meta["texts"] == 90


def test_same_data_and_seed_give_the_same_model(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")
    train(data, tmp_path / "a.npz")
    train(data, tmp_path / "b.npz")
    first, second = ContentModel.load(tmp_path / "a.npz"), ContentModel.load(tmp_path / "b.npz")
    np.testing.assert_array_equal(first.weights, second.weights)
    np.testing.assert_array_equal(first.combiner, second.combiner)


def test_train_without_data_says_where_it_looked(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["train", "--data", str(tmp_path), "--no-ph"])
    assert result.exit_code != 0
    assert "SMSSpamCollection" in result.output


SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.mark.skipif(
    not (SHARED_DATA / "uci_sms_spam_collection" / "SMSSpamCollection").is_file(),
    reason="the shared labelled data is not beside the repository",
)
def test_clearline_train_reproduces_the_shipped_model(tmp_path: Path) -> None:
    # The shipped file is what the documented command makes from the shared data: retraining
    # after a feature change without updating the artefact fails here, not in production.
    result = CliRunner().invoke(
        main, ["train", "--data", str(SHARED_DATA), "--output", str(tmp_path / "model.npz")]
    )
    assert result.exit_code == 0, result.output
    fresh = ContentModel.load(tmp_path / "model.npz")
    shipped = load_shipped_model()
    assert fresh.meta == shipped.meta
    np.testing.assert_allclose(fresh.weights, shipped.weights, atol=2e-3)
    np.testing.assert_allclose(fresh.combiner, shipped.combiner, rtol=1e-6, atol=1e-6)


def test_train_writes_to_the_current_folder_by_default_and_shows_progress_on_a_terminal(
    tmp_path: Path,
) -> None:
    data = write_data(tmp_path / "data")
    shipped = Path(classifier.__file__).with_name("content_model.npz")
    shipped_before = shipped.stat().st_mtime_ns
    work = tmp_path / "work"
    work.mkdir()
    code, shown = run_on_a_terminal("train", "--data", str(data), "--no-ph", cwd=work)
    assert code == 0, shown
    assert "\r  training: analysing texts (1/" in shown
    assert "calibration fold 1 of 5" in shown and "fitting the final model" in shown
    assert ContentModel.load(work / "content_model.npz").meta["texts"] == 90
    assert shipped.stat().st_mtime_ns == shipped_before  # the package's model is untouched


def test_train_names_the_absolute_folder_it_looked_in(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["train", "--data", str(tmp_path / "nowhere"), "--no-ph"])
    assert result.exit_code == 1
    assert f"no data folder {(tmp_path / 'nowhere').resolve()}" in result.output
