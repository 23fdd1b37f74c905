"""``to_html``: one standalone HTML file that shows widgets with no kernel and no network at all.

The file holds the widget state (the journey document and the aggregates: never raw rows), our
widget code once (anywidget sends it with every model; the file's models share one copy, see
:func:`share_code`), and a page script just big enough for it (``js/src/embed/``: the models, their
boxes and links, a few KB), all inline.
Links made with ``jslink`` (a board's persona and stage) keep working in the file. Maps open in
presentation mode unless ``present=False``; views of the journey are read-only (a file has no
Python to apply edits) and maps carry their pictures for the Download buttons (see :mod:`.static_views`).
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import Any

import ipywidgets
from ipywidgets.embed import dependency_state

from journeywidgets.export.static_views import make_static
from journeywidgets.model.errors import UnsupportedWidgetError
from journeywidgets.model.files import write_atomic
from journeywidgets.widgets.bundle import require_bundle

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="journeywidgets">
<title>{title}</title>
<style>{manager_css}</style>
<style>
  body {{ margin: 0; padding: 24px; background: #fff; color: #1f2328;
         font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }}
  @media (prefers-color-scheme: dark) {{
    body {{ background: #0d1117; color: #e6edf3; }}
    /* the widget manager sets JupyterLab's light variables when no host defines them: a dark reader gets dark */
    :root {{ --jp-layout-color0: #161b22; --jp-layout-color1: #0d1117; --jp-layout-color2: #161b22;
             --jp-layout-color3: #21262d; --jp-ui-font-color0: #f0f6fc; --jp-ui-font-color1: #e6edf3;
             --jp-ui-font-color2: #9198a1; --jp-ui-font-color3: #6e7681; --jp-border-color1: #3d444d;
             --jp-border-color2: #30363d; --jp-widgets-input-background-color: #0d1117;
             --jp-widgets-input-color: #e6edf3; --jp-widgets-label-color: #e6edf3; }}
  }}
  .jw-export-error {{ color: #d1242f; white-space: pre-wrap; }}
</style>
</head>
<body>
<main class="jw-export">
<script type="application/vnd.jupyter.widget-state+json">{state}</script>
<script type="application/vnd.journeywidgets.shared+json">{shared}</script>
{views}
</main>
<script>{manager_js}</script>
</body>
</html>
"""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_script_json(text: str) -> str:
    r"""Make JSON text safe inside a ``<script>`` element: no ``</`` that could close it, no ``<!--``.

    A ``<!--`` followed later by ``<script`` would put the HTML parser in a state where the
    element's own ``</script>`` no longer ends it. Both replacements are valid escapes inside JSON
    strings (the only place JSON text can hold a ``<``), so the JSON means the same. A lone
    surrogate (data can hold one; a journey cannot) is written as its ``\u`` escape too: no file
    could encode it as it is.

    Args:
        text: JSON text.

    Returns:
        The same JSON, with ``</`` written ``<\/`` and ``<!--`` written ``\u003c!--``.

    Example:
        >>> print(escape_script_json('{"text": "<!-- <script> </script>"}'))
        {"text": "\u003c!-- <script> <\/script>"}
    """
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _script_json(data: Any) -> str:
    """JSON safe inside a <script> element (see :func:`escape_script_json`)."""
    return escape_script_json(json.dumps(data, separators=(",", ":"), ensure_ascii=False))


def export_state(widgets: list[ipywidgets.Widget], *, present: bool = True) -> dict[str, Any]:
    """The widget-manager state of ``widgets`` and everything they show or link (jslinks included).

    Args:
        widgets: The widgets to export.
        present: Open maps in presentation mode (every view is made read-only either way).

    Returns:
        The state in the widget-state JSON format (``version_major`` 2), which an HTML page embeds.

    Example:
        >>> import journeywidgets as jw
        >>> state = export_state([jw.JourneyMap(jw.sample_journey())])
        >>> [model["state"]["mode"] for model in state["state"].values() if model["state"].get("_view") == "map"]
        ['present']
    """
    models = dependency_state(widgets, drop_defaults=False)
    make_static(models, present=present)
    return {"version_major": 2, "version_minor": 0, "state": models}


