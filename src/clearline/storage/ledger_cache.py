"""A Redis read cache in front of the service database's ledgers (``serve --state-url``).

The ledgers (opt-outs, consent, registry, lists, preferences: every table that is neither a
window nor merged) stay in the database, the system of record; this cache spares the database
the ``SELECT ... IN`` of every round. One Redis hash per stored key,
``clearline:ledger:<table>:{<key>}`` (hash-tagged by the key, as ``state.redis_store``), and one
per table, ``clearline:ledger:<table>:any`` (whether the table holds any row: ``1`` or ``0``).
Fields:

* ``v``: the entry: ``v`` + the event time (8 bytes, big-endian double) + the value's msgpack
  bytes, exactly as the ``state_entry`` row holds them; or ``-``: the database holds no such key
  (a subscriber who never opted out);
* ``w``: how many writers have marked the entry *pending* and not settled it yet;
* ``g``: a generation that every mark and every settle bumps.

The protocol never serves a value older than a committed write, even when a worker dies or two
workers write one key at once:

* a **writer** *marks* every key it changes (``w`` + 1, ``g`` + 1, ``v`` dropped: one pipelined
  round trip) *before* its database commit, then commits, then *settles* them (``w`` - 1,
  ``g`` + 1: one round trip), setting ``v`` to its new value only if nobody else marked or
  settled the key meanwhile (``g`` is still its mark's): its commit is then the key's last.
  A crash between leaves ``w`` above 0: the key is *pending*, read as a miss, until its TTL ends.
  A rolled-back round settles without a value.
* a **reader** reads ``w g v`` of the round's keys (one pipeline per table): ``v`` with ``w`` = 0
  is a hit; misses and pending keys are read from the database as before, then cached only if
  ``g`` is still the one read and ``w`` is 0 (one script per key, one pipeline): any writer that
  committed before the reader's first read had marked the key before, and has settled it
  (``w`` = 0) before, so the database read sees its commit; any writer that marked after it
  changed ``g``, so a stale value never lands.

Every hash has a TTL (``ledger_cache_seconds``), which bounds memory and how long a key a dead
writer left pending is read from the database.
"""

from __future__ import annotations

import struct
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from clearline.state import StateUnavailableError
from clearline.state.write_back import Row

if TYPE_CHECKING:  # (the Redis client is the optional scale extra: imported where it is used)
    from redis.commands.core import Script

    from clearline.state.redis_store import RedisStateStore

#: Key prefix, as ``state.redis_store.PREFIX`` (not imported: that module needs the client).
PREFIX = "clearline"

#: Default lifetime of a cache entry after it was last changed.
LEDGER_CACHE_SECONDS = 3600

#: ``v`` of a key the database does not hold.
ABSENT = b"-"
#: ``v`` of a table's ``any`` entry: the table holds rows (maybe), or none.
SOME_ROWS = b"1"
NO_ROWS = b"0"
_VALUE = b"v"
_STAMP = struct.Struct(">d")

# KEYS[1] an entry, ARGV[1] the TTL in seconds; returns the generation of the mark.
_MARK_LUA = """
redis.call('HINCRBY', KEYS[1], 'w', 1)
local g = redis.call('HINCRBY', KEYS[1], 'g', 1)
redis.call('HDEL', KEYS[1], 'v')
redis.call('EXPIRE', KEYS[1], ARGV[1])
return g
"""

# KEYS[1] an entry; ARGV: the generation of the mark, "1" to set the value, the value, the TTL.
_SETTLE_LUA = """
local g = redis.call('HGET', KEYS[1], 'g')
local w = redis.call('HINCRBY', KEYS[1], 'w', -1)
redis.call('HINCRBY', KEYS[1], 'g', 1)
if w == 0 and g == ARGV[1] and ARGV[2] == '1' then
  redis.call('HSET', KEYS[1], 'v', ARGV[3])
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
return w
"""

# KEYS[1] an entry; ARGV: the generation read ("" if none), the value, the TTL.
_POPULATE_LUA = """
local g = redis.call('HGET', KEYS[1], 'g')
if not g then g = '' end
local w = redis.call('HGET', KEYS[1], 'w')
if g == ARGV[1] and (not w or w == '0') then
  redis.call('HSET', KEYS[1], 'v', ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
"""

