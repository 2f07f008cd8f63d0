"""Voice commands: ``certs add`` and ``certs list`` (the STIR/SHAKEN certificate cache).

Clearline never fetches a certificate; ``certs add`` is how what an ``x5u`` URL serves gets into
the cache that call verification reads (``--cert-cache DIR``).
"""

from __future__ import annotations

from pathlib import Path

import click

from clearline.voice.certs import CertCache, CertError


def _open_cache(directory: str, *, create: bool) -> CertCache:
    try:
        return CertCache(directory, create=create)
    except CertError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def certs() -> None:
    """The local cache of STIR/SHAKEN signing certificates, by x5u URL."""


@certs.command("add")
@click.argument("url")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--cache",
    "cache_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The certificate cache directory (created if missing).",
)
def certs_add(url: str, file: str, cache_dir: str) -> None:
    """Store the PEM certificate chain FILE as what URL serves (signing certificate first).

    A certificate already cached for URL is replaced.
    """
    try:
        data = Path(file).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {file}: {exc.strerror}") from None
    cache = _open_cache(cache_dir, create=True)
    try:
        chain = cache.add(url, data, source=file)
    except CertError as exc:
        raise click.ClickException(str(exc)) from None
    leaf = chain[0]
    click.echo(
        f"cached {url}: {leaf.subject.rfc4514_string()}, valid "
        f"{leaf.not_valid_before_utc:%Y-%m-%d} to {leaf.not_valid_after_utc:%Y-%m-%d}, "
        f"{len(chain)} certificate{'s' if len(chain) != 1 else ''}"
    )


@certs.command("list")
@click.option(
    "--cache",
    "cache_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The certificate cache directory.",
)
def certs_list(cache_dir: str) -> None:
    """List the cached certificates: URL, signer, validity, number of certificates in the chain."""
    cache = _open_cache(cache_dir, create=False)
    try:
        entries = cache.entries()
    except CertError as exc:
        raise click.ClickException(str(exc)) from None
    for entry in entries:
        click.echo(
            f"{entry.url}\t{entry.subject}\t{entry.not_before:%Y-%m-%dT%H:%M:%SZ}\t"
            f"{entry.not_after:%Y-%m-%dT%H:%M:%SZ}\t{entry.certificates}"
        )
