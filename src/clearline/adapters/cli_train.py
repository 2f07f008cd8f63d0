"""``clearline train``: fit the content model from labelled SMS data and write the artefact.

Reproducible: the same data files and ``--seed`` give the same model file. Needs the ``train``
extra (scikit-learn); scoring the result needs only numpy. The shipped model was made with the
defaults, run from the repository root:

    clearline train --data ../shared/data --seed 0
"""

from __future__ import annotations

from pathlib import Path

import click

from clearline.content import classifier as classifier_module

_SHIPPED_PATH = Path(classifier_module.__file__).with_name("content_model.npz")
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
    default=_SHIPPED_PATH,
    show_default="the model shipped inside the package",
    help="Where to write the model (.npz).",
)
def train(data_dir: Path, use_ph: bool, seed: int, output: Path) -> None:
    """Train the content classifier and write it as a .npz model file."""
    try:
        from clearline.content import training
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise click.ClickException(
            f"training needs scikit-learn: pip install 'clearline[train]' ({exc})"
        ) from None
    uci_path = data_dir / _UCI
    if not uci_path.is_file():
        raise click.ClickException(f"no UCI SMS Spam Collection at {uci_path}")
    corpus = training.dedupe(training.load_uci(uci_path))
    sources = [str(_UCI)]
    if use_ph:
        ph_path = data_dir / _PH
        if not ph_path.is_file():
            raise click.ClickException(f"no Philippine SMS data at {ph_path} (or use --no-ph)")
        corpus.extend(training.load_ph(ph_path))
        corpus = training.dedupe(corpus)
        sources.append(str(_PH))
    spam = sum(corpus.labels)
    click.echo(f"training on {len(corpus):,} distinct texts ({spam:,} spam), seed {seed}")
    model = training.train_model(corpus, seed=seed, sources=sources)
    output.parent.mkdir(parents=True, exist_ok=True)
    model.save(output)
    meta = model.meta
    click.echo(
        f"linear SVM C={meta['c']} over n-grams and {len(meta['structure_features'])} "
        f"structure features; {meta['calibration']} ({meta['folds']} folds)"
    )
    click.echo(f"wrote {output} ({output.stat().st_size / 1024:,.0f} KiB)")
