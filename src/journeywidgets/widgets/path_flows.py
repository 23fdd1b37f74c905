"""The flows a :class:`~journeywidgets.PathView` draws: the paths around a stage, step by step, as a Sankey.

:func:`path_flows` reads every path of :func:`~journeywidgets.paths` (``top=None``: each
user once) and counts, at each step, how many users did which event, and how many went
from one event to the next. Column 0 is the stage; column ``k`` the ``k``-th event after
it (or before it, with ``direction="before"``). A column keeps its ``top_events`` most
frequent events; the others are one ``(other events)`` node. A user whose log ends (or, before
the stage, starts) goes to an ``(end)`` (``(start)``) node and no further, so each column's
users plus the ends before it add up to the stage's users.

Example:
    >>> import pandas as pd
    >>> table = pd.DataFrame({"path": ["faq → buy", "buy → (end)"], "step_1": ["faq", "buy"],
    ...                       "step_2": ["buy", "(end)"], "users": [3, 1], "share": [0.75, 0.25]})
    >>> flows = path_flows(table, "Visit", "after", 2)
    >>> [[(n["label"], n["users"]) for n in column] for column in flows["columns"]]
    [[('Visit', 4)], [('faq', 3), ('buy', 1)], [('buy', 3), ('(end)', 1)]]
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from journeywidgets.data.paths import Direction

#: events kept per column (the rest are one "(other events)" node)
TOP_EVENTS = 6
OTHER = "(other events)"
ENDS = frozenset({"(end)", "(start)"})
#: a column's nodes: events (most users first), then the other events, then the end
KIND_ORDER = {"event": 0, "other": 1, "end": 2}


def _node_kind(label: str) -> str:
    if label in ENDS:
        return "end"
    return "other" if label == OTHER else "event"


Walk = tuple[list[str], int]


def _walks(table: pd.DataFrame, steps: int) -> list[Walk]:
    """Each path's events up to (and with) its end, and its users."""
    walks: list[Walk] = []
    columns = [table[f"step_{k}"].tolist() for k in range(1, steps + 1)]
    for n, users in enumerate(table["users"].tolist()):
        walk: list[str] = []
        for column in columns:
            event = column[n]
            if not isinstance(event, str) or not event:
                break
            walk.append(event)
            if event in ENDS:
                break
        walks.append((walk, int(users)))
    return walks


def _kept_events(walks: list[Walk], steps: int, top_events: int) -> list[set[str]]:
    """The ``top_events`` most frequent events of each column (by users)."""
    kept: list[set[str]] = []
    for k in range(steps):
        counts = Counter[str]()
        for walk, users in walks:
            if len(walk) > k and walk[k] not in ENDS:
                counts[walk[k]] += users
        kept.append({event for event, _ in counts.most_common(top_events)})
    return kept


def path_flows(
    table: pd.DataFrame, stage: str, direction: Direction, steps: int, top_events: int = TOP_EVENTS
) -> dict[str, Any]:
    """The Sankey of ``table`` (every path of :func:`~journeywidgets.paths` around ``stage``).

    Args:
        table: The paths (``path``, ``step_1`` ... ``step_{steps}``, ``users``), with ``top=None``.
        stage: The stage's name (column 0's one node).
        direction: ``"after"`` or ``"before"`` (the page draws "before" right to left).
        steps: How many events after (before) the stage.
        top_events: Events kept per column.

    Returns:
        ``{"direction", "users", "columns": [[{"id", "label", "users", "kind"}]], "links": [{"source", "target",
        "users"}]}``: ``kind`` is ``"stage"``, ``"event"``, ``"other"`` or ``"end"``; a column's nodes are most
        users first, ``(other events)`` and the end last; links go from column ``k`` to ``k + 1``.

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"path": ["(start)"], "step_1": ["(start)"], "users": [2], "share": [1.0]})
        >>> path_flows(table, "Visit", "before", 1)["links"]
        [{'source': '0:Visit', 'target': '1:(start)', 'users': 2}]
    """
    walks = _walks(table, steps)
    kept = _kept_events(walks, steps, top_events)
    node_users: list[Counter[str]] = [Counter() for _ in range(steps + 1)]
    links: Counter[tuple[str, str]] = Counter()
    for walk, users in walks:
        labels = [stage] + [e if e in ENDS or e in kept[k] else OTHER for k, e in enumerate(walk)]
        for k, label in enumerate(labels):
            node_users[k][label] += users
            if k:
                links[(f"{k - 1}:{labels[k - 1]}", f"{k}:{label}")] += users
    columns = []
    for k, counts in enumerate(node_users):
        order = sorted(counts.items(), key=lambda item: (KIND_ORDER[_node_kind(item[0])], -item[1], item[0]))
        kind = (lambda _label: "stage") if k == 0 else _node_kind
        columns.append([{"id": f"{k}:{label}", "label": label, "users": n, "kind": kind(label)} for label, n in order])
    return {
        "direction": direction,
        "users": sum(users for _, users in walks),
        "columns": [column for column in columns if column],
        "links": [{"source": s, "target": t, "users": n} for (s, t), n in sorted(links.items(), key=lambda i: -i[1])],
    }
