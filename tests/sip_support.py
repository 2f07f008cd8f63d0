"""A running ``clearline sip`` (a real subprocess on loopback), SIP requests to send it, and sipp.

Every call the server scores is stamped with the wall clock, so the PKI here is valid around now
and PASSporTs are signed with ``iat`` = now.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import peers
from sti_support import CERT_URL, StiPki, identity_header, passport

SCENARIOS = Path(__file__).parent / "adapters" / "sip" / "scenarios"
REDRESS = "call 611 or clearline.example/dispute"
CALLER = "+12125550123"
CALLEE = "+14155550100"
#: Policy for the tests: an invalid PASSporT blocks, a call without one is tagged.
STRICT_POLICY = """
[symbols.SHAKEN_INVALID]
score = 20.0

[symbols.SHAKEN_ABSENT]
score = 6.0
"""


def now() -> dt.datetime:
    """The wall clock, as the server stamps calls."""
    return dt.datetime.now(dt.UTC)


class SipProcess:
    """``clearline sip`` running as a subprocess on 127.0.0.1."""

    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port

    def udp(self, data: bytes, *, expect_answer: bool = True) -> bytes | None:
        """Send one datagram; the answer, or ``None`` when none came within 2 s."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(10.0 if expect_answer else 2.0)
            sock.sendto(data, ("127.0.0.1", self.port))
            try:
                return sock.recv(65_535)
            except TimeoutError:
                return None

    def tcp(self, data: bytes, answers: int = 1) -> bytes:
        """Send ``data`` on a new connection; what came back once ``answers`` responses did (every
        response here has no body), the server closed the connection, or it went quiet for 2 s."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10.0) as sock:
            sock.sendall(data)
            sock.settimeout(2.0)
            received = b""
            try:
                while received.count(b"\r\n\r\n") < answers:
                    chunk = sock.recv(65_535)
                    if not chunk:
                        break
                    received += chunk
            except TimeoutError:
                pass
            return received

    def alive(self) -> bool:
        """The server still answers OPTIONS over UDP and TCP."""
        options = request("OPTIONS", "sip:ping@127.0.0.1", call_id="alive")
        return status(self.udp(options)) == 200 and status(self.tcp(options)) == 200


@contextmanager
def run_sip(
    tmp_path: Path, pki: StiPki, policy: str = STRICT_POLICY, extra_args: Sequence[str] = ()
) -> Iterator[SipProcess]:
    """Start ``clearline sip`` with ``pki`` trusted and cached, ``policy`` over the defaults, and
    ``extra_args`` (``--state-url``, ``--db``)."""
    trust, cache = pki.install(tmp_path)
    policy_path = tmp_path / "policy.toml"
    policy_path.write_text(policy)
    log_path = tmp_path / "sip.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "clearline",
                "sip",
                "--listen",
                "127.0.0.1:0",
                "--trust-store",
                str(trust),
                "--cert-cache",
                str(cache),
                "--config",
                str(policy_path),
                "--redress",
                REDRESS,
                *extra_args,
            ],
            stderr=log,
            stdin=subprocess.DEVNULL,
        )
    try:
        port = _wait_for_port(process, log_path)
        yield SipProcess(process, port)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_port(process: subprocess.Popen[bytes], log_path: Path) -> int:
    """The port ``clearline sip`` says it listens on, once it says so."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"listening on 127\.0\.0\.1:(\d+)", log_path.read_text())
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError("clearline sip did not start: " + log_path.read_text())


def request(
    method: str,
    uri: str = f"sip:{CALLEE}@127.0.0.1",
    *,
    call_id: str = "call-1",
    cseq: int = 1,
    caller: str = CALLER,
    extra: str = "",
) -> bytes:
    """A well-formed SIP request with ``extra`` header lines (each ending in CRLF)."""
    return (
        f"{method} {uri} SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-test\r\n"
        f"From: <sip:{caller}@127.0.0.1>;tag=abc\r\n"
        f"To: <{uri}>\r\n"
        f"Call-ID: {call_id}\r\n"
        f"CSeq: {cseq} {method}\r\n"
        "Max-Forwards: 70\r\n"
        f"{extra}"
        "Content-Length: 0\r\n\r\n"
    ).encode()


def signed_identity(pki: StiPki, *, orig: str = CALLER, dest: str = CALLEE) -> str:
    """An Identity header value signed now by ``pki``'s signing key."""
    token = passport(pki.signing_key, orig=orig[1:], dest=(dest[1:],), iat=now())
    return identity_header(token)


def status(answer: bytes | None) -> int | None:
    """The status code of a response (``None`` for no answer)."""
    if answer is None:
        return None
    found = re.match(rb"SIP/2\.0 (\d{3}) ", answer)
    assert found is not None, answer
    return int(found.group(1))


def header(answer: bytes, name: str) -> str | None:
    """The value of header ``name`` in a response."""
    for line in answer.decode().split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def sipp_binary() -> str:
    """The sipp binary; under CI=true a missing one fails the test, elsewhere it skips."""
    found = shutil.which("sipp")
    if found is None:
        reason = "sipp is not installed (apt-get install sip-tester; scripts/test does it)"
        peers.skip_or_fail(reason)
    return found


#: sipp's words when another process took its port between the choice and its bind.
_PORT_TAKEN = "errno = 98"


def run_sipp(
    scenario: str,
    port: int,
    transport: str,
    tmp_path: Path,
    *,
    token: str,
    url: str = CERT_URL,
    caller: str = CALLER,
    callee: str = CALLEE,
) -> subprocess.CompletedProcess[str]:
    """Run one sipp call of ``scenario`` against the server; exit code 0 means it passed."""
    values = tmp_path / f"{scenario}-{transport}.csv"
    values.write_text(f"SEQUENTIAL\n{token};{url};{caller};{callee};\n")
    # The port is free when chosen but not held: a few tries cover another process taking it.
    for _ in range(5):
        result = subprocess.run(
            [
                sipp_binary(),
                "-sf",
                str(SCENARIOS / scenario),
                "-inf",
                str(values),
                "-t",
                "u1" if transport == "udp" else "t1",
                "-i",
                "127.0.0.1",
                "-p",
                str(peers.free_port(udp=True)),  # sipp binds it over TCP and UDP
                "-m",
                "1",
                "-nostdin",
                "-timeout",
                "30s",
                "-timeout_error",
                "-trace_err",
                "-error_file",
                str(tmp_path / f"{scenario}-{transport}-errors.log"),
                f"127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            cwd=tmp_path,
        )
        if result.returncode == 0 or _PORT_TAKEN not in result.stderr:
            return result
    return result
