"""The funnel's selected stage: its time-to-convert histogram and the paths of the users who left there,
computed by Python for the stage and persona shown, beside the kernel inside one, and only as aggregates."""

from __future__ import annotations

import asyncio
from typing import Any

import journeywidgets as jw
from journeywidgets.data.aside import ReadingAnalyses
from journeywidgets.widgets.stage_detail import DETAIL_BINS, stage_detail
from tests.unit.data.helpers import log
from tests.unit.data.test_background_recompute import on_loop, until
from tests.unit.data.test_binding_analyses import _journey  # Visit, Cart, Buy and a "Repeat" persona

# Visit -> Cart -> Buy. u1 and u2 buy; u3 leaves at Cart and does "help", "faq"; u4 leaves at Cart with no
# event after it; u5 only visits. Seconds from Visit to Cart: u1 10, u2 30, u3 20, u4 60.
EVENTS = log(
    ("u1", 0, "visit"),
    ("u1", 10, "cart"),
    ("u1", 70, "buy"),
    ("u2", 0, "visit"),
    ("u2", 30, "cart"),
    ("u2", 90, "buy"),
    ("u3", 0, "visit"),
    ("u3", 20, "cart"),
    ("u3", 25, "help"),
    ("u3", 40, "faq"),
    ("u4", 0, "visit"),
    ("u4", 60, "cart"),
    ("u5", 0, "visit"),
    plan=["repeat"] * 3 + ["new"] * 3 + ["repeat"] * 4 + ["new"] * 2 + ["new"],
)


def test_the_selected_stage_shows_its_time_to_convert_and_where_its_leavers_went() -> None:
    view = jw.FunnelView(_journey().bind(EVENTS))
    assert view.stage_detail == {}
    view.selected_stage = "cart"
    detail = view.stage_detail
    ttc = detail["time_to_convert"]
    assert ttc["users"] == 4 and len(ttc["bins"]) == DETAIL_BINS
    assert sum(b["users"] for b in ttc["bins"]) == 4
    assert ttc["bins"][-1]["right_s"] == 60.0, "equal bins from 0 to the slowest user"
    # 10, 20, 30, 60 s: median 25, mean 30
    assert ttc["percentiles"]["p50"] == 25.0 and ttc["mean_s"] == 30.0
    paths = detail["paths"]
    assert paths["status"] == "abandoned" and paths["users"] == 2, "u3 and u4 left at Cart"
    by_path = {row["path"]: (row["steps"], row["users"], row["share"]) for row in paths["rows"]}
    assert by_path == {"help → faq → (end)": (["help", "faq", "(end)"], 1, 0.5), "(end)": (["(end)"], 1, 0.5)}
    assert detail["errors"] == {}


def test_the_detail_follows_the_persona_and_the_first_and_last_stages() -> None:
    view = jw.FunnelView(_journey().bind(EVENTS), persona="repeat")
    view.selected_stage = "cart"
    assert view.stage_detail["time_to_convert"]["users"] == 2, "u1 and u3 are repeat customers"
    assert view.stage_detail["paths"]["users"] == 1
    view.persona = None
    assert view.stage_detail["time_to_convert"]["users"] == 4
    view.selected_stage = "visit"
    assert view.stage_detail["time_to_convert"] is None, "the first stage takes no time to reach"
    view.selected_stage = "buy"
    assert view.stage_detail["paths"]["status"] == "reached", "nobody can leave the last stage for a later one"
    view.selected_stage = None
    assert view.stage_detail == {}


def test_the_detail_is_recomputed_with_the_numbers() -> None:
    journey = _journey()
    binding = journey.bind(EVENTS)
    view = jw.FunnelView(binding)
    view.selected_stage = "cart"
    binding.append(log(("u5", 100, "cart"), plan=["new"]))
    assert view.stage_detail["time_to_convert"]["users"] == 5
    journey.remove_stage("cart")
    assert view.selected_stage is None and view.stage_detail == {}, "a stage removed is no longer selected"


def test_an_open_funnel_has_paths_but_no_time_to_convert() -> None:
    view = jw.FunnelView(_journey().bind(EVENTS, open=True))
    view.selected_stage = "cart"
    assert view.stage_detail["time_to_convert"] is None and view.stage_detail["paths"]["users"] == 2


def test_the_page_cannot_write_the_detail() -> None:
    view = jw.FunnelView(_journey().bind(EVENTS))
    view.send_state = lambda _key=None: None  # type: ignore[method-assign]
    view.set_state({"stage_detail": {"stage": "cart", "paths": {"rows": [{"path": "<b>forged</b>"}]}}})
    assert view.stage_detail == {}


