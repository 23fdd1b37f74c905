"""Small hand-made event logs for funnel tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tests.unit.data.reference import Row

T0 = pd.Timestamp("2026-03-01 09:00:00", tz="UTC")


def log(*rows: tuple[Any, ...], **extra_columns: Sequence[Any]) -> pd.DataFrame:
    """Rows of (user, seconds after T0, event); ``None`` seconds means a null timestamp."""
    users = [r[0] for r in rows]
    stamps = [None if r[1] is None else T0 + pd.Timedelta(seconds=r[1]) for r in rows]
    frame = pd.DataFrame(
        {
            "user_id": pd.Series(users, dtype=object),
            "timestamp": pd.Series(stamps, dtype="datetime64[us, UTC]"),
            "event": [r[2] for r in rows],
        }
    )
    for name, values in extra_columns.items():
        frame[name] = list(values)
    return frame


def random_log(
    seed: int,
    *,
    users: int = 40,
    events: Sequence[str] = ("a", "b", "c", "x"),
    slots: int = 12,
    step: int = 30,
    fewest: int = 2,
    most: int = 9,
) -> pd.DataFrame:
    """A seeded log full of ties: each user has ``fewest`` to ``most - 1`` events on a grid of ``slots`` times
    ``step`` seconds apart, their names drawn from ``events``."""
    rng = np.random.default_rng(seed)
    rows = [
        (f"u{user}", int(rng.integers(0, slots)) * step, str(rng.choice(list(events))))
        for user in range(users)
        for _ in range(rng.integers(fewest, most))
    ]
    return log(*rows)


def reference_rows(frame: pd.DataFrame) -> list[Row]:
    micros = (frame["timestamp"] - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta(microseconds=1)
    return [
        Row(None if pd.isna(u) else str(u), None if pd.isna(t) else int(t), str(e), i)
        for i, (u, t, e) in enumerate(zip(frame["user_id"], micros, frame["event"], strict=True))
    ]


def reached(result: pd.DataFrame) -> list[int]:
    return [int(v) for v in result["reached"]]


def values(column: pd.Series) -> list[Any]:
    """A result column as a list, NaN (undefined rate or time) as None, so expected lists read plainly."""
    return [None if isinstance(v, float) and v != v else v for v in column.tolist()]  # noqa: PLR0124 - NaN test
