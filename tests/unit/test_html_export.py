"""to_html: one file, no outside references, hostile text kept inert, the board's links inside."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets.export.html import SHARED_TRAITS, export_state
from journeywidgets.widgets.bundle import require_bundle


def state_of(text: str) -> dict:
    match = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', text, re.DOTALL)
    assert match
    return json.loads(match.group(1).replace("<\\/", "</"))


def test_the_file_stands_alone(tmp_path: Path) -> None:
    journey = jw.sample_journey()
    board = jw.Board(journey, journey.bind(jw.sample_events(n_users=800)))
    path = jw.to_html(board, tmp_path / "board.html")
    text = path.read_text("utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", text)  # nothing fetched: all inline
    models = state_of(text)["state"]
    names = {m["state"].get("_view", m["model_name"]) for m in models.values()}
    assert {"map", "funnel", "personas", "LinkModel", "VBoxModel"} <= names
    maps = [m["state"] for m in models.values() if m["state"].get("_view") == "map"]
    assert maps[0]["mode"] == "present" and maps[0]["editable"] is False
    assert f"<title>{journey.title}</title>" in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_hostile_text_cannot_end_the_script(tmp_path: Path) -> None:
    journey = jw.sample_journey()
    hostile = "</script><script>alert(1)</script><!--"
    journey.add_card(stage="Purchase", lane="Pain points", text=hostile)
    text = jw.to_html(jw.JourneyMap(journey), tmp_path / "map.html", title="<b>T</b>").read_text("utf-8")
    # inside a script element only "</script" (or "<!--") could end or bend it: ours are the only ones
    assert text.count("</script") == 4  # the state, the shared code, the one view, the page script
    state_block = text.split('widget-state+json">', 1)[1].split("</script>", 1)[0]
    assert "<!--" not in state_block
    assert "<title>&lt;b&gt;T&lt;/b&gt;</title>" in text
    cards = next(m["state"] for m in state_of(text)["state"].values() if m["state"].get("_view") == "map")
    assert hostile in [c["text"] for c in cards["_document"]["cards"]]


def test_edit_mode_on_request_and_bad_input(tmp_path: Path) -> None:
    journey_map = jw.JourneyMap(jw.sample_journey())
    state = export_state([journey_map], present=False)
    assert next(iter(state["state"].values()))["state"]["mode"] == "edit"
    assert journey_map.mode == "edit"  # the live widget is untouched
    with pytest.raises(TypeError, match="expected a widget"):
        jw.to_html(jw.sample_journey(), tmp_path / "x.html")  # type: ignore[arg-type]
    assert not (tmp_path / "x.html").exists()


def test_maps_carry_their_pictures_for_every_persona(tmp_path: Path) -> None:
    journey = jw.sample_journey()
    binding = journey.bind(jw.sample_events(n_users=800))
    board = jw.Board(journey, binding)
    models = state_of(jw.to_html(board, tmp_path / "board.html").read_text("utf-8"))["state"]
    shown = next(m["state"] for m in models.values() if m["state"].get("_view") == "map")
    snapshots = shown["_svg_snapshots"]
    assert sorted(snapshots) == ["", *sorted(p.id for p in journey.personas)]
    # each picture is the one the live map draws for that persona, with that persona's numbers
    for persona in ["", "raj"]:
        board.map.persona = persona or None
        assert snapshots[persona] == board.map.to_svg()
    assert snapshots[""] != snapshots["raj"]
    assert "_svg_snapshots" not in board.map.trait_names()  # only the file carries them


def _shared_of(text: str) -> list[str]:
    match = re.search(r'<script type="application/vnd.journeywidgets.shared\+json">(.*?)</script>', text, re.DOTALL)
    assert match
    return json.loads(match.group(1).replace("<\\/", "</"))


def test_a_board_file_holds_one_copy_of_the_code_and_stays_light(tmp_path: Path) -> None:
    journey = jw.sample_journey()
    board = jw.Board(journey, journey.bind(jw.sample_events(n_users=3000)), paths=True)
    text = jw.to_html(board, tmp_path / "board.html").read_text("utf-8")
    bundle = require_bundle("index.js").read_text("utf-8")
    assert _shared_of(text) == [bundle, require_bundle("index.css").read_text("utf-8")]
    models = [m["state"] for m in state_of(text)["state"].values() if m["model_name"] == "AnyModel"]
    assert len(models) == 4  # the map, the funnel, the persona cards and the paths share it
    assert all(model[trait] in ({"$jw_shared": 0}, {"$jw_shared": 1}) for model in models for trait in SHARED_TRAITS)
    assert len(text.encode("utf-8")) <= 600 * 1024, f"{len(text.encode('utf-8')) / 1024:.0f} KB"  # #15's budget


def test_widgets_the_page_cannot_draw_are_refused_by_name(tmp_path: Path) -> None:
    ipywidgets = pytest.importorskip("ipywidgets")
    box = ipywidgets.VBox([jw.JourneyMap(jw.sample_journey()), ipywidgets.Dropdown(options=["a"])])
    with pytest.raises(jw.UnsupportedWidgetError, match="not DropdownModel") as caught:
        jw.to_html(box, tmp_path / "box.html")
    assert caught.value.path == "widget"
    assert not (tmp_path / "box.html").exists()
