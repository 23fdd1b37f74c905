"""Open funnels (GA4): users may enter at any stage and are counted from there on.

A user is counted at stage ``k`` when some chain starts at a stage ``j <= k`` and
runs in order to ``k``. ``continued[k]`` counts users with a chain through ``k``
to ``k+1``; ``reached[k+1] / reached[k]`` is *not* the completion rate, because
new users enter at ``k+1``. ``first_entry_here[k]`` counts users whose first
funnel event belongs to stage ``k``.

Example:
    >>> from journeywidgets import funnel, sample_events
    >>> result = funnel(sample_events(n_users=300), {"Ad": "ad_click", "Product": "product_view"}, open=True)
    >>> list(result.columns[:4])
    ['stage', 'stage_id', 'stage_index', 'reached']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.breakdown import best_chains, pick_best
from journeywidgets.data.chains import ChainSpec, chain_table, t
from journeywidgets.data.eventlog import EVENT, KEY, TIME, USER, EventLog, _code_expr, _micros

OPEN_COLUMNS: tuple[str, ...] = ("reached", "continued", "abandoned", "completion_rate", "first_entry_here")


def _starting_at(chains: nw.LazyFrame[Any], stages: int, first: int) -> nw.LazyFrame[Any]:
    """Per user, for chains starting at stage ``first``: ``r{k}`` (reached k) and ``c{k}`` (went on from k)."""
    reached = chains.group_by(USER).agg(*(nw.col(t(j)).min() for j in range(first, stages)))
    columns = []
    for j in range(stages):  # 1/0 flags, so every part has the same integer columns
        columns.append(_flag(t(j)).alias(f"r{j}") if j >= first else nw.lit(0, dtype=nw.Int64).alias(f"r{j}"))
        went_on = j >= first and j + 1 < stages
        columns.append(_flag(t(j + 1)).alias(f"c{j}") if went_on else nw.lit(0, dtype=nw.Int64).alias(f"c{j}"))
    return reached.select(nw.col(USER), *columns)


def _flag(column: str) -> nw.Expr:
    return (~nw.col(column).is_null()).cast(nw.Int64)


def open_query(
    log: EventLog,
    spec: ChainSpec,
    buckets: Callable[[nw.LazyFrame[Any]], nw.LazyFrame[Any]] | None,
    by: Sequence[str],
    bounds: tuple[Any, Any],
) -> tuple[nw.LazyFrame[Any], nw.LazyFrame[Any]]:
    """Two queries: per group, ``reached{k}``/``continued{k}``; and per group and stage, first entries.

    ``buckets`` turns each user's funnel chain (see ``breakdown.best_chains``: here the
    best over every starting stage, so attribution means what it means in closed funnels)
    into their breakdown values; None without ``by``.

    Args:
        log: the (segmented) event log.
        spec: the chains' definition (its ``first`` is ignored).
        buckets: what turns each user's chain into their ``by`` values; None without ``by``.
        by: the breakdown columns.
        bounds: the entry date range ``(since, until)``, either end None.

    Returns:
        ``(counts, entry_counts)``: per group, the users who reached (``r{j}``) and
        went on from (``c{j}``) each stage; and per group and ``_entry`` stage, ``n``,
        the users whose first funnel event is there.

    Example:
        >>> raw = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["visit", "buy", "buy"],
        ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:05",
        ...                                                  "2026-01-01 09:00"])})
        >>> spec = ChainSpec(stages=(("visit",), ("buy",)), mode="ordered", window_us=None)
        >>> counts, entries = open_query(EventLog(raw, engine="pandas"), spec, None, [], (None, None))
        >>> row = backend.collect_pandas(counts).iloc[0]  # b enters at Buy: an open funnel counts them there
        >>> [int(row[name]) for name in ("r0", "c0", "r1")]
        [1, 1, 2]
    """
    stages = len(spec.stages)
    tables = open_chain_tables(log, spec, bounds)
    parts = [_starting_at(chains, stages, first) for first, chains in tables]
    users = (
        nw.concat(parts, how="vertical")
        .group_by(USER)
        .agg(*(nw.col(f"{kind}{j}").max() for j in range(stages) for kind in ("r", "c")))
    )
    entries = _first_entries(log, spec, bounds)
    if buckets is not None:
        by_users = buckets(open_best_chains(spec, tables))
        users = users.join(by_users, on=USER, how="left")
        entries = entries.join(by_users, on=USER, how="left")
    stats = [nw.col(f"{kind}{j}").sum().alias(f"{kind}{j}") for j in range(stages) for kind in ("r", "c")]
    counts = users.group_by(*by).agg(*stats) if by else users.select(*stats)
    entry_counts = entries.group_by(*by, "_entry").agg(nw.len().alias("n"))
    return counts, entry_counts


def open_chain_tables(
    log: EventLog, spec: ChainSpec, bounds: tuple[Any, Any], *, all_rows: bool = False
) -> list[tuple[int, nw.LazyFrame[Any]]]:
    """The chains of an open funnel: one table per starting stage, keyed alike (see ``chain_table``).

    Args:
        log: the event log.
        spec: the chains' definition (its ``first`` is ignored).
        bounds: the entry date range.
        all_rows: number keys over every event (to compare them with another all-events frame).

    Returns:
        ``(first stage, chains)`` pairs.

    Example:
        >>> raw = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["visit", "buy", "buy"],
        ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:05",
        ...                                                  "2026-01-01 09:00"])})
        >>> spec = ChainSpec(stages=(("visit",), ("buy",)), mode="ordered", window_us=None)
        >>> tables = open_chain_tables(EventLog(raw, engine="pandas"), spec, (None, None))
        >>> [(first, sorted(backend.collect_pandas(chains)[USER])) for first, chains in tables]  # b starts at Buy
        [(0, ['a']), (1, ['a', 'b'])]
    """
    return [
        (
            first,
            backend.shared(
                chain_table(log, replace(spec, first=first), since=bounds[0], until=bounds[1], all_rows=all_rows)
            ),
        )
        for first in range(len(spec.stages))
    ]


def open_best_chains(spec: ChainSpec, tables: list[tuple[int, nw.LazyFrame[Any]]]) -> nw.LazyFrame[Any]:
    """Each user's funnel chain over every starting stage (see ``breakdown.best_chains``).

    Args:
        spec: the chains' definition.
        tables: the output of :func:`open_chain_tables`.

    Returns:
        One row per user.

    Example:
        >>> raw = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["visit", "buy", "buy"],
        ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:05",
        ...                                                  "2026-01-01 09:00"])})
        >>> spec = ChainSpec(stages=(("visit",), ("buy",)), mode="ordered", window_us=None)
        >>> tables = open_chain_tables(EventLog(raw, engine="pandas"), spec, (None, None))
        >>> best = backend.collect_pandas(open_best_chains(spec, tables)).sort_values(USER)
        >>> best["_reach"].tolist()  # both users' chains end at Buy
        [1, 1]
    """
    candidates = nw.concat(
        [best_chains(chains, replace(spec, first=first)) for first, chains in tables], how="vertical"
    )
    return pick_best(candidates)


def _first_entries(log: EventLog, spec: ChainSpec, bounds: tuple[Any, Any]) -> nw.LazyFrame[Any]:
    """Per user, the stage (lowest, if the event marks several) of their first funnel event."""
    codes: dict[str, int] = {}
    for index, events in reversed(list(enumerate(spec.stages))):
        codes |= dict.fromkeys(events, index)
    rows = log.frame(events=spec.all_events, tie_codes=spec.tie_codes, since=bounds[0])
    rows = rows.with_columns(
        _code_expr(nw.col(EVENT), codes).alias("_stage"), nw.col(KEY).min().over(USER).alias("_first")
    )
    first = rows.filter(nw.col(KEY) == nw.col("_first"))
    if bounds[1] is not None:
        first = first.filter(nw.col(TIME) < _micros(bounds[1]))
    return first.group_by(USER).agg(nw.col("_stage").min().alias("_entry"))


def open_frame(
    counts: pd.DataFrame, entries: pd.DataFrame, names: Sequence[str], ids: Sequence[str], by: Sequence[str]
) -> pd.DataFrame:
    """The long result of an open funnel: one row per stage (per group).

    Args:
        counts: the collected first query of :func:`open_query`.
        entries: the collected second one.
        names: the stage names, in order.
        ids: the stage ids, in order.
        by: the breakdown columns.

    Returns:
        One row per (group, stage): the ``by`` columns, ``stage``, ``stage_id``,
        ``stage_index``, ``reached``, ``continued`` and ``abandoned`` (``Int64``,
        missing at the last stage), ``completion_rate`` (NaN where undefined) and
        ``first_entry_here``, sorted by group when ``by`` is given.

    Example:
        >>> counts = pd.DataFrame({"r0": [5], "c0": [2], "r1": [4], "c1": [0]})
        >>> entries = pd.DataFrame({"_entry": [0, 1], "n": [5, 2]})
        >>> open_frame(counts, entries, ["A", "B"], ["a", "b"], [])["first_entry_here"].tolist()
        [5, 2]
    """
    rows = []
    for _, group in counts.iterrows():
        mine = entries
        for name in by:
            mine = mine[mine[name] == group[name]]
        first_here = dict(zip(mine["_entry"].astype(int), mine["n"].astype(int), strict=True))
        for j, (name, stage_id) in enumerate(zip(names, ids, strict=True)):
            reached = int(group[f"r{j}"])
            last = j == len(names) - 1  # nothing to continue to: continued and abandoned are undefined
            continued = None if last else int(group[f"c{j}"])
            row: dict[str, Any] = {col: group[col] for col in by}
            row |= {"stage": name, "stage_id": stage_id, "stage_index": j, "reached": reached, "continued": continued}
            row["abandoned"] = None if continued is None else reached - continued
            row["completion_rate"] = continued / reached if reached and continued is not None else None
            row["first_entry_here"] = first_here.get(j, 0)
            rows.append(row)
    frame: pd.DataFrame = pd.DataFrame(rows, columns=[*by, "stage", "stage_id", "stage_index", *OPEN_COLUMNS])
    for column in ("continued", "abandoned"):
        frame[column] = frame[column].astype("Int64")
    frame["completion_rate"] = pd.to_numeric(frame["completion_rate"], errors="coerce").astype("float64")
    if by:
        frame = frame.sort_values([*by, "stage_index"], kind="stable").reset_index(drop=True)
    return frame
