"""Batch re-analysis of a day of traffic on Spark: campaigns spread over many numbers.

A snowshoe campaign keeps each of its numbers under every real-time limit, and rewords its text
(spintax) so the real-time fingerprints (``signals.campaigns``) split it into many small
clusters. Looking at the whole day at once, across *all* senders, finds it: every distinct text
is reduced to the same masked tokens the real-time fingerprint uses (``fingerprint_tokens``),
its words and word pairs (shingles) are compared with Spark MLlib's ``MinHashLSH`` (an
approximate Jaccard join), and texts linked by near-duplicate pairs form one cluster (connected
components), so the rewordings of one template end up together. Each cluster and
each sender is then profiled (messages, senders, recipients, the share sent to people who had not
texted the sender first, STOP replies, registration), and the unregistered numbers of a cluster
judged an unregistered A2P campaign become findings in the ``campaign_senders`` number list,
which ``clearline lists import`` takes back so the next day's traffic from them is flagged.

pyspark is imported here only, inside functions: scoring and serving never load it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import msgspec

from clearline.compliance.text_rules import classify
from clearline.signals.behaviour import is_unregistered_long_code
from clearline.signals.campaigns import fingerprint_tokens

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

    from clearline.state import StateStore

#: Which of these numbers a registry grants to a brand (``registry_in_state``).
RegistryLookup = Callable[[set[str]], set[str]]

#: The list kind the findings are written in (``clearline lists import`` reads it).
CAMPAIGN_SENDERS_LIST: Final = "campaign_senders"
#: The symbol an audit record of a STOP carries (the opt-out signal's).
_OPT_OUT_SYMBOL: Final = "OPT_OUT_REQUEST"
#: Connected components stop here even if labels still move (a chain this long is noise).
_MAX_COMPONENT_ROUNDS: Final = 30
_SPARK_INSTALL_HINT: Final = "pip install 'clearline[spark]'"


class ReanalysisError(Exception):
    """Re-analysis cannot run or cannot read its input; the text is one line a person can act on."""


@dataclass(frozen=True)
class ReanalysisSettings:
    """How near texts must be to be one cluster, and when a cluster is a campaign.

    The campaign thresholds mirror the real-time signal's (``[signals.campaigns]``), counted over
    the whole input instead of a decaying window.
    """

    # Jaccard similarity of two texts' shingles (words and word pairs) for them to be linked.
    # Words keep rewordings together (a changed word breaks two pairs but only one word);
    # pairs keep apart texts made of the same everyday words in another order.
    similarity: float = 0.4
    hash_tables: int = 8  # MinHashLSH tables: more find more near pairs, at more cost
    min_tokens: int = 5
    min_messages: int = 20
    min_senders: int = 3
    min_open_share: float = 0.6


@dataclass
class CampaignFinding:
    """One cluster judged an unregistered A2P campaign, and the numbers that sent it."""

    cluster: str
    messages: int
    senders: int
    recipients: int
    open_share: float
    optout_rate: float
    template: str
    numbers: dict[str, float] = field(default_factory=dict)  # number -> its last campaign text

    def note(self) -> str:
        """The listing's note: what was found, in a line an operator can check."""
        return (
            f"reanalysis: cluster {self.cluster}, {self.messages:,} near-identical texts from "
            f"{self.senders:,} unregistered numbers, {100 * self.open_share:.0f} % to people who "
            f"had not texted them, {100 * self.optout_rate:.0f} % STOP"
        )


@dataclass
class ReanalysisResult:
    """What one run read and found."""

    kind: str  # "messages" or "audit records"
    records: int
    clusters: int  # clusters of at least two senders
    campaigns: list[CampaignFinding]
    unreadable: int = 0  # JSON Lines lines that are not JSON objects: skipped, and said so
    incomplete: int = 0  # records without an id, ts, sender or recipient: skipped, and said so

    def listings(self) -> list[dict[str, str]]:
        """The findings as ``clearline lists import`` lines, one per number (sorted)."""
        rows: dict[str, dict[str, str]] = {}
        for campaign in self.campaigns:
            for number, last in campaign.numbers.items():
                since = f"{dt.datetime.fromtimestamp(int(last), dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
                rows[number] = {
                    "number": number,
                    "list": CAMPAIGN_SENDERS_LIST,
                    "since": since,
                    "note": campaign.note()[:200],
                }
        return [rows[n] for n in sorted(rows)]