# KEYS[1] an entry, ARGV[1] the TTL: drop the value after a commit that did not mark it first.
_INVALIDATE_LUA = """
redis.call('HINCRBY', KEYS[1], 'g', 1)
redis.call('HDEL', KEYS[1], 'v')
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""


def encode_row(row: Row | None) -> bytes:
    """The ``v`` of a stored row, or of a key the database does not hold (``None``)."""
    if row is None:
        return ABSENT
    _key, blob, ts = row
    return _VALUE + _STAMP.pack(ts) + blob


def decode_entry(key: str, entry: bytes) -> Row | None:
    """The row a ``v`` holds (``None``: the database holds no such key)."""
    if entry[:1] != _VALUE:
        return None
    (ts,) = _STAMP.unpack_from(entry, 1)
    return (key, bytes(entry[1 + _STAMP.size :]), ts)


class Observed:
    """What a reader saw of entries it must read from the database: their generations
    (``""``: no hash), for the entries it may populate (no writer was pending)."""

    def __init__(self) -> None:
        self.generations: dict[str, str] = {}


class LedgerCache:
    """The ledger entries in the Redis of ``redis`` (its client and failure handling).

    Args:
        redis: the shared state's Redis store (its ``execute`` turns a lost connection into
            ``StateUnavailableError``).
        ttl_seconds: lifetime of every entry after it was last changed (> 0).
    """

    def __init__(self, redis: RedisStateStore, ttl_seconds: int) -> None:
        if ttl_seconds <= 0:
            raise ValueError(f"ledger cache TTL must be positive, got {ttl_seconds}")
        self.redis = redis
        self.ttl_seconds = ttl_seconds
        client = redis.client
        self._mark: Script = client.register_script(_MARK_LUA)
        self._settle: Script = client.register_script(_SETTLE_LUA)
        self._populate: Script = client.register_script(_POPULATE_LUA)
        self._invalidate: Script = client.register_script(_INVALIDATE_LUA)

    @staticmethod
    def entry_key(table: str, key: str) -> str:
        """The Redis key of ``table``'s ``key`` (hash-tagged by ``key`` for Redis Cluster)."""
        return f"{PREFIX}:ledger:{table}:{{{key}}}"

    @staticmethod
    def any_key(table: str) -> str:
        """The Redis key of whether ``table`` holds any row (hash-tagged by the table)."""
        return f"{PREFIX}:ledger:{{{table}}}:any"

    def read(self, names: list[str]) -> tuple[dict[str, bytes], Observed]:
        """The cached ``v`` of the entries ``names`` (one round trip), and what must be known
        to populate the others (``populate``)."""
        pipe = self.redis.client.pipeline(transaction=False)
        for name in names:
            pipe.hmget(name, "w", "g", "v")
        hits: dict[str, bytes] = {}
        observed = Observed()
        for name, (writers, generation, value) in zip(names, self.redis.execute(pipe), strict=True):
            if writers is None or writers == b"0":
                if value is not None:
                    hits[name] = bytes(value)
                else:
                    observed.generations[name] = generation.decode() if generation else ""
        return hits, observed

    def populate(self, observed: Observed, values: Mapping[str, bytes]) -> None:
        """Cache what the database said of entries ``read`` missed (one round trip), each only
        if no writer marked it since it was read."""
        calls = [
            (name, [generation, value, self.ttl_seconds])
            for name, value in values.items()
            if (generation := observed.generations.get(name)) is not None
        ]
        self._run(self._populate, calls)

    def mark(self, names: Collection[str]) -> dict[str, str]:
        """Mark entries pending before a commit (one round trip); their marks' generations."""
        ordered = list(names)
        replies = self._run(self._mark, [(name, [self.ttl_seconds]) for name in ordered])
        return {name: str(g) for name, g in zip(ordered, replies, strict=True)}

    def settle(self, marks: Mapping[str, tuple[str, bytes | None]]) -> None:
        """Settle marked entries (name -> (mark generation, new ``v`` or ``None`` to leave it
        to readers)), after the commit or the rollback; one round trip."""
        calls: list[tuple[str, list[Any]]] = [
            (name, [generation, "0" if value is None else "1", value or b"", self.ttl_seconds])
            for name, (generation, value) in marks.items()
        ]
        self._run(self._settle, calls)

    def invalidate(self, names: Collection[str]) -> None:
        """Drop the values of entries committed without a mark (Redis was down); one round
        trip."""
        self._run(self._invalidate, [(name, [self.ttl_seconds]) for name in names])

    def _run(self, script: Script, calls: list[tuple[str, list[Any]]]) -> list[Any]:
        # EVALSHA in a plain pipeline: redis-py's pipelined ``Script`` asks SCRIPT EXISTS first,
        # a second round trip every time. A Redis that lost its scripts (restarted) answers
        # NOSCRIPT: load the script and send the pipeline again (every call failed alike).
        from redis.exceptions import NoScriptError

        if not calls:
            return []
        for attempt in (1, 2):
            pipe = self.redis.client.pipeline(transaction=False)
            for name, args in calls:
                pipe.evalsha(script.sha, 1, name, *args)
            try:
                return self.redis.execute(pipe)
            except StateUnavailableError as exc:
                if attempt == 2 or not isinstance(exc.__cause__, NoScriptError):
                    raise
                self.redis.execute_one(lambda client: client.script_load(script.script))
        raise AssertionError("unreachable: the second attempt returns or raises")
