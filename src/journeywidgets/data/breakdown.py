"""Breakdowns: which bucket each user falls in for a ``by=`` column.

Attributions (``metric-semantics.md``): ``entry`` (default) takes the value on
the stage-1 event that anchors the user's best chain (among anchors reaching the
deepest stage, the earliest); ``first_touch`` and ``last_touch`` take the first or
last non-null value in the user's whole log. Null values get their own
``__null__`` bucket; with ``limit``, values beyond the most-entered ``limit`` go
to ``__other__``.

Example:
    >>> ATTRIBUTIONS
    ('entry', 'first_touch', 'last_touch')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import narwhals as nw
import pandas as pd

from journeywidgets.data.chains import ANCHOR_KEY, ChainSpec, depth
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import KEY, USER, EventLog

ATTRIBUTIONS: tuple[str, ...] = ("entry", "first_touch", "last_touch")
NULL_BUCKET, OTHER_BUCKET = "__null__", "__other__"


def by_columns(by: str | Sequence[str] | None) -> tuple[str, ...]:
    """Normalise ``by=`` to a tuple of column names.

    Example:
        >>> by_columns("device"), by_columns(None)
        (('device',), ())
    """
    if by is None:
        return ()
    names = (by,) if isinstance(by, str) else tuple(by)
    if not all(isinstance(name, str) and name for name in names):
        raise FunnelDefinitionError(f"by must be a column name or a list of column names, got {by!r}", path="by")
    return names


def check_attribution(attribution: str) -> None:
    """Raise unless ``attribution`` is one of :data:`ATTRIBUTIONS`.

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
    return nw.when(text.is_in(top[name])).then(text).otherwise(nw.lit(OTHER_BUCKET)).alias(name)


def attribute_entry(
    chains: nw.LazyFrame[Any], spec: ChainSpec, by: Sequence[str], top: dict[str, list[str]] | None
) -> nw.LazyFrame[Any]:
    """Add each ``by`` column to every chain: the value on the anchor of the user's best chain.

    Example:
        >>> isinstance(attribute_entry, object)
        True
    """
    chains = chains.with_columns(depth(spec).alias("_depth"))
    chains = chains.with_columns(nw.col("_depth").max().over(USER).alias("_best_depth"))
    chains = chains.with_columns(
        nw.when(nw.col("_depth") == nw.col("_best_depth")).then(nw.col(ANCHOR_KEY)).alias("_best_candidate")
    )
    chains = chains.with_columns(nw.col("_best_candidate").min().over(USER).alias("_best_anchor"))
    is_best = nw.col(ANCHOR_KEY) == nw.col("_best_anchor")
    chains = chains.with_columns(
        *(nw.when(is_best).then(nw.col(f"a_{name}").cast(nw.String)).alias(f"_b_{name}") for name in by)
    )
    chains = chains.with_columns(*(nw.col(f"_b_{name}").max().over(USER).alias(f"_v_{name}") for name in by))
    chains = chains.with_columns(*(_bucket(nw.col(f"_v_{name}"), top, name) for name in by))
    helpers = ["_depth", "_best_depth", "_best_candidate", "_best_anchor"]
    return chains.drop(*helpers, *(f"{p}_{name}" for name in by for p in ("_b", "_v", "a")))


def attribute_touch(
    chains: nw.LazyFrame[Any],
    log: EventLog,
    by: Sequence[str],
    top: dict[str, list[str]] | None,
    *,
    last: bool,
    since: pd.Timestamp | None,
    events: Sequence[str] | None = None,
) -> nw.LazyFrame[Any]:
    """Add each ``by`` column to every chain: the user's first (or last) non-null value in their log.

    Example:
        >>> isinstance(attribute_touch, object)
        True
    """
    for name in by:
        rows = log.frame(columns=[name], since=since, events=events).filter(~nw.col(name).is_null())
        pick = nw.col(KEY).max() if last else nw.col(KEY).min()
        touch = (
            rows.with_columns(pick.over(USER).alias("_pick"), nw.col(name).cast(nw.String).alias(f"_v_{name}"))
            .filter(nw.col(KEY) == nw.col("_pick"))
            .group_by(USER)
            .agg(nw.col(f"_v_{name}").max())
        )
        chains = chains.join(touch, on=USER, how="left").with_columns(_bucket(nw.col(f"_v_{name}"), top, name))
        chains = chains.drop(f"_v_{name}")
    return chains


def top_values(result: pd.DataFrame, by: Sequence[str], limit: int | None) -> dict[str, list[str]] | None:
    """The ``limit`` most-entered values of each ``by`` column, or None when no column has more.

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
        if len(totals) > limit:
            top[name] = [str(value) for value in totals.index[:limit] if value != OTHER_BUCKET]
    return top or None
