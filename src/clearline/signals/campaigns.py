"""Campaign fingerprints across senders: near-duplicate texts are clustered and judged as one.

Spreading one campaign over many fresh numbers ("snowshoeing", or a P2P texting platform's
hundreds of volunteer numbers) hides it from per-number counters, not from its content. Each text
is reduced to a fingerprint with personalisation masked (links, numbers, amounts, codes and
capitalised words such as names and brands become placeholders, so "Hi Ana" and "Hi Ben" are the
same text and no candidate's or party's name ever enters a fingerprint), then to its
``anchors``: the ``k`` smallest hashes of its word pairs (a bottom-k sketch, so two texts that
share most word pairs share most anchors). A text joins the cluster that at least
``min_shared_anchors`` of its anchors point to, or starts a new one.

A cluster is judged by behaviour and compliance, never by size: a bank's one-time-code template
sent to half a million customers is one big, healthy cluster (a registered sender, people who
asked for it). The symbols fire on:

* ``CAMPAIGN_UNREGISTERED_A2P``: one text, sent from several unregistered long codes, mostly to
  people who never texted those numbers; it fires on such first contacts (outreach), never on a
  text inside an existing conversation.
  That is application-to-person traffic, and unregistered 10DLC A2P traffic must be blocked,
  however human the pace of each number.
* ``CAMPAIGN_SENDER``: an unregistered number whose outreach was judged so sends anything else
  (the campaign's other variants, its follow-ups) within ``idle_hours``.
* ``CAMPAIGN_HIGH_OPT_OUT``: many of a cluster's first contacts answer STOP, whoever sends it.

Replies and opt-outs are credited to the cluster of the outreach they answer (``cluster_outreach``
remembers, per sender and recipient, the cluster of the last first contact for three days).
Clusters and anchors expire after ``idle_hours`` without traffic: memory is bounded by the
campaigns active in that window (about 400 bytes a cluster and 60 bytes an anchor).
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping
from itertools import chain
from typing import Any, ClassVar

import msgspec
import numpy as np

from clearline.compliance.text_rules import KIND_MEMO
from clearline.model import Hit, SymbolSpec
from clearline.signals.base import Batch, setting
from clearline.signals.behaviour import is_unregistered_long_code
from clearline.state import StateStore

# Links and numbers become the same placeholder (both are personalisation). Anything with a dot
# followed by letters counts as a link here: cheaper than exact URL matching, and masking an odd
# token like "ok.see" costs a fingerprint nothing. As first written this was one pattern,
# ``\S*\.[A-Za-z]{2,}\S*|[$£€]?\d[\d,.:/-]*``; its two alternatives are masked apart, which
# gives the same text: a link is a whole run of non-space holding a dot and two letters, and a
# number never crosses a space (nor the spaces of a " #num " put in), so masking the links first
# and then the numbers of what is left changes the same characters. A link match can only start
# where a run of non-space starts (from there ``\S*`` reaches any ".xx" of the run), so the
# look-behind changes no match and saves trying the link at every character inside a word.
_URL = re.compile(r"(?<!\S)\S*\.[A-Za-z]{2,}\S*")
# A number, ``[$£€]?\d[\d,.:/-]*`` written with its first character as one class (a currency sign
# only where a digit follows it): the regex engine then skips to those characters in C instead
# of trying the optional sign at every character. The match is the same: the sign, if any, and
# the longest run of ``[\d,.:/-]`` from the digit on.
_NUMBER = re.compile(r"[$£€\d](?:(?<=\d)|(?=\d))[\d,.:/-]*")
# What every link match holds: a dot and two letters. Most texts with a dot have none (a dot
# ends their sentences), and one search for it (a scan for the dot, in C) costs far less than
# the link pass, which tries each run of non-space.
_DOT_LETTERS = re.compile(r"\.[A-Za-z]{2}")
_DIGITS = "0123456789"
# A capitalised word after a space that follows neither a space nor a sentence's end. The look-
# behind comes after the capital letter (the same three characters), so the regex engine skips
# to capitals in C instead of trying the look-behind at every character.
_NAME = re.compile(r"[A-Z](?<=[^\s.!?]\s[A-Z])[a-z]+")
_WORD = re.compile(r"[a-z#]+(?:'[a-z]+)?")
# ``_WORD`` never matches across a character outside [a-z#'] and has no look-around, so its
# matches in a text are its matches in each run of those characters, in turn; a run without
# an apostrophe is one match, whole. For an ASCII text, lower-casing and cutting the runs out
# is one ``bytes.translate`` (every other byte becomes a space) and a ``str.split``, in C.
_WORD_CHARACTERS = b"abcdefghijklmnopqrstuvwxyz#'"


def _lower_or_space_table() -> bytes:
    """Each ASCII byte lower-cased if it then is one of ``_WORD_CHARACTERS``, else a space."""
    table = bytearray(b" " * 256)
    for byte in range(128):
        lowered = bytes([byte]).lower()
        if lowered in _WORD_CHARACTERS:
            table[byte] = lowered[0]
    return bytes(table)


_LOWER_OR_SPACE = _lower_or_space_table()
_MASK = 0xFFFFFFFF
# Word pairs made only of these (and placeholders) are everywhere ("is on", "at #num"): they would
# link unrelated texts, so a pair must hold at least one other word to become an anchor.
_COMMON = frozenset(
    """a an the and or but if of to in on at by for from with as is are was were be been am do
    does did have has had i you he she it we they me him her us them my your his its our their
    this that these those there here what who when where how not no yes so up out just now can
    will would could should get got ok okay hi hey hello #num #url #name""".split()  # noqa: SIM905
)
_OUTREACH_TTL = 3 * 24 * 3600.0
_NO_ANCHORS: tuple[list[str], str] = ([], "")


