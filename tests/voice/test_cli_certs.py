"""``clearline certs add`` and ``certs list`` as an operator drives them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric import rsa

from clearline.adapters.cli import main
from clearline.voice.certs import CertCache, TrustStore
from clearline.voice.passport import ShakenVerifier
from sti_support import CALL_TS, CERT_URL, DEST, ORIG, identity_header, make_pki, passport, pem


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_add_then_list_then_verify(tmp_path: Path) -> None:
    pki = make_pki()
    chain_file = tmp_path / "sp1234.pem"
    chain_file.write_bytes(pki.chain_pem)
    cache = tmp_path / "cache"
    code, out = _invoke("certs", "add", CERT_URL, str(chain_file), "--cache", str(cache))
    assert code == 0, out
    assert out.startswith(f"cached {CERT_URL}: CN=SHAKEN 1234") and "2 certificates" in out
    code, out = _invoke("certs", "list", "--cache", str(cache))
    assert code == 0
    assert out.split("\t")[0] == CERT_URL and out.rstrip().endswith("\t2")
    (tmp_path / "trust").mkdir()
    (tmp_path / "trust" / "root.pem").write_bytes(pem(pki.root))
    verifier = ShakenVerifier(TrustStore(tmp_path / "trust"), CertCache(cache))
    result = verifier.verify(identity_header(passport(pki.signing_key)), ORIG, DEST, CALL_TS)
    assert result.symbol == "SHAKEN_A"


def test_add_refuses_a_file_that_is_not_a_pem_certificate(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("hello\n")
    code, out = _invoke("certs", "add", CERT_URL, str(garbage), "--cache", str(tmp_path / "c"))
    assert code == 1
    assert out == f"Error: {garbage} holds no PEM certificate (-----BEGIN CERTIFICATE-----)\n"
    assert not list((tmp_path / "c").glob("*.pem"))


def test_add_refuses_a_broken_pem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pem"
    broken.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
    code, out = _invoke("certs", "add", CERT_URL, str(broken), "--cache", str(tmp_path / "c"))
    assert code == 1
    assert out.startswith(f"Error: {broken}: not a valid PEM certificate")
    assert "Traceback" not in out


def test_add_refuses_a_signing_certificate_without_a_p256_key(tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rsa")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(CALL_TS)
        .not_valid_after(CALL_TS)
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "rsa.pem"
    path.write_bytes(pem(cert))
    code, out = _invoke("certs", "add", CERT_URL, str(path), "--cache", str(tmp_path / "c"))
    assert code == 1
    assert "is not an EC P-256 key" in out


def test_add_refuses_a_url_that_is_not_http(tmp_path: Path) -> None:
    chain_file = tmp_path / "c.pem"
    chain_file.write_bytes(make_pki().chain_pem)
    code, out = _invoke(
        "certs", "add", "file:///etc/passwd", str(chain_file), "--cache", str(tmp_path)
    )
    assert (code, out) == (1, "Error: not an http(s) URL: 'file:///etc/passwd'\n")


def test_add_names_a_missing_file(tmp_path: Path) -> None:
    code, out = _invoke(
        "certs", "add", CERT_URL, str(tmp_path / "nope.pem"), "--cache", str(tmp_path)
    )
    assert code == 1
    assert out.startswith(f"Error: cannot read {tmp_path / 'nope.pem'}: No such file")


def test_list_of_a_missing_cache_is_an_error(tmp_path: Path) -> None:
    code, out = _invoke("certs", "list", "--cache", str(tmp_path / "nope"))
    assert (code, out) == (1, f"Error: certificate cache {tmp_path / 'nope'} is not a directory\n")


def test_add_refuses_a_url_with_control_characters(tmp_path: Path) -> None:
    chain_file = tmp_path / "c.pem"
    chain_file.write_bytes(make_pki().chain_pem)
    url = "https://cr.example.net/\x01sti.pem"
    code, out = _invoke("certs", "add", url, str(chain_file), "--cache", str(tmp_path / "c"))
    assert (code, out) == (1, f"Error: not an http(s) URL: {url!r}\n")
