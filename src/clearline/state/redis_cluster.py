"""The commit of ``RedisStateStore`` on a Redis Cluster of many masters: one script per node.

A Redis Cluster runs a script only on the node that owns its keys' slots, refuses one whose
declared keys (``KEYS``) span slots (CROSSSLOT), and lets it reach keys of other slots of that
node only if it says ``#!lua flags=allow-cross-slot-keys`` (Redis 7). So a batch's ops are grouped
by the node that owns each value key's slot, and each group goes to its node as one flagged script
on the node's own connection, declaring the group's first key (a node that lost its slot answers
MOVED) and taking every key as an argument (``_CLUSTER_COMMIT_LUA``: the same checks and writes
as the standalone script, without the index). A batch touching N nodes costs N scripts, one round
trip each, sent one after the other.

**The index** (``clearline:<table>:idx``, one sorted set per table on one server) would put every
batch's writes on the one node that owns it. On a cluster it is cut into ``INDEX_SHARDS`` sorted
sets per table, ``clearline:<table>:idx:{<table>:<shard>}`` (a key's shard: CRC-32 of the key), so
the shards spread over the nodes; ``expire`` and ``len`` read every shard (one pipeline). The
scripts do not touch the index: it is updated after them, one pipeline (one round trip per node
holding a shard that changed), with what each script says it wrote. An index entry whose value is
gone is harmless (an expiry checks the value's own stamp); a value whose index update was lost
(the node went away just then) is not forgotten by ``expire``, only by its TTL (windows).

**What a cluster cannot give: one atomic batch.** Each node's script is atomic, the batch is not:
another worker may see the writes of one node before those of the next (counters, which the next
batch reads whole). A changed key of a table without ``merge`` must still write nothing of the
batch: the node groups holding such versioned ops run first, and when there are several of them
a check round (one pipeline of the versions) refuses the batch before anything is written
(``StateConflictError``, scored again). The window left: a key changed by another worker between
that check and its node's script, when an earlier node's script already wrote: the batch is then
answered ``StateUnavailableError`` saying part of it was kept (a retry counts those windows
twice), never reported done. Merge rounds work per node as on one server.

**Slots that move.** A node that no longer owns a slot answers MOVED (or ASK / TRYAGAIN while the
slot migrates) without running the script; the store refreshes the slot map and sends that group
again, regrouped, up to ``MOVED_RETRIES`` times, then answers ``StateUnavailableError``. A node that
does not answer: the slot map is refreshed for the next batch and the batch is answered
``StateUnavailableError`` (saying whether an earlier node's part was kept).
"""

from __future__ import annotations

import contextlib
import logging
import zlib
from typing import Any, cast

import redis
from redis.cluster import ClusterNode, RedisCluster
from redis.commands.core import Script
from redis.exceptions import AskError, RedisClusterException, TryAgainError

from clearline.state import StateUnavailableError

log = logging.getLogger(__name__)

#: Errors of the cluster client (``RedisClusterException`` is not a ``RedisError``).
REDIS_ERRORS: tuple[type[BaseException], ...] = (redis.RedisError, RedisClusterException)

#: How many sorted sets hold one table's index on a cluster.
INDEX_SHARDS = 16

#: How many times a commit refreshes the slot map and resends a group whose node answered MOVED.
MOVED_RETRIES = 3

#: What a node answers a script that reaches a key of a slot it does not serve.
_NOT_LOCAL = "non local key"

#: Arguments of one op in ARGV (as ``redis_store._COMMIT_LUA``).
ARGS_PER_OP = 7