class ClusterStats(msgspec.Struct, gc=False):
    """A cluster's recent traffic as counters that decay with a half-life of ``half_life``."""

    last: float = 0.0
    messages: float = 0.0
    opens: float = 0.0  # texts to people who never texted the sender
    replies: float = 0.0
    optouts: float = 0.0
    # The part sent from unregistered long codes, judged on its own: registered traffic with
    # the same words must not launder it (nor can copying a registered text hide a campaign).
    unregistered: float = 0.0
    unregistered_opens: float = 0.0
    unregistered_senders: list[int] = []  # distinct sender hashes, at most max_tracked_senders


class ClusterRef(msgspec.Struct, gc=False):
    """A pointer to a cluster: from an anchor, or from a first contact awaiting an answer."""

    cluster: str


def keep_theirs(base: ClusterRef | None, mine: ClusterRef, theirs: ClusterRef) -> ClusterRef:
    """A pointer two workers set at once (``clearline.state.Merge``): the one committed first
    stands, so every worker follows the same cluster."""
    del base, mine
    return theirs


def _new_cluster_id(anchors: list[str]) -> str:
    # Named after all its founding anchors: texts that only share their smallest anchor do not
    # collide, while the same text founding a cluster twice (after expiry) gets the same name.
    return f"c{zlib.crc32(' '.join(anchors).encode()):08x}"


#: A fingerprint reads a text's first this many characters: a campaign's words are there (a
#: ten-part SMS has about 1,530), and a 64 KiB body's would cost tens of milliseconds.
FINGERPRINT_CHARS = 4096


def fingerprint_tokens(body: str) -> list[str]:
    """The words of a text's first ``FINGERPRINT_CHARS`` characters with personalisation
    masked (links, numbers, capitalised names)."""
    if len(body) > FINGERPRINT_CHARS:
        body = body[:FINGERPRINT_CHARS]
    return _words(_NAME.sub("#name", _mask_links_and_numbers(body)))


def _words(text: str) -> list[str]:
    """``_WORD.findall(text.lower())``, faster for an ASCII text."""
    if not text.isascii():
        return _WORD.findall(text.lower())
    runs = text.encode().translate(_LOWER_OR_SPACE).decode().split()
    if "'" not in text:
        return runs
    words: list[str] = []
    for run in runs:
        if "'" in run:
            words.extend(_WORD.findall(run))
        else:
            words.append(run)
    return words


def _mask_links_and_numbers(body: str) -> str:
    # Each pass is skipped where a plain substring test (in C) shows it has nothing to find: no
    # dot and two letters; no digit, in an ASCII text (another text may hold other digits).
    if "." in body and _DOT_LETTERS.search(body):
        body = _URL.sub(" #num ", body)
    if not body.isascii():
        return _NUMBER.sub(" #num ", body)
    for digit in _DIGITS:
        if digit in body:
            return _NUMBER.sub(" #num ", body)
    return body


