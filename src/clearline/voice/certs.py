"""Certificates for STIR/SHAKEN: the local cache of signing certificates, the trust store of STI-CA
roots, and the chain check between them.

Clearline never fetches a certificate: an operator puts what an ``x5u`` URL serves into the cache
(``clearline certs add URL FILE --cache DIR``) and the STI-CA roots into a trust store directory.
The cache keeps, per URL, ``<sha256 of the URL>.pem`` (the certificates, signing certificate first)
and ``<sha256 of the URL>.url`` (the URL itself, for listing).

The chain is checked by ``cryptography``'s X.509 path validation with an extension policy for STI
certificates: they carry a TNAuthList (RFC 8226) and usually neither a subjectAltName nor an
extended key usage, which the web PKI defaults would require or restrict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import verification

__all__ = [
    "CacheEntry",
    "CertCache",
    "CertError",
    "ChainChecker",
    "TrustStore",
    "load_certificates",
]

_URL = re.compile(r"https?://[^\s<>\"\x00-\x1f\x7f]+", re.IGNORECASE)
#: Files of a trust store directory that are read as PEM.
TRUST_STORE_SUFFIXES = (".pem", ".crt", ".cer")


class CertError(ValueError):
    """A certificate file, cache or trust store cannot be used; the text says which and why."""


def load_certificates(data: bytes, source: str) -> tuple[x509.Certificate, ...]:
    """Every certificate in PEM text, in order.

    Raises:
        CertError: ``data`` holds no PEM certificate or a broken one.
    """
    if b"-----BEGIN CERTIFICATE-----" not in data:
        raise CertError(f"{source} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
    try:
        return tuple(x509.load_pem_x509_certificates(data))
    except ValueError as exc:
        raise CertError(f"{source}: not a valid PEM certificate ({exc})") from None


def _url_key(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One cached certificate chain, for listing."""

    url: str
    subject: str
    not_before: dt.datetime
    not_after: dt.datetime
    certificates: int


class CertCache:
    """Certificates by ``x5u`` URL, in a directory; read from disk once per URL per process."""

    def __init__(self, directory: str | Path, *, create: bool = False) -> None:
        """Open the cache in ``directory``.

        Args:
            directory: where the cache lives.
            create: make the directory when it does not exist (``certs add``); otherwise a
                missing directory is an error.

        Raises:
            CertError: the directory does not exist (and ``create`` is false) or is not one.
        """
        self.directory = Path(directory)
        if create:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CertError(
                    f"cannot create certificate cache {directory}: {exc.strerror}"
                ) from None
        if not self.directory.is_dir():
            raise CertError(f"certificate cache {directory} is not a directory")
        self._loaded: dict[str, tuple[x509.Certificate, ...]] = {}

    def add(self, url: str, data: bytes, source: str = "the file") -> tuple[x509.Certificate, ...]:
        """Store the PEM certificate chain ``data`` as what ``url`` serves; replaces an old one.

        ``source`` names ``data`` in error messages (the file it was read from).

        Raises:
            CertError: the URL is not http(s), ``data`` is not a PEM certificate chain, or its
                first certificate has no P-256 key (SHAKEN signs with ES256).
        """
        if _URL.fullmatch(url) is None:
            raise CertError(f"not an http(s) URL: {url[:80]!r}")
        chain = load_certificates(data, source)
        key = chain[0].public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
            raise CertError(
                f"{source}: the first certificate's key is not an EC P-256 key; SHAKEN signs "
                "with ES256, so the signing certificate must come first"
            )
        name = _url_key(url)
        encoded = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in chain)
        self._write(self.directory / f"{name}.pem", encoded)
        self._write(self.directory / f"{name}.url", url.encode() + b"\n")
        self._loaded[url] = chain
        return chain

    def _write(self, path: Path, data: bytes) -> None:
        # Write then rename, so a reader never sees half a file.
        try:
            fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except OSError as exc:
            raise CertError(f"cannot write {path}: {exc.strerror}") from None

    def get(self, url: str) -> tuple[x509.Certificate, ...] | None:
        """The chain cached for ``url`` (signing certificate first), or ``None`` when absent.

        Raises:
            CertError: the cached file exists but is unreadable or broken.
        """
        chain = self._loaded.get(url)
        if chain is not None:
            return chain
        path = self.directory / f"{_url_key(url)}.pem"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CertError(f"cannot read cached certificate {path}: {exc.strerror}") from None
        chain = self._loaded[url] = load_certificates(data, str(path))
        return chain

    def entries(self) -> list[CacheEntry]:
        """Every cached chain, sorted by URL."""
        found: list[CacheEntry] = []
        for url_file in self.directory.glob("*.url"):
            url = url_file.read_text(encoding="utf-8", errors="replace").strip()
            chain = self.get(url)
            if chain is None:
                continue
            leaf = chain[0]
            found.append(
                CacheEntry(
                    url,
                    leaf.subject.rfc4514_string(),
                    leaf.not_valid_before_utc,
                    leaf.not_valid_after_utc,
                    len(chain),
                )
            )
        return sorted(found, key=lambda entry: entry.url)


