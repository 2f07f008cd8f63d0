"""A test STI-CA made with ``cryptography``, and PASSporTs signed with PyJWT.

PyJWT is the independent encoder here: Clearline only ever decodes, so a PASSporT it accepts was
produced by code it does not share. Every key and certificate is made fresh for the test session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

#: A fixed call time, well inside the test certificates' validity.
CALL_TS = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
CERT_URL = "https://cr.example.net/sti/sp1234.pem"
ORIG = "+12125550123"
DEST = "+14155550100"

# RFC 8226: id-pe-TNAuthList, here holding one service provider code (SPC "1234").
_TN_AUTH_LIST = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.26")
_SPC_1234 = bytes.fromhex("3008a0061604") + b"1234"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Clearline test STI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
    *,
    ca: bool,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    issuer_name, issuer_key = issuer if issuer is not None else (_name(subject), key)
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(_TN_AUTH_LIST, _SPC_1234), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def pem(*certificates: x509.Certificate) -> bytes:
    """PEM text of certificates, in the order given (leaf first for a chain)."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


@dataclass
class StiPki:
    """A root, an intermediate and a signing (leaf) certificate, with their keys."""

    root_key: ec.EllipticCurvePrivateKey
    root: x509.Certificate
    intermediate_key: ec.EllipticCurvePrivateKey
    intermediate: x509.Certificate
    signing_key: ec.EllipticCurvePrivateKey
    signing: x509.Certificate
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def chain_pem(self) -> bytes:
        """What the x5u URL serves: the signing certificate, then the intermediate."""
        return pem(self.signing, self.intermediate)

    def install(self, base: Path, url: str = CERT_URL) -> tuple[Path, Path]:
        """Write the trust store and the certificate cache; return (trust_store, cert_cache)."""
        from clearline.voice.certs import CertCache

        trust = base / "trust"
        trust.mkdir(exist_ok=True)
        (trust / "root.pem").write_bytes(pem(self.root))
        cache = base / "cache"
        CertCache(cache, create=True).add(url, self.chain_pem)
        return trust, cache


def make_pki(
    *,
    signing_not_before: dt.datetime | None = None,
    signing_not_after: dt.datetime | None = None,
    around: dt.datetime = CALL_TS,
) -> StiPki:
    """A fresh STI-CA root -> intermediate -> signing certificate, valid 30 days either side of
    ``around`` (``CALL_TS`` unless a test scores calls at the wall clock's time)."""
    start = around - dt.timedelta(days=30)
    end = around + dt.timedelta(days=30)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate(
        "Test STI-CA root", root_key, None, ca=True, not_before=start, not_after=end
    )
    intermediate_key = ec.generate_private_key(ec.SECP256R1())
    intermediate = _certificate(
        "Test STI-CA intermediate",
        intermediate_key,
        (root.subject, root_key),
        ca=True,
        not_before=start,
        not_after=end,
    )
    signing_key = ec.generate_private_key(ec.SECP256R1())
    signing = _certificate(
        "SHAKEN 1234",
        signing_key,
        (intermediate.subject, intermediate_key),
        ca=False,
        not_before=signing_not_before or start,
        not_after=signing_not_after or end,
    )
    return StiPki(root_key, root, intermediate_key, intermediate, signing_key, signing)


def passport(
    key: ec.EllipticCurvePrivateKey,
    *,
    attest: str = "A",
    orig: str = "12125550123",
    dest: tuple[str, ...] = ("14155550100",),
    iat: dt.datetime = CALL_TS,
    x5u: str = CERT_URL,
    algorithm: str = "ES256",
    headers: dict[str, Any] | None = None,
    payload: dict[str, Any] | None = None,
) -> str:
    """A SHAKEN PASSporT signed by PyJWT (RFC 8225/8588)."""
    claims: dict[str, Any] = {
        "attest": attest,
        "dest": {"tn": list(dest)},
        "iat": int(iat.timestamp()),
        "orig": {"tn": orig},
        "origid": "123e4567-e89b-12d3-a456-426655440000",
    }
    claims.update(payload or {})
    header: dict[str, Any] = {"ppt": "shaken", "typ": "passport", "x5u": x5u}
    header.update(headers or {})
    signing_key: Any = key if algorithm != "none" else None
    return jwt.encode(claims, signing_key, algorithm=algorithm, headers=header)


def identity_header(token: str, url: str = CERT_URL, *, name: str = "") -> str:
    """An Identity header value (RFC 8224) carrying ``token``; ``name`` prefixes ``Name: ``."""
    value = f"{token};info=<{url}>;alg=ES256;ppt=shaken"
    return f"{name}: {value}" if name else value