def test_inside_a_kernel_the_detail_is_computed_beside_it_and_the_newest_choice_wins() -> None:
    binding_journey = _journey()

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        binding = binding_journey.bind(EVENTS, background=True)
        view = jw.FunnelView(binding)
        seen: list[str] = []
        view.observe(lambda change: seen.append(str(change["new"].get("stage"))), names="stage_detail")
        view.selected_stage = "buy"
        loading = dict(view.stage_detail)
        view.selected_stage = "cart"  # before the first answer: only the newest is shown
        await until(lambda: "paths" in view.stage_detail, "the detail")
        await asyncio.sleep(0.05)
        return loading, view.stage_detail, seen

    loading, detail, seen = on_loop(scenario)
    on_its_way = {"stage": "buy", "persona": None, "loading": True}
    assert loading == on_its_way, "the answer comes later: the page shows it is on its way"
    assert detail == stage_detail_of("cart")
    assert "loading" not in detail and seen[-1] == "cart" and seen.count("buy") == 1


def stage_detail_of(stage: str, persona: str | None = None) -> dict[str, Any]:
    return stage_detail(ReadingAnalyses(_journey().bind(EVENTS).published), stage, persona)


def test_only_aggregates_travel() -> None:
    named = EVENTS.assign(user_id="customer-" + EVENTS["user_id"], email=[f"user{n}@example.com" for n in range(13)])
    view = jw.FunnelView(_journey().bind(named))
    view.selected_stage = "cart"
    state = str(view.get_state())
    assert "paths" in view.stage_detail
    assert "@example.com" not in state and "customer-" not in state, "only counts, times and event names"


# Two days of entries: day 1 u1 buys, u2 stops at Cart; day 2 u3 only visits, u4 stops at Cart.
DAYS = log(
    ("u1", 0, "visit"),
    ("u1", 60, "cart"),
    ("u1", 120, "buy"),
    ("u2", 30, "visit"),
    ("u2", 90, "cart"),
    ("u3", 86_400, "visit"),
    ("u4", 86_500, "visit"),
    ("u4", 86_600, "cart"),
    plan=["repeat"] * 3 + ["new"] * 2 + ["repeat"] + ["new"] * 2,
)


def test_over_time_draws_each_stages_conversion_per_entry_period() -> None:
    view = jw.FunnelView(_journey().bind(DAYS), chart="over_time", period="D")
    trend = view.trend
    assert [p["start"][:10] for p in trend["periods"]] == ["2026-03-01", "2026-03-02"]
    by_stage = {s["id"]: (s["reached"], s["conv_from_first"]) for s in trend["stages"]}
    assert by_stage == {"visit": ([2, 2], [1.0, 1.0]), "cart": ([2, 1], [1.0, 0.5]), "buy": ([1, 0], [0.5, 0.0])}
    assert all(isinstance(p["complete"], bool) for p in trend["periods"])
    view.period = "M"
    assert [s["reached"] for s in view.trend["stages"]] == [[4], [3], [1]]
    view.persona = "repeat"  # u1 and u3
    assert [s["reached"] for s in view.trend["stages"]] == [[2], [1], [1]]
    assert view.trend["persona"] == "repeat" and view.trend["period"] == "M"


def test_over_time_is_computed_only_when_shown_and_says_why_it_cannot_be() -> None:
    view = jw.FunnelView(_journey().bind(DAYS))
    assert view.trend == {}, "nothing is computed for a chart not shown"
    view.chart = "over_time"
    weeks = [p["start"][:10] for p in view.trend["periods"]]
    assert weeks == ["2026-02-23", "2026-03-02"], "weeks from Monday by default: Sunday 1 March, Monday 2 March"
    opened = jw.FunnelView(_journey().bind(DAYS, open=True), chart="over_time")
    assert "open" in opened.trend["error"]
    assert opened.trend["period"] == "W"


def test_a_stage_selected_at_creation_gets_its_detail_and_compared_series_no_trend() -> None:
    binding = _journey().bind(DAYS)
    view = jw.FunnelView(binding, selected_stage="cart")
    assert view.stage_detail["time_to_convert"]["users"] == 3
    compared = jw.FunnelView(binding, personas=["repeat"], chart="over_time")
    assert compared.trend == {}, "the page draws no chart over time for compared series, so none is computed"
    compared.compared = []
    assert len(compared.trend["periods"]) == 2


def test_after_the_binding_is_closed_a_view_is_told_so() -> None:
    binding = _journey().bind(DAYS)
    view = jw.FunnelView(binding)
    binding.close()
    view.selected_stage = "cart"
    assert "binding is closed" in view.stage_detail["error"]