def start_spark(master: str, conf: Sequence[tuple[str, str]] = ()) -> SparkSession:
    """Start (or join) a Spark session on ``master`` (``local[2]``, ``spark://HOST:7077``...).

    A ``local`` master binds the driver to 127.0.0.1 and runs the Python workers with this
    interpreter (clearline must be importable where the workers run: on a cluster, install it
    on every node).

    Raises:
        ReanalysisError: pyspark is not installed, no Java, or Spark did not start.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ReanalysisError(
            f"clearline reanalyze needs pyspark, which is not installed: {_SPARK_INSTALL_HINT}"
        ) from None
    java_home = os.environ.get("JAVA_HOME")
    has_java = (java_home and Path(java_home, "bin", "java").exists()) or shutil.which("java")
    if not has_java:
        raise ReanalysisError(
            "Spark needs Java (17 or later) and none was found: install a JDK (for example "
            "`apt install openjdk-17-jre-headless`) or set JAVA_HOME"
        )
    builder = SparkSession.builder.master(master).appName("clearline reanalyze")
    builder = builder.config("spark.ui.enabled", "false")
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    # No pyarrow needed: the two small Python functions run as plain (pickled) UDFs.
    builder = builder.config("spark.sql.execution.pythonUDF.arrow.enabled", "false")
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    if master.startswith("local"):
        # One machine: a few shuffle partitions, not a cluster's 200 (a --conf overrides it).
        builder = builder.config("spark.sql.shuffle.partitions", "8")
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1")
    for key, value in conf:
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Py4J and Spark raise many types: all mean "did not start"
        raise ReanalysisError(f"Spark did not start on {master}: {_first_line(exc)}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextlib.contextmanager
def spark_session(master: str, conf: Sequence[tuple[str, str]] = ()) -> Iterator[SparkSession]:
    """``start_spark`` for the length of a block: a session started here is stopped after it,
    one already running in this process (a notebook's, a test's) is used and left running.

    Raises:
        ReanalysisError: as ``start_spark``.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ReanalysisError(
            f"clearline reanalyze needs pyspark, which is not installed: {_SPARK_INSTALL_HINT}"
        ) from None
    running = SparkSession.getActiveSession()
    session = start_spark(master, conf)
    try:
        yield session
    finally:
        if running is None:
            session.stop()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _tokens(body: str | None) -> list[str]:
    # Run as a plain Python UDF (``useArrow=False``): rows pickled, no pyarrow needed.
    return fingerprint_tokens(body) if body else []


def _is_stop(body: str | None) -> bool:
    return bool(body) and classify(body or "") == "stop"


def _unregistered(sender: str, campaign: str | None) -> bool:
    return is_unregistered_long_code(sender, campaign)


