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

    Args:
        journey: The journey the persona is looked up in.
        value: A persona's id or name, or ``None``/``""`` for none.
        field: The trait being set, for the error (``"FunnelView.persona"``).

    Returns:
        The persona's id, or ``None``.

    Raises:
        traitlets.TraitError: No persona (or several, by name) matches ``value``.

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