class TrustStore:
    """The trusted STI-CA roots: every certificate in the PEM files of a directory."""

    def __init__(self, directory: str | Path) -> None:
        """Read the trust store.

        Raises:
            CertError: the directory is missing, holds no certificate, or a file in it is broken.
        """
        path = Path(directory)
        if not path.is_dir():
            raise CertError(f"trust store {directory} is not a directory")
        roots: list[x509.Certificate] = []
        for file in sorted(path.iterdir()):
            if file.suffix.lower() not in TRUST_STORE_SUFFIXES:
                continue
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise CertError(f"cannot read {file}: {exc.strerror}") from None
            roots.extend(load_certificates(data, str(file)))
        if not roots:
            raise CertError(
                f"trust store {directory} holds no certificate "
                f"(PEM files ending in {', '.join(TRUST_STORE_SUFFIXES)})"
            )
        self.roots = tuple(roots)
        self.store = verification.Store(roots)


def _require_digital_signature(
    _policy: verification.Policy, _certificate: x509.Certificate, usage: x509.KeyUsage | None
) -> None:
    if usage is None or not usage.digital_signature:
        raise ValueError("key usage does not allow digitalSignature")


def _sti_leaf_policy() -> verification.ExtensionPolicy:
    """The web PKI end-entity rules, relaxed where STI certificates differ (ATIS-1000080):
    no subjectAltName is needed and any extended key usage is allowed; the key must sign."""
    agnostic = verification.Criticality.AGNOSTIC
    return (
        verification.ExtensionPolicy.webpki_defaults_ee()
        .may_be_present(x509.SubjectAlternativeName, agnostic, None)
        .may_be_present(x509.ExtendedKeyUsage, agnostic, None)
        .require_present(x509.KeyUsage, agnostic, _require_digital_signature)
    )


@dataclass(frozen=True, slots=True)
class _ChainResult:
    leaf: x509.Certificate
    not_before: dt.datetime
    not_after: dt.datetime
    error: str | None


class ChainChecker:
    """Checks that a cached chain leads to a trusted root at a given time, remembering the answer
    per URL for as long as the same certificates are valid."""

    def __init__(self, trust: TrustStore) -> None:
        """Check chains against ``trust``'s roots."""
        self.trust = trust
        self._ee_policy = _sti_leaf_policy()
        self._ca_policy = verification.ExtensionPolicy.webpki_defaults_ca()
        self._results: dict[str, _ChainResult] = {}

    def check(self, url: str, chain: tuple[x509.Certificate, ...], when: dt.datetime) -> str | None:
        """``None`` if ``chain`` is valid at ``when`` and leads to a trusted root, else why not."""
        leaf = chain[0]
        if when < leaf.not_valid_before_utc:
            return f"certificate {url} is not valid before {_iso(leaf.not_valid_before_utc)}"
        if when > leaf.not_valid_after_utc:
            return f"certificate {url} expired at {_iso(leaf.not_valid_after_utc)}"
        known = self._results.get(url)
        if known is not None and known.leaf is leaf and known.not_before <= when <= known.not_after:
            return known.error
        builder = (
            verification.PolicyBuilder()
            .store(self.trust.store)
            .time(when)
            .extension_policies(ca_policy=self._ca_policy, ee_policy=self._ee_policy)
        )
        try:
            verified = builder.build_client_verifier().verify(leaf, list(chain[1:]))
        except verification.VerificationError as exc:
            # The verifier's text ends with the certificate's repr; the first part says why.
            reason = str(exc).split(" (encountered processing", 1)[0]
            error: str | None = f"certificate {url} does not chain to a trusted STI-CA: {reason}"
            certificates = chain
        else:
            error = None
            certificates = tuple(verified.chain)
        # The answer holds while every certificate involved is valid (an expiry changes it).
        self._results[url] = _ChainResult(
            leaf,
            max(c.not_valid_before_utc for c in certificates),
            min(c.not_valid_after_utc for c in certificates),
            error,
        )
        return error


def _iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
