"""The service's settings: ``CLEARLINE_*`` environment variables, overridden by ``serve`` flags."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The embedded default: one SQLite file in the working directory, no server to install.
DEFAULT_DB_URL = "sqlite:///clearline.db"


class ServiceSettings(BaseSettings):
    """What ``create_app`` needs to know.

    Every field can be set from the environment as ``CLEARLINE_<FIELD>`` (e.g.
    ``CLEARLINE_DB_URL=postgresql+psycopg://clearline@127.0.0.1/clearline``).
    """

    model_config = SettingsConfigDict(env_prefix="CLEARLINE_", frozen=True)

    db_url: str = Field(
        default=DEFAULT_DB_URL,
        description="SQLAlchemy URL of the service database (SQLite file or PostgreSQL).",
    )
    config_paths: tuple[str, ...] = Field(
        default=(), description="Policy override files (TOML), layered over the shipped policy."
    )
    max_batch_messages: int = Field(
        default=1000, ge=1, description="The most messages one POST /v1/check may carry."
    )
    dispute_resolution_hours: float = Field(
        default=24.0, gt=0, description="Resolution target for disputes, in hours after filing."
    )
    held_retention_days: float = Field(
        default=30.0,
        ge=0,
        description="How long the text of tagged and blocked messages is held for the "
        "subscriber's spam folder (0: hold no text; the verdicts stay in the audit).",
    )
    audit_retention_days: float = Field(
        default=0.0,
        ge=0,
        description="How long a verdict stays in the audit, in days since it was scored (0: for "
        "good). Older verdicts go with their symbols, held text and index entries, a few "
        "thousand a round; a message resent after its verdict went is scored again.",
    )
    audit_writer: Literal["inline", "process"] = Field(
        default="process",
        description="`process` (default): a process of its own writes each round's state changes "
        "and audit in one transaction, using the second core; a verdict leaves once they are "
        "committed (clearline.storage.audit_writer). `inline`: the scoring thread writes them "
        "on its own connection (one process).",
    )
    text_workers: int | None = Field(
        default=None,
        ge=0,
        le=64,
        description="Processes that compute each request's per-text work (campaign "
        "fingerprints, content facts and scores, what short texts ask for) while the scoring "
        "thread scores the rounds before it, as `clearline scan --workers` does; verdicts are "
        "the same with any number. They start once the service has scored "
        "`text_workers_after` messages (a small service never starts them). Default: one less "
        "than the cores, 0 with state_url (each of several service processes would start "
        "its own).",
    )
    text_workers_after: int = Field(
        default=20_000,
        ge=0,
        description="Messages the service scores before the text workers start.",
    )
    state_url: str | None = Field(
        default=None,
        description="Share the signals' state with other workers (other `clearline serve` "
        "processes on the same database): a Redis URL, redis://HOST:PORT/DB. Sliding windows "
        "live there; ledgers stay in the database, read through a Redis cache "
        "(ledger_cache_seconds). Implies audit_writer=inline. See docs/scale.md.",
    )
    ledger_cache_seconds: int = Field(
        default=3600,
        ge=0,
        description="With state_url, how long a ledger entry (opt-outs, consent, registry, "
        "lists, preferences) stays in the Redis read cache after it was set; 0: no cache, every "
        "round reads the ledgers from the database. Writers mark an entry pending before their "
        "database commit, so no worker reads a value older than a committed write. See "
        "docs/scale.md.",
    )
    state_unavailable: Literal["refuse", "open"] = Field(
        default="refuse",
        description="With state_url, when Redis does not answer: `refuse` (default) answers 503 "
        "and records nothing; `open` scores the messages without the shared windows (flood, "
        "volume, campaigns), their ledgers (opt-outs, consent) read and written in the database "
        "as always, each verdict with a STATE_UNAVAILABLE reason. See docs/scale.md.",
    )
    gc_freeze_interval: float = Field(
        default=0.0,
        ge=0,
        description="Above 0: switch automatic garbage collection off and freeze the heap this "
        "often, in seconds (clearline.adapters.runtime.FrozenHeap; `clearline serve` uses 1). "
        "Process-wide, so 0 (keep the collector) when the app is embedded in another program.",
    )
    gc_full_interval: float = Field(
        default=900.0,
        ge=0,
        description="With gc_freeze_interval above 0: one full garbage collection this often, in "
        "seconds (0: never), to reclaim any reference cycle a rare path made.",
    )
    gc_quiet_rate: float = Field(
        default=100.0,
        ge=0,
        description="A due full collection waits for a second in which fewer messages than this "
        "were checked (0: it runs at once), so its stall lands in a lull.",
    )
    gc_full_max_wait: float = Field(
        default=86_400.0,
        ge=0,
        description="The longest a due full collection waits for a quiet second, in seconds.",
    )
    max_body_bytes: int = Field(
        default=16 * 1024 * 1024, ge=1024, description="The largest request body accepted."
    )
    # Rate limits (clearline.adapters.http.rate_limits): a token bucket per key, refilled at
    # `*_per_minute` and holding at most `*_burst` requests; a rate of 0 turns the limit off.
    rate_limit_subscriber_per_minute: float = Field(
        default=60.0, ge=0, description="Requests per minute per subscriber key (0: no limit)."
    )
    rate_limit_subscriber_burst: int = Field(
        default=20, ge=1, description="Requests a subscriber key may make at once."
    )
    rate_limit_sender_per_minute: float = Field(
        default=600.0, ge=0, description="Requests per minute per sender key (0: no limit)."
    )
    rate_limit_sender_burst: int = Field(
        default=100, ge=1, description="Requests a sender key may make at once."
    )
    rate_limit_operator_per_minute: float = Field(
        default=0.0,
        ge=0,
        description="Requests per minute per operator key (0, the default: no limit; an "
        "operator key carries the carrier's own traffic to POST /v1/check).",
    )
    rate_limit_operator_burst: int = Field(
        default=1000, ge=1, description="Requests an operator key may make at once."
    )
    key_cache_seconds: float = Field(
        default=30.0,
        ge=0,
        description="How long a process trusts a key it verified without asking the database "
        "again: a key revoked through another process (or `clearline keys revoke`) stops "
        "working here within this time (0: every request asks the database).",
    )
    auth_failures_per_minute: float = Field(
        default=10.0,
        ge=0,
        description="Failed authentications (missing, unknown or revoked key) allowed per "
        "minute per client IP once the burst is used; beyond, 429 (0: no limit).",
    )
    auth_failures_burst: int = Field(
        default=20, ge=1, description="Failed authentications an IP may make before back-off."
    )
    rate_limit_tracked: int = Field(
        default=100_000,
        ge=1,
        description="The most keys, and the most IPs, whose buckets are remembered (the least "
        "recently seen is forgotten first).",
    )
    trust_store: str | None = Field(
        default=None,
        description="POST /v1/calls/check: directory of PEM STI-CA roots (no signature verifies "
        "without it).",
    )
    cert_cache: str | None = Field(
        default=None,
        description="POST /v1/calls/check: the certificate cache (`clearline certs add`).",
    )
    session_secret: SecretStr | None = Field(
        default=None,
        description="The key that signs the web pages' session cookies (at least 32 characters, "
        "the same in every process). Unset (the default): a random secret kept in the service "
        "database, shared by every process on it and replaced by `clearline sessions rotate`. "
        "Changing this value signs everyone out.",
    )

    @field_validator("session_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError(
                "the session secret must be at least 32 characters, e.g. the output of "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        return value