def read_traffic(
    spark: SparkSession, path: str, fmt: str = "auto"
) -> tuple[DataFrame, str, int, DataFrame]:
    """The input as one row per record: ``id, ts`` (epoch s), ``sender, recipient, campaign``,
    ``body`` (messages) or ``cluster`` and ``stop`` (audit records).

    Messages are the ``scan`` input (``id, ts, from, to, body[, campaign]``); audit records are
    the service's verdict records (``GET /v1/audit``'s ``verdicts``, one a line: ``id, ts, from,
    to, campaign, action, score, reasons, cluster``). Either as JSON Lines or Parquet.

    Returns:
        The rows, their kind (``messages`` or ``audit records``), how many JSON Lines lines
        were not JSON objects (skipped), and the records without an id, ts, sender or recipient
        (skipped; counted for the summary).

    Raises:
        ReanalysisError: the input cannot be read or is neither kind.
    """
    from py4j.protocol import Py4JError  # type: ignore[import-untyped] # py4j ships no types
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as sf

    parquet = fmt == "parquet" or (fmt == "auto" and _looks_like_parquet(path))
    try:
        if parquet:
            frame = spark.read.parquet(path)
        else:
            frame = spark.read.option("mode", "PERMISSIVE").json(path)
        columns = set(frame.columns)
    except (PySparkException, Py4JError) as exc:
        raise ReanalysisError(f"cannot read {path}: {_root_cause(exc)}") from None
    if columns == {"_corrupt_record"}:  # Spark's column for the lines it could not parse
        raise ReanalysisError(
            f"{path}: no line is a JSON object: JSON Lines expected (Parquet is read from "
            "*.parquet, a directory of them, or with --format parquet)"
        )
    if "verdicts" in columns and "id" not in columns:  # a page of GET /v1/audit, saved whole
        raise ReanalysisError(
            f"{path}: a GET /v1/audit response, not its records: write its verdicts one a line "
            "(for example `jq -c '.verdicts[]' audit.json > audit.jsonl`)"
        )
    sender = _first_of(columns, "from", "sender")
    recipient = _first_of(columns, "to", "recipient")
    if "id" not in columns or "ts" not in columns or sender is None or recipient is None:
        raise ReanalysisError(
            f"{path}: neither messages (id, ts, from, to, body) nor audit records (id, ts, from, "
            f"to, reasons, cluster); its fields are: {', '.join(sorted(columns)) or 'none'}"
        )
    if "body" in columns:
        kind = "messages"
    elif "cluster" in columns:
        kind = "audit records"
    else:
        raise ReanalysisError(
            f"{path}: records without `body` (messages) or `cluster` (audit records): nothing to "
            "cluster them by"
        )
    unreadable = 0
    if "_corrupt_record" in columns:
        # Spark refuses a query of the raw file on this column alone; cached, it can count them.
        frame = frame.cache()
        unreadable = frame.where(sf.col("_corrupt_record").isNotNull()).count()
        frame = frame.where(sf.col("_corrupt_record").isNull())
    ts_type = dict(frame.dtypes)["ts"]
    ts = (
        sf.col("ts").cast("double")
        if ts_type in ("double", "float", "bigint", "int", "long")
        else sf.unix_micros(sf.to_timestamp(sf.col("ts").cast("string"))).cast("double") / 1e6
    )
    campaign = sf.col("campaign").cast("string") if "campaign" in columns else sf.lit(None)
    selected = [
        sf.col("id").cast("string").alias("id"),
        ts.alias("ts"),
        sf.col(sender).cast("string").alias("sender"),
        sf.col(recipient).cast("string").alias("recipient"),
        campaign.cast("string").alias("campaign"),
    ]
    if kind == "messages":
        selected.append(sf.col("body").cast("string").alias("body"))
    else:
        selected.append(sf.col("cluster").cast("string").alias("cluster"))
        selected.append(_audit_stop(columns).alias("stop"))
    complete = (
        sf.col("id").isNotNull()
        & sf.col("ts").isNotNull()
        & sf.col("sender").isNotNull()
        & sf.col("recipient").isNotNull()
    )
    selected_rows = frame.select(*selected)
    rows = selected_rows.where(complete)
    return rows, kind, unreadable, selected_rows.where(~complete)


def _audit_stop(columns: set[str]) -> Column:
    from pyspark.sql import functions as sf

    if "reasons" not in columns:
        return sf.lit(False)
    return sf.coalesce(
        sf.exists(sf.col("reasons"), lambda r: r["symbol"] == sf.lit(_OPT_OUT_SYMBOL)),
        sf.lit(False),
    )


def _first_of(columns: set[str], *names: str) -> str | None:
    return next((n for n in names if n in columns), None)


def _looks_like_parquet(path: str) -> bool:
    if path.endswith(".parquet"):
        return True
    local = Path(path)
    return local.is_dir() and any(local.glob("*.parquet"))


