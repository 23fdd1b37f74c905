"""A retention metric on a stage: of the units at the stage, the share back within a window (hand-made answers)."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets import stage_retention
from journeywidgets.data.errors import FunnelDefinitionError
from tests.unit.data import reference
from tests.unit.data.helpers import log, random_log, reference_rows
from tests.unit.data.test_cohorts import _polars_column

DAY = 86_400


def _log() -> pd.DataFrame:
    return log(
        ("u1", 0, "visit"),  # back 1 h after the buy: retained at Visit and at Buy
        ("u1", 100, "buy"),
        ("u1", 3_700, "visit"),
        ("u2", 0, "visit"),  # back two days later: too late
        ("u2", 200, "buy"),
        ("u2", 2 * DAY + 200, "visit"),
        ("u3", 0, "visit"),  # a second visit at the same instant is no return
        ("u3", 0, "visit"),
        ("u5", 0, "visit"),  # back exactly a day later: the window is inclusive
        ("u5", DAY, "visit"),
        ("u9", 10 * DAY, "visit"),  # the log's last event: u9's day has not been seen yet
        plan=["a", "a", "a", "b", "b", "b", "a", "a", "b", "b", "a"],
    )


def _journey(**metric: Any) -> jw.Journey:
    journey = jw.Journey("Shop")
    journey.add_stage("Visit", id="visit", events=["visit"])
    journey.add_stage("Buy", id="buy", events=["buy"])
    journey.add_persona("Plan A", id="plan_a", segment="plan == 'a'")
    journey.add_metric("Back within a day", id="back", kind="retention", unit="%", **metric)
    return journey


def test_the_share_of_a_stage_back_within_the_window() -> None:
    table = stage_retention(_log(), _journey(events=["visit"], window="1D"))
    values = table.set_index("stage_id")["back"].to_dict()
    # Visit: u1 and u5 of u1, u2, u3, u5 (u9 left out: its day has not ended); Buy: u1 of u1, u2
    assert values == {"visit": 0.5, "buy": 0.5}
    assert table.attrs["units"] == {"back": {"visit": 4, "buy": 2}}


def test_no_return_events_means_any_event() -> None:
    values = stage_retention(_log(), _journey(window="1D")).set_index("stage_id")["back"].to_dict()
    assert values == {"visit": 0.75, "buy": 0.5}  # u2's buy brings them back to Visit's count


def test_the_funnel_options_and_a_segment_choose_the_units() -> None:
    journey = _journey(events=["visit"], window="1D")
    mine = stage_retention(_log(), journey, segment="plan == 'a'").set_index("stage_id")["back"].to_dict()
    assert mine == {"visit": 0.5, "buy": 1.0}  # u1 and u3 at Visit, u1 at Buy
    windowed = stage_retention(_log(), journey, funnel_options={"window": "150s"})
    assert windowed.set_index("stage_id")["back"].to_dict() == {"visit": 0.5, "buy": 1.0}  # u2's buy is too late


def test_a_binding_shows_it_on_the_metric_lane_per_persona() -> None:
    binding = _journey(events=["visit"], window="1D").bind(_log(), background=False)
    assert binding.metric_values()["back"] == {"visit": 0.5, "buy": 0.5}
    assert binding.metric_values("plan_a")["back"] == {"visit": 0.5, "buy": 1.0}
    map_view = jw.JourneyMap(binding.journey, binding=binding)
    assert map_view.metrics["back"] == {"visit": 0.5, "buy": 0.5}


def test_a_stage_with_no_unit_whose_window_has_ended_has_no_value() -> None:
    events = log(("u1", 0, "visit"), ("u1", 60, "buy"), ("u1", 120, "visit"))
    table = stage_retention(events, _journey(window="1D"))
    assert table["back"].isna().all()
    assert table.attrs["units"] == {"back": {"visit": 0, "buy": 0}}


def test_a_metric_of_stages_without_events_has_no_value() -> None:
    journey = jw.Journey("Shop")
    journey.add_stage("Visit", id="visit", events=["visit"])
    journey.add_stage("Later", id="later")  # no events yet: not in the funnel
    journey.add_metric("Back", id="back", kind="retention", window="1D", stage_ids=["later"])
    table = stage_retention(_log(), journey)
    assert table["back"].isna().all()
    assert jw.JourneyMap(journey, binding=journey.bind(_log(), background=False)).metrics_error == ""


def test_a_binding_segment_holds_for_every_persona_too() -> None:
    binding = _journey(events=["visit"], window="1D").bind(_log(), segment="plan == 'b'", background=False)
    assert binding.metric_values()["back"] == {"visit": 0.5, "buy": 0.0}  # u2 and u5 at Visit, u2 at Buy
    # Plan A within the binding's plan B: nobody (the persona's segment does not replace the binding's)
    assert binding.metric_values("plan_a")["back"] == {"visit": None, "buy": None}


@pytest.mark.parametrize(
    ("window", "message"),
    [("", r"metrics\['back'\]\.window: a retention metric needs a window"), ("soon", r"metrics\['back'\]\.window")],
)
def test_a_retention_metric_without_a_readable_window_names_it(window: str, message: str) -> None:
    with pytest.raises(FunnelDefinitionError, match=message) as caught:
        stage_retention(_log(), _journey(window=window))
    assert caught.value.path == "metrics['back'].window"


def _as(engine: str, frame: pd.DataFrame) -> Any:
    """The log as ``engine`` holds it (the test of an engine not installed is skipped)."""
    if engine == "pandas":
        return frame
    if engine == "polars-lazy":  # column by column: polars' from_pandas needs pyarrow, an install may lack it
        pl = pytest.importorskip("polars")
        return pl.DataFrame([_polars_column(pl, name, frame[name]) for name in frame.columns]).lazy()
    if engine == "duckdb":
        return pytest.importorskip("duckdb").from_df(frame)
    if engine == "pyarrow":
        return pytest.importorskip("pyarrow").Table.from_pandas(frame, preserve_index=False)
    dd = pytest.importorskip("dask.dataframe")
    with warnings.catch_warnings():  # narwhals' notice that Dask support moves to a package of its own
        warnings.simplefilter("ignore", FutureWarning)
        return dd.from_pandas(frame, npartitions=2)


@pytest.mark.parametrize("engine", ["pandas", "polars-lazy", "duckdb", "pyarrow", "dask"])
@pytest.mark.parametrize("returns", [["x"], []])
@pytest.mark.parametrize("funnel_window", [None, 4 * 3600])
def test_every_engine_agrees_with_the_reference(engine: str, returns: list[str], funnel_window: int | None) -> None:
    frame = random_log(23, users=60, events=("a", "b", "c", "x"), slots=40, step=1800, most=10)
    journey = jw.Journey("Random")
    for name in ("a", "b", "c"):
        journey.add_stage(name.upper(), id=name, events=[name])
    journey.add_metric("Back", id="back", kind="retention", events=returns, window="3h")
    window = None if funnel_window is None else funnel_window * 1_000_000
    rows, sets = reference_rows(frame), [{"a"}, {"b"}, {"c"}]
    # engines that keep no row order always put ties in stage order: they answer the favourable question only
    for policy in ("row", "favorable") if engine == "pandas" else ("favorable",):
        expected = reference.stage_retention(
            rows, sets, set(returns) or None, 3 * 3600 * 1_000_000, window, favorable=policy == "favorable"
        )
        assert any(v not in (None, 0.0, 1.0) for v in expected)  # a log where the answer is not trivial
        options = {"tie_policy": policy} | ({} if funnel_window is None else {"window": f"{funnel_window}s"})
        table = stage_retention(_as(engine, frame), journey, funnel_options=options)
        got = [None if pd.isna(v) else round(float(v), 12) for v in table["back"]]
        assert got == [None if v is None else round(v, 12) for v in expected], policy