# KEYS: the first op's value hash (so a node that no longer owns its slot answers MOVED); ARGV:
# every op's value hash (slots of this node: the flag lets one script reach many, undeclared, as
# Redis Cluster requires the declared keys to share one slot), then the ops' arguments in sevens
# as in ``_COMMIT_LUA``. Every key is read before anything is written, so a key this node does not
# serve fails the script before it changed anything. Returns {refused, status, stamps...}:
# refused 1 when a changed key belongs to a table without merge (nothing written); status one
# letter per op: "w" written, "c" changed by another worker (not written), "k" an expiry that
# spared a value written after the cut-off (its stamp follows, in order, to put back in the
# index).
_CLUSTER_COMMIT_LUA = """#!lua flags=allow-cross-slot-keys
local n = #ARGV / 8
local status = {}
local refused = 0
for i = 1, n do
  local base = n + (i - 1) * 7
  status[i] = '-'
  local have = redis.call('HGET', ARGV[i], 'n')
  local want = ARGV[base + 1]
  if want ~= '' then
    if not have then have = '0' end
    if have ~= want then
      status[i] = 'c'
      if ARGV[base + 7] ~= 'm' then refused = 1 end
    end
  end
end
if refused == 1 then return {1, table.concat(status)} end
local reply = {0, ''}
for i = 1, n do
  if status[i] ~= 'c' then
    local base = n + (i - 1) * 7
    local key = ARGV[i]
    local op = ARGV[base + 2]
    status[i] = 'w'
    if op == 's' then
      redis.call('HINCRBY', key, 'n', 1)
      redis.call('HSET', key, 'v', ARGV[base + 4], 't', ARGV[base + 5])
      local ttl = tonumber(ARGV[base + 6])
      if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
    elseif op == 'd' then
      redis.call('DEL', key)
    else
      local stamp = redis.call('HGET', key, 't')
      if not stamp or tonumber(stamp) < tonumber(ARGV[base + 5]) then
        redis.call('DEL', key)
      else
        status[i] = 'k'
        reply[#reply + 1] = stamp
      end
    end
  end
end
reply[2] = table.concat(status)
return reply
"""


def index_shard_key(table: str, key: str) -> str:
    """The cluster index shard of ``table`` that holds ``key`` (hash-tagged by table and shard)."""
    return index_shard(table, zlib.crc32(key.encode()) % INDEX_SHARDS)


def index_shard(table: str, shard: int) -> str:
    """The Redis key of ``table``'s index shard number ``shard``."""
    return f"clearline:{table}:idx:{{{table}:{shard}}}"


class PartlyWrittenError(StateUnavailableError):
    """A cluster commit failed after an earlier node's script wrote its part of the batch."""


