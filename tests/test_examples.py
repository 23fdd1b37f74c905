"""Every example notebook runs from top to bottom without an error."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.ipynb"))


def test_there_are_examples() -> None:
    assert EXAMPLES


#: optional packages an example imports; where one is absent (the lowest-versions CI run) that example is skipped
OPTIONAL = ("duckdb", "polars", "pyarrow", "resvg_py", "nbconvert", "voila")


def _missing_packages(notebook: nbformat.NotebookNode) -> list[str]:
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    imported = set(re.findall(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", code, flags=re.MULTILINE))
    return [name for name in OPTIONAL if name in imported and importlib.util.find_spec(name) is None]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(path: Path, tmp_path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    missing = _missing_packages(notebook)
    if missing:
        pytest.skip(f"{path.name} imports {', '.join(missing)}, which this environment does not have")
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    widget_views = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    assert widget_views, "the example shows at least one widget"
