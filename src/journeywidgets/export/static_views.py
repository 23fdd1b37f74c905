"""Widget state made ready for a page with no Python behind it (a standalone file, a converted notebook).

Views of a journey become read-only (no kernel can apply an edit), and each map carries its
picture drawn ahead for every persona it can show (``_svg_snapshots``: ``{persona id or "": SVG}``),
so its Download buttons work in the page as they do in a notebook.

Example:
    >>> import journeywidgets as jw
    >>> from ipywidgets.embed import dependency_state
    >>> models = dependency_state([jw.JourneyMap(jw.sample_journey())], drop_defaults=False)
    >>> make_static(models, present=True)
    >>> [sorted(m["state"]["_svg_snapshots"]) for m in models.values() if m["state"].get("_view") == "map"]
    [['', 'elena', 'maya', 'raj']]
"""

from __future__ import annotations

from typing import Any

from journeywidgets.export.svg import map_svg
from journeywidgets.model import Journey


def map_snapshots(fields: dict[str, Any]) -> dict[str, str]:
    """The SVG of a map's saved state for all users ("") and for each persona, with the numbers it shows.

    Args:
        fields: A map widget's saved state: ``_document`` and, when saved, ``metrics``, ``persona_metrics`` and
            ``derived_emotion``.

    Returns:
        ``{"" or persona id: SVG text}``.

    Example:
        >>> import journeywidgets as jw
        >>> fields = {"_document": jw.sample_journey().document, "metrics": {}, "persona_metrics": {}}
        >>> map_snapshots(fields)["raj"].startswith("<svg")
        True
    """
    journey = Journey.from_dict(fields["_document"])
    metrics, per_persona = fields.get("metrics") or {}, fields.get("persona_metrics") or {}
    derived = fields.get("derived_emotion") or {}
    return {
        key: map_svg(journey, persona=key or None, metrics=per_persona.get(key) or metrics, derived_emotion=derived)
        for key in ["", *(persona.id for persona in journey.personas)]
    }


def make_static(models: dict[str, Any], *, present: bool) -> None:
    """Change widget-manager ``models`` (``{model id: {"state": ...}}``) in place for a page without Python.

    ``present=True`` also opens maps in presentation mode.

    Args:
        models: The models, as ``ipywidgets.embed.dependency_state`` returns them.
        present: Also open maps in presentation mode.

    Example:
        >>> import journeywidgets as jw
        >>> from ipywidgets.embed import dependency_state
        >>> models = dependency_state([jw.JourneyMap(jw.sample_journey())], drop_defaults=False)
        >>> make_static(models, present=False)
        >>> [(m["state"]["editable"], m["state"]["mode"]) for m in models.values() if "mode" in m["state"]]
        [(False, 'edit')]
    """
    for model in models.values():
        fields = model["state"]
        if "editable" in fields and "_document" in fields:
            fields["editable"] = False
        if fields.get("_view") == "map" and fields.get("_document"):
            fields["_svg_snapshots"] = map_snapshots(fields)
            if present:
                fields["mode"] = "present"
