"""Breakdowns: which bucket each user falls in for a ``by=`` column.

Attributions (``metric-semantics.md``), the same in closed and open funnels: each
user's *funnel chain* is the one reaching the furthest stage, completing it
earliest, and of those the latest anchor (:func:`best_chains`). ``entry``
(default) takes the value on that chain's anchor event; ``first_touch`` and
``last_touch`` take the first or last non-null value among the user's funnel-step
events up to the furthest stage reached. Null values get their own ``__null__``
bucket, kept under a limit; with ``limit``, values beyond the most-entered
``limit`` go to ``__other__``.

Example:
    >>> ATTRIBUTIONS
    ('entry', 'first_touch', 'last_touch')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal, get_args

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data.chain_reads import required_depth
from journeywidgets.data.chains import ANCHOR_KEY, ChainSpec, k
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import KEY, USER

Attribution = Literal["entry", "first_touch", "last_touch"]
ATTRIBUTIONS: tuple[str, ...] = get_args(Attribution)
NULL_BUCKET, OTHER_BUCKET = "__null__", "__other__"


def by_columns(by: str | Sequence[str] | None) -> tuple[str, ...]:
    """Normalise ``by=`` to a tuple of column names.

    Args:
        by: a column name, a sequence of column names, or None.

    Returns:
        The column names; ``()`` for None.

    Raises:
        FunnelDefinitionError: naming ``by`` when it is neither a name nor a non-empty
            sequence of non-empty names.

    Example:
        >>> by_columns("device"), by_columns(None)
        (('device',), ())
    """
    if by is None:
        return ()
    if isinstance(by, str):
        names: tuple[Any, ...] = (by,)
    elif isinstance(by, Sequence):
        names = tuple(by)
    else:
        raise FunnelDefinitionError(f"by must be a column name or a list of column names, got {by!r}", path="by")
    if not names or not all(isinstance(name, str) and name for name in names):
        raise FunnelDefinitionError(f"by must be a column name or a list of column names, got {by!r}", path="by")
    return names


def check_attribution(attribution: str) -> None:
    """Raise unless ``attribution`` is one of :data:`ATTRIBUTIONS`.

    Args:
        attribution: the ``attribution=`` option.

    Raises:
        FunnelDefinitionError: naming ``attribution``.

    Example:
        >>> check_attribution("entry")
    """
    if attribution not in ATTRIBUTIONS:
        msg = f"attribution must be one of {', '.join(map(repr, ATTRIBUTIONS))}, got {attribution!r}"
        raise FunnelDefinitionError(msg, path="attribution")


def _bucket(column: nw.Expr, top: dict[str, list[str]] | None, name: str) -> nw.Expr:
    text = column.cast(nw.String).fill_null(NULL_BUCKET)
    if top is None or name not in top:
        return text.alias(name)
    kept = text.is_in(top[name]) | (text == NULL_BUCKET)  # null keeps its own bucket under a limit
    return nw.when(kept).then(text).otherwise(nw.lit(OTHER_BUCKET)).alias(name)


def _pick(frame: nw.LazyFrame[Any], column: str, *, largest: bool) -> nw.LazyFrame[Any]:
    """Keep each user's rows where ``column`` is their largest (or smallest) value (a join: no text aggregation)."""
    best = nw.col(column).max() if largest else nw.col(column).min()
    target = frame.group_by(USER).agg(best.alias("_pick"))
    return frame.join(target, on=USER, how="inner").filter(nw.col(column) == nw.col("_pick")).drop("_pick")


def best_chains(chains: nw.LazyFrame[Any], spec: ChainSpec) -> nw.LazyFrame[Any]:
    """Each user's funnel chain: the one reaching the furthest stage, completing it earliest, latest anchor.

    That is the chain whose time to convert is reported at the user's deepest stage
    (PostHog's path: the most recent entry before the furthest step), so a breakdown's
    bucket and its times come from the same chain. Returns one row per user: the user,
    ``a_key``, ``_reach`` (the furthest stage's position), ``_last`` (its event's key)
    and the columns carried from the anchor (``a_<name>``).

    Args:
        chains: chains from :func:`~journeywidgets.data.chains.chain_table` starting at ``spec.first``.
        spec: what the chains follow.

    Returns:
        One row per user with a chain.

    Example:
        >>> from journeywidgets.data import backend
        >>> from journeywidgets.data.chains import chain_table
        >>> from journeywidgets.data.eventlog import EventLog
        >>> import pandas as pd
        >>> raw = pd.DataFrame({"user_id": ["a", "a", "a", "b"], "event": ["visit", "visit", "buy", "visit"],
        ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:02",
        ...                                                  "2026-01-01 10:05", "2026-01-01 09:00"])})
        >>> spec = ChainSpec(stages=(("visit",), ("buy",)), mode="ordered", window_us=None)
        >>> chains = chain_table(EventLog(raw, engine="pandas"), spec, since=None, until=None)
        >>> best = backend.collect_pandas(best_chains(chains, spec)).sort_values(USER)
        >>> best["_reach"].tolist()  # a reached Buy (stage position 1), b only Visit
        [1, 0]
    """
    keys = [nw.col(k(j)) for j in range(spec.first, len(spec.stages))]
    ranked = chains.with_columns(
        (required_depth(spec) + (spec.first - 1)).alias("_reach"), nw.max_horizontal(*keys).alias("_last")
    )
    ranked = ranked.select(
        nw.col(USER), nw.col(ANCHOR_KEY), nw.col("_reach"), nw.col("_last"), *(nw.col(f"a_{c}") for c in spec.carry)
    )
    return pick_best(ranked)


