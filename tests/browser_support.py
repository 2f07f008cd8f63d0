"""Browser test support: a real `clearline serve` subprocess, Debian's Chromium through
Playwright, and a watch on every page that fails the test on a console error or a failed request.

Never `playwright install`: the tests drive `/usr/bin/chromium` (`apt-get install -y chromium`).
Without it they skip with the reason, except under `CI=true`, where a missing browser fails.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

import peers
from clearline.storage.keys import Role
from http_support import make_key

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def require_chromium() -> None:
    """Skip (fail under ``CI=true``) when Debian's Chromium is not installed."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/test does, as root)"
    peers.skip_or_fail(reason, what="the browser tests cannot run: ")


@dataclass
class ServedProcess:
    """A `clearline serve` subprocess on 127.0.0.1."""

    base_url: str
    db_url: str

    def key(self, role: Role, **binding: str) -> str:
        """A new key of ``role`` (made in the database, as `clearline keys create` does)."""
        return make_key(self.db_url, role, **binding)


@contextmanager
def clearline_serve(db_path: Path, **env: str) -> Iterator[ServedProcess]:
    """Run ``python -m clearline serve`` on a free port until the block ends (stopped by pid).

    ``env``: more environment variables for the process (``CLEARLINE_SESSION_SECRET=...``).
    Several may run on one database, each with its own log.
    """
    db_url = f"sqlite:///{db_path}"
    make_key(db_url, Role.OPERATOR)  # creates the database before the service opens it
    port = peers.free_port()
    log = db_path.with_name(f"{db_path.stem}-{port}.log")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "clearline", "serve", "--port", str(port), "--db", db_url],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CLEARLINE_AUDIT_WRITER": "inline", **env},
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"clearline serve exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"clearline serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield ServedProcess(base_url, db_url)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class PageWatch:
    """What went wrong on a page: console errors, script errors, failed requests and error
    responses, except the statuses a test says it expects."""

    expected_statuses: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    origins: set[str] = field(default_factory=set)  # every origin a page requested

    def expect_status(self, *statuses: int) -> None:
        """Allow these HTTP statuses (a test that provokes a 401 or a 403 on purpose)."""
        self.expected_statuses.update(statuses)

    def on_console(self, message: object) -> None:
        """A console message: an error is a problem, unless it reports an expected status."""
        kind = getattr(message, "type", "")
        text = str(getattr(message, "text", ""))
        if kind != "error":
            return
        if any(f"status of {status}" in text for status in self.expected_statuses):
            return
        self.problems.append(f"console error: {text}")

    def on_page_error(self, error: object) -> None:
        """An uncaught script error."""
        self.problems.append(f"script error: {error}")

    def on_request(self, request: object) -> None:
        """Any request: its origin is noted (no page may request anything but the service)."""
        url = urlsplit(str(getattr(request, "url", "")))
        if url.scheme in ("data", "about", "blob"):
            return
        self.origins.add(f"{url.scheme}://{url.netloc}")

    def foreign_origins(self) -> list[str]:
        """Origins requested besides the one service the test opened (the first loopback one)."""
        services = sorted(o for o in self.origins if o.startswith("http://127.0.0.1:"))
        return sorted(self.origins - set(services[:1])) + services[1:]

    def on_request_failed(self, request: object) -> None:
        """A request that got no answer (refused, reset, blocked).

        ``net::ERR_ABORTED`` is the browser cancelling a request itself: a page navigated away
        or closed while its favicon or a refresh was still loading. No answer of the service is
        missing then (an error status is caught by ``on_response``, a request to anything but
        the service by ``foreign_origins``), and when it happens depends on timing alone.
        """
        url = getattr(request, "url", "?")
        failure = getattr(request, "failure", None)
        if failure is not None and "net::ERR_ABORTED" in str(failure):
            return
        self.problems.append(f"request failed: {url} ({failure})")

    def on_response(self, response: object) -> None:
        """An answer with an error status the test did not expect."""
        status = int(getattr(response, "status", 0))
        if status >= 400 and status not in self.expected_statuses:
            self.problems.append(f"HTTP {status}: {getattr(response, 'url', '?')}")


def screenshot_path(name: str) -> Path:
    """Where a page's screenshot goes.

    ``docs/screenshots/<name>.png`` (linked from the README) when ``CLEARLINE_SCREENSHOTS=1``, so
    that `CLEARLINE_SCREENSHOTS=1 pytest tests/adapters/web` refreshes them; otherwise a scratch
    folder, so that an ordinary test run (CI's too) leaves the work tree as it found it.
    """
    folder = SCREENSHOTS if os.environ.get("CLEARLINE_SCREENSHOTS") == "1" else _SCRATCH
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"


_SCRATCH = Path(tempfile.gettempdir()) / f"clearline-screenshots-{os.getpid()}"
