"""users(): the users behind each funnel stage, the same people the funnel counts, on every engine."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets.data.cohorts import users
from tests.unit.data.helpers import T0, log

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")

STAGES = {"Visit": "visit", "Cart": "cart", "Buy": "buy"}
EVENTS = log(
    ("u1", 0, "visit"),
    ("u1", 10, "cart"),
    ("u1", 20, "buy"),
    ("u2", 0, "visit"),
    ("u2", 30, "cart"),
    ("u3", 100, "visit"),
    ("u4", 0, "cart"),  # never visits: outside a closed funnel, enters an open one at Cart
    ("u4", 5, "buy"),
    ("u5", 0, "visit"),
    ("u5", 50, "visit"),  # a second entry
    ("u5", 60, "cart"),
    ("u5", 200, "buy"),
)


def _polars_column(pl: Any, name: str, column: pd.Series) -> Any:
    """A pandas column as a polars Series without pyarrow (numpy values; aware times as UTC with their zone)."""
    zone = getattr(column.dtype, "tz", None)
    if zone is None:
        return pl.Series(name, column.to_numpy())
    naive = column.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    return pl.Series(name, naive).dt.replace_time_zone("UTC").dt.convert_time_zone(str(zone))


def _engines() -> dict[str, Callable[[pd.DataFrame], Any]]:
    makers: dict[str, Callable[[pd.DataFrame], Any]] = {"pandas": lambda frame: frame}
    try:
        import polars as pl  # noqa: PLC0415 - optional engine

        def to_polars(frame: pd.DataFrame) -> Any:
            """The frame in polars: through pyarrow when it is there, else column by column from numpy."""
            if importlib.util.find_spec("pyarrow") is None:  # polars' from_pandas needs it for text columns
                return pl.DataFrame([_polars_column(pl, name, frame[name]) for name in frame.columns])
            return pl.from_pandas(frame)

        makers["polars"] = to_polars
        makers["polars-lazy"] = lambda frame: to_polars(frame).lazy()
    except ImportError:
        pass
    try:
        import pyarrow as pa  # noqa: PLC0415

        makers["pyarrow"] = lambda frame: pa.Table.from_pandas(frame, preserve_index=False)
    except ImportError:
        pass
    try:
        import duckdb  # noqa: PLC0415

        makers["duckdb"] = duckdb.from_df
    except ImportError:
        pass
    return makers


ENGINES = _engines()


def _pandas(result: Any) -> pd.DataFrame:
    frame = nw.from_native(result)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    if frame.implementation.is_polars():  # without pyarrow polars cannot hand over a pandas frame
        return pd.DataFrame(frame.to_dict(as_series=False), columns=list(frame.columns))
    native = frame.to_pandas()
    assert isinstance(native, pd.DataFrame)
    return native


def _ids(result: Any) -> list[str]:
    return sorted(_pandas(result)["user_id"].tolist())


def _at(seconds: int) -> pd.Timestamp:
    return T0 + pd.Timedelta(seconds=seconds)


def test_hand_computed_cohorts_of_a_closed_funnel() -> None:
    reached = users(EVENTS, STAGES, "Cart")
    assert list(reached.columns) == ["user_id", "entry_time", "stage_time", "depth"]
    assert reached.to_dict("list") == {
        "user_id": ["u1", "u2", "u5"],  # ordered by stage_time
        "entry_time": [_at(0), _at(0), _at(50)],  # u5: the latest entry before its cart (the shortest path)
        "stage_time": [_at(10), _at(30), _at(60)],
        "depth": [3, 2, 3],
    }
    assert _ids(users(EVENTS, STAGES, "Cart", "converted")) == ["u1", "u5"]
    assert _ids(users(EVENTS, STAGES, "Cart", "abandoned")) == ["u2"]
    assert _ids(users(EVENTS, STAGES, "Visit", "abandoned")) == ["u3"]
    first = users(EVENTS, STAGES, 0)  # a position, as the funnel's stage_index
    assert first.set_index("user_id")["entry_time"]["u5"] == _at(0)  # stage 1: the earliest entry
    assert (first["entry_time"] == first["stage_time"]).all()
    # the last stage: converted is everyone who reached it, abandoned nobody
    assert _ids(users(EVENTS, STAGES, "Buy", "converted")) == _ids(users(EVENTS, STAGES, "Buy")) == ["u1", "u5"]
    assert users(EVENTS, STAGES, "Buy", "abandoned").empty


def test_hand_computed_cohorts_under_a_window_and_in_an_open_funnel() -> None:
    windowed = users(EVENTS, STAGES, "Cart", window="30s")
    # u2's cart comes exactly at the limit (inclusive); u5's first entry is too early, its second one 10 s before
    assert windowed.to_dict("list")["depth"] == [3, 2, 2]
    assert _ids(users(EVENTS, STAGES, "Buy", window="30s")) == ["u1"]
    opened = users(EVENTS, STAGES, "Cart", open=True)
    assert opened["user_id"].tolist() == ["u4", "u1", "u2", "u5"]
    assert opened.set_index("user_id").loc["u4"].to_dict() == {"entry_time": _at(0), "stage_time": _at(0), "depth": 3}
    assert _ids(users(EVENTS, STAGES, "Cart", "converted", open=True)) == ["u1", "u4", "u5"]
    assert _ids(users(EVENTS, STAGES, "Visit", "converted", open=True)) == ["u1", "u2", "u5"]


def test_times_come_in_the_logs_zone() -> None:
    naive = EVENTS.assign(timestamp=EVENTS["timestamp"].dt.tz_localize(None))
    table = users(naive, STAGES, "Buy", tz="America/New_York")
    assert str(table["stage_time"].dt.tz) == "America/New_York"
    assert table["stage_time"].iloc[0] == pd.Timestamp("2026-03-01 09:00:20", tz="America/New_York")


OPTION_CASES = [
    {},
    {"window": "1D"},
    {"mode": "strict", "window": "2h"},
    {"mode": "any_order", "window": "3D"},
    {"open": True},
    {"segment": "device == 'mobile'"},
    {"date_range": ("2026-01-20", "2026-02-10"), "window": "7D"},
]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return jw.sample_events(n_users=150, seed=5)


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("case", OPTION_CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()) or "default")
def test_reached_users_are_the_funnels_reached_on_every_engine(
    sample: pd.DataFrame, engine: str, case: dict[str, Any]
) -> None:
    data = ENGINES[engine](sample)
    journey = jw.sample_journey()
    result = jw.funnel(data, journey, tie_policy="favorable", **case)
    expected = jw.funnel(sample, journey, engine="pandas", tie_policy="favorable", **case)
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)
    for row in expected.itertuples():
        reached = _ids(users(data, journey, row.stage_id, tie_policy="favorable", **case))
        assert len(reached) == row.reached, (engine, row.stage)
        if row.stage_index == 1:  # statuses at one stage (each call is a funnel's worth of work)
            converted = _ids(users(data, journey, row.stage_id, "converted", tie_policy="favorable", **case))
            abandoned = _ids(users(data, journey, row.stage_id, "abandoned", tie_policy="favorable", **case))
            assert sorted(converted + abandoned) == reached
            assert not set(converted) & set(abandoned)
            if engine != "pandas":
                pandas = users(sample, journey, row.stage_id, engine="pandas", tie_policy="favorable", **case)
                assert reached == _ids(pandas)


@pytest.mark.parametrize("engine", list(ENGINES))
def test_the_users_times_are_the_funnels_time_to_convert(sample: pd.DataFrame, engine: str) -> None:
    data = ENGINES[engine](sample)
    journey = jw.sample_journey()
    expected = jw.funnel(sample, journey, window="7D", engine="pandas", tie_policy="favorable")
    for row in expected.itertuples():
        table = _pandas(users(data, journey, row.stage_id, window="7D", tie_policy="favorable"))
        seconds = (table["stage_time"] - table["entry_time"]).dt.total_seconds()
        if row.stage_index:
            assert seconds.median() == pytest.approx(row.ttc_first_median_s), (engine, row.stage)
        abandoned = len(users(sample, journey, row.stage_id, "abandoned", window="7D", engine="pandas"))
        if row.stage_index + 1 < len(expected):
            assert abandoned == row.reached - expected["reached"].iloc[row.stage_index + 1]


def test_each_engine_gets_its_own_kind_back() -> None:
    for engine, make in ENGINES.items():
        data = make(EVENTS)
        result = users(data, STAGES, "Cart")
        native_kind = nw.from_native(data).implementation
        assert nw.from_native(result).implementation == native_kind, engine
        assert isinstance(nw.from_native(result), type(nw.from_native(data))), engine
        assert _ids(result) == ["u1", "u2", "u5"], engine


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"stage": "Checkout"}, "stage"),
        ({"stage": 3}, "stage"),
        ({"stage": "Cart", "status": "dropped"}, "status"),
        ({"stage": "Cart", "by": "device"}, "by"),
        ({"stage": "Cart", "window": 5}, "window"),
    ],
)
def test_bad_options_name_the_option(arguments: dict[str, Any], path: str) -> None:
    with pytest.raises(jw.FunnelDefinitionError) as raised:
        users(EVENTS, STAGES, **arguments)
    assert raised.value.path == path


def test_a_near_miss_stage_name_is_suggested() -> None:
    with pytest.raises(jw.FunnelDefinitionError, match="did you mean 'Cart'"):
        users(EVENTS, STAGES, "Crat")