def pick_best(ranked: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """Of rows with ``_reach``, ``_last`` and ``a_key``, each user's furthest, earliest-completing, latest-anchored.

    Args:
        ranked: candidate chains (several per user), e.g. the best chains of an open funnel's starting stages.

    Returns:
        One row per user.

    Example:
        >>> from journeywidgets.data import backend
        >>> ranked = nw.from_native(pd.DataFrame({USER: ["a", "a", "a", "b"], "_reach": [1, 1, 0, 0],
        ...                                       "_last": [5, 5, 3, 2], ANCHOR_KEY: [1, 2, 3, 1]})).lazy()
        >>> best = backend.collect_pandas(pick_best(ranked)).sort_values(USER)
        >>> best[[USER, ANCHOR_KEY]].values.tolist()  # a: furthest (1), then earliest (5), then latest anchor
        [['a', 2], ['b', 1]]
    """
    return _pick(_pick(_pick(ranked, "_reach", largest=True), "_last", largest=False), ANCHOR_KEY, largest=True)


def user_buckets(
    best: nw.LazyFrame[Any],
    touch_rows: Callable[[str], nw.LazyFrame[Any]],
    by: Sequence[str],
    top: dict[str, list[str]] | None,
    attribution: str,
) -> nw.LazyFrame[Any]:
    """Each user's bucket for every ``by`` column, from their best chain (see :func:`best_chains`).

    ``entry`` reads the value on that chain's anchor; ``first_touch`` / ``last_touch``
    the first / last non-null value among the user's funnel-step events up to the
    furthest stage reached (``touch_rows(name)`` gives those events with the column,
    keyed like the chains), never unrelated events or events after it.

    Args:
        best: the output of :func:`best_chains`.
        touch_rows: the user's funnel-step events (user, key, the column), for one column.
        by: the breakdown columns.
        top: the values kept per column (the rest go to ``__other__``), or None.
        attribution: ``"entry"``, ``"first_touch"`` or ``"last_touch"``.

    Returns:
        One row per user: the user and one bucket column per ``by`` column.

    Example:
        >>> from journeywidgets.data import backend
        >>> best = nw.from_native(pd.DataFrame({USER: ["a", "b"], "_last": [2, 1], "a_device": [None, "desk"]})).lazy()
        >>> touches = nw.from_native(pd.DataFrame({USER: ["a", "a", "a", "b"], KEY: [1, 2, 3, 1],
        ...                                        "device": ["tablet", "phone", "desk", None]})).lazy()
        >>> def buckets(attribution):
        ...     users = user_buckets(best, lambda name: touches, ["device"], None, attribution)
        ...     return backend.collect_pandas(users).sort_values(USER)["device"].tolist()
        >>> buckets("entry")  # the anchor's value; a's is null
        ['__null__', 'desk']
        >>> buckets("first_touch"), buckets("last_touch")  # a's "desk" (key 3) comes after its chain's last step
        (['tablet', '__null__'], ['phone', '__null__'])
    """
    users = best.select(nw.col(USER), *(nw.col(f"a_{name}") for name in by if attribution == "entry"))
    if attribution == "entry":
        return users.select(nw.col(USER), *(_bucket(nw.col(f"a_{name}"), top, name) for name in by))
    limits = best.select(nw.col(USER), nw.col("_last"))
    for name in by:
        rows = touch_rows(name).filter(~nw.col(name).is_null()).join(limits, on=USER, how="inner")
        rows = rows.filter(nw.col(KEY) <= nw.col("_last")).select(nw.col(USER), nw.col(KEY), nw.col(name).alias("_v"))
        chosen = _pick(rows, KEY, largest=attribution == "last_touch").select(nw.col(USER), nw.col("_v"))
        users = users.join(chosen, on=USER, how="left").with_columns(_bucket(nw.col("_v"), top, name)).drop("_v")
    return users


def top_values(result: pd.DataFrame, by: Sequence[str], limit: int | None) -> dict[str, list[str]] | None:
    """The ``limit`` most-entered values of each ``by`` column, or None when no column has more.

    Args:
        result: the broken-down funnel, with ``stage_index``, ``reached`` and the ``by`` columns.
        by: the breakdown columns.
        limit: how many values to keep per column; None keeps all.

    Returns:
        ``{column: values}`` for the columns with more than ``limit`` values (their
        null and other buckets not counted), most entered first; None when ``limit``
        is None or no column has more.

    Example:
        >>> frame = pd.DataFrame({"device": ["a", "b", "c"], "stage_index": [0, 0, 0], "reached": [5, 9, 1]})
        >>> top_values(frame, ["device"], 2)
        {'device': ['b', 'a']}
    """
    if limit is None:
        return None
    entered = result[result["stage_index"] == 0]
    top = {}
    for name in by:
        totals = entered.groupby(name)["reached"].sum().sort_values(ascending=False, kind="stable")
        totals = totals[~totals.index.isin([NULL_BUCKET, OTHER_BUCKET])]  # null keeps its own bucket
        if len(totals) > limit:
            top[name] = [str(value) for value in totals.index[:limit]]
    return top or None
