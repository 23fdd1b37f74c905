"""Cohorts: the users behind a funnel stage, ready to hand to a CRM or an email tool.

``users(data, journey, stage, status=...)`` lists the users the funnel counts at a
stage, under the funnel's own options (mode, window, open or closed, date range, tie
policy, segment), so ``len(users(..., stage, "reached")) == funnel(...)["reached"]``
at that stage on every engine.

- ``"reached"``: the users counted at the stage (the funnel's ``reached``).
- ``"converted"``: those who also went on to the next stage: in a closed funnel, those
  counted at the next stage (with optional stages, the next required one, on the same
  chain); in an open funnel, those with a chain through this stage to the next (the open
  funnel's ``continued``). At the last (required) stage there is no next stage, and
  ``"converted"`` is the same as ``"reached"``.
- ``"abandoned"``: reached and not converted (the funnel's ``dropoff`` of the next
  stage, or the open funnel's ``abandoned``); empty at the last stage.

So ``reached = converted + abandoned`` at every stage.

Each row is one user:

- the user id, under the log's user column name;
- ``entry_time``: when the chain that brought the user to this stage started (its
  stage-1 event; in an open funnel, the event of the stage it started at);
- ``stage_time``: when the user reached this stage: the earliest completion of the stage
  over the user's chains, the instant the funnel's time to convert measures to. Of the
  chains completing it at that instant, the latest anchor (the shortest path) gives
  ``entry_time``, so ``stage_time - entry_time`` is the user's ``ttc_first`` and their
  median is the funnel's ``ttc_first_median_s``;
- ``depth``: the 1-based position of the furthest stage the user reached (1 = the first
  stage), over all their chains: the stage where their funnel chain ends (skipped
  optional stages before it included).

Times are timestamps in the log's zone (``EventLog.zone``). The result is a dataframe of
the input's kind: pandas for pandas, polars for polars (a ``LazyFrame`` for a
``LazyFrame``), a pyarrow ``Table`` for pyarrow, a DuckDB relation for DuckDB, Dask for
Dask; other engines (PySpark, Ibis) give pandas. Rows are ordered by ``stage_time``,
then user.

Example:
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["visit", "buy", "visit"],
    ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:05", "2026-01-01 09:00"])})
    >>> users(raw, {"Visit": "visit", "Buy": "buy"}, "Visit", "abandoned")["user_id"].tolist()
    ['b']
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal, get_args

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.chain_reads import depth
from journeywidgets.data.chains import ANCHOR_KEY, ANCHOR_TIME, chain_table, k, t
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import USER
from journeywidgets.data.open import open_chain_tables
from journeywidgets.data.optional_steps import next_required
from journeywidgets.data.request import FunnelRequest, funnel_request
from journeywidgets.data.stages import stage_position
from journeywidgets.data.trend import display_zone
from journeywidgets.data.units import split_units
from journeywidgets.model.journey import Journey

Status = Literal["reached", "converted", "abandoned"]
STATUSES: tuple[str, ...] = get_args(Status)
#: internal columns of :func:`stage_members`
ENTRY, AT, AT_KEY, CONVERTED, DEPTH = "_entry_us", "_at_us", "_at_key", "_converted", "_depth"
USER_COLUMNS: tuple[str, ...] = ("entry_time", "stage_time", "depth")


def check_status(status: str) -> None:
    """Raise unless ``status`` is one of :data:`STATUSES`.

    Args:
        status: the ``status=`` option.

    Raises:
        FunnelDefinitionError: naming ``status`` (with a did-you-mean hint).

    Example:
        >>> check_status("abandoned")
    """
    if status not in STATUSES:
        close = difflib.get_close_matches(str(status), STATUSES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        msg = f"status must be one of {', '.join(map(repr, STATUSES))}, got {status!r}{hint}"
        raise FunnelDefinitionError(msg, path="status")


ChainTables = list[tuple[int, nw.LazyFrame[Any]]]


def chain_tables(request: FunnelRequest, *, all_rows: bool = False) -> ChainTables:
    """``(first stage, chains)`` pairs: one table for a closed funnel, one per starting stage for an open one.

    Args:
        request: the checked funnel request.
        all_rows: number the keys over all the user's events (see :func:`stage_members`).

    Returns:
        The chain tables, to hand to :func:`stage_members` for several stages of one funnel.

    Example:
        >>> from journeywidgets import sample_events
        >>> [first for first, _ in chain_tables(funnel_request(sample_events(n_users=30), {"Ad": "ad_click"}))]
        [0]
    """
    log, spec = request.segmented_log(), request.spec()
    if request.open:
        return open_chain_tables(log, spec, request.bounds, all_rows=all_rows)
    since, until = request.bounds
    return [(0, backend.shared(chain_table(log, spec, since=since, until=until, all_rows=all_rows)))]


def stage_members(
    request: FunnelRequest, index: int, *, all_rows: bool = False, tables: ChainTables | None = None
) -> nw.LazyFrame[Any]:
    """One row per user the funnel counts at stage ``index``, as a lazy frame in the log's engine.

    Columns: the internal user column, ``_entry_us`` and ``_at_us`` (entry and stage
    times in µs since the epoch, UTC; see the module's docstring), ``_converted`` (1 when
    the user went on to the next stage, always 1 at the last stage), ``_depth``
    (1-based position of the furthest stage reached) and ``_at_key`` (the sort key of
    the event that reached the stage; see ``EventLog.frame``).

    Args:
        request: the checked funnel request.
        index: the stage's 0-based position.
        all_rows: number the keys over all the user's events (since the date range's
            start), so ``_at_key`` compares with the keys of an all-events frame.
        tables: the funnel's :func:`chain_tables` (made with the same ``all_rows``), when
            several stages read them; made here otherwise.

    Returns:
        The users at the stage.

    Example:
        >>> from journeywidgets import sample_events
        >>> request = funnel_request(sample_events(n_users=40, seed=2), {"Ad": "ad_click", "Land": "landing_view"})
        >>> sorted(stage_members(request, 1).collect_schema().names())
        ['__jw_user', '_at_key', '_at_us', '_converted', '_depth', '_entry_us']
    """
    stages = len(request.stages)
    spec = request.spec()
    tables = chain_tables(request, all_rows=all_rows) if tables is None else tables
    candidates, reach = [], []
    for first, chains in tables:
        reach.append(chains.select(nw.col(USER), (depth(replace(spec, first=first)) + first).alias(DEPTH)))
        if first > index:
            continue
        following = next_required(index, stages, spec.optional)  # the next stage, or the next required one
        went_on = nw.lit(1, nw.Int64) if following is None else (~nw.col(k(following)).is_null()).cast(nw.Int64)
        candidates.append(
            chains.filter(~nw.col(k(index)).is_null()).select(
                nw.col(USER),
                nw.col(ANCHOR_KEY),
                nw.col(ANCHOR_TIME),
                nw.col(k(index)).alias("_sk"),
                nw.col(t(index)).alias(AT),
                went_on.alias(CONVERTED),
            )
        )
    reached = backend.shared(nw.concat(candidates, how="vertical"))
    # the chain completing the stage earliest, and of those the latest anchor (the funnel's time-to-convert chain)
    earliest = reached.group_by(USER).agg(nw.col("_sk").min().alias("_best"))
    chosen = reached.join(earliest, on=USER, how="inner").filter(nw.col("_sk") == nw.col("_best"))
    latest = chosen.group_by(USER).agg(nw.col(ANCHOR_KEY).max().alias("_anchor"))
    chosen = chosen.join(latest, on=USER, how="inner").filter(nw.col(ANCHOR_KEY) == nw.col("_anchor"))
    chosen = chosen.group_by(USER).agg(
        nw.col(ANCHOR_TIME).min().alias(ENTRY), nw.col(AT).min(), nw.col("_sk").min().alias(AT_KEY)
    )
    converted = reached.group_by(USER).agg(nw.col(CONVERTED).max())
    deepest = nw.concat(reach, how="vertical").group_by(USER).agg(nw.col(DEPTH).max())
    return chosen.join(converted, on=USER, how="inner").join(deepest, on=USER, how="inner")


def _times(frame: nw.DataFrame[Any], names: Sequence[str], zone: str) -> nw.DataFrame[Any]:
    """Integer µs columns as timestamps in ``zone``."""
    return frame.with_columns(
        *(nw.col(name).cast(nw.Datetime("us")).dt.replace_time_zone("UTC").dt.convert_time_zone(zone) for name in names)
    )


def like_input(table: pd.DataFrame, data: Any, *, times: Sequence[str] = (), zone: str = "UTC") -> Any:
    """A small pandas result as a dataframe of ``data``'s kind, its integer µs ``times`` as timestamps in ``zone``.

    pandas, polars (eager or lazy), pyarrow, DuckDB and Dask inputs get their own kind
    back; others (PySpark, Ibis) get pandas.

    Args:
        table: the result, with times as integer microseconds since the epoch (UTC).
        data: the input (a native dataframe).
        times: the columns holding times.
        zone: the zone the times are shown in.

    Returns:
        The native dataframe.

    Example:
        >>> table = pd.DataFrame({"user_id": ["a"], "stage_time": [0]})
        >>> str(like_input(table, table, times=["stage_time"])["stage_time"].iloc[0])
        '1970-01-01 00:00:00+00:00'
    """
    native = backend._from_native(data)  # noqa: SLF001 - the one place that reads any native frame quietly
    implementation = native.implementation
    columns = {name: table[name].tolist() for name in table.columns}
    schema = {name: nw.Int64() for name in times}
    if implementation.is_polars():
        eager = _times(nw.from_dict(columns, backend="polars"), times, zone)
        return eager.to_native().lazy() if isinstance(native, nw.LazyFrame) else eager.to_native()
    if implementation.is_pyarrow():
        return _times(nw.from_dict(columns, backend="pyarrow"), times, zone).to_native()
    frame = _times(nw.from_native(table.astype(dict.fromkeys(schema, "int64")), eager_only=True), times, zone)
    if implementation.is_duckdb() or implementation.is_dask():
        with warnings.catch_warnings():  # narwhals' notice that Dask support moves to a package of its own
            warnings.filterwarnings("ignore", message="Dask support is moving", category=FutureWarning)
            return frame.lazy(backend=implementation).to_native()
    return frame.to_native()


def users(
    data: Any,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    stage: str | int,
    status: Status = "reached",
    **options: Any,
) -> Any:
    """The users at a funnel stage: those who reached it, went on from it, or abandoned it.

    Under the funnel's options (``mode``, ``window``, ``open``, ``segment``,
    ``date_range``, ``tie_policy`` and the log's ``user``, ``time``, ``event``, ``tz``,
    ``order``, ``engine``), so ``len(users(..., "reached"))`` is the funnel's ``reached``
    at that stage. See the module docstring for the columns and their meaning.

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        stages: a :class:`Journey` or ``{stage: event or [events]}``.
        stage: a stage id, name, or 0-based position (the funnel's ``stage_index``).
        status: ``"reached"``, ``"converted"`` (went on to the next stage; at the last
            stage, everyone who reached it) or ``"abandoned"`` (reached, not converted).
        **options: the options of :func:`~journeywidgets.funnel`.

    Returns:
        One row per user: the user id (the log's user column), ``entry_time``,
        ``stage_time`` and ``depth``; a dataframe of the input's kind.

    Raises:
        FunnelDefinitionError: naming ``stage`` or ``status`` when they are not valid,
            or ``by`` (a cohort is not broken down).
        EventLogError: (or a subclass) for the log and the funnel's options, as in ``funnel``.

    Example:
        >>> import pandas as pd
        >>> raw = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["visit", "buy", "visit"],
        ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:05",
        ...                                                  "2026-01-01 09:00"])})
        >>> table = users(raw, {"Visit": "visit", "Buy": "buy"}, "Buy")
        >>> table["user_id"].tolist(), str(table["stage_time"].iloc[0]), int(table["depth"].iloc[0])
        (['a'], '2026-01-01 10:05:00+00:00', 2)
    """
    check_status(status)
    if options.get("by") is not None:
        raise FunnelDefinitionError("users() lists one cohort; filter it with segment=, not by=", path="by")
    request = funnel_request(data, stages, **options)
    index = stage_position(request.stages, stage)
    members = stage_members(request, index)
    if status == "converted":
        members = members.filter(nw.col(CONVERTED) == 1)
    elif status == "abandoned":
        members = members.filter(nw.col(CONVERTED) == 0)
    table = backend.collect_pandas(members.select(nw.col(USER), nw.col(ENTRY), nw.col(AT), nw.col(DEPTH)))
    table = table.sort_values([AT, USER], kind="stable").reset_index(drop=True)
    log = request.log
    ids = split_units(table[USER], user=log.user, columns=log.unit_columns, schema=log.schema)
    table = pd.DataFrame(
        {
            **{name: ids[name] for name in ids.columns},
            "entry_time": table[ENTRY].astype("int64"),
            "stage_time": table[AT].astype("int64"),
            "depth": table[DEPTH].astype("int64"),
        }
    )
    return like_input(table, log.data, times=["entry_time", "stage_time"], zone=display_zone(log))


__all__ = ["STATUSES", "ChainTables", "Status", "chain_tables", "stage_members", "users"]
