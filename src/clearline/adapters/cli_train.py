"""``clearline train``: fit the content model from labelled SMS data and write the artefact.

Reproducible: the same data files and ``--seed`` give the same model file. Needs the ``train``
extra (scikit-learn); scoring the result needs only numpy. The shipped model was made with the
defaults, run from the repository root (``--output`` named explicitly: by default the model is
written to the current folder, never over the one inside the package):

    clearline train --data ../shared/data --seed 0 --output src/clearline/content/content_model.npz
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from clearline.adapters.progress import TerminalProgress

_UCI = Path("uci_sms_spam_collection") / "SMSSpamCollection"
_PH = Path("ph_spam_of_the_times") / "text-messages.csv"


@click.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data"),
    show_default=True,
    help="Folder holding the labelled data sets (see its README).",
)
@click.option(
    "--ph/--no-ph",
    "use_ph",
    default=True,
    show_default=True,
    help="Also train on the Philippine SMS history (spam against ads, government, notices).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for folds and solvers.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("content_model.npz"),
    show_default=True,
    help="Where to write the model (.npz). The shipped model is replaced only when named here.",
)
def train(data_dir: Path, use_ph: bool, seed: int, output: Path) -> None:
    """Train the content classifier and write it as a .npz model file.

    Shows its progress when stderr is a terminal.
    """
    # Checked first: the training code imports scikit-learn only when it fits, after the data
    # was read, and a missing extra must be one line, not a traceback a minute in.
    try:
        missing = importlib.util.find_spec("sklearn") is None
    except (ImportError, ValueError):
        missing = True
    if missing:
        raise click.ClickException(
            "training needs scikit-learn, which is not installed: "
            "pip install 'clearline[train]' (scoring needs only numpy)"
        )
    from clearline.content import training

    try:  # before the minutes of training, not after
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    if not data_dir.is_dir():
        raise click.ClickException(
            f"no data folder {data_dir.resolve()} (--data {data_dir}): it should hold {_UCI}"
        )
    uci_path = data_dir / _UCI
    if not uci_path.is_file():
        raise click.ClickException(
            f"no UCI SMS Spam Collection at {uci_path.resolve()} (looked under --data {data_dir})"
        )
    corpus = training.dedupe(training.load_uci(uci_path))
    sources = [str(_UCI)]
    if use_ph:
        ph_path = data_dir / _PH
        if not ph_path.is_file():
            raise click.ClickException(
                f"no Philippine SMS data at {ph_path.resolve()} (looked under --data {data_dir}; "
                "or use --no-ph)"
            )
        corpus.extend(training.load_ph(ph_path))
        corpus = training.dedupe(corpus)
        sources.append(str(_PH))
    spam = sum(corpus.labels)
    click.echo(f"training on {len(corpus):,} distinct texts ({spam:,} spam), seed {seed}")
    progress = TerminalProgress("training")
    try:
        model = training.train_model(corpus, seed=seed, sources=sources, progress=progress)
    finally:
        progress.finish()
    try:
        model.save(output)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    meta = model.meta
    kind = "linear SVM" if meta.get("nb_alpha") is None else "NBSVM (naive Bayes-scaled SVM)"
    click.echo(
        f"{kind} C={meta['c']} over n-grams and {len(meta['structure_features'])} "
        f"structure features x{meta['structure_scale']:g}; {meta['calibration']} "
        f"({meta['folds']} folds)"
    )
    click.echo(f"wrote {output} ({output.stat().st_size / 1024:,.0f} KiB)")
