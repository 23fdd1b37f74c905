"""Any-order chains: after a stage-1 anchor, the other stages in any order, each by its own event row.

A chain anchored at a stage-1 event reaches stage ``k`` when the stages after the
anchor up to ``k`` can each be given a *different* event row of theirs, at or after
the anchor and inside the window (``metric-semantics.md``: one row satisfies at most
one stage of one chain). When stages share events this is a matching problem: a
greedy "earliest row per stage" can use one row twice, or miss an assignment that
exists. By Hall's theorem, stages ``T`` can be matched to rows seen up to time ``τ``
iff every subset ``S`` of ``T`` has at least ``|S|`` rows among the events of
``S``; a subset that splits into stages with no event in common follows from its
parts, so only the *connected* subsets (stages linked by shared events) need a
check. Stages ``first+1..k`` are all matched at the earliest instant where every
connected subset ``S`` of them has its ``|S|``-th row: the ``|S|``-th earliest row
among the events of ``S``. That instant is when the chain *completes* stage ``k``;
it never decreases with ``k``, so the time from the previous stage is never
negative.

When no two stages share an event (the usual journey), every connected subset is a
single stage and this is the earliest row of each stage, as before. Each rank is a
join and a group-by in the user's engine, like the ordered chains.

Example:
    >>> connected_subsets([("b", "x"), ("x",), ("c",)])
    [(0,), (0, 1), (1,), (2,)]
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import Any

import narwhals.stable.v2 as nw

from journeywidgets.data.errors import FunnelDefinitionError

#: more connected groups of overlapping stages than this make an any-order funnel refuse its stages
MAX_CONNECTED_SUBSETS = 512


def connected_subsets(stages: Sequence[Sequence[str]]) -> list[tuple[int, ...]]:
    """Every set of stage positions connected through shared events (each as a sorted tuple).

    Args:
        stages: the event names of each stage, in order.

    Returns:
        The connected subsets, sorted; singletons always included.

    Raises:
        FunnelDefinitionError: when the stages overlap so much that there are more than
            :data:`MAX_CONNECTED_SUBSETS` of them.

    Example:
        >>> connected_subsets([("a",), ("b",)])
        [(0,), (1,)]
    """
    events = [set(names) for names in stages]
    neighbours = {i: {j for j in range(len(stages)) if j != i and events[i] & events[j]} for i in range(len(stages))}
    found: set[frozenset[int]] = set()
    frontier = [frozenset({i}) for i in range(len(stages))]
    while frontier:
        subset = frontier.pop()
        if subset in found:
            continue
        found.add(subset)
        if len(found) > MAX_CONNECTED_SUBSETS:
            msg = (
                f"these any_order stages share events in too many ways (over {MAX_CONNECTED_SUBSETS} groups): "
                "give stages fewer events in common, or use mode='ordered'"
            )
            raise FunnelDefinitionError(msg, path="stages")
        for member in subset:
            frontier.extend(subset | {other} for other in neighbours[member] - subset)
    return sorted(tuple(sorted(subset)) for subset in found)


def any_order_chains(
    anchors: nw.LazyFrame[Any],
    rows: nw.LazyFrame[Any],
    stages: Sequence[Sequence[str]],
    *,
    first: int,
    window_us: int | None,
    names: dict[str, str],
) -> nw.LazyFrame[Any]:
    """Add the key and time at which each chain completes each stage after ``first``.

    Args:
        anchors: one row per chain, with the user, the anchor's key and time, and any carried columns.
        rows: the user's stage events (user, key, time, event).
        stages: every stage's event names.
        first: the stage the anchors belong to.
        window_us: the window from the anchor, inclusive, or None.
        names: the column names to use: ``user``, ``anchor_key``, ``anchor_time``, ``key``, ``time``,
            ``event``, and the ``k``/``t`` prefixes of the per-stage key and time columns.

    Returns:
        ``anchors`` with ``k{j}``/``t{j}`` for every stage ``j > first`` (null where not reached).

    Example:
        >>> import pandas as pd
        >>> from journeywidgets.data import backend
        >>> names = {"user": "u", "anchor_key": "ak", "anchor_time": "at", "key": "key", "time": "time",
        ...          "event": "event", "k": "k", "t": "t"}
        >>> anchors = nw.from_native(pd.DataFrame({"u": ["a"], "ak": [1], "at": [0]})).lazy()
        >>> rows = nw.from_native(pd.DataFrame({"u": ["a", "a", "a"], "key": [1, 2, 3], "time": [0, 10, 20],
        ...                                     "event": ["visit", "x", "x"]})).lazy()
        >>> stages = [("visit",), ("x",), ("x",)]
        >>> chains = any_order_chains(anchors, rows, stages, first=0, window_us=None, names=names)
        >>> backend.collect_pandas(chains)[["k1", "t1", "k2", "t2"]].values.tolist()  # each x stage, its own row
        [[2, 10, 3, 20]]
        >>> chains = any_order_chains(anchors, rows, stages, first=0, window_us=15, names=names)
        >>> backend.collect_pandas(chains)["k2"].isna().tolist()  # the second x (at 20) is outside the window
        [True]
    """
    later = list(range(first + 1, len(stages)))
    subsets = [tuple(later[i] for i in subset) for subset in connected_subsets([stages[j] for j in later])]
    unions: dict[tuple[str, ...], int] = {}
    for subset in subsets:
        union = tuple(sorted({name for j in subset for name in stages[j]}))
        unions[union] = max(unions.get(union, 0), len(subset))
    chains = anchors
    union_ids = {union: index for index, union in enumerate(unions)}
    for union, ranks in unions.items():
        chains = _ranked_rows(chains, rows, union, ranks, union_ids[union], window_us=window_us, names=names)
    rank_columns = []
    for j in later:
        needed = [s for s in subsets if max(s) <= j]
        keys = [nw.col(_rank(union_ids[_union(s, stages)], len(s), "k")) for s in needed]
        times = [nw.col(_rank(union_ids[_union(s, stages)], len(s), "t")) for s in needed]
        complete = functools.reduce(operator.and_, (~key.is_null() for key in keys))
        chains = chains.with_columns(
            nw.when(complete).then(_row_max(keys)).alias(f"{names['k']}{j}"),
            nw.when(complete).then(_row_max(times)).alias(f"{names['t']}{j}"),
        )
    for union, ranks in unions.items():
        for rank in range(1, ranks + 1):
            rank_columns += [_rank(union_ids[union], rank, "k"), _rank(union_ids[union], rank, "t")]
    return chains.drop(*rank_columns)


def _row_max(columns: list[nw.Expr]) -> nw.Expr:
    """The largest of non-null columns, row by row (nested when: Dask cannot align max_horizontal here)."""
    largest = columns[0]
    for column in columns[1:]:
        largest = nw.when(column > largest).then(column).otherwise(largest)
    return largest


def _union(subset: tuple[int, ...], stages: Sequence[Sequence[str]]) -> tuple[str, ...]:
    return tuple(sorted({name for j in subset for name in stages[j]}))


def _rank(union: int, rank: int, kind: str) -> str:
    return f"_u{union}_{kind}{rank}"


def _ranked_rows(
    chains: nw.LazyFrame[Any],
    rows: nw.LazyFrame[Any],
    union: tuple[str, ...],
    ranks: int,
    union_id: int,
    *,
    window_us: int | None,
    names: dict[str, str],
) -> nw.LazyFrame[Any]:
    """Add the key and time of the 1st..``ranks``-th row of ``union``'s events in each chain's window."""
    user, anchor_key, anchor_time = names["user"], names["anchor_key"], names["anchor_time"]
    candidates = rows.filter(nw.col(names["event"]).is_in(list(union))).select(
        nw.col(user), nw.col(names["key"]).alias("_rk"), nw.col(names["time"]).alias("_rt")
    )
    usable = (nw.col("_rt") >= nw.col(anchor_time)) & (nw.col("_rk") != nw.col(anchor_key))
    if window_us is not None:
        usable = usable & (nw.col("_rt") <= nw.col(anchor_time) + window_us)
    for rank in range(1, ranks + 1):
        carried = [name for name in chains.collect_schema().names() if name not in {user, anchor_key}]
        condition = usable if rank == 1 else usable & (nw.col("_rk") > nw.col(_rank(union_id, rank - 1, "k")))
        chains = (
            chains.join(candidates, on=user, how="left")
            .with_columns(
                nw.when(condition).then(nw.col("_rk")).alias("_mk"), nw.when(condition).then(nw.col("_rt")).alias("_mt")
            )
            .group_by(user, anchor_key)
            .agg(
                *(nw.col(name).min() for name in carried),
                nw.col("_mk").min().alias(_rank(union_id, rank, "k")),
                nw.col("_mt").min().alias(_rank(union_id, rank, "t")),
            )
        )
    return chains
