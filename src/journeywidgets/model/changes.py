"""What the observers of a journey are told: one :class:`Change` after each applied, undone or redone edit.

Example:
    >>> Change(op={"op": "add_stage"}, inverse={"op": "remove_stage"}, revision=1, origin="python", kind="apply").kind
    'apply'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from journeywidgets.model.opkit import Op

ChangeKind = Literal["apply", "undo", "redo"]


@dataclass(frozen=True)
class Change:
    """What an observer of a journey is told after each change.

    ``op`` is what was applied (for an undo: the inverse that was applied),
    ``origin`` who asked for it (``"python"`` unless the caller said otherwise).

    Example:
        >>> from journeywidgets import Journey
        >>> j, seen = Journey("Demo"), []
        >>> _ = j.observe(seen.append)
        >>> _ = j.add_stage("Awareness")
        >>> seen[0].op["op"], seen[0].revision, seen[0].kind
        ('add_stage', 1, 'apply')
    """

    op: Op
    inverse: Op
    revision: int
    origin: str
    kind: ChangeKind


Observer = Callable[[Change], None]
