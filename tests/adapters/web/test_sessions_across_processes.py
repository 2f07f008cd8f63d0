"""Web sessions across service processes: two real `clearline serve` subprocesses on one database
share the session secret, so a sign-in on one is good on the other (its pages and its forms'
CSRF tokens); `clearline sessions rotate` signs everyone out of both; a secret set in
`$CLEARLINE_SESSION_SECRET` is used instead of the database's and survives a rotation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from browser_support import ServedProcess, clearline_serve
from clearline.storage.keys import Role
from web_support import csrf_of

NUMBER = "+14155550100"
SECRET = "a-session-secret-of-more-than-32-characters"


def _sign_in(served: ServedProcess, key: str) -> str:
    """Sign in on ``served`` and return the session cookie's value."""
    with httpx.Client(base_url=served.base_url, timeout=30) as client:
        form = client.get("/")
        answer = client.post("/sign-in", data={"key": key, "csrf": csrf_of(form.text)})
        assert (answer.status_code, answer.headers["location"]) == (303, "/subscriber")
        return answer.cookies["clearline_session"]


def _client(served: ServedProcess, cookie: str) -> httpx.Client:
    return httpx.Client(base_url=served.base_url, timeout=30, cookies={"clearline_session": cookie})


def _rotate(db_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clearline", "sessions", "rotate", "--db", db_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_sign_in_on_one_process_is_good_on_another_until_rotated(tmp_path: Path) -> None:
    db_path = tmp_path / "clearline.db"
    with clearline_serve(db_path) as first, clearline_serve(db_path) as second:
        cookie = _sign_in(first, first.key(Role.SUBSCRIBER, number=NUMBER))
        with _client(second, cookie) as other:
            page = other.get("/subscriber")
            assert page.status_code == 200, page.headers.get("location")
            assert f"For {NUMBER}." in page.text
            # A form of the other process's page posts with its CSRF token: the same secret.
            saved = other.post(
                "/subscriber/protection",
                data={"csrf": csrf_of(page.text), "mode": "contacts_only"},
            )
            assert (saved.status_code, saved.headers["location"]) == (
                303,
                "/subscriber?notice=protection",
            )

        rotated = _rotate(first.db_url)
        assert rotated.returncode == 0, rotated.stderr
        assert "every web session has ended" in rotated.stderr
        for served in (first, second):
            with _client(served, cookie) as client:
                gone = client.get("/subscriber")
                assert (gone.status_code, gone.headers["location"]) == (303, "/")
        # Signing in again works, on either process, with the new secret.
        fresh = _sign_in(second, second.key(Role.SUBSCRIBER, number=NUMBER))
        with _client(first, fresh) as client:
            assert client.get("/subscriber").status_code == 200


def test_a_secret_from_the_environment_is_used_and_survives_a_rotation(tmp_path: Path) -> None:
    db_path = tmp_path / "clearline.db"
    with clearline_serve(db_path, CLEARLINE_SESSION_SECRET=SECRET) as first:
        cookie = _sign_in(first, first.key(Role.SUBSCRIBER, number=NUMBER))
        assert _rotate(first.db_url).returncode == 0
        with _client(first, cookie) as client:
            assert client.get("/subscriber").status_code == 200
    # Another process with the same variable (a restart, or a second worker) takes the cookie.
    with (
        clearline_serve(db_path, CLEARLINE_SESSION_SECRET=SECRET) as again,
        _client(again, cookie) as client,
    ):
        assert client.get("/subscriber").status_code == 200


def test_a_short_session_secret_is_a_message(tmp_path: Path) -> None:
    answer = subprocess.run(
        [sys.executable, "-m", "clearline", "serve", "--port", "0", "--db", str(tmp_path / "c.db")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"CLEARLINE_SESSION_SECRET": "short", "PATH": "/usr/bin:/bin"},
    )
    assert answer.returncode == 1
    assert answer.stderr.startswith(
        "Error: CLEARLINE_SESSION_SECRET: the session secret must be at least 32 characters"
    )
    assert "Traceback" not in answer.stderr


def test_rotating_on_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    # SQLAlchemy's text adds a "Background on this error" line and psycopg's spans two lines.
    for db_url, reason in [
        (f"sqlite:///{tmp_path}", "unable to open database file"),  # a folder, not a file
        ("postgresql://u:secret@127.0.0.1:1/clearline", "Connection refused"),
    ]:
        answer = _rotate(db_url)
        assert answer.returncode == 1
        assert answer.stderr.count("\n") == 1, answer.stderr
        assert answer.stderr.startswith("Error: cannot ")
        assert reason in answer.stderr
        assert "secret" not in answer.stderr


def test_rotating_on_a_database_file_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    # A mistyped --db: creating an empty database there would report a rotation no service sees.
    typo = tmp_path / "clearlin.db"
    answer = _rotate(str(typo))
    assert answer.returncode == 1
    assert answer.stderr == (
        f"Error: no service database at {typo}: check --db (or $CLEARLINE_DB_URL); nothing was "
        "rotated\n"
    )
    assert not typo.exists()
