"""Findings from data as cards: what :meth:`Journey.add_cards_from <journeywidgets.Journey.add_cards_from>` adds.

A finding is a row of ``Binding.insights()`` (a pandas table), a mapping or a dataclass with at
least ``stage_id`` and ``title``; ``text``, ``kind``, ``lane_kind`` (``"pain_point"`` or
``"opportunity"``), ``persona_id`` and ``metric`` are read when present. Each becomes one card
in its stage, on the given lane or the journey's first lane of the finding's kind:
``evidence="data"``, the title and text as what it says, tags ``data``, the finding's kind and
``metric:<id>`` (the metric lane that shows the number), and the persona it concerns.

Example:
    >>> from journeywidgets import sample_journey
    >>> journey = sample_journey()
    >>> specs = card_specs(journey, [{"stage_id": "purchase", "title": "60% leave at checkout"}], lane=None)
    >>> specs[0]["lane"], specs[0]["fields"]["evidence"]
    ('pains', 'data')
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from typing import Any

from journeywidgets.model.errors import InvalidFieldError, MissingFieldError, NotFoundError
from journeywidgets.model.reading import JourneyReading

__all__ = ["card_specs", "finding_rows"]

LANE_KINDS = ("pain_point", "opportunity")


def finding_rows(findings: Any) -> list[dict[str, Any]]:
    """The findings as plain dicts: a table's records, mappings, or dataclasses (such as ``Insight``).

    Args:
        findings: a dataframe with ``to_dict("records")``, or an iterable of mappings or dataclasses.

    Returns:
        One dict per finding; missing values (None, NaN) are left out.

    Raises:
        InvalidFieldError: naming ``findings[i]`` when an item is neither a mapping nor a dataclass.

    Example:
        >>> finding_rows([{"stage_id": "buy", "title": "Slow", "persona_id": float("nan")}])
        [{'stage_id': 'buy', 'title': 'Slow'}]
    """
    items: Iterable[Any] = findings.to_dict("records") if hasattr(findings, "to_dict") else findings
    rows = []
    for number, item in enumerate(items):
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            item = dataclasses.asdict(item)  # noqa: PLW2901 - the same finding, as a mapping
        if not isinstance(item, Mapping):
            msg = f"a finding must be a mapping, a dataclass or a table row, got {type(item).__name__}"
            raise InvalidFieldError(msg, path=f"findings[{number}]")
        rows.append({str(k): v for k, v in item.items() if not _missing(v)})
    return rows


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _text(row: Mapping[str, Any], key: str, number: int, *, required: bool) -> str:
    value = row.get(key, "")
    if required and value == "":  # finding_rows has dropped None and NaN
        raise MissingFieldError(f"finding {number} has no {key!r}", path=f"findings[{number}].{key}")
    if not isinstance(value, str):
        raise InvalidFieldError(
            f"finding {number}: {key!r} must be text, got {value!r}", path=f"findings[{number}].{key}"
        )
    return value


def _found(find: Any, ref: str, number: int, key: str) -> str:
    """The id of the entity ``find`` finds for ``ref``; a ``NotFoundError`` names the finding's field."""
    try:
        found: str = find(ref).id
    except NotFoundError as error:
        raise NotFoundError(f"finding {number}: {error.message}", path=f"findings[{number}].{key}") from None
    return found


def _lane(journey: JourneyReading, row: Mapping[str, Any], number: int, lane: str | None) -> str:
    if lane is not None:
        return journey.lane(lane).id
    kind = _text(row, "lane_kind", number, required=False) or "pain_point"
    if kind not in LANE_KINDS:
        msg = f"finding {number}: lane_kind must be 'pain_point' or 'opportunity', got {kind!r}"
        raise InvalidFieldError(msg, path=f"findings[{number}].lane_kind")
    found = next((candidate.id for candidate in journey.lanes if candidate.kind == kind), None)
    if found is None:
        msg = f"the journey has no lane of kind {kind!r} for finding {number}; add one (kind={kind!r}) or pass lane="
        raise NotFoundError(msg, path="lane")
    return found


def card_specs(journey: JourneyReading, findings: Any, *, lane: str | None) -> list[dict[str, Any]]:
    """The cards the findings become, checked against the journey, before anything is added.

    A finding whose card already sits in its cell (same lane, stage and text) is left out, so
    adding the same findings twice adds each card once.

    Args:
        journey: the journey the cards are for.
        findings: as :func:`finding_rows` takes them.
        lane: a lane id or name for every card; ``None``: each finding's ``lane_kind`` picks the
            journey's first lane of that kind (``pain_point`` when it has none).

    Returns:
        ``[{"stage": id, "lane": id, "text": ..., "fields": {...}}]``, for ``Journey.add_card``.

    Raises:
        MissingFieldError: naming ``findings[i].stage_id`` or ``findings[i].title``.
        InvalidFieldError: naming a finding's field that is not text or not a lane kind.
        NotFoundError: for a stage, lane or persona that the journey does not have (``lane`` when it has no
            lane of a finding's kind).

    Example:
        >>> from journeywidgets import sample_journey
        >>> card_specs(sample_journey(), [{"stage_id": "nowhere", "title": "x"}], lane=None)
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.NotFoundError: finding 0: no stage with id or name 'nowhere'; known stages: ...
    """
    specs: list[dict[str, Any]] = []
    seen = {(c.lane_id, c.stage_id, c.text) for c in journey.cards if c.step_id is None}
    for number, row in enumerate(finding_rows(findings)):
        stage = _found(journey.stage, _text(row, "stage_id", number, required=True), number, "stage_id")
        title, detail = _text(row, "title", number, required=True), _text(row, "text", number, required=False)
        lane_id = _lane(journey, row, number, lane)
        text = f"{title}\n{detail}" if detail else title
        persona = _text(row, "persona_id", number, required=False)
        metric, kind = _text(row, "metric", number, required=False), _text(row, "kind", number, required=False)
        tags = ["data", *([kind] if kind else []), *([f"metric:{metric}"] if metric else [])]
        fields = {
            "evidence": "data",
            "tags": tags,
            "persona_ids": [_found(journey.persona, persona, number, "persona_id")] if persona else [],
        }
        if (lane_id, stage, text) not in seen:
            seen.add((lane_id, stage, text))
            specs.append({"stage": stage, "lane": lane_id, "text": text, "fields": fields})
    return specs
