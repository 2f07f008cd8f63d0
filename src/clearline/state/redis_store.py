"""State in Redis (``--state-url redis://HOST:PORT/DB``): one state shared by many workers.

Every value lives in its own Redis hash ``clearline:<table>:{<key>}`` with three fields: ``v`` (the
msgpack value), ``t`` (the event time it was last written) and ``n`` (a version that every write
bumps). The braces are a Redis Cluster *hash tag*: a key's slot depends on the signal's key alone
(the sender, the recipient, the pair), so one subscriber's entries in every table share a slot.
A sorted set per table, ``clearline:<table>:idx`` (key -> event time), finds what ``expire`` must
forget. Window tables (``window=True``) also get a TTL (``WINDOW_TTL_SECONDS`` of wall clock since
the last write), so keys a stopped worker never expired do not stay for good.

**Round trips.** A table reads the keys a batch asks for with one pipeline per ``get_many`` (never
one per message) and keeps what it read until the batch ends; writes, deletions and expiries wait
in memory until ``commit()``, which sends every table's changes as **one** server-side Lua script:
atomic on the server, so no other worker sees half a batch (but for keys merged after it, below).

**Many writers.** Signals read a value, change it and write it back. Two workers doing that to the
same key at once would lose one update (a flood split over two workers would count half), so the
commit is optimistic: a key written after it was read is written only if its version is still the
one read (a key read as missing must still be missing). If another worker changed it meanwhile,
the script returns every such key. For a window table that has a ``merge``
(``StateStore.table(..., merge=...)``: flood windows, contact pairs, number activity, clusters),
the script writes everything else, and the store reads those keys again (one pipeline), merges
the other worker's value with this batch's change (theirs plus what this batch added) and sends
just them again: the batch is not scored again, and both workers' counts stand. (Between the two
scripts another worker may see the batch's other windows without the merged ones: counters, which
the next batch reads whole.) After ``MAX_MERGE_ROUNDS`` rounds the merged values are written
whatever changed since. A changed key of a table without ``merge`` writes nothing of the batch
and raises ``StateConflictError``: the engine rolls back and scores the batch again on the fresh
values. Keys only read (an opt-out looked up) are not checked: a STOP
another worker commits is seen from that worker's next batch on.

Nothing is cached between batches, so every batch reads what every worker committed before it.
``rollback`` drops the batch's reads and pending writes (Redis holds the last commit).

**Redis Cluster.** The same URL may name any node of a Redis Cluster (database 0 only): on
opening, ``INFO cluster`` says ``cluster_enabled:1`` and the store uses redis-py's cluster client.
Reads are the same pipelines (one round trip per node they touch). The commit groups the batch's
ops by the node owning each key's slot and runs one script per node; each table's index is cut in
shards updated after the scripts; a batch is atomic per node, not across nodes
(``clearline.state.redis_cluster`` says exactly what that leaves, and how MOVED is followed).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any, TypeVar, cast

import msgspec
import redis
from redis.cluster import RedisCluster
from redis.commands.core import Script
from redis.connection import parse_url

from clearline.state import Merge, StateConflictError, StateUnavailableError, Table
from clearline.state.redis_cluster import (
    INDEX_SHARDS,
    REDIS_ERRORS,
    ClusterCommit,
    index_shard,
    index_shard_key,
)

V = TypeVar("V")

_TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")

#: Wall-clock lifetime of a window value after its last write (a week: longer than any window).
WINDOW_TTL_SECONDS = 7 * 24 * 3600

#: Key prefix of every Clearline key in the database.
PREFIX = "clearline"

#: How many rounds one commit merges keys other workers changed meanwhile; the last round writes
#: its merged values whatever changed since (each round reads the changed keys and sends them
#: again: reaching the last needs other workers to change the same keys at every round).
MAX_MERGE_ROUNDS = 8

#: Arguments of one op in ``_COMMIT_LUA``'s ARGV.
_ARGS_PER_OP = 7

# One op per value key: KEYS[2i-1] the value's hash, KEYS[2i] its table's index; ARGV in sevens:
# the version the batch read ("" = write unconditionally), the op (s = set, d = delete, x = delete
# if older than the time given), the table key, the value, the event time, the TTL in ms (0: none),
# and "m" if the table merges (else ""). Every version is checked before anything is written. A
# changed key of a table that does not merge writes nothing: the script returns {1, i...}. Else
# every op but the changed keys' is written, and it returns {0, i...}: the numbers (1-based) of
# the ops whose keys changed, to be merged and sent again ({0} when everything was written).
_COMMIT_LUA = """
local n = #KEYS / 2
local reply = {0}
local skip = {}
for i = 1, n do
  local base = (i - 1) * 7
  local want = ARGV[base + 1]
  if want ~= '' then
    local have = redis.call('HGET', KEYS[2 * i - 1], 'n')
    if not have then have = '0' end
    if have ~= want then
      reply[#reply + 1] = i
      skip[i] = true
      if ARGV[base + 7] ~= 'm' then reply[1] = 1 end
    end
  end
end
if reply[1] == 1 then return reply end
for i = 1, n do
  if not skip[i] then
    local base = (i - 1) * 7
    local key = KEYS[2 * i - 1]
    local index = KEYS[2 * i]
    local op = ARGV[base + 2]
    local member = ARGV[base + 3]
    if op == 's' then
      redis.call('HINCRBY', key, 'n', 1)
      redis.call('HSET', key, 'v', ARGV[base + 4], 't', ARGV[base + 5])
      local ttl = tonumber(ARGV[base + 6])
      if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
      redis.call('ZADD', index, ARGV[base + 5], member)
    elseif op == 'd' then
      redis.call('DEL', key)
      redis.call('ZREM', index, member)
    else
      local stamp = redis.call('HGET', key, 't')
      if not stamp or tonumber(stamp) < tonumber(ARGV[base + 5]) then
        redis.call('DEL', key)
        redis.call('ZREM', index, member)
      end
    end
  end
end
return reply
"""


def _unavailable(url: str, exc: BaseException) -> StateUnavailableError:
    return StateUnavailableError(
        f"the state store at {url} does not answer ({type(exc).__name__}: {exc}); nothing of "
        "the batch was kept: retry once Redis is back"
    )


def _not_reached(url: str, exc: BaseException) -> StateUnavailableError:
    # On opening no batch has been scored yet: "nothing of the batch was kept" would mislead.
    return StateUnavailableError(
        f"the state store at {url} does not answer ({type(exc).__name__}: {exc}): start Redis "
        "there or correct --state-url; nothing was scored"
    )


def _partly_kept(url: str, exc: StateUnavailableError) -> StateUnavailableError:
    # Redis went away between merge rounds: the first script wrote all but the merged keys.
    cause = exc.__cause__ or exc
    return StateUnavailableError(
        f"the state store at {url} does not answer ({type(cause).__name__}: {cause}) while "
        "this batch's windows were being merged: the batch has no verdicts, its other changes "
        "were kept (a retry counts part of its windows twice): retry once Redis is back"
    )


def ping(url: str) -> None:
    """Check that the Redis at ``url`` answers (a health check; a short-lived connection), and,
    a Redis Cluster, that it serves every slot (``cluster_state:ok``).

    Raises:
        StateUnavailableError: it does not.
    """
    try:
        with redis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0) as client:
            if not _cluster_enabled(client):
                return
            state = client.execute_command("CLUSTER INFO").get("cluster_state")
    except redis.RedisError as exc:
        raise _unavailable(url, exc) from exc
    if state != "ok":
        raise StateUnavailableError(
            f"the Redis Cluster at {url} is not serving every slot (cluster_state:{state}): a "
            "master is down or unreachable; batches are refused (every batch, under Redis's "
            "default cluster-require-full-coverage yes)"
        )


def _cluster_enabled(client: redis.Redis) -> bool:
    """Whether the server runs in cluster mode (``INFO cluster``: ``cluster_enabled:1``)."""
    return bool(client.info("cluster").get("cluster_enabled") == 1)


def _is_cluster(url: str) -> bool:
    """Whether the server at ``url`` runs in cluster mode (asked on database 0: a cluster refuses
    to select any other)."""
    options = {
        **cast(Any, parse_url)(url),
        "db": 0,
        "socket_timeout": 5.0,
        "socket_connect_timeout": 5.0,
    }
    with redis.Redis(connection_pool=redis.ConnectionPool(**options)) as probe:
        return _cluster_enabled(probe)


def connect(url: str) -> redis.Redis | RedisCluster:
    """A client of the Redis at ``url``: a ``RedisCluster`` when the server says
    ``cluster_enabled:1`` (``INFO cluster``), else a plain ``Redis``.

    Raises:
        ValueError: a Redis Cluster and a database other than 0 (a cluster has only 0).
        StateUnavailableError: the server does not answer.
    """
    # Short timeouts: a worker whose Redis is gone answers "unavailable" within seconds.
    client = redis.Redis.from_url(url, socket_timeout=5.0, socket_connect_timeout=5.0)
    try:
        clustered = _cluster_enabled(client)
    except redis.ResponseError as exc:  # a cluster refuses SELECT of a database other than 0
        client.close()
        try:
            refused_db = _is_cluster(url)
        except redis.RedisError:
            refused_db = False
        if refused_db:
            raise ValueError(
                f"--state-url {url} is a Redis Cluster, which has only database 0: use "
                "redis://HOST:PORT/0"
            ) from None
        raise _not_reached(url, exc) from exc
    except redis.RedisError as exc:
        client.close()
        raise _not_reached(url, exc) from exc
    if not clustered:
        return client
    client.close()
    try:
        return RedisCluster.from_url(url, socket_timeout=5.0, socket_connect_timeout=5.0)
    except REDIS_ERRORS as exc:
        raise _not_reached(url, exc) from exc


class RedisTable(Table[V]):
    """One named table of a ``RedisStateStore``: the batch's reads and pending changes."""

    def __init__(
        self,
        store: RedisStateStore,
        name: str,
        value_type: type[V],
        *,
        window: bool,
        merge: Merge[V] | None = None,
    ) -> None:
        self._store = store
        self.name = name
        self.window = window
        self.merge = merge
        self._index = f"{PREFIX}:{name}:idx"
        self._decode = msgspec.msgpack.Decoder(value_type).decode
        self._encode = msgspec.msgpack.Encoder().encode
        self._values: dict[str, V] = {}  # read or written in this batch (absent: not stored)
        self._stamps: dict[str, float] = {}
        self._read_versions: dict[str, str] = {}  # key -> version read ("0": missing)
        # key -> the stored bytes read (signals change values in place: merge needs the base)
        self._read_blobs: dict[str, bytes] = {}
        self._written: set[str] = set()
        self._deleted: set[str] = set()
        self._expired: dict[str, float] = {}  # key -> the cut-off it is forgotten before

    def value_key(self, key: str) -> str:
        """The Redis key of ``key``'s value (hash-tagged by ``key`` for Redis Cluster)."""
        return f"{PREFIX}:{self.name}:{{{key}}}"

    def index_key(self, key: str) -> str:
        """The sorted set that indexes ``key``: the table's one index on a server, one of its
        ``INDEX_SHARDS`` on a Redis Cluster."""
        if self._store.cluster is None:
            return self._index
        return index_shard_key(self.name, key)

    def _index_keys(self) -> list[str]:
        """Every sorted set of the table's index."""
        if self._store.cluster is None:
            return [self._index]
        return [index_shard(self.name, shard) for shard in range(INDEX_SHARDS)]

    def get_many(self, keys: Collection[str]) -> dict[str, V]:
        unknown = [k for k in keys if k not in self._read_versions]
        if unknown and self._store.offline:  # (``RedisStateStore.offline``): this batch only
            for key in unknown:
                self._read_versions[key] = "0"
            unknown = []
        if unknown:
            pipe = self._store.client.pipeline(transaction=False)
            for key in unknown:
                pipe.hmget(self.value_key(key), "v", "t", "n")
            replies = self._store.execute(pipe)
            for key, (blob, stamp, version) in zip(unknown, replies, strict=True):
                self._read_versions[key] = version.decode() if version is not None else "0"
                if blob is not None and self.merge is not None:
                    self._read_blobs[key] = blob
                if key in self._written or key in self._deleted or key in self._expired:
                    continue  # this batch's own change wins over what is stored
                if blob is not None:
                    self._values[key] = self._decode(blob)
                    self._stamps[key] = float(stamp)
        values = self._values
        return {k: values[k] for k in keys if k in values}

    def put_many(self, items: Mapping[str, V], ts: float) -> None:
        self._values.update(items)
        for key in items:
            self._stamps[key] = ts
            self._written.add(key)
            self._deleted.discard(key)
            self._expired.pop(key, None)

    def delete_many(self, keys: Collection[str]) -> None:
        for key in keys:
            self._values.pop(key, None)
            self._stamps.pop(key, None)
            self._written.discard(key)
            self._expired.pop(key, None)
            self._deleted.add(key)

    def expire(self, before: float) -> int:
        old: set[str] = set()
        if not self._store.offline:
            pipe = self._store.client.pipeline(transaction=False)
            for index in self._index_keys():
                pipe.zrangebyscore(index, "-inf", f"({before!r}")
            for stored in self._store.execute(pipe):
                old |= {member.decode() for member in cast(list[bytes], stored)}
        old |= {k for k, t in self._stamps.items() if t < before}
        # A value this batch wrote after the cut-off, or deleted, is not the stored one.
        old = {k for k in old if k not in self._deleted and self._stamps.get(k, 0.0) < before}
        for key in old:
            self._values.pop(key, None)
            self._stamps.pop(key, None)
            self._written.discard(key)
            self._expired[key] = max(before, self._expired.get(key, before))
        return len(old)

    def __len__(self) -> int:
        pipe = self._store.client.pipeline(transaction=False)
        for index in self._index_keys():
            pipe.zcard(index)
        return sum(int(count) for count in self._store.execute(pipe))

    def pending_ops(
        self, keys: list[str], args: list[Any], *, only: Collection[str] | None = None
    ) -> None:
        """Append this table's changes to a commit script's KEYS and ARGV (see ``_COMMIT_LUA``);
        with ``only``, just the writes of those keys (a merge round)."""
        ttl = WINDOW_TTL_SECONDS * 1000 if self.window else 0
        mergeable = "m" if self.merge is not None else ""
        versions = self._read_versions
        for key in self._written if only is None else only:
            keys += (self.value_key(key), self.index_key(key))
            value = self._encode(self._values[key])
            args += (
                versions.get(key, ""),
                "s",
                key,
                value,
                repr(self._stamps[key]),
                ttl,
                mergeable,
            )
        if only is not None:
            return
        for key in self._deleted:
            keys += (self.value_key(key), self.index_key(key))
            # A mergeable (window) table deletes what it consumed whatever others wrote since.
            want = "" if self.merge is not None else versions.get(key, "")
            args += (want, "d", key, b"", "0", 0, mergeable)
        for key, before in self._expired.items():
            keys += (self.value_key(key), self.index_key(key))
            args += ("", "x", key, b"", repr(before), 0, mergeable)

    def forget_versions(self, keys: Collection[str]) -> None:
        """Write ``keys`` unconditionally at the next round (the last merge round)."""
        for key in keys:
            self._read_versions.pop(key, None)

    def merge_changed(self, keys: list[str], replies: list[Any]) -> None:
        """Fold what other workers committed to ``keys`` (their ``HMGET v t n`` ``replies``)
        into this batch's writes with ``merge``, so the next commit checks the new versions."""
        merge = self.merge
        assert merge is not None  # the store merges only tables that have a merge
        for key, (blob, stamp, version) in zip(keys, replies, strict=True):
            self._read_versions[key] = version.decode() if version is not None else "0"
            if blob is None:  # expired or deleted meanwhile: this batch's value stands alone
                self._read_blobs.pop(key, None)
                continue
            base_blob = self._read_blobs.get(key)
            base = self._decode(base_blob) if base_blob is not None else None
            self._values[key] = merge(base, self._values[key], self._decode(blob))
            self._stamps[key] = max(self._stamps[key], float(stamp))
            self._read_blobs[key] = blob

    def reset(self) -> None:
        """Forget the batch's reads and pending changes (after a commit or a rollback)."""
        self._values.clear()
        self._read_blobs.clear()
        self._stamps.clear()
        self._read_versions.clear()
        self._written.clear()
        self._deleted.clear()
        self._expired.clear()


class RedisStateStore:
    """Named ``RedisTable``s in one Redis database, committed together by one script (on a
    Redis Cluster: one script per node the batch touches, ``redis_cluster``).

    Args:
        url: ``redis://HOST:PORT/DB`` (``rediss://`` for TLS; a password in the URL as usual);
            any node of a Redis Cluster, with database 0.

    Raises:
        ValueError: a Redis Cluster and a database other than 0.
        StateUnavailableError: Redis does not answer.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.client: redis.Redis | RedisCluster = connect(url)
        #: The per-node commit, on a Redis Cluster (``None``: one server, one script).
        self.cluster: ClusterCommit | None = None
        if isinstance(self.client, RedisCluster):
            self.cluster = ClusterCommit(self.client, url)
        self._commit_script: Script = self.client.register_script(_COMMIT_LUA)
        self._tables: dict[str, RedisTable[Any]] = {}
        # While set, tables neither read nor write Redis: each batch starts from empty values
        # and its changes are dropped at commit (``SharedStateStore.detached``).
        self.offline = False

    def execute(self, pipe: Any) -> list[Any]:
        """Run a pipeline; a connection failure becomes ``StateUnavailableError``."""
        try:
            return cast(list[Any], pipe.execute())
        except REDIS_ERRORS as exc:
            raise _unavailable(self.url, exc) from exc

    def execute_one(self, command: Any) -> Any:
        """Run ``command(client)``; a connection failure becomes ``StateUnavailableError``."""
        try:
            return command(self.client)
        except REDIS_ERRORS as exc:
            raise _unavailable(self.url, exc) from exc

    def table(
        self,
        name: str,
        value_type: type[V],
        *,
        window: bool = False,
        merge: Merge[V] | None = None,
    ) -> Table[V]:
        if _TABLE_NAME.fullmatch(name) is None:
            raise ValueError(f"state table name must be lower_snake, got {name!r}")
        if name not in self._tables:
            self._tables[name] = RedisTable(self, name, value_type, window=window, merge=merge)
        return cast(Table[V], self._tables[name])

    def commit(self) -> None:
        """Write every table's pending changes in one script; merge what others changed.

        A key another worker changed since this batch read it, in a table with a ``merge``,
        is not written by the first script (everything else is); the store reads those keys
        again (one pipeline), merges them and sends just them again, for up to
        ``MAX_MERGE_ROUNDS`` rounds, the last unconditionally. One round trip when no key was
        changed meanwhile.

        Raises:
            StateConflictError: another worker changed a key of a table without ``merge``
                since this batch read it: nothing of the batch was written (rolled back):
                score it again.
            StateUnavailableError: Redis does not answer; the batch's changes are dropped
                (after a first merge round, the windows not merged were written).
        """
        if self.offline:
            self.rollback()
            return
        try:
            changed: list[tuple[RedisTable[Any], str]] | None = None  # None: the first round
            for round_number in range(1, MAX_MERGE_ROUNDS + 1):
                owners: list[tuple[RedisTable[Any], str]] = []
                keys: list[str] = []
                args: list[Any] = []
                for table in self._tables.values():
                    only = None
                    if changed is not None:
                        only = [key for owner, key in changed if owner is table]
                        if not only:
                            continue
                        if round_number == MAX_MERGE_ROUNDS:
                            table.forget_versions(only)
                    before = len(keys)
                    table.pending_ops(keys, args, only=only)
                    ops = range(before // 2, len(keys) // 2)
                    owners += ((table, args[op * _ARGS_PER_OP + 2]) for op in ops)
                if not keys:
                    return
                try:
                    refused, *numbers = self._run_commit_script(keys, args)
                except StateUnavailableError as exc:
                    if changed is None:
                        raise
                    raise _partly_kept(self.url, exc) from exc
                changed = [owners[int(number) - 1] for number in numbers]
                if refused:
                    table, key = next(o for o in changed if o[0].merge is None)
                    raise StateConflictError(
                        f"another worker changed {table.value_key(key)} while this batch was "
                        "scored; score the batch again"
                    )
                if not changed:
                    return
                try:
                    self._merge_changed(changed)
                except StateUnavailableError as exc:
                    raise _partly_kept(self.url, exc) from exc
            raise AssertionError("the last merge round writes unconditionally")
        finally:
            self.rollback()  # committed or refused: the next batch reads Redis afresh

    def _run_commit_script(self, keys: list[str], args: list[Any]) -> list[int]:
        """Run ``_COMMIT_LUA``: [1 (nothing written) or 0, the numbers of the changed ops]; on
        a Redis Cluster, its per-node equivalent."""
        if self.cluster is not None:
            return self.cluster.run(keys, args)
        try:
            return cast(list[int], self._commit_script(keys, args))
        except redis.RedisError as exc:
            raise _unavailable(self.url, exc) from exc

    def _merge_changed(self, changed: list[tuple[RedisTable[Any], str]]) -> None:
        """Read the keys other workers changed (one pipeline) and merge them into the batch."""
        pipe = self.client.pipeline(transaction=False)
        for table, key in changed:
            pipe.hmget(table.value_key(key), "v", "t", "n")
        replies = self.execute(pipe)
        by_table: dict[str, tuple[RedisTable[Any], list[str], list[Any]]] = {}
        for (table, key), reply in zip(changed, replies, strict=True):
            entry = by_table.setdefault(table.name, (table, [], []))
            entry[1].append(key)
            entry[2].append(reply)
        for table, keys, table_replies in by_table.values():
            table.merge_changed(keys, table_replies)

    def rollback(self) -> None:
        """Drop every table's reads and pending changes: each reads the last commit again."""
        for table in self._tables.values():
            table.reset()

    def close(self) -> None:
        """Commit what is pending and close the connections."""
        try:
            self.commit()
        finally:
            self.client.close()
