"""The one-pass funnel kernel against known answers, the brute-force reference and the relational plan."""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeywidgets import FunnelDefinitionError, funnel, sample_events, sample_journey
from journeywidgets.data import backend, members
from journeywidgets.data import kernel as funnel_kernel
from journeywidgets.data.binding_values import SCORE_RANGES
from journeywidgets.data.chains import STAGE
from journeywidgets.data.eventlog import USER
from journeywidgets.data.kpis import stage_kpis
from journeywidgets.data.request import funnel_request
from tests.unit.data import reference
from tests.unit.data.helpers import log, random_log, reached, reference_rows, values
from tests.unit.data.test_funnel_reference import DEFINITIONS, event_logs

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")


def _installed(*modules: str) -> bool:
    return all(importlib.util.find_spec(module) is not None for module in modules)


#: the local engines installed here (the lowest-versions run has none but pandas; polars reads pandas through pyarrow)
ENGINES: dict[str, Callable[[pd.DataFrame], Any]] = {"pandas": lambda frame: frame}
if _installed("polars", "pyarrow"):
    import polars as pl

    ENGINES |= {"polars": pl.from_pandas, "polars-lazy": lambda frame: pl.from_pandas(frame).lazy()}
if _installed("duckdb", "pyarrow"):
    import duckdb

    ENGINES["duckdb"] = duckdb.from_df
needs_polars = pytest.mark.skipif("polars" not in ENGINES, reason="polars (with pyarrow) is not installed")
ABC = {"A": ["a"], "B": ["b"], "C": ["c"]}


def _both(frame: Any, stages: Any, **options: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    kernel = funnel(frame, stages, **options)
    relational = funnel(frame, stages, kernel="relational", **options)
    assert kernel.attrs["kernel"] == "one-pass"
    assert relational.attrs["kernel"] == "relational"
    return kernel, relational


@pytest.mark.parametrize(
    ("rows", "stages", "options", "expected"),
    [
        # two anchors, one B: the latest anchor is the shortest path (20 s, not 30 s)
        ([("u", 0, "a"), ("u", 10, "a"), ("u", 30, "b")], ABC, {}, ([1, 1, 0], [None, 20.0, None], [None, 20.0, None])),
        # a window from each anchor: a@0 cannot reach b@20 within 15 s, a@10 can
        (
            [("u", 0, "a"), ("u", 10, "a"), ("u", 20, "b")],
            ABC,
            {"window": "15s"},
            ([1, 1, 0], [None, 10.0, None], [None, 10.0, None]),
        ),
        # the window is inclusive
        ([("u", 0, "a"), ("u", 15, "b")], ABC, {"window": "15s"}, ([1, 1, 0], [None, 15.0, None], [None, 15.0, None])),
        # one row of two stages fills one of them in a chain: x@0 alone starts but does not continue
        ([("u", 0, "x")], {"A": ["a", "x"], "B": ["x"]}, {}, ([1, 0], [None, None], [None, None])),
        ([("u", 0, "x"), ("u", 10, "x")], {"A": ["a", "x"], "B": ["x"]}, {}, ([1, 1], [None, 10.0], [None, 10.0])),
        # A, B1, B2, C: the previous stage is the chain's greedy B (C - B1 = 20 s), not the last B before C
        (
            [("u", 0, "a"), ("u", 10, "b"), ("u", 20, "b"), ("u", 30, "c")],
            ABC,
            {},
            ([1, 1, 1], [None, 10.0, 30.0], [None, 10.0, 20.0]),
        ),
        # strict: an unrelated event in between breaks the chain; ordered lets it through
        ([("u", 0, "a"), ("u", 5, "y"), ("u", 10, "b")], ABC, {"mode": "strict"}, ([1, 0, 0], [None] * 3, [None] * 3)),
        ([("u", 0, "a"), ("u", 5, "y"), ("u", 10, "b")], ABC, {}, ([1, 1, 0], [None, 10.0, None], [None, 10.0, None])),
        # strict: a repeated stage-1 event restarts the chain right before B
        (
            [("u", 0, "a"), ("u", 5, "a"), ("u", 10, "b"), ("u", 12, "c")],
            ABC,
            {"mode": "strict"},
            ([1, 1, 1], [None, 5.0, 7.0], [None, 5.0, 2.0]),
        ),
        # the entry date range limits anchors only: a@0 is outside, a@20 inside, and B may come after the range
        (
            [("u", 0, "a"), ("u", 20, "a"), ("u", 100, "b"), ("v", 0, "a"), ("v", 5, "b")],
            ABC,
            {"date_range": ("2026-03-01 09:00:10+00:00", "2026-03-01 09:00:30+00:00")},
            ([1, 1, 0], [None, 80.0, None], [None, 80.0, None]),
        ),
    ],
)
@pytest.mark.parametrize("engine", list(ENGINES))
def test_known_answers(engine: str, rows: list, stages: dict, options: dict, expected: tuple) -> None:
    frame = ENGINES[engine](log(*rows))
    kernel, relational = _both(frame, stages, **options)
    got = (reached(kernel), values(kernel["ttc_first_median_s"]), values(kernel["ttc_prev_mean_s"]))
    assert got == expected
    pd.testing.assert_frame_equal(kernel, relational)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=event_logs(),
    mode=st.sampled_from(["ordered", "strict"]),
    window=st.sampled_from([None, 30, 60, 150]),
    stages=st.sampled_from(DEFINITIONS),
    favorable=st.booleans(),
    p90=st.booleans(),
)
def test_the_kernel_equals_the_relational_plan_and_the_reference(  # noqa: PLR0917 - hypothesis passes them
    frame: pd.DataFrame, mode: str, window: int | None, stages: dict, favorable: bool, p90: bool
) -> None:
    if frame["user_id"].isna().all():
        return
    policy = "favorable" if favorable else "row"
    span = None if window is None else f"{window}s"
    options = {"mode": mode, "window": span, "tie_policy": policy, "ttc_p90": p90, "engine": "pandas"}
    kernel, relational = _both(frame, stages, **options)
    pd.testing.assert_frame_equal(kernel, relational)
    expected = reference.closed(
        reference_rows(frame),
        [set(v) for v in stages.values()],
        mode,
        None if window is None else window * 1_000_000,
        favorable=favorable,
    )
    assert reached(kernel) == expected["reached"]