class ClusterCommit:
    """Runs a batch's commit ops on a Redis Cluster: one flagged script per node owning them.

    Args:
        client: the cluster client (its slot map and each node's connection).
        url: the ``--state-url``, for messages.
    """

    def __init__(self, client: RedisCluster, url: str) -> None:
        # (Any: some of the cluster client's methods carry no annotations, mypy strict refuses
        # calling them.)
        self.client: Any = client
        self.url = url
        self._script: Script = client.register_script(_CLUSTER_COMMIT_LUA)

    def run(self, keys: list[str], args: list[Any]) -> list[int]:
        """Check and write the ops of ``keys`` (value key, index key per op) and ``args``.

        Returns:
            As ``_COMMIT_LUA``: [1 (nothing written) or 0, the 1-based numbers of the ops whose
            keys another worker changed].

        Raises:
            StateUnavailableError: a node did not answer (``PartlyWrittenError`` once an earlier
                node wrote its part), or slots kept moving.
        """
        count = len(keys) // 2
        status = ["-"] * count
        spared: dict[int, str] = {}  # op -> the stamp of the value an expiry spared
        pending = list(range(count))
        written = False
        for attempt in range(MOVED_RETRIES + 1):
            groups = self._group(keys, pending)
            # Groups whose node may refuse the batch go first: refused there, nothing is written.
            order = sorted(
                groups,
                key=lambda name: not any(self._may_refuse(args, op) for op in groups[name][1]),
            )
            refusing = [
                name for name in order if any(self._may_refuse(args, op) for op in groups[name][1])
            ]
            if attempt == 0 and len(refusing) > 1:
                versioned = [op for op in pending if self._may_refuse(args, op)]
                changed = self._check(keys, args, versioned)
                if changed:
                    return [1, *(op + 1 for op in changed)]
            moved: list[int] = []
            for name in order:
                node, ops = groups[name]
                try:
                    reply = self._run_on(node, keys, args, ops)
                except (AskError, TryAgainError):  # (MovedError is an AskError) not run there
                    moved += ops
                    continue
                except redis.ResponseError as exc:
                    if _NOT_LOCAL not in str(exc):
                        self.refresh()
                        raise self._failed(exc, written=written) from exc
                    moved += ops  # a key of another node: failed on reading, nothing written
                    continue
                except REDIS_ERRORS as exc:
                    self.refresh()
                    raise self._failed(exc, written=written) from exc
                refused, letters, *stamps = reply
                stamp_values = iter(stamps)
                for op, letter in zip(ops, cast(bytes, letters).decode(), strict=True):
                    status[op] = letter
                    if letter == "k":
                        spared[op] = next(stamp_values).decode()
                if refused:
                    if written:
                        raise PartlyWrittenError(
                            f"another worker changed a key of this batch on one node of the "
                            f"Redis Cluster at {self.url} while its other nodes were written: "
                            "the batch has no verdicts, part of its changes were kept (a retry "
                            "counts part of its windows twice): retry"
                        )
                    return [1, *(op + 1 for op in ops if status[op] == "c")]
                written = True
            if not moved:
                break
            self.refresh()
            pending = moved
        else:
            raise self._failed(
                RuntimeError(f"slots kept moving after {MOVED_RETRIES} refreshes"), written=written
            )
        self._update_index(keys, args, status, spared)
        return [0, *(op + 1 for op in range(count) if status[op] == "c")]

    @staticmethod
    def _may_refuse(args: list[Any], op: int) -> bool:
        """A versioned op of a table without merge: a change by another worker refuses the batch."""
        base = op * ARGS_PER_OP
        return bool(args[base] != "" and args[base + 6] != "m")

    def _group(self, keys: list[str], ops: list[int]) -> dict[str, tuple[ClusterNode, list[int]]]:
        """``ops`` by the node that owns their value key's slot (node name -> node, ops)."""
        groups: dict[str, tuple[ClusterNode, list[int]]] = {}
        manager = self.client.nodes_manager
        try:
            for op in ops:
                node = manager.get_node_from_slot(self.client.keyslot(keys[2 * op]))
                groups.setdefault(node.name, (node, []))[1].append(op)
        except REDIS_ERRORS as exc:  # a slot no node serves
            raise self._failed(exc, written=False) from exc
        return groups

    def _run_on(
        self, node: ClusterNode, keys: list[str], args: list[Any], ops: list[int]
    ) -> list[Any]:
        """Run the commit script of ``ops`` on ``node``'s own connection."""
        node_args: list[Any] = [keys[2 * op] for op in ops]
        for op in ops:
            node_args += args[op * ARGS_PER_OP : (op + 1) * ARGS_PER_OP]
        connection = self.client.get_redis_connection(node)
        return cast(list[Any], self._script([node_args[0]], node_args, client=connection))

    def _check(self, keys: list[str], args: list[Any], ops: list[int]) -> list[int]:
        """The ops among ``ops`` whose key another worker changed (one pipeline: the check
        round before a batch whose refusing ops span several nodes writes anything)."""
        pipe = self.client.pipeline(transaction=False)
        for op in ops:
            pipe.hget(keys[2 * op], "n")
        try:
            versions = pipe.execute()
        except REDIS_ERRORS as exc:
            raise self._failed(exc, written=False) from exc
        return [
            op
            for op, version in zip(ops, versions, strict=True)
            if (version.decode() if version is not None else "0") != args[op * ARGS_PER_OP]
        ]

    def _update_index(
        self, keys: list[str], args: list[Any], status: list[str], spared: dict[int, str]
    ) -> None:
        """Bring the index shards in line with what the scripts wrote (one pipeline)."""
        pipe = self.client.pipeline(transaction=False)
        queued = 0
        for op, letter in enumerate(status):
            base = op * ARGS_PER_OP
            index, member = keys[2 * op + 1], args[base + 2]
            if letter == "k":
                pipe.zadd(index, {member: float(spared[op])})
            elif letter == "w" and args[base + 1] == "s":
                pipe.zadd(index, {member: float(args[base + 4])})
            elif letter == "w":
                pipe.zrem(index, member)
            else:
                continue
            queued += 1
        if not queued:
            return
        try:
            pipe.execute()
        except REDIS_ERRORS as exc:
            # The batch is written: answering "unavailable" would have it retried and counted
            # twice. Its values stay unindexed (windows still end by their TTL).
            log.warning("the index of a batch on %s was not updated: %s", self.url, exc)

    def refresh(self) -> None:
        """Read the slot map again (a node moved a slot, or went away)."""
        with contextlib.suppress(*REDIS_ERRORS):
            self.client.nodes_manager.initialize()

    def _failed(self, exc: BaseException, *, written: bool) -> StateUnavailableError:
        cause = f"{type(exc).__name__}: {exc}"
        if written:
            return PartlyWrittenError(
                f"the state store at {self.url} does not answer ({cause}) while this batch was "
                "written over the Redis Cluster's nodes: the batch has no verdicts, the part "
                "its answering nodes wrote was kept (a retry counts part of its windows twice): "
                "retry once Redis is back"
            )
        return StateUnavailableError(
            f"the state store at {self.url} does not answer ({cause}); nothing of the batch was "
            "kept: retry once Redis is back"
        )
