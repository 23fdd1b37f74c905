"""Every engine gives the same answer: pandas, polars (eager and lazy), pyarrow, DuckDB, Dask and PySpark."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest

from journeywidgets import funnel, sample_events, sample_journey
from tests.unit.data import reference
from tests.unit.data.helpers import random_log, reference_rows
from tests.unit.data.test_funnel_reference import DEFINITIONS, TIED_AT_30

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    log = sample_events(n_users=400, seed=11)
    log.insert(0, "seq", range(len(log)))
    return log


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("PySpark needs Java")
    from pyspark.sql import SparkSession  # noqa: PLC0415 - only when PySpark is installed

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = (
            SparkSession.builder.master("local[1]")
            .appName("journeywidgets-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _dask(frame: pd.DataFrame) -> Any:
    dd = pytest.importorskip("dask.dataframe")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return dd.from_pandas(frame, npartitions=3)


LOCAL: dict[str, Callable[[pd.DataFrame], Any]] = {
    "polars-eager": pl.from_pandas,
    "polars-lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "pyarrow": lambda frame: pa.Table.from_pandas(frame, preserve_index=False),
    "duckdb": duckdb.from_df,
    "dask": _dask,
}
CASES = [
    {"mode": "ordered"},
    {"mode": "ordered", "window": "1D"},
    {"mode": "strict", "window": "2h"},
    {"mode": "any_order", "window": "3D"},
    {"mode": "ordered", "open": True},
    {"mode": "ordered", "by": "device"},
    {"mode": "ordered", "by": "channel", "attribution": "first_touch", "limit": 3},
    {"mode": "ordered", "segment": "orders_before >= 3 and device == 'mobile'"},
    {"mode": "ordered", "date_range": ("2026-01-20", "2026-02-10")},
    # units other than the user: every stage of a chain holds the channel (or device) constant
    {"mode": "ordered", "window": "1D", "unit": "channel"},
    {"mode": "strict", "unit": "device"},
    {"mode": "any_order", "window": "3D", "unit": "channel"},
    {"mode": "ordered", "open": True, "unit": "channel"},
    {"mode": "ordered", "by": "device", "unit": "channel"},
    # exclusion steps: a support contact between consideration and purchase disqualifies the attempt
    {
        "mode": "ordered",
        "window": "7D",
        "exclude": {"event": "support_contact", "between": ("consideration", "purchase")},
    },
    {"mode": "strict", "exclude": {"event": ["support_contact", "search"]}, "segment": "device == 'mobile'"},
    {"mode": "ordered", "by": "device", "exclude": {"event": "support_contact", "between": (0, 2)}},
    # per-step windows: each stage within a time of the previous one (reachable chains in ordered mode)
    {"mode": "ordered", "step_window": {"consideration": "2min", "purchase": "20min"}},
    {"mode": "strict", "window": "3D", "step_window": {"consideration": "90s"}},
    {"mode": "ordered", "open": True, "step_window": {"consideration": "90s"}},
    {"mode": "ordered", "by": "device", "window": "7D", "step_window": [None, "3min", None, None, "2D"]},
    # optional steps: each stage follows the last required stage before it
    {"mode": "ordered", "optional": ["consideration"]},
    {"mode": "ordered", "window": "7D", "optional": ["purchase", "advocacy"], "segment": "device == 'mobile'"},
    {
        "mode": "ordered",
        "by": "device",
        "optional": "experience",
        "exclude": {"event": "support_contact", "between": ("consideration", "purchase")},
    },
]


def _expected(events: pd.DataFrame, case: dict[str, Any]) -> pd.DataFrame:
    return funnel(events, sample_journey(), engine="pandas", tie_policy="favorable", **case)


def _same(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(result.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
@pytest.mark.parametrize("engine", list(LOCAL))
def test_local_engines_agree(events: pd.DataFrame, engine: str, case: dict[str, Any]) -> None:
    result = funnel(LOCAL[engine](events), sample_journey(), tie_policy="favorable", **case)
    expected = _expected(events, case)
    _same(result, expected)


@pytest.mark.parametrize("engine", ["duckdb", "polars-lazy", "dask"])
def test_p90_on_request(events: pd.DataFrame, engine: str) -> None:
    result = funnel(LOCAL[engine](events), sample_journey(), tie_policy="favorable", ttc_p90=True, by="device")
    expected = funnel(events, sample_journey(), engine="pandas", tie_policy="favorable", ttc_p90=True, by="device")
    if engine == "dask":  # Dask's grouped quantile is not exact: p90 is left out there, not wrong
        assert result["ttc_first_p90_s"].isna().all()
        result, expected = (f.drop(columns=["ttc_first_p90_s", "ttc_prev_p90_s"]) for f in (result, expected))
    _same(result, expected)


@pytest.mark.parametrize("engine", ["polars", "duckdb", "pandas"])
def test_pandas_input_runs_the_same_on_every_local_engine(events: pd.DataFrame, engine: str) -> None:
    result = funnel(events, sample_journey(), engine=engine, window="1D")
    assert result.attrs["engine"] == engine
    assert result.attrs["tie_order"] == "input row order"
    _same(result, funnel(events, sample_journey(), engine="pandas", window="1D"))


@pytest.mark.parametrize("make", ["polars-lazy", "duckdb"])
def test_lazy_engines_order_ties_by_an_order_column(events: pd.DataFrame, make: str) -> None:
    result = funnel(LOCAL[make](events), sample_journey(), order="seq", mode="strict")
    assert result.attrs["tie_order"] == "column 'seq'"
    _same(result, funnel(events, sample_journey(), engine="pandas", mode="strict"))


def test_pyspark_agrees(events: pd.DataFrame, spark: Any) -> None:
    frame = spark.createDataFrame(events.drop(columns=["satisfaction", "revenue"]))
    for case in (CASES[i] for i in (1, 2, 4, 5, 7, 9, 12, 14, 16, 17, 20, 22)):
        result = funnel(frame, sample_journey(), tie_policy="favorable", **case)
        _same(result, _expected(events, case))
    ordered = funnel(frame, sample_journey(), order="seq", window="1D")
    _same(ordered, funnel(events, sample_journey(), engine="pandas", window="1D"))
    assert ordered.attrs["engine"] == "pyspark"


def _random_log(seed: int, users: int = 40) -> pd.DataFrame:
    """A seeded log full of ties (times on a 30 s grid) and events that several stages share."""
    return random_log(seed, users=users)


#: engines that keep the input's row order (the others order rows of one stage at one instant by event name)
ROW_ORDERED = {"polars-eager", "pyarrow", "dask"}


def _in_event_order(frame: pd.DataFrame, stages: dict[str, list[str]]) -> pd.DataFrame:
    """The log as an engine with no row order reads it: at one instant, by stage (tie code), then event name."""
    codes = reference.tie_codes([set(v) for v in stages.values()])
    ordered = frame.assign(_code=frame["event"].map(lambda e: codes.get(e, 0)))
    ordered = ordered.sort_values(["timestamp", "_code", "event"], kind="stable")
    return ordered.drop(columns="_code").reset_index(drop=True)


REFERENCE_CASES = [
    (stages, mode, window)
    for stages in DEFINITIONS
    for mode in ("ordered", "strict", "any_order")
    for window in (None, 60)
]


@pytest.mark.parametrize("engine", list(LOCAL))
def test_every_engine_matches_the_brute_force_reference_with_shared_events_and_ties(engine: str) -> None:
    frame = _random_log(seed=7)
    native = LOCAL[engine](frame)
    for stages, mode, window in REFERENCE_CASES:
        rows = reference_rows(frame if engine in ROW_ORDERED else _in_event_order(frame, stages))
        if engine == "dask" and (mode == "strict" or stages is not DEFINITIONS[0]):
            # Dask keeps no order within an instant: two rows of one stage at one instant count as one (README)
            continue
        span = None if window is None else f"{window}s"
        result = funnel(native, stages, mode=mode, window=span, tie_policy="favorable")
        sets = [set(v) for v in stages.values()]
        expected = reference.closed(rows, sets, mode, None if window is None else window * 1_000_000, favorable=True)
        case = f"{engine} {mode} window={window} stages={stages}"
        assert [int(v) for v in result["reached"]] == expected["reached"], case
        if engine == "dask":
            continue  # rows of one stage at one instant are indistinguishable there: times may pick either
        medians = [None if pd.isna(v) else round(float(v), 6) for v in result["ttc_first_median_s"]]
        assert medians == [None if v is None else round(v, 6) for v in expected["ttc_first_median"]], case


def test_pyspark_matches_the_brute_force_reference(spark: Any) -> None:
    frame = _random_log(seed=7, users=25)
    native = spark.createDataFrame(frame)
    rows = reference_rows(frame)
    for stages, mode, window in REFERENCE_CASES[::4]:
        span = None if window is None else f"{window}s"
        result = funnel(native, stages, mode=mode, window=span)  # no row order on Spark: ties by stage
        assert result.attrs["tie_order"] == "stage order (this engine keeps no row order)"
        sets = [set(v) for v in stages.values()]
        expected = reference.closed(rows, sets, mode, None if window is None else window * 1_000_000, favorable=True)
        assert [int(v) for v in result["reached"]] == expected["reached"], (mode, window, stages)


@pytest.mark.parametrize("mode", ["ordered", "strict"])
@pytest.mark.parametrize("engine", ["pandas", *LOCAL])
def test_every_engine_completes_a_stage_at_the_first_event_in_tie_order(engine: str, mode: str) -> None:
    # x and b tie at 30 s; in stage order x (first a stage-A event) comes first, so a@0 -> x@30 completes B, in 30 s
    native = TIED_AT_30 if engine == "pandas" else LOCAL[engine](TIED_AT_30)
    result = funnel(native, DEFINITIONS[2], mode=mode, tie_policy="favorable")
    assert [int(v) for v in result["reached"]] == [1, 1, 0]
    assert [None if pd.isna(v) else float(v) for v in result["ttc_first_median_s"]] == [None, 30.0, None]
    assert [None if pd.isna(v) else float(v) for v in result["ttc_prev_median_s"]] == [None, 30.0, None]


def test_pyspark_completes_a_stage_at_the_first_event_in_tie_order(spark: Any) -> None:
    native = spark.createDataFrame(TIED_AT_30)  # no row order on Spark: ties are always in stage order
    for mode in ("ordered", "strict"):
        result = funnel(native, DEFINITIONS[2], mode=mode)
        assert [int(v) for v in result["reached"]] == [1, 1, 0], mode
        assert [None if pd.isna(v) else float(v) for v in result["ttc_first_median_s"]] == [None, 30.0, None], mode