def _random_log(seed: int, users: int = 60) -> pd.DataFrame:
    """A seeded log full of ties (a 30 s grid), events several stages share, and unrelated events."""
    return random_log(seed, users=users, events=("a", "b", "c", "x", "y"), fewest=1, most=10)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("engine", list(ENGINES))
def test_every_local_engine_gives_the_relational_numbers_on_random_logs(engine: str, seed: int) -> None:
    frame = _random_log(seed)
    native = ENGINES[engine](frame)
    for stages in DEFINITIONS:
        for mode, window in (("ordered", None), ("ordered", "60s"), ("strict", None), ("strict", "90s")):
            options: dict[str, Any] = {"mode": mode, "window": window, "ttc_p90": True}
            if engine == "duckdb":  # a DuckDB relation keeps no row order: ties need an order column
                options["tie_policy"] = "favorable"
            kernel, relational = _both(native, stages, **options)
            pd.testing.assert_frame_equal(kernel, relational, check_dtype=False, obj=f"{engine} {stages} {options}")


def test_the_sample_journey_with_segments_and_date_ranges_agrees() -> None:
    events = sample_events(n_users=1_500, seed=4)
    for options in (
        {"segment": "device == 'mobile'"},
        {"date_range": ("2026-01-20", "2026-02-10"), "window": "1D"},
        {"mode": "strict", "window": "2h", "engine": "polars"},
        {"engine": "duckdb", "ttc_p90": True},
        {"engine": "pandas", "segment": "orders_before >= 3", "mode": "strict"},
    ):
        if options.get("engine", "pandas") not in ENGINES:
            continue
        kernel, relational = _both(events, sample_journey(), **options)
        pd.testing.assert_frame_equal(kernel, relational)


@pytest.mark.parametrize(
    "options",
    [
        {"open": True},
        {"by": "device"},
        {"mode": "any_order"},
    ],
)
def test_what_the_kernel_does_not_compute_stays_on_the_relational_plan(options: dict) -> None:
    assert funnel(sample_events(n_users=200), sample_journey(), **options).attrs["kernel"] == "relational"


def test_an_unknown_kernel_choice_is_refused_by_name() -> None:
    with pytest.raises(FunnelDefinitionError, match="kernel must be 'auto' or 'relational', got 'numba'"):
        funnel(sample_events(n_users=20), sample_journey(), kernel="numba")  # type: ignore[arg-type]


