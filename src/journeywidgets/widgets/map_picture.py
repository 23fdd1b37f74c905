"""The answer to a map view's picture request (its Download buttons), checked as every page message is.

The view sends ``{"type": "picture", "id": "picture-3", "persona": id or None, "theme": "light" or
"dark"}`` as a custom message (they work in every host: Jupyter, Voila, marimo) and waits for the
reply with the same ``id``: ``{"type": "picture", "id": ..., "svg": ...}`` or ``{..., "error": why}``.
The page is not trusted: a request that is not of that shape gets an error naming the field, never
a picture of something else.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> draw = lambda persona, theme: f"<svg>{persona} {theme}</svg>"
    >>> picture_reply({"type": "picture", "id": "p1", "persona": "raj", "theme": "dark"}, journey, draw)["svg"]
    '<svg>raj dark</svg>'
    >>> picture_reply({"type": "picture", "id": "p2", "theme": "sepia"}, journey, draw)["error"]
    "the map could not be drawn: theme must be 'light' or 'dark', got 'sepia'"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from journeywidgets.model import Journey
from journeywidgets.widgets.persona_choice import chosen_persona

#: the longest request id answered (the view's ids are short: "picture-<n>")
MAX_ID = 64
#: the longest error answered (every front end of the kernel receives the reply)
MAX_ERROR = 300
THEMES = ("light", "dark")


def picture_reply(
    request: Mapping[str, Any], journey: Journey, draw: Callable[[str | None, str], str]
) -> dict[str, Any]:
    """Draw the map a picture request asks for, or say why not.

    Args:
        request: The page's message (``type`` is ``"picture"``).
        journey: The map's journey (the persona is checked against it).
        draw: Draws the SVG for a persona id (or None) and a theme.

    Returns:
        ``{"type": "picture", "id": ..., "svg": ...}``, or ``"error"`` in place of ``"svg"`` (the id
        is ``""`` when the request's was not a short text).

    Example:
        >>> import journeywidgets as jw
        >>> reply = picture_reply({"type": "picture", "id": 7}, jw.sample_journey(), lambda p, t: "<svg/>")
        >>> reply["id"], reply["error"]
        ('', 'the map could not be drawn: id must be a text of at most 64 characters, got 7')
    """
    raw_id = request.get("id")
    short = isinstance(raw_id, str) and len(raw_id) <= MAX_ID
    answer: dict[str, Any] = {"type": "picture", "id": raw_id if short else ""}
    try:
        if not short:
            msg = f"id must be a text of at most {MAX_ID} characters, got {raw_id!r}"[:200]
            raise ValueError(msg)  # noqa: TRY301 - one answer for every bad request, below
        theme = request.get("theme", "light")
        if theme not in THEMES:
            msg = f"theme must be 'light' or 'dark', got {theme!r}"[:200]
            raise ValueError(msg)  # noqa: TRY301
        persona = chosen_persona(journey, request.get("persona"), "persona")
        answer["svg"] = draw(persona, theme)
    except Exception as err:  # noqa: BLE001 - the view waits for an answer: a failure must be one too
        answer.pop("svg", None)
        answer["error"] = f"the map could not be drawn: {err}"[:MAX_ERROR]  # the page's text is not echoed at length
    return answer


__all__ = ["MAX_ERROR", "MAX_ID", "THEMES", "picture_reply"]
