"""MkDocs hooks: the example notebooks, executed, with widgets that render offline.

``examples/*.ipynb`` are stored without outputs. Before a build, each is run with nbclient in a
temporary folder (files a notebook writes land there, not in the repository), two at a time, its
widget state is saved and made read-only as ``journeywidgets html`` does (no Python can apply an
edit on a docs page), and the executed copy is handed to mkdocs-jupyter as
``examples/<name>.ipynb``. Executed copies are kept in ``.cache/docs-examples/`` under a hash of
the notebook and of the package's code and bundle, so a rebuild with neither changed runs nothing.

nbconvert's pages load the widget manager from a CDN and MathJax from another; the site instead
serves journeywidgets' own export page script (``static/embed.js``, a widget manager just big
enough for our widgets) from ``assets/journeywidgets/``, so the rendered widgets need no network.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from nbclient import NotebookClient

from journeywidgets.export.static_views import make_static
from journeywidgets.widgets.bundle import STATIC_DIR, require_bundle

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CACHE = ROOT / ".cache" / "docs-examples"
ASSETS = "assets/journeywidgets"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

# nbconvert's loader of the widget manager (jupyter_widgets.html.j2) and of MathJax (mathjax.html.j2)
_WIDGET_LOADER = re.compile(
    r"<script>\s*\(function\(\) \{\s*function addWidgetsRenderer\(\).*?\}\(\)\);\s*</script>", re.DOTALL
)
_MATHJAX = re.compile(r'<!-- Load mathjax -->\s*<script src="https://[^"]*"> </script>.*?</script>', re.DOTALL)

log = logging.getLogger("mkdocs.hooks.journeywidgets")
_work: dict[str, Path] = {}


def _code_hash() -> str:
    """A hash of what an example's outputs depend on besides itself: this hook, the package's code and bundle."""
    digest = hashlib.sha256(sys.version.encode() + Path(__file__).read_bytes())  # this file too
    package = ROOT / "src" / "journeywidgets"
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json", ".js", ".css", ".j2"}:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _execute(source: Path, target: Path) -> Path:

    run_in = Path(tempfile.mkdtemp(prefix=f"jw-docs-{source.stem}-"))
    notebook = nbformat.read(source, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(run_in)}},
    ).execute()
    saved = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state")
    if saved:
        make_static(saved, present=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    shutil.rmtree(run_in, ignore_errors=True)
    return target


@event_priority(100)  # before mkdocs-jupyter's own on_files, which takes the notebooks to render
def on_files(files: Any, config: Any) -> Any:
    """Run the example notebooks that changed and add the executed copies to the site's files."""
    # plotly figures as HTML with plotly.js inline (its default output is a mimetype nbconvert cannot show,
    # and "notebook_connected" would load plotly.js from a CDN); the kernels inherit the variable
    os.environ["PLOTLY_RENDERER"] = "notebook"
    code = _code_hash()
    folder = Path(tempfile.mkdtemp(prefix="jw-docs-"))
    _work["folder"] = folder
    started = time.perf_counter()
    pages, to_run = {}, {}
    for source in sorted(EXAMPLES.glob("*.ipynb")):
        key = hashlib.sha256(code.encode() + source.read_bytes()).hexdigest()[:16]
        cached = CACHE / f"{source.stem}-{key}.ipynb"
        if not cached.exists():
            for stale in CACHE.glob(f"{source.stem}-*.ipynb"):
                stale.unlink()
            to_run[source] = cached
        pages[folder / "examples" / source.name] = cached
        files.append(File(f"examples/{source.name}", str(folder), config["site_dir"], config["use_directory_urls"]))
    # the kernels do the work, in their own processes: two threads keep both cores busy
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(_execute, to_run, to_run.values()))
    for page, cached in pages.items():
        page.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, page)
    took = time.perf_counter() - started
    log.info(
        "journeywidgets: ran %d example notebooks (%d cached) in %.1f s", len(to_run), len(pages) - len(to_run), took
    )
    return files


def on_post_page(output: str, page: Any, config: Any) -> str:  # noqa: ARG001 - MkDocs passes config by name
    """On notebook pages, load the widgets from the site's own copy of the export page script."""
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    prefix = "../" * page.url.count("/")  # "examples/quickstart/" is two folders below the site root
    local = (
        f'<link rel="stylesheet" href="{prefix}{ASSETS}/embed.css">\n<script src="{prefix}{ASSETS}/embed.js"></script>'
    )
    output, loaders = _WIDGET_LOADER.subn(lambda _: local, output)
    if WIDGET_STATE in output and loaders != 1:
        msg = f"{page.file.src_uri}: expected nbconvert's widget loader once, found it {loaders} times"
        raise RuntimeError(msg)
    return _MATHJAX.sub("", output)


def on_post_build(config: Any) -> None:
    """Copy the export page script next to the pages, and remove the executed notebooks."""
    require_bundle("embed.js")
    target = Path(config["site_dir"]) / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name in ("embed.js", "embed.css"):
        shutil.copyfile(STATIC_DIR / name, target / name)
    folder = _work.pop("folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