#: the traits of anywidget models whose text (the widget's code and style) the models of a file share
SHARED_TRAITS = ("_esm", "_css")
#: what the page script draws: anywidget models, their boxes and layouts, jslink/jsdlink links, and the HTML and
#: Label widgets (their styles with them); a file refuses controls, which would do nothing without a kernel
SUPPORTED_MODELS = frozenset(
    {
        *("AnyModel", "LayoutModel", "LinkModel", "DirectionalLinkModel", "VBoxModel", "HBoxModel", "BoxModel"),
        *("HTMLModel", "HTMLStyleModel", "LabelModel", "LabelStyleModel", "DescriptionStyleModel"),
    }
)


def share_code(state: dict[str, Any]) -> list[str]:
    """Keep one copy of each widget's code in a file: every ``_esm``/``_css`` becomes ``{"$jw_shared": index}``.

    A board's map, funnel and persona cards each carry the same bundle (anywidget sends it with every model);
    the file holds it once, and its page script puts it back into each model.

    Args:
        state: The widget state (see :func:`export_state`); changed in place.

    Returns:
        The shared texts, in the order their indexes refer to.

    Example:
        >>> state = {"state": {"a": {"model_name": "AnyModel", "state": {"_esm": "code"}},
        ...                    "b": {"model_name": "AnyModel", "state": {"_esm": "code"}}}}
        >>> share_code(state), state["state"]["b"]["state"]["_esm"]
        (['code'], {'$jw_shared': 0})
    """
    texts: list[str] = []
    index: dict[str, int] = {}
    for model in state["state"].values():
        if model.get("model_name") != "AnyModel":
            continue
        for trait in SHARED_TRAITS:
            text = model["state"].get(trait)
            if isinstance(text, str) and text:
                if text not in index:
                    index[text] = len(texts)
                    texts.append(text)
                model["state"][trait] = {"$jw_shared": index[text]}
    return texts


def to_html(
    widget: ipywidgets.Widget | list[ipywidgets.Widget],
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    present: bool = True,
) -> Path:
    """Write ``widget`` (or several) to a standalone HTML file at ``path``; returns the path.

    The file needs no kernel and no network. Views of a journey in it are read-only.

    Args:
        widget: a widget (a map, a funnel, a board, ...) or a list of them.
        path: the HTML file to write (atomically).
        title: the page's title (default: the journey's title).
        present: open maps in presentation mode; ``False`` shows them as edited.

    Returns:
        The path written.

    Raises:
        WriteError: the file could not be written; an old file at ``path`` is as it was.
        UnsupportedWidgetError: a widget (or one it shows) is none of a journeywidgets view, a box, a link,
            an HTML or a Label widget.

    Example:
        >>> import tempfile, journeywidgets as jw
        >>> journey = jw.sample_journey()
        >>> path = jw.to_html(jw.JourneyMap(journey), tempfile.mkdtemp() + "/map.html")
        >>> text = path.read_text("utf-8")
        >>> "<script src=" in text, journey.title in text
        (False, True)
    """
    widgets = widget if isinstance(widget, list) else [widget]
    for item in widgets:
        if not isinstance(item, ipywidgets.Widget):
            msg = f"to_html: expected a widget (a JourneyMap, FunnelView, Board...), got {type(item).__name__}"
            raise TypeError(msg)
    state = export_state(widgets, present=present)
    unsupported = sorted({m["model_name"] for m in state["state"].values()} - SUPPORTED_MODELS)
    if unsupported:
        msg = (
            f"to_html: the file can show journeywidgets views, boxes of them, their links, HTML and Label widgets; "
            f"not {', '.join(unsupported)} (for other widgets, export the notebook: journeywidgets html notebook.ipynb)"
        )
        raise UnsupportedWidgetError(msg, path="widget")
    shared = share_code(state)
    views = "\n".join(
        '<script type="application/vnd.jupyter.widget-view+json">'
        + _script_json({"version_major": 2, "version_minor": 0, "model_id": item.model_id})
        + "</script>"
        for item in widgets
    )
    if title is None:
        journey = getattr(widgets[0], "journey", None) or getattr(getattr(widgets[0], "map", None), "journey", None)
        title = journey.title if journey is not None else "journeywidgets"
    page = _PAGE.format(
        title=html.escape(title),
        manager_css=require_bundle("embed.css").read_text("utf-8").replace("</style", "<\\/style"),
        state=_script_json(state),
        shared=_script_json(shared),
        views=views,
        manager_js=require_bundle("embed.js").read_text("utf-8").replace("</script", "<\\/script"),
    )
    return write_atomic(path, page)  # never a half-written file at `path`