def cluster_texts(rows: DataFrame, settings: ReanalysisSettings) -> DataFrame:
    """``rows`` with a ``cluster`` column: near-duplicate texts across all senders share one.

    Distinct texts are masked (``fingerprint_tokens``), their words and word pairs hashed into
    sparse vectors, and pairs within ``settings.similarity`` (Jaccard) found by ``MinHashLSH``;
    texts linked through such pairs form one cluster, named after its smallest member's hash.
    Texts of fewer than ``min_tokens`` words get no cluster, as in real time.
    """
    from pyspark.ml.feature import HashingTF, MinHashLSH, NGram
    from pyspark.sql import functions as sf
    from pyspark.sql import types as st

    tokens_of = sf.udf(_tokens, st.ArrayType(st.StringType()), useArrow=False)
    texts = (
        rows.select("body")
        .where(sf.col("body").isNotNull())
        .distinct()
        .withColumn("tokens", tokens_of("body"))
        .withColumn("template", sf.concat_ws(" ", "tokens"))
    )
    templates = (
        texts.where(sf.size("tokens") >= settings.min_tokens)
        .select("template", "tokens")
        .dropDuplicates(["template"])
        .withColumn("text_id", sf.xxhash64("template"))
    )
    pairs = NGram(n=2, inputCol="tokens", outputCol="pairs").transform(templates)
    shingles = pairs.withColumn("shingles", sf.concat("tokens", "pairs"))
    vectors = HashingTF(inputCol="shingles", outputCol="features", numFeatures=1 << 20, binary=True)
    hashed = vectors.transform(shingles).select("text_id", "features")
    hashed = hashed.localCheckpoint()
    lsh = MinHashLSH(
        inputCol="features", outputCol="hashes", numHashTables=settings.hash_tables, seed=22
    ).fit(hashed)
    near = lsh.approxSimilarityJoin(hashed, hashed, 1.0 - settings.similarity, "distance")
    edges = near.select(
        sf.col("datasetA.text_id").alias("a"), sf.col("datasetB.text_id").alias("b")
    ).where(sf.col("a") < sf.col("b"))
    labels = _connected_components(hashed.select("text_id"), edges)
    named = labels.select(
        "text_id", sf.format_string("s%016x", sf.col("label")).alias("cluster")
    ).join(templates.select("template", "text_id"), "text_id")
    body_cluster = (
        texts.select("body", "template").join(named, "template").select("body", "cluster")
    )
    return rows.join(body_cluster, "body", "left")


def _connected_components(vertices: DataFrame, edges: DataFrame) -> DataFrame:
    """Each vertex's ``label``: the smallest ``text_id`` it is linked to, directly or not."""
    from pyspark.sql import functions as sf

    both = edges.union(edges.select(sf.col("b").alias("a"), sf.col("a").alias("b")))
    both = both.localCheckpoint()
    labels = vertices.select("text_id", sf.col("text_id").alias("label")).localCheckpoint()
    for _ in range(_MAX_COMPONENT_ROUNDS):
        offered = both.join(labels, both.a == labels.text_id).select(
            sf.col("b").alias("text_id"), sf.col("label")
        )
        updated = (
            labels.union(offered).groupBy("text_id").agg(sf.min("label").alias("label"))
        ).localCheckpoint()
        moved = (
            updated.join(labels.withColumnRenamed("label", "before"), "text_id")
            .where(sf.col("label") != sf.col("before"))
            .limit(1)
            .count()
        )
        labels = updated
        if moved == 0:
            break
    return labels


