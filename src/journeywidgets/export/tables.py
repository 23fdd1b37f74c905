"""A journey's cards as a tidy table: one row per card, with its stage, step, lane and fields.

Example:
    >>> import journeywidgets as jw
    >>> table = cards_table(jw.sample_journey())
    >>> table.columns[:5].tolist()
    ['stage', 'step', 'lane', 'lane_kind', 'text']
"""

from __future__ import annotations

import pandas as pd

from journeywidgets.model import Journey

COLUMNS = (
    "stage",
    "step",
    "lane",
    "lane_kind",
    "text",
    "evidence",
    "owner",
    "status",
    "channel",
    "tags",
    "events",
    "personas",
    "stage_index",
    "stage_id",
    "step_id",
    "lane_id",
    "card_id",
)


def cards_table(journey: Journey) -> pd.DataFrame:
    """One row per card, in map order (stage, lane, step, position); list fields joined by ", ".

    Args:
        journey: The journey.

    Returns:
        A new pandas DataFrame with the columns of ``COLUMNS`` (empty, with those columns, when there are no cards).

    Example:
        >>> import journeywidgets as jw
        >>> journey = jw.Journey("Checkout")
        >>> _ = journey.add_stage("Pay"); _ = journey.add_lane("Pains", kind="pain_point")
        >>> _ = journey.add_card(stage="Pay", lane="Pains", text="Card declined", tags=["payments", "ux"])
        >>> cards_table(journey)[["stage", "lane", "text", "tags"]].to_dict("records")
        [{'stage': 'Pay', 'lane': 'Pains', 'text': 'Card declined', 'tags': 'payments, ux'}]
    """
    stages = {s.id: (i, s) for i, s in enumerate(journey.stages)}
    steps = {step.id: step.name for step in journey.steps}
    lanes = {lane.id: lane for lane in journey.lanes}
    personas = {p.id: p.name for p in journey.personas}
    rows = []
    for card in journey.cards:
        index, stage = stages[card.stage_id]
        lane = lanes[card.lane_id]
        rows.append(
            {
                "stage": stage.name,
                "step": steps.get(card.step_id or "", ""),
                "lane": lane.name,
                "lane_kind": lane.kind,
                "text": card.text,
                "evidence": card.evidence,
                "owner": card.owner,
                "status": card.status,
                "channel": card.channel,
                "tags": ", ".join(card.tags),
                "events": ", ".join(card.events),
                "personas": ", ".join(personas.get(p, p) for p in card.persona_ids),
                "stage_index": index,
                "stage_id": card.stage_id,
                "step_id": card.step_id or "",
                "lane_id": card.lane_id,
                "card_id": card.id,
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows, columns=pd.Index(COLUMNS))
    return table
