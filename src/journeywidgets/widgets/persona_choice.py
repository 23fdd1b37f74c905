"""The persona a view shows: an id or a name, checked against its journey (``None`` for no persona).

Example:
    >>> import journeywidgets as jw
    >>> chosen_persona(jw.sample_journey(), "Raj, the deal hunter", "JourneyMap.persona")
    'raj'
"""

from __future__ import annotations

import traitlets

from journeywidgets.model import Journey, JourneyError


def chosen_persona(journey: Journey, value: str | None, field: str) -> str | None:
    """The id of persona ``value`` (id or name) in ``journey``; ``None`` or ``""`` mean none.

    An unknown persona raises a ``TraitError`` naming ``field`` and the personas there are.

    Example:
        >>> import journeywidgets as jw
        >>> chosen_persona(jw.sample_journey(), "", "FunnelView.persona") is None
        True
    """
    if value is None or value == "":
        return None
    try:
        return journey.persona(value).id
    except JourneyError as err:
        raise traitlets.TraitError(f"{field}: {err}") from None