def test_a_binding_reads_and_sorts_its_log_once_for_all_users_and_every_persona(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads = []
    original = funnel_kernel._read_sorted
    monkeypatch.setattr(funnel_kernel, "_read_sorted", lambda *a, **k: reads.append(1) or original(*a, **k))
    journey = sample_journey()
    events = sample_events(n_users=800, seed=5)
    binding = journey.bind(events)
    personas = binding.persona_metrics
    assert len(personas) == 3
    assert len(reads) == 1
    for persona in journey.personas:  # each persona's numbers are those of a funnel on its segment
        expected = funnel(events, journey, segment=persona.segment, kernel="relational")
        pd.testing.assert_frame_equal(personas[persona.id], expected, check_like=True, check_dtype=False)
    binding.update(sample_events(n_users=900, seed=6))
    binding.persona_metrics  # noqa: B018 - a new log is read again
    assert len(reads) == 2


def _reached_pairs(request: Any) -> set[tuple[str, int]]:
    table = backend.collect_pandas(members.reached_stages(request))
    return {(str(user), int(stage)) for user, stage in zip(table[USER], table[STAGE], strict=True)}


@pytest.mark.parametrize("engine", list(ENGINES))
def test_the_users_each_stage_counts_are_the_relational_plans(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    native = ENGINES[engine](_random_log(seed=11, users=80))
    for stages in DEFINITIONS:
        for options in ({"mode": "ordered"}, {"mode": "ordered", "window": "60s"}, {"mode": "strict", "window": "90s"}):
            request = funnel_request(native, stages, tie_policy="favorable", **options)
            with monkeypatch.context() as patch:
                patch.setattr(members, "uses_kernel", lambda *_a, **_k: False)
                relational = _reached_pairs(request)
            assert _reached_pairs(request) == relational, (engine, stages, options)
            counts = funnel(native, stages, tie_policy="favorable", **options)["reached"].tolist()
            assert [sum(1 for _, s in relational if s == j) for j in range(len(stages))] == counts


@pytest.mark.parametrize("options", [{}, {"window": "1D", "mode": "strict"}])
def test_kpis_and_the_measured_emotion_are_the_relational_plans(options: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    events = sample_events(n_users=1_200, seed=8)
    journey = sample_journey()
    binding = journey.bind(events, **options)
    kpis, emotion = binding.kpis(), binding.derived_emotion()
    persona = journey.personas[0].id
    persona_kpis = binding.kpis(persona)
    assert kpis["revenue"].notna().any()
    monkeypatch.setattr(members, "uses_kernel", lambda *_a, **_k: False)
    relational = journey.bind(events, **options)
    pd.testing.assert_frame_equal(kpis, relational.kpis())
    pd.testing.assert_frame_equal(persona_kpis, relational.kpis(persona))
    assert emotion == relational.derived_emotion()


def test_the_measured_emotion_counts_the_users_of_the_bindings_own_funnel() -> None:
    events = sample_events(n_users=1_500, seed=9)
    journey = sample_journey()
    windowed = journey.bind(events, window="3D")
    default = journey.bind(events)
    source = next(m for m in journey.metrics if m.kind == "csat")
    mean = dataclasses.replace(source, id="score", kind="kpi", aggregation="mean", stage_ids=())
    options = {"window": "3D"}
    expected = stage_kpis(events, journey, metrics=[mean], funnel_options=options).set_index("stage_id")["score"]
    low, high = SCORE_RANGES[source.kind]
    curve = windowed.derived_emotion()
    assert curve  # stages with scores
    assert curve != default.derived_emotion()  # fewer users within 3 days: other means
    scale = journey.emotion_scale
    for stage_id, value in curve.items():  # the mean, placed linearly on the scale
        placed = scale.min + (expected[stage_id] - low) / (high - low) * (scale.max - scale.min)
        assert value == pytest.approx(placed, abs=1e-3)  # the curve is rounded to 3 decimals


@needs_polars
def test_a_pandas_log_converts_each_column_to_polars_once() -> None:
    lazy = backend.to_lazy(sample_events(n_users=50), engine="polars")
    first = lazy.select(["user_id", "event", "device"]).collect().to_native()
    second = lazy.select(["user_id", "timestamp"]).collect().to_native()
    assert first.columns == ["user_id", "event", "device"]
    assert second["user_id"].to_list() == first["user_id"].to_list()
    assert sorted(lazy._columns) == ["device", "event", "timestamp", "user_id"]
