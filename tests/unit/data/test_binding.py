"""Bindings: metrics per persona and KPI, recomputed when the data or the journey changes."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from journeywidgets import EmptyLogError, funnel, sample_events, sample_journey
from journeywidgets.data import binding as binding_module
from journeywidgets.data.binding import RECOMPUTE_DELAY
from journeywidgets.data.kpis import stage_kpis


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return sample_events(n_users=1_500, seed=5)


def test_bind_uses_the_default_columns_and_matches_funnel(events: pd.DataFrame) -> None:
    journey = sample_journey()
    binding = journey.bind(events)
    pd.testing.assert_frame_equal(binding.metrics, funnel(events, journey))
    assert binding.metrics["stage_id"].tolist() == [s.id for s in journey.stages]


def test_persona_metrics_filter_by_segment(events: pd.DataFrame) -> None:
    binding = sample_journey().bind(events)
    raj = binding.persona_metrics["raj"]
    expected = funnel(events, sample_journey(), segment="acquisition_channel == 'price_comparison'")
    assert raj["reached"].tolist() == expected["reached"].tolist()
    assert raj["reached"].iloc[0] < binding.metrics["reached"].iloc[0]
    table = binding.compare(["maya", "raj"])
    assert table["persona"].unique().tolist() == ["All users", "Maya, the busy professional", "Raj, the deal hunter"]


def test_metric_values_cover_every_metric_of_the_journey(events: pd.DataFrame) -> None:
    binding = sample_journey().bind(events)
    values = binding.metric_values()
    metrics = binding.metrics.set_index("stage_id")
    assert values["reach"] == {k: float(v) for k, v in metrics["reached"].items()}
    assert values["conversion"]["purchase"] == pytest.approx(metrics.loc["purchase", "conv_from_prev"])
    assert values["ttc"]["awareness"] is None
    assert set(values["revenue"]) == {"purchase"}  # the metric is defined for one stage
    surveyed = events[events["event"].isin(["order_delivered", "first_use"])]
    everyone = stage_kpis(events, binding.journey, population="all").set_index("stage_id")
    assert everyone.loc["experience", "csat"] == pytest.approx(surveyed["satisfaction"].mean())
    # the binding's KPIs read only the users its funnel counts at the stage
    reached = funnel(events, binding.journey)
    counted = reached.set_index("stage_id").loc["experience", "reached"]
    assert surveyed["user_id"].nunique() > counted
    assert values["csat"]["experience"] == pytest.approx(
        stage_kpis(events, binding.journey).set_index("stage_id").loc["experience", "csat"]
    )
    assert binding.metric_values("elena")["reach"]["awareness"] < values["reach"]["awareness"]


@pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")  # 100 rows miss late events
def test_update_and_append_recompute_and_notify(events: pd.DataFrame) -> None:
    binding = sample_journey().bind(events.iloc[:4_000])
    seen: list[int] = []
    stop = binding.observe(lambda b: seen.append(int(b.metrics["reached"].iloc[0])))
    binding.append(events.iloc[4_000:])
    assert seen == [int(funnel(events, sample_journey())["reached"].iloc[0])]
    binding.update(events.iloc[:100])
    assert len(seen) == 2
    stop()
    binding.update(events)
    assert len(seen) == 2
    assert binding.revision == 3


def test_a_bad_update_keeps_the_old_data_and_numbers(events: pd.DataFrame) -> None:
    binding = sample_journey().bind(events)
    before = binding.metrics
    with pytest.raises(EmptyLogError):
        binding.update(events.iloc[:0])
    assert binding.data is events
    pd.testing.assert_frame_equal(binding.metrics, before)


def test_journey_changes_recompute_only_when_the_numbers_depend_on_them(events: pd.DataFrame) -> None:
    journey = sample_journey()
    binding = journey.bind(events)
    journey.update_card("card-001", text="A new observation")  # no effect on numbers
    assert binding.revision == 0
    journey.update_stage("purchase", events=["add_to_cart"])
    assert binding.revision == 1
    assert binding.metrics["reached"].iloc[2] == funnel(events, journey)["reached"].iloc[2]
    journey.update_persona("raj", segment="acquisition_channel == 'search'")
    assert binding.revision == 2
    assert binding.persona_funnel("raj").attrs["segment"] == "acquisition_channel == 'search'"


def test_stages_without_events_are_skipped_and_a_broken_journey_sets_error(events: pd.DataFrame) -> None:
    journey = sample_journey()
    binding = journey.bind(events)
    journey.add_stage("Support", id="support")
    assert binding.error is None
    assert binding.metrics.attrs["skipped_stages"] == ["support"]
    assert "support" not in binding.metrics["stage_id"].tolist()
    with journey.batch():
        for stage in journey.stages:
            journey.update_stage(stage.id, events=[])
    assert binding.error is not None
    assert "no stage of the journey names an event" in str(binding.error)
    journey.undo()
    assert binding.error is None


def test_journey_edits_inside_a_kernel_are_debounced(events: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    journey = sample_journey()
    binding = journey.bind(events)

    async def burst() -> tuple[int, int]:
        monkeypatch.setattr("journeywidgets.data.scheduling.kernel_loop", asyncio.get_running_loop)
        for names in (["add_to_cart"], ["checkout_completed", "add_to_cart"], ["checkout_completed"]):
            journey.update_stage("purchase", events=names)
        during = binding.revision
        await asyncio.sleep(RECOMPUTE_DELAY * 3)
        return during, binding.revision

    with ThreadPoolExecutor(1) as pool:  # a fresh thread: pytest-playwright may leave a loop running here
        during, after = pool.submit(asyncio.run, burst()).result()
    assert (during, after) == (0, 1)
    assert binding_module.Binding is type(binding)


def test_next_actions_show_what_abandoners_did_instead(events: pd.DataFrame) -> None:
    table = sample_journey().bind(events).next_actions(top=None)
    awareness = table[table["stage_id"] == "awareness"]
    assert awareness["share"].sum() == pytest.approx(1.0)
    assert not awareness["next_event"].isin(["ad_click", "landing_view"]).any()  # repeats are skipped
    assert "advocacy" not in table["stage_id"].tolist()  # nobody abandons after the last stage


def test_kpis_per_persona(events: pd.DataFrame) -> None:
    binding = sample_journey().bind(events)
    everyone, loyal = binding.kpis(), binding.kpis("elena")
    assert loyal.set_index("stage_id")["csat"]["experience"] > everyone.set_index("stage_id")["csat"]["experience"]
    every_row = stage_kpis(events, binding.journey, population="all").set_index("stage_id")
    assert every_row["revenue"]["purchase"] == pytest.approx(events["revenue"].sum())
    # orders of users who never entered the funnel at its first stage are not the funnel's revenue
    assert everyone.set_index("stage_id")["revenue"]["purchase"] < every_row["revenue"]["purchase"]
