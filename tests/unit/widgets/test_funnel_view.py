"""FunnelView: the numbers in its state are the binding's, it follows the binding, and plotly agrees."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd
import pytest
import traitlets

import journeywidgets as jw
from journeywidgets.widgets.funnel_state import CLOSED_FIELDS, OPEN_FIELDS, funnel_state
from tests.unit.data.helpers import log


def same(drawn: Any, expected: Any) -> bool:
    if expected is None or pd.isna(expected):
        return drawn is None
    return drawn is not None and math.isclose(float(drawn), float(expected), rel_tol=1e-12)


def assert_rows_equal(rows: list[dict[str, Any]], table: pd.DataFrame, fields: tuple[str, ...]) -> None:
    assert len(rows) == len(table)
    for row, (_, expected) in zip(rows, table.iterrows(), strict=True):
        for field in fields:
            assert same(row[field], expected[field]), (field, row[field], expected[field])


def series(view: jw.FunnelView, key: str) -> dict[str, Any]:
    return next(s for s in view.data["series"] if s["key"] == key)


def test_the_state_carries_the_bindings_numbers_for_everyone_and_each_persona(binding: jw.Binding) -> None:
    view = jw.FunnelView(binding)
    state = json.loads(json.dumps(view.data))  # what the browser receives
    assert [s["name"] for s in state["stages"]] == binding.metrics["stage"].tolist()
    assert_rows_equal(series(view, "all")["rows"], binding.metrics, CLOSED_FIELDS)
    for persona in ("maya", "raj", "elena"):
        assert_rows_equal(series(view, f"persona:{persona}")["rows"], binding.persona_funnel(persona), CLOSED_FIELDS)
    assert state["open"] is False and state["mode"] == "ordered"


def test_the_state_says_which_step_windows_exclusions_and_unit_it_was_computed_with(
    journey: jw.Journey, events: pd.DataFrame
) -> None:
    stage = journey.stages[1].name
    binding = journey.bind(
        events,
        step_window={stage: "1h"},
        exclude={"event": "support_contact", "between": (0, 2)},
        unit="device",
        background=False,
    )
    state = json.loads(json.dumps(jw.FunnelView(binding).data))
    assert state["step_window_s"] == {stage: 3600.0}
    assert state["exclude"] == [{"event": ["support_contact"], "between": [s.name for s in journey.stages[0:3:2]]}]
    assert state["unit"] == ["user", "device"]
    assert jw.FunnelView(journey.bind(events, background=False)).data["unit"] == ["user"]


def test_breakdown_and_open_funnels(journey: jw.Journey, events: pd.DataFrame) -> None:
    binding = journey.bind(events, open=True)
    view = jw.FunnelView(binding, by="device")
    assert view.data["open"] is True
    assert_rows_equal(series(view, "all")["rows"], binding.metrics, OPEN_FIELDS)
    table = binding.breakdown("device")
    assert view.compared == [f"by:{d}" for d in table["device"].unique()]
    for device, rows in table.groupby("device"):
        assert_rows_equal(series(view, f"by:{device}")["rows"], rows, OPEN_FIELDS)


def test_it_follows_the_binding_and_keeps_its_numbers_when_an_update_fails(
    journey: jw.Journey, events: pd.DataFrame
) -> None:
    binding = journey.bind(events.iloc[: len(events) // 2])
    view = jw.FunnelView(binding)
    before = series(view, "all")["rows"][0]["reached"]
    binding.append(events.iloc[len(events) // 2 :])
    assert series(view, "all")["rows"][0]["reached"] == binding.metrics["reached"].iloc[0] != before
    assert view.data["revision"] == binding.revision == 1
    kept = view.data
    with pytest.raises(jw.MissingColumnError, match="event"):
        binding.update(events.drop(columns="event"))
    assert view.data == kept


def test_a_persona_whose_segment_changes_is_recomputed(journey: jw.Journey, binding: jw.Binding) -> None:
    view = jw.FunnelView(binding)
    raj = series(view, "persona:raj")["rows"][0]["reached"]
    journey.update_persona("raj", segment="acquisition_channel == 'price_comparison' and device == 'mobile'")
    assert series(view, "persona:raj")["rows"][0]["reached"] < raj
    assert series(view, "persona:raj")["rows"][0]["reached"] == binding.persona_funnel("raj")["reached"].iloc[0]


def test_a_bad_segment_shows_an_error_and_keeps_the_last_numbers(journey: jw.Journey, binding: jw.Binding) -> None:
    view = jw.FunnelView(binding)
    kept = view.data
    journey.update_persona("raj", segment="no_such_column == 1")
    assert "no_such_column" in view.error
    assert view.data == kept
    journey.update_persona("raj", segment="acquisition_channel == 'price_comparison'")
    assert view.error == ""


def test_persona_and_stage_traits_accept_names_and_refuse_unknown_values(binding: jw.Binding) -> None:
    view = jw.FunnelView(binding, persona="Raj, the deal hunter")
    assert view.persona == "raj"
    view.selected_stage = "Purchase"
    assert view.selected_stage == "purchase"
    with pytest.raises(traitlets.TraitError, match=r"no stage .Checkout.*awareness"):
        view.selected_stage = "Checkout"
    with pytest.raises(traitlets.TraitError, match=r"FunnelView.persona: .*nobody"):
        view.persona = "nobody"
    with pytest.raises(TypeError, match="must be a Binding"):
        jw.FunnelView(binding.metrics)  # type: ignore[arg-type]


def test_compared_personas(binding: jw.Binding) -> None:
    assert jw.FunnelView(binding, personas="all").compared == ["all", "persona:maya", "persona:raj", "persona:elena"]
    assert jw.FunnelView(binding, personas=["Raj, the deal hunter"]).compared == ["all", "persona:raj"]
    assert jw.FunnelView(binding).compared == []


def test_plotly_figures_carry_the_same_numbers(binding: jw.Binding) -> None:
    figure = binding.to_plotly()
    (trace,) = figure.data
    assert trace.type == "funnel" and trace.orientation == "h"
    assert list(trace.x) == binding.metrics["reached"].tolist()
    assert list(trace.y) == binding.metrics["stage_id"].tolist()  # ids on the axis, names as its labels
    assert list(figure.layout.yaxis.ticktext) == binding.metrics["stage"].tolist()
    compared = binding.to_plotly(personas="all")
    assert [t.name for t in compared.data] == binding.compare()["persona"].unique().tolist()
    raj = next(t for t in compared.data if t.name == "Raj, the deal hunter")
    assert list(raj.x) == binding.persona_funnel("raj")["reached"].tolist()
    assert raj.marker.color == binding.journey.persona("raj").color
    by_device = binding.to_plotly(by="device")
    table = binding.breakdown("device")
    for trace in by_device.data:
        assert list(trace.x) == table[table["device"] == trace.name]["reached"].tolist()


def test_the_views_figure_is_what_it_draws(binding: jw.Binding) -> None:
    view = jw.FunnelView(binding, personas=["raj", "elena"])
    figure = view.to_plotly()
    assert [t.name for t in figure.data] == ["All users", "Raj, the deal hunter", "Elena, the loyal regular"]
    assert list(figure.data[2].x) == binding.persona_funnel("elena")["reached"].tolist()
    single = jw.FunnelView(binding, persona="maya").to_plotly()
    assert [t.name for t in single.data] == ["Maya, the busy professional"]
    assert list(single.data[0].x) == binding.persona_funnel("maya")["reached"].tolist()


def test_the_state_stays_small_whatever_the_size_of_the_log(journey: jw.Journey) -> None:
    sizes = []
    for n_users in (500, 20_000):
        view = jw.FunnelView(journey.bind(jw.sample_events(n_users=n_users)), by="device")
        # the data this view sends; its code (_esm, _css: the same bundle for every widget) is left out
        state = {k: v for k, v in view.get_state().items() if k not in {"_esm", "_css"}}
        sizes.append(len(json.dumps(state)))
    assert sizes[1] < 16 * 1024
    assert abs(sizes[1] - sizes[0]) < 0.1 * sizes[0], sizes  # the numbers grow longer, not more numerous


def test_plotly_figures_follow_the_default_template_or_the_one_given(
    binding: jw.Binding, monkeypatch: pytest.MonkeyPatch
) -> None:
    pio = pytest.importorskip("plotly.io")
    monkeypatch.setattr(pio.templates, "default", "plotly_dark")
    figure = binding.to_plotly(by="device")
    dark = pio.templates["plotly_dark"]
    assert figure.layout.template == dark, "a new figure takes plotly's default template"
    assert all(trace.marker.color is None for trace in figure.data), "the template's colorway colours the traces"
    personas = binding.to_plotly(personas="all")
    raj = next(t for t in personas.data if t.name == "Raj, the deal hunter")
    assert raj.marker.color == binding.journey.persona("raj").color, "a persona keeps its own colour"
    view = jw.FunnelView(binding, personas=["raj"])
    assert view.to_plotly().layout.template == dark
    assert view.to_plotly(template="simple_white").layout.template == pio.templates["simple_white"]
    white = pio.templates["simple_white"]
    for figure in (binding.to_plotly(template="simple_white"), binding.to_plotly(by="device", template=white)):
        assert figure.layout.template == white, "binding.to_plotly takes template= as FunnelView.to_plotly does"
    assert binding.to_plotly(personas="all", template="simple_white").layout.template == white


def test_a_personas_step_is_marked_when_it_converts_significantly_differently() -> None:
    # 20 repeat customers (2 reach Cart) and 20 new ones (18 reach Cart, one buys)
    rows = [(f"r{n}", 0, "visit") for n in range(20)] + [(f"n{n}", 0, "visit") for n in range(20)]
    rows += [(f"r{n}", 10, "cart") for n in range(2)] + [(f"n{n}", 10, "cart") for n in range(18)]
    rows += [("n0", 20, "buy")]
    events = log(*rows)
    events["plan"] = ["repeat" if user.startswith("r") else "new" for user in events["user_id"]]
    journey = jw.Journey("Shop")
    journey.add_stage("Visit", id="visit", events=["visit"])
    journey.add_stage("Cart", id="cart", events=["cart"])
    journey.add_stage("Buy", id="buy", events=["buy"])
    journey.add_persona("Repeat", id="repeat", segment="plan == 'repeat'")
    (repeat,) = funnel_state(journey.bind(events))["series"][1:]
    first, cart, buy = repeat["significance"]
    assert first is None and buy is None, "no stage before the first; one buyer: too small to test"
    # pooled p = 20/40; z = (0.1 - 0.9) / sqrt(0.25 * (1/20 + 1/20)) = -5.06; two-sided p = erfc(5.06 / sqrt 2)
    z = 0.8 / math.sqrt(0.25 * 0.1)
    assert cart == {"others": 0.9, "p_value": pytest.approx(math.erfc(z / math.sqrt(2))), "significant": True,
                    "tests": 1}  # fmt: skip
