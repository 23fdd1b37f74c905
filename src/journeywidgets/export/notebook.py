"""A notebook with saved widget state, converted to one HTML file whose widgets render offline.

``jupyter nbconvert --to html`` writes widget state into the page but loads the widget manager
and each widget's code from a CDN. ``notebook_to_html`` converts with JupyterLab's template,
changed to inline journeywidgets' export page script instead (see :mod:`.html`), and can run
the notebook first so the widget state is saved. Views of a journey in the page are read-only
(no Python can apply an edit there). From a shell: ``journeywidgets html
notebook.ipynb --execute``.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from journeywidgets.export.html import escape_script_json
from journeywidgets.export.static_views import make_static
from journeywidgets.model.errors import MissingDependencyError
from journeywidgets.model.files import write_atomic
from journeywidgets.widgets.bundle import STATIC_DIR, require_bundle

TEMPLATES = Path(__file__).resolve().parent / "templates"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def notebook_to_html(
    notebook: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    execute: bool = False,
    timeout: int = 600,
) -> Path:
    """Convert ``notebook`` to ``output`` (default: next to it, ``.html``); ``execute=True`` runs it first.

    The notebook must hold widget state (saved by JupyterLab's *Save Widget State Automatically*,
    or by ``execute=True``) for its widgets to show.

    Args:
        notebook: The ``.ipynb`` file to convert.
        output: The HTML file to write; by default the notebook's path with ``.html``.
        execute: Run the notebook first (with nbclient and the notebook's folder as working
            directory), so its widget state is saved.
        timeout: Seconds each cell may run for when ``execute`` is true.

    Returns:
        The path of the HTML file written.

    Raises:
        MissingDependencyError: nbconvert, nbformat or nbclient (the ``html`` extra) is missing.
        BundleMissingError: The JavaScript bundle was never built (``npm run build`` in ``js/``).
        WriteError: The HTML file could not be written.

    Example:
        >>> import tempfile, nbformat
        >>> folder = Path(tempfile.mkdtemp())
        >>> code = "import journeywidgets as jw; jw.JourneyMap(jw.sample_journey())"
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        >>> nbformat.write(nb, folder / "map.ipynb")
        >>> page = notebook_to_html(folder / "map.ipynb", execute=True)
        >>> page.name, "Online shop" in page.read_text("utf-8")
        ('map.html', True)
    """
    missing = [name for name in ("nbconvert", "nbformat", "nbclient") if importlib.util.find_spec(name) is None]
    if missing:
        msg = f"notebook_to_html needs {', '.join(missing)}: pip install 'journeywidgets[html]'"
        raise MissingDependencyError(msg, package=missing[0], path="notebook_to_html")
    import nbformat  # noqa: PLC0415 - optional: only this export needs them
    from nbclient import NotebookClient  # noqa: PLC0415
    from nbconvert import HTMLExporter  # noqa: PLC0415

    source = Path(notebook)
    target = Path(output) if output is not None else source.with_suffix(".html")
    node = nbformat.read(source, as_version=4)  # type: ignore[no-untyped-call]  # nbformat has no type hints
    if execute:
        resources = {"metadata": {"path": str(source.parent)}}
        NotebookClient(node, timeout=timeout, store_widget_state=True, resources=resources).execute()
    require_bundle("embed.js")  # a clear error if the bundle was never built
    saved = node.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state")
    if saved:
        make_static(saved, present=False)  # edits in the page could reach no Python: read-only views
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="journeywidgets",
        # the widget state and views are JSON in <script> elements: escaped as to_html escapes them
        # (nbconvert's own filter leaves "<!--" in, after which a "<script" in a card breaks the page)
        filters={"escape_html_script": escape_script_json},
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(STATIC_DIR)],  # where the template finds embed.js and embed.css
    )
    body, _resources = exporter.from_notebook_node(node, resources={"metadata": {"name": source.stem}})
    # a notebook's own outputs may hold text no file can encode (a lone surrogate): a character reference
    # for it shows a replacement character instead of failing the export
    return write_atomic(target, body, errors="xmlcharrefreplace")
