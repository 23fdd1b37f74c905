"""What a funnel counts: users (the default), or a user's sessions, or (user, property) pairs.

``unit="user"`` counts users. ``unit="session_id"`` (any column, or several) counts each
user's distinct values of that column as separate units: a session funnel when the column
is a session id (GA4's session scope, PostHog's aggregation by session), and Amplitude's
"hold property constant" for any other column (``unit="product_id"``: a user who views one
product and buys another has not converted). Every stage of a unit's chain then comes from
rows with the same value. Rows whose unit column is null belong to no unit: they are left
out and counted (``dropped_null_unit``), the way rows without a user are.

Engines see one key column: the user and the unit columns as text, joined by a separator no
id contains (:data:`SEPARATOR`), so every engine groups, sorts and joins on it as it does on
a user id. :func:`split_units` turns the key back into the columns, for lists of units.

Example:
    >>> unit_columns("session_id", user="user_id", time="timestamp", event="event")
    ('session_id',)
    >>> unit_columns("user", user="user_id", time="timestamp", event="event")
    ()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data.errors import EventLogError

#: joins a unit's parts in its key (the ASCII unit separator: not in user or session ids)
SEPARATOR = "\x1f"


def unit_columns(unit: str | Sequence[str], *, user: str, time: str, event: str) -> tuple[str, ...]:
    """The columns that, with the user, make the unit counted (none for ``unit="user"``).

    Args:
        unit: ``"user"``, or a column (or a list of columns) held constant along a unit's chain.
        user: the log's user column.
        time: the log's time column.
        event: the log's event column.

    Returns:
        The unit's columns besides the user, in the order given, each once.

    Raises:
        EventLogError: (``path="unit"``) when ``unit`` is neither ``"user"`` nor column names,
            or names the time or event column.

    Example:
        >>> unit_columns(["session_id", "product_id"], user="u", time="t", event="e")
        ('session_id', 'product_id')
        >>> unit_columns("t", user="u", time="t", event="e")
        Traceback (most recent call last):
        ...
        journeywidgets.data.errors.EventLogError: unit='t' is the log's time column; a unit is the user ...
    """
    names = [unit] if isinstance(unit, str) else list(unit) if isinstance(unit, Sequence) else None
    if not names or not all(isinstance(name, str) and name for name in names):
        msg = f"unit must be 'user' or a column name (or a list of them) such as 'session_id', got {unit!r}"
        raise EventLogError(msg, path="unit")
    if names in (["user"], [user]):
        return ()
    for name in names:
        if name in {time, event}:
            role = "time" if name == time else "event"
            msg = (
                f"unit={name!r} is the log's {role} column; a unit is the user (unit='user') or a column "
                "held constant along the chain, such as a session id"
            )
            raise EventLogError(msg, path="unit")
    return tuple(name for name in dict.fromkeys(names) if name != user)


def unit_key(user: str, columns: Sequence[str]) -> nw.Expr:
    r"""The expression of a unit's key: the user column itself, or user and ``columns`` as joined text.

    The key is null when the user or any unit column is null (such a row belongs to no unit).

    Args:
        user: the user column.
        columns: the unit's other columns (see :func:`unit_columns`).

    Returns:
        A narwhals expression, not aliased.

    Example:
        >>> import pandas as pd
        >>> frame = nw.from_native(pd.DataFrame({"u": ["a", "a"], "s": ["1", None]}))
        >>> keys = frame.select(unit_key("u", ["s"]).alias("k"))["k"]
        >>> keys[0], keys.is_null().to_list()
        ('a\x1f1', [False, True])
    """
    if not columns:
        return nw.col(user)
    parts: list[nw.Expr] = [nw.col(user).cast(nw.String)]
    for name in columns:
        parts += [nw.lit(SEPARATOR), nw.col(name).cast(nw.String)]
    return nw.concat_str(parts)


def split_units(keys: pd.Series, *, user: str, columns: Sequence[str], schema: Mapping[str, Any]) -> pd.DataFrame:
    r"""Unit keys back as their columns: the user and each unit column (whole numbers as integers).

    Args:
        keys: unit keys (see :func:`unit_key`), or user ids when ``columns`` is empty.
        user: the user column's name.
        columns: the unit's other columns.
        schema: the log's narwhals schema, to give integer columns back as integers.

    Returns:
        One column per part, ``user`` first, aligned with ``keys``.

    Example:
        >>> split_units(pd.Series(["a\x1f7"]), user="u", columns=["s"], schema={"s": nw.Int64()}).to_dict("list")
        {'u': ['a'], 's': [7]}
    """
    if not columns:
        only: pd.DataFrame = pd.DataFrame({user: keys.to_numpy()})
        return only
    names = [user, *columns]
    parts = [key.split(SEPARATOR, len(columns)) for key in keys.astype(str)]
    table: pd.DataFrame = pd.DataFrame({name: [p[i] for p in parts] for i, name in enumerate(names)}, dtype=object)
    for name in names:
        if schema.get(name) is not None and schema[name].is_integer():
            table[name] = pd.to_numeric(table[name]).astype("int64")
    return table


__all__ = ["SEPARATOR", "split_units", "unit_columns", "unit_key"]
