"""journeywidgets html: hostile text in a notebook's saved widget state cannot break the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets.export.html import export_state

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbconvert")

STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
HOSTILE = [
    "<!-- then later <script> and </script> and -->",
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "</SCRIPT >",
]


def notebook_with_state(folder: Path) -> Path:
    journey = jw.sample_journey()
    for text in HOSTILE:
        journey.add_card(stage="Purchase", lane="Pain points", text=text)
    journey.update(title=HOSTILE[0])
    journey_map = jw.JourneyMap(journey)
    state = export_state([journey_map], present=False)
    view = {"version_major": 2, "version_minor": 0, "model_id": journey_map.model_id}
    output = nbformat.v4.new_output("display_data", data={VIEW: view, "text/plain": HOSTILE[1]})
    cell = nbformat.v4.new_code_cell("journey_map", outputs=[output])
    notebook = nbformat.v4.new_notebook(cells=[cell], metadata={"widgets": {STATE: state}})
    path = folder / "map.ipynb"
    nbformat.write(notebook, path)
    return path


def script_blocks(page: str, kind: str) -> list[str]:
    return re.findall(rf'<script type="{re.escape(kind)}">(.*?)</script>', page, re.DOTALL)


def test_hostile_text_in_widget_state_cannot_end_or_bend_its_script(tmp_path: Path) -> None:
    from journeywidgets.export.notebook import notebook_to_html  # noqa: PLC0415 - nbconvert loads slowly

    page = notebook_to_html(notebook_with_state(tmp_path)).read_text("utf-8")
    [state_block] = script_blocks(page, STATE)
    views = script_blocks(page, VIEW)
    assert len(views) == 1
    for block in [state_block, *views]:
        # inside a script element only "</script" ends it and "<!--" (then "<script") bends the parser
        assert "<!--" not in block
        assert not re.search(r"</script", block, re.IGNORECASE)
    models = json.loads(state_block.replace("<\\/", "</"))["state"]
    cards = next(m["state"] for m in models.values() if m["state"].get("_view") == "map")["_document"]["cards"]
    assert set(HOSTILE) <= {card["text"] for card in cards}  # the text itself survives, as text
    assert json.loads(views[0])["model_id"] in models


def test_text_no_file_can_encode_still_exports(tmp_path: Path) -> None:
    import ipywidgets  # noqa: PLC0415

    from journeywidgets.export.notebook import notebook_to_html  # noqa: PLC0415

    # a journey refuses a lone surrogate, but other widgets and a notebook's own outputs may hold one
    page = jw.to_html(ipywidgets.HTML(value="lone \ud83d here"), tmp_path / "w.html").read_text("utf-8")
    [state] = script_blocks(page, STATE)
    assert "lone \\ud83d here" in state
    assert next(iter(json.loads(state)["state"].values()))["state"]["value"] == "lone \ud83d here"
    cell = nbformat.v4.new_markdown_cell("lone \ud83d here")
    notebook = json.dumps(nbformat.v4.new_notebook(cells=[cell]))  # ascii: nbformat.write itself cannot
    (tmp_path / "nb.ipynb").write_text(notebook, "utf-8")
    text = notebook_to_html(tmp_path / "nb.ipynb").read_text("utf-8")
    assert "lone &#55357; here" in text