def profile(
    rows: DataFrame, registered: Iterable[str] = ()
) -> tuple[DataFrame, DataFrame, DataFrame]:
    """Per-message facts, then (per-cluster, per-sender) profiles.

    A message is an *open* when its recipient had not texted its sender earlier in the input; a
    STOP (a subscriber's opt-out) counts against the cluster of the first open its sender sent
    that subscriber. A sender is registered when its message names a campaign (as in real time)
    or the registry grants it to a brand (``registered``).

    Returns:
        facts: the rows with ``stop``, ``unregistered`` and ``open``;
        clusters: ``cluster, messages, senders, recipients, opens, open_share, optouts,
            optout_rate, unregistered_messages, unregistered_opens, unregistered_senders, first_ts,
            last_ts``; senders: ``sender, messages, recipients, opens, open_share,
            stops_received, registered, clusters``.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as sf
    from pyspark.sql import types as st

    spark = rows.sparkSession
    granted = spark.createDataFrame([(n,) for n in set(registered)], "granted string")
    unregistered_of = sf.udf(_unregistered, st.BooleanType(), useArrow=False)
    if "stop" not in rows.columns:
        is_stop = sf.udf(_is_stop, st.BooleanType(), useArrow=False)
        stops_by_body = (
            rows.select("body").distinct().withColumn("stop", is_stop("body")).where("stop")
        )
        rows = rows.join(stops_by_body, "body", "left").withColumn(
            "stop", sf.coalesce(sf.col("stop"), sf.lit(False))
        )
    facts = rows.join(
        granted.withColumnRenamed("granted", "sender").withColumn("granted", sf.lit(True)),
        "sender",
        "left",
    ).withColumn(
        "unregistered",
        sf.col("granted").isNull() & unregistered_of(sf.col("sender"), sf.col("campaign")),
    )
    first_sent = facts.groupBy("sender", "recipient").agg(sf.min("ts").alias("first_ts"))
    answered_since = first_sent.select(
        sf.col("recipient").alias("sender"),
        sf.col("sender").alias("recipient"),
        sf.col("first_ts").alias("they_texted_at"),
    )
    facts = facts.join(answered_since, ["sender", "recipient"], "left").withColumn(
        "open", sf.col("they_texted_at").isNull() | (sf.col("they_texted_at") > sf.col("ts"))
    )
    facts = facts.localCheckpoint()
    # Each subscriber's first STOP to a sender, credited to the cluster of that sender's first
    # open to the subscriber (the outreach the STOP answers).
    stops = (
        facts.where("stop")
        .groupBy(sf.col("sender").alias("recipient"), sf.col("recipient").alias("sender"))
        .agg(sf.min("ts").alias("stop_ts"))
    )
    first_open = (
        facts.where(sf.col("open") & sf.col("cluster").isNotNull())
        .withColumn(
            "rank",
            sf.row_number().over(Window.partitionBy("sender", "recipient").orderBy("ts", "id")),
        )
        .where("rank = 1")
        .select("sender", "recipient", "cluster", sf.col("ts").alias("open_ts"))
    )
    outreach = (
        first_open.join(stops, ["sender", "recipient"], "left")
        .withColumn(
            "opted_out", sf.col("stop_ts").isNotNull() & (sf.col("stop_ts") > sf.col("open_ts"))
        )
        .groupBy("cluster")
        .agg(
            sf.count(sf.lit(1)).alias("opened"),
            sf.sum(sf.col("opted_out").cast("int")).alias("optouts"),
        )
    )
    unregistered = sf.col("unregistered")
    clusters = (
        facts.where(sf.col("cluster").isNotNull())
        .groupBy("cluster")
        .agg(
            sf.count(sf.lit(1)).alias("messages"),
            sf.countDistinct("sender").alias("senders"),
            sf.countDistinct("recipient").alias("recipients"),
            sf.sum(sf.col("open").cast("int")).alias("opens"),
            sf.sum(unregistered.cast("int")).alias("unregistered_messages"),
            sf.sum((unregistered & sf.col("open")).cast("int")).alias("unregistered_opens"),
            sf.countDistinct(sf.when(unregistered, sf.col("sender"))).alias("unregistered_senders"),
            sf.min("ts").alias("first_ts"),
            sf.max("ts").alias("last_ts"),
        )
        .join(outreach, "cluster", "left")
        .select(
            "cluster",
            "messages",
            "senders",
            "recipients",
            "opens",
            (sf.col("opens") / sf.col("messages")).alias("open_share"),
            sf.coalesce(sf.col("optouts"), sf.lit(0)).alias("optouts"),
            sf.coalesce(sf.col("optouts") / sf.col("opened"), sf.lit(0.0)).alias("optout_rate"),
            "unregistered_messages",
            "unregistered_opens",
            "unregistered_senders",
            "first_ts",
            "last_ts",
        )
    )
    stops_received = stops.groupBy("sender").agg(sf.count(sf.lit(1)).alias("stops_received"))
    senders = (
        facts.groupBy("sender")
        .agg(
            sf.count(sf.lit(1)).alias("messages"),
            sf.countDistinct("recipient").alias("recipients"),
            sf.sum(sf.col("open").cast("int")).alias("opens"),
            sf.min(~unregistered).alias("registered"),
            sf.countDistinct("cluster").alias("clusters"),
        )
        .join(stops_received, "sender", "left")
        .select(
            "sender",
            "messages",
            "recipients",
            "opens",
            (sf.col("opens") / sf.col("messages")).alias("open_share"),
            sf.coalesce(sf.col("stops_received"), sf.lit(0)).alias("stops_received"),
            "registered",
            "clusters",
        )
    )
    return facts, clusters.localCheckpoint(), senders


def _candidate_senders(rows: DataFrame, settings: ReanalysisSettings) -> set[str]:
    """The senders of every cluster with at least ``min_senders`` of them."""
    from pyspark.sql import functions as sf

    wide = (
        rows.where(sf.col("cluster").isNotNull())
        .groupBy("cluster")
        .agg(sf.collect_set("sender").alias("senders"))
        .where(sf.size("senders") >= settings.min_senders)
        .select(sf.explode("senders").alias("sender"))
        .distinct()
    )
    return {row["sender"] for row in wide.collect()}


def registry_in_state(state: StateStore) -> RegistryLookup:
    """A ``registry_lookup`` over a state store's registry (``--state`` file, service database).

    Raises (when called):
        ReanalysisError: the store cannot be read.
    """
    from clearline.compliance.store import ComplianceStore

    def lookup(numbers: set[str]) -> set[str]:
        try:
            return set(ComplianceStore(state).owners_of(numbers))
        except Exception as exc:  # SQLite and SQLAlchemy errors alike: the store is unreadable
            raise ReanalysisError(f"cannot read the registry: {_first_line(exc)}") from None

    return lookup


def registered_numbers(registry_path: str) -> set[str]:
    """The numbers a registry file (``clearline registry import``'s format) gives a brand or a
    campaign.

    Raises:
        ReanalysisError: the file is unreadable or not a valid registry.
    """
    from clearline.compliance.imports import ImportFileError, read_registry
    from clearline.compliance.store import ComplianceStore
    from clearline.state.memory import MemoryStateStore

    try:
        doc = read_registry(registry_path, ComplianceStore(MemoryStateStore()))
    except ImportFileError as exc:
        first = exc.problems[0] if exc.problems else "not a registry"
        raise ReanalysisError(
            f"{registry_path}: not a usable registry file ({len(exc.problems)} problem(s), the "
            f"first: {first})"
        ) from None
    numbers = {grant.number for grant in doc.numbers}
    numbers.update(number for campaign in doc.campaigns for number in campaign.numbers)
    return numbers


def reanalyze(
    spark: SparkSession,
    input_path: str,
    *,
    fmt: str = "auto",
    settings: ReanalysisSettings | None = None,
    registered: Iterable[str] = (),
    registry_lookup: RegistryLookup | None = None,
    profiles_dir: str | None = None,
) -> ReanalysisResult:
    """Cluster and profile a day of messages or audit records; judge the campaigns.

    Args:
        spark: the session (``start_spark``).
        input_path: JSON Lines or Parquet (a file or a directory of part files), local or any
            path Spark reads (``hdfs://``, ``s3a://``).
        fmt: ``auto`` (Parquet for ``*.parquet`` or a directory of them), ``jsonl`` or
            ``parquet``.
        settings: similarity and campaign thresholds.
        registered: numbers the registry grants (they are never findings).
        registry_lookup: asked, once, which of the senders of the clusters that could be
            campaigns (``min_senders`` or more) are registered: a state file's or the service
            database's registry (``registry_in_state``).
        profiles_dir: where to write the cluster and sender profiles (JSON part files in
            ``clusters/`` and ``senders/``), if anywhere.

    Raises:
        ReanalysisError: the input cannot be read.
    """
    from py4j.protocol import Py4JError  # (untyped: see read_traffic)
    from pyspark.errors import PySparkException

    try:
        return _reanalyze(
            spark,
            input_path,
            fmt,
            settings or ReanalysisSettings(),
            registered,
            registry_lookup,
            profiles_dir,
        )
    except (PySparkException, Py4JError) as exc:
        raise ReanalysisError(_job_failure(exc)) from None


# "java.lang.RuntimeException: " and the like, before the message a person reads.
_ERROR_CLASS: Final = re.compile(r"^(?:Caused by: )?(?:[\w$]+\.)*[\w$]*(?:Error|Exception): ")


def _root_cause(exc: BaseException) -> str:
    """The innermost reason in a Spark error's text (a Java ``Caused by:``, a worker's Python
    error), without its class name; else the first line."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    caused = [line for line in lines if line.startswith("Caused by: ")]
    errors = caused or [line for line in lines if _ERROR_CLASS.match(line)]
    if not errors:
        return lines[0] if lines else type(exc).__name__
    last = errors[-1]
    if last.startswith("ModuleNotFoundError: "):
        return last  # the class is the point
    return _ERROR_CLASS.sub("", last)[:300]


def _job_failure(exc: BaseException) -> str:
    """One line for a failed Spark job: the innermost reason, with a hint where one helps."""
    cause = _root_cause(exc)
    if "No module named 'clearline'" in cause:
        return (
            "the Spark workers' Python cannot import clearline: install clearline (the "
            "driver's version) on every node and set PYSPARK_PYTHON to that Python"
        )
    return f"the Spark job failed: {cause}"


def _reanalyze(
    spark: SparkSession,
    input_path: str,
    fmt: str,
    chosen: ReanalysisSettings,
    registered: Iterable[str],
    registry_lookup: RegistryLookup | None,
    profiles_dir: str | None,
) -> ReanalysisResult:
    from pyspark.sql import functions as sf

    rows, kind, unreadable, incomplete = read_traffic(spark, input_path, fmt)
    if kind == "messages":
        rows = cluster_texts(rows, chosen)
    if registry_lookup is not None:
        rows = rows.localCheckpoint()  # clustered once, read twice
        registered = set(registered) | registry_lookup(_candidate_senders(rows, chosen))
    facts, clusters, senders = profile(rows, registered)
    campaigns = clusters.where(
        (sf.col("unregistered_messages") >= chosen.min_messages)
        & (sf.col("unregistered_senders") >= chosen.min_senders)
        & (sf.col("unregistered_opens") >= chosen.min_open_share * sf.col("unregistered_messages"))
    )
    found: dict[str, CampaignFinding] = {}
    for row in campaigns.collect():
        found[row["cluster"]] = CampaignFinding(
            cluster=row["cluster"],
            messages=int(row["unregistered_messages"]),
            senders=int(row["unregistered_senders"]),
            recipients=int(row["recipients"]),
            open_share=float(row["unregistered_opens"]) / max(1, int(row["unregistered_messages"])),
            optout_rate=float(row["optout_rate"]),
            template="",
        )
    if found:
        # The numbers that sent the campaign's outreach while unregistered: the findings.
        sent = (
            facts.where(
                sf.col("cluster").isin(list(found)) & sf.col("unregistered") & sf.col("open")
            )
            .groupBy("cluster", "sender")
            .agg(sf.max("ts").alias("last_ts"))
        )
        for row in sent.collect():
            found[row["cluster"]].numbers[row["sender"]] = float(row["last_ts"])
        if kind == "messages":
            samples = (
                facts.where(sf.col("cluster").isin(list(found)))
                .groupBy("cluster")
                .agg(sf.min("body").alias("body"))
            )
            for row in samples.collect():
                found[row["cluster"]].template = " ".join(_tokens(row["body"]))
    if profiles_dir is not None:
        try:
            clusters.where("senders >= 2").write.mode("overwrite").json(f"{profiles_dir}/clusters")
            senders.write.mode("overwrite").json(f"{profiles_dir}/senders")
        except Exception as exc:  # Spark's writers raise Py4J errors of many kinds
            raise ReanalysisError(
                f"cannot write the profiles to {profiles_dir}: {_first_line(exc)}"
            ) from None
    return ReanalysisResult(
        kind=kind,
        records=facts.count(),
        clusters=clusters.where("senders >= 2").count(),
        campaigns=sorted(found.values(), key=lambda c: -c.messages),
        unreadable=unreadable,
        incomplete=incomplete.count(),
    )


def write_listings(result: ReanalysisResult, output_path: str) -> int:
    """Write the findings as a ``clearline lists import`` file; returns the numbers written."""
    rows = result.listings()
    data = b"".join(msgspec.json.encode(row) + b"\n" for row in rows)
    # Written beside and renamed over: a failed run never leaves half a findings file.
    target = Path(output_path)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    partial.replace(target)
    return len(rows)