class CampaignSignal:
    """Near-duplicate clusters across senders, judged by registration, outreach and opt-outs."""

    name: ClassVar[str] = "campaigns"
    symbols: ClassVar[tuple[SymbolSpec, ...]] = (
        SymbolSpec(
            "CAMPAIGN_UNREGISTERED_A2P",
            "The same text goes out from several unregistered numbers, mostly to people who "
            "never texted them: an unregistered A2P campaign.",
            "Register the brand and campaign (10DLC), send from the campaign's registered "
            "numbers, and only to people who gave consent.",
        ),
        SymbolSpec(
            "CAMPAIGN_SENDER",
            "An unregistered number that recently sent an unregistered A2P campaign's texts.",
            "Stop sending campaign traffic from unregistered numbers; register the campaign and "
            "its numbers (10DLC).",
        ),
        SymbolSpec(
            "CAMPAIGN_HIGH_OPT_OUT",
            "Many people who received this campaign's first text replied STOP.",
            "Check the list's consent: send only to people who opted in to this program.",
        ),
    )

    def __init__(self, settings: Mapping[str, Any], state: StateStore) -> None:
        self.anchors_per_text: int = setting(settings, "anchors_per_text", int, 4)
        self.min_shared_anchors: int = setting(settings, "min_shared_anchors", int, 2)
        self.min_tokens: int = setting(settings, "min_tokens", int, 5)
        self.min_messages: float = setting(settings, "min_messages", float, 20.0)
        self.min_senders: int = setting(settings, "min_senders", int, 3)
        self.min_open_share: float = setting(settings, "min_open_share", float, 0.6)
        self.optout_min_opens: float = setting(settings, "optout_min_opens", float, 100.0)
        self.optout_max_rate: float = setting(settings, "optout_max_rate", float, 0.1)
        self.max_tracked_senders: int = setting(settings, "max_tracked_senders", int, 32)
        self.half_life: float = setting(settings, "half_life_hours", float, 12.0) * 3600
        self.idle: float = setting(settings, "idle_hours", float, 24.0) * 3600
        self._anchors = state.table("cluster_anchor", ClusterRef, window=True, merge=keep_theirs)
        self._clusters = state.table(
            "cluster_stats", ClusterStats, window=True, merge=self.merge_stats
        )
        self._outreach = state.table("cluster_outreach", ClusterRef, window=True, merge=keep_theirs)
        self._flagged = state.table("campaign_sender", ClusterRef, window=True, merge=keep_theirs)
        self._word_hash: dict[str, int] = {}
        # Identical bodies (templates, common replies) are fingerprinted once.
        self._anchor_cache: dict[str, tuple[list[str], str]] = {}
        self._recent_broadcast: dict[str, tuple[str, float]] = {}
        self._next_sweep = float("-inf")

    @property
    def fingerprint_settings(self) -> dict[str, int]:
        """The settings fingerprints depend on: a signal built with them fingerprints alike
        (``clearline scan --workers`` builds one in each worker process)."""
        return {"anchors_per_text": self.anchors_per_text, "min_tokens": self.min_tokens}

    def fingerprint_texts(self, bodies: list[str]) -> list[tuple[list[str], str]]:
        """Each text's anchors and founding cluster id, computed afresh; touches no state."""
        return self._compute_anchors(bodies)

    def remember_fingerprints(
        self, bodies: list[str], fingerprints: list[tuple[list[str], str]]
    ) -> None:
        """Take fingerprints computed elsewhere (``fingerprint_texts`` in a worker process)."""
        cache = self._anchor_cache
        if len(cache) + len(bodies) > 200_000:
            cache.clear()
        cache.update(zip(bodies, fingerprints, strict=True))

    def _fingerprints(self, bodies: list[str]) -> list[tuple[list[str], str]]:
        """Each text's anchors and the id a cluster it founds would get (``[]``, ``""``: none)."""
        cache = self._anchor_cache
        found = [cache.get(body) for body in bodies]
        if None in found:
            new = list(dict.fromkeys(b for b, f in zip(bodies, found, strict=True) if f is None))
            if len(cache) + len(new) > 200_000:
                cache.clear()
            cache.update(zip(new, self._compute_anchors(new), strict=True))
            found = [cache[body] for body in bodies]
        return found  # type: ignore[return-value] # every None was filled in just above

    def _compute_anchors(self, bodies: list[str]) -> list[tuple[list[str], str]]:
        """Fingerprint distinct texts at once: word pairs hashed, deduplicated and sorted by numpy.

        Per text, the same as hashing each word, keeping the set of word-pair hashes that hold a
        distinctive word, and taking its ``anchors_per_text`` smallest: one array pass over the
        whole batch replaces a Python loop over each text's pairs.
        """
        results: list[tuple[list[str], str]] = [_NO_ANCHORS] * len(bodies)
        min_tokens = self.min_tokens
        texts = [(i, words) for i, words in enumerate(map(fingerprint_tokens, bodies))]
        texts = [(i, words) for i, words in texts if len(words) >= min_tokens]
        if not texts:
            return results
        words_flat = list(chain.from_iterable(words for _, words in texts))
        cache = self._word_hash
        missing = set(words_flat).difference(cache)
        if missing:
            if len(cache) + len(missing) > 500_000:
                cache.clear()
                missing = set(words_flat)
            for word in missing:
                # Common words get an even hash, others an odd one, so a pair of two common
                # words can be told apart and skipped below.
                digest = zlib.crc32(word.encode())
                cache[word] = digest & ~1 if word in _COMMON else digest | 1
        first = np.fromiter(map(cache.__getitem__, words_flat), np.uint32, len(words_flat))
        owner = np.repeat(
            np.arange(len(texts), dtype=np.uint64),
            np.fromiter((len(words) for _, words in texts), dtype=np.intp, count=len(texts)),
        )
        left, right = first[:-1], first[1:]
        # A pair within one text, holding at least one distinctive (odd-hashed) word.
        keep = (owner[:-1] == owner[1:]) & (((left | right) & 1) == 1)
        # uint32 arithmetic wraps, as the ``& 0xFFFFFFFF`` of the scalar formula did.
        pairs = (left[keep] * np.uint32(0x9E3779B1)) ^ right[keep]
        # One sort gives every text's distinct pair hashes in ascending order, texts in turn.
        keys = (owner[:-1][keep] << np.uint64(32)) | pairs.astype(np.uint64)
        keys.sort()
        if len(keys) > 1:
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        counts = np.bincount((keys >> np.uint64(32)).astype(np.intp), minlength=len(texts))
        # Each text's ``anchors_per_text`` smallest pair hashes, made text in one pass. One
        # distinctive word pair is too little to call two texts the same: such a text has none.
        taken = np.minimum(counts, self.anchors_per_text)
        taken[counts < 2] = 0
        starts = np.cumsum(counts) - counts  # where each text's pairs start in ``keys``
        ends = np.cumsum(taken)  # where each text's anchors end in ``anchor_texts``
        rows = np.arange(ends[-1]) + np.repeat(starts - (ends - taken), taken)
        anchor_texts = list(map(str, (keys[rows] & np.uint64(_MASK)).tolist()))
        start = 0
        for (i, _), count in zip(texts, taken.tolist(), strict=True):
            if count:
                anchors = anchor_texts[start : start + count]
                results[i] = (anchors, _new_cluster_id(anchors))
                start += count
        return results

    def check(self, batch: Batch, hits: list[list[Hit]]) -> None:
        messages = batch.messages
        if not messages:
            return
        epochs = batch.epochs
        columns = batch.columns
        first_contact = columns.get("first_contact") or [False] * len(messages)
        unregistered_of = columns.get("unregistered_long_code") or [
            is_unregistered_long_code(m.sender, None) for m in messages
        ]
        # Only a first answer to an outreach can credit one (the behaviour signal knows which
        # those are); without that column every message is looked up.
        answers: list[bool] = columns.get("answers_opener") or [True] * len(messages)
        # Every text is fingerprinted, conversations included: how often a text is used inside
        # conversations rather than as a cold opener is part of what its cluster is judged on.
        fingerprints = self._fingerprints([m.body for m in messages])
        anchor_keys = {key for anchors, _ in fingerprints for key in anchors}
        anchor_map = {k: v.cluster for k, v in self._anchors.get_many(anchor_keys).items()}
        answer_keys = {i: f"{m.to}\x1f{m.sender}" for i, m in enumerate(messages) if answers[i]}
        outreach = self._outreach.get_many(set(answer_keys.values()))
        flagged = self._flagged.get_many(
            {
                m.sender
                for m, unregistered in zip(messages, unregistered_of, strict=True)
                if unregistered
            }
        )
        # Every cluster this batch can touch: those its anchors point to, those its answers
        # credit, and the id each text would found (the same text founding a cluster again
        # joins it rather than resetting it).
        wanted = set(anchor_map.values())
        wanted.update(ref.cluster for ref in outreach.values())
        wanted.update(founding for _, founding in fingerprints)
        touched = self._clusters.get_many(wanted)
        new_anchors: dict[str, ClusterRef] = {}
        new_outreach: dict[str, ClusterRef] = {}
        new_flagged: dict[str, ClusterRef] = {}
        answered_keys: list[str] = []
        recent = self._recent_broadcast
        if len(recent) > 100_000:
            recent.clear()  # only the last seconds matter
        min_shared = self.min_shared_anchors
        kind_of = KIND_MEMO.kind
        optout_min_opens = self.optout_min_opens
        for i, now in enumerate(epochs):
            message = messages[i]
            sender = message.sender
            if answers[i]:
                answer_key = answer_keys[i]
                answered = outreach.pop(answer_key, None) or new_outreach.pop(answer_key, None)
                if answered is not None:  # the recipient of an earlier outreach answers it
                    answered_keys.append(answer_key)
                    stats = touched.get(answered.cluster)
                    if stats is not None:
                        self._decay(stats, now)
                        body = message.body
                        kind = kind_of(body)
                        if kind == "stop":
                            stats.optouts += 1
                        else:
                            stats.replies += 1
            unregistered = unregistered_of[i]
            keys, founding = fingerprints[i]
            in_campaign = False
            if keys:
                # The cluster most of the text's anchors point to, if enough do; else its own.
                known = list(map(anchor_map.get, keys))
                first_known = known[0]
                if first_known is not None and known.count(first_known) == len(known):
                    cluster = first_known  # the usual case for a known text: one cluster
                else:
                    if known.count(None) == len(known):
                        cluster = founding  # the usual case for a new text: no anchor known
                    else:
                        cluster = self._vote(keys, founding, anchor_map, min_shared)
                    anchor_ref = ClusterRef(cluster)  # read only: one serves every new anchor
                    for key, found in zip(keys, known, strict=True):
                        if found is None:
                            anchor_map[key] = cluster
                            new_anchors[key] = anchor_ref
                batch.clusters[i] = cluster
                stats = touched.get(cluster)
                if stats is None:
                    stats = touched[cluster] = ClusterStats(now, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, [])
                else:
                    self._decay(stats, now)
                first = first_contact[i]
                # One text to several people within seconds (a group chat, one blast) is one
                # outreach, not many: count it once, so group chats between strangers do not
                # look like a campaign of first contacts. Per-number limits see every copy.
                previous = recent.get(sender)
                if previous is None or previous[0] != founding or now - previous[1] >= 10:
                    recent[sender] = (founding, now)
                    self._count(stats, sender, unregistered, first)
                    if first:
                        new_outreach[f"{sender}\x1f{message.to}"] = ClusterRef(cluster)
                if stats.opens >= optout_min_opens:  # else no opt-out rate to judge yet
                    self._judge_opt_outs(cluster, stats, hits[i])
                # Only outreach (a first contact) is judged as the campaign: the same words inside
                # an existing conversation are conversation, and never mark their sender.
                if unregistered and first and self._is_unregistered_campaign(stats):
                    in_campaign = True
                    hits[i].append(self._campaign_hit(cluster, stats))
                    new_flagged[sender] = ClusterRef(cluster)
            if unregistered and not in_campaign:
                ref = new_flagged.get(sender) or flagged.get(sender)
                if ref is not None:
                    hits[i].append(
                        Hit(
                            "CAMPAIGN_SENDER",
                            f"{sender} sent texts of unregistered campaign cluster {ref.cluster} "
                            f"within the last {self.idle / 3600:g} h",
                        )
                    )
        latest = max(epochs)
        self._anchors.put_many(new_anchors, latest)
        self._clusters.put_many(touched, latest)
        self._outreach.put_many(new_outreach, latest)
        self._flagged.put_many(new_flagged, latest)
        if answered_keys:
            self._outreach.delete_many(answered_keys)
        if latest >= self._next_sweep:
            self._anchors.expire(latest - self.idle)
            self._clusters.expire(latest - self.idle)
            self._flagged.expire(latest - self.idle)
            self._outreach.expire(latest - _OUTREACH_TTL)
            self._next_sweep = latest + 3600

    @staticmethod
    def _vote(keys: list[str], founding: str, anchor_map: dict[str, str], min_shared: int) -> str:
        """The first of the most voted clusters among the anchors' if it has enough votes."""
        votes: dict[str, int] = {}
        for key in keys:
            found = anchor_map.get(key)
            if found is not None:
                votes[found] = votes.get(found, 0) + 1
        if votes:
            candidate = max(votes, key=votes.__getitem__)
            if votes[candidate] >= min(min_shared, len(keys)):
                return candidate
        return founding

    def _count(self, stats: ClusterStats, sender: str, unregistered: bool, opens: bool) -> None:
        stats.messages += 1
        if opens:
            stats.opens += 1
        if unregistered:
            stats.unregistered += 1
            if opens:
                stats.unregistered_opens += 1
            senders = stats.unregistered_senders
            if len(senders) < self.max_tracked_senders:
                sender_hash = zlib.crc32(sender.encode())
                if sender_hash not in senders:
                    senders.append(sender_hash)

    def merge_stats(
        self, base: ClusterStats | None, mine: ClusterStats, theirs: ClusterStats
    ) -> ClusterStats:
        """One cluster's counters when two workers counted its traffic at once
        (``clearline.state.Merge``): the other worker's, plus what this batch added to the
        base, both decayed to the later of the two times; the senders of both."""
        half_life = self.half_life
        now = max(mine.last, theirs.last)

        def at_now(value: float, last: float) -> float:
            return value * math.exp2(-(now - last) / half_life) if now > last else value

        def base_at(value: float) -> float:  # the base's counter as of mine.last
            if base is None:
                return 0.0
            return value * math.exp2(-(mine.last - base.last) / half_life)

        def merged(field: str) -> float:
            theirs_now = at_now(getattr(theirs, field), theirs.last)
            added = getattr(mine, field) - base_at(getattr(base, field) if base else 0.0)
            return theirs_now + at_now(added, mine.last)

        senders = list(theirs.unregistered_senders)
        for sender in mine.unregistered_senders:
            if len(senders) >= self.max_tracked_senders:
                break
            if sender not in senders:
                senders.append(sender)
        return ClusterStats(
            now,
            merged("messages"),
            merged("opens"),
            merged("replies"),
            merged("optouts"),
            merged("unregistered"),
            merged("unregistered_opens"),
            senders,
        )

    def _decay(self, stats: ClusterStats, now: float) -> None:
        if now > stats.last:
            factor = math.exp2(-(now - stats.last) / self.half_life)
            stats.messages *= factor
            stats.unregistered *= factor
            stats.unregistered_opens *= factor
            stats.opens *= factor
            stats.replies *= factor
            stats.optouts *= factor
            stats.last = now

    def _judge_opt_outs(self, cluster: str, stats: ClusterStats, hits: list[Hit]) -> None:
        if (
            stats.opens >= self.optout_min_opens
            and stats.optouts >= self.optout_max_rate * stats.opens
        ):
            hits.append(
                Hit(
                    "CAMPAIGN_HIGH_OPT_OUT",
                    f"cluster {cluster}: {100 * stats.optouts / stats.opens:.0f} % of recent first "
                    f"contacts replied STOP (over {100 * self.optout_max_rate:.0f} % is high)",
                )
            )

    def _is_unregistered_campaign(self, stats: ClusterStats) -> bool:
        return (
            stats.unregistered >= self.min_messages
            and len(stats.unregistered_senders) >= self.min_senders
            and stats.unregistered_opens >= self.min_open_share * stats.unregistered
        )

    def _campaign_hit(self, cluster: str, stats: ClusterStats) -> Hit:
        senders = len(stats.unregistered_senders)
        shown = f"{senders}+" if senders >= self.max_tracked_senders else str(senders)
        share = 100 * stats.unregistered_opens / stats.unregistered
        return Hit(
            "CAMPAIGN_UNREGISTERED_A2P",
            f"cluster {cluster}: about {stats.unregistered:,.0f} near-identical texts from "
            f"{shown} unregistered numbers in the last hours, {share:.0f} % to people who never "
            "texted them",
        )
