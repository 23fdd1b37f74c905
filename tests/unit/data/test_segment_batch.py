"""A binding's personas: every segment's users found in one pass, the same users as one pass per segment."""

from __future__ import annotations

from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.kernel import LOCAL_ENGINES, sorted_rows
from journeywidgets.data.request import funnel_request
from journeywidgets.data.segmented import (
    SEGMENT_BATCH,
    SegmentedLog,
    batch_segments,
    segment_log,
    segment_memberships,
)
from tests.unit.data.helpers import log
from tests.unit.data.test_cohorts import ENGINES

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")

EVENTS = log(
    ("u1", 0, "visit"),
    ("u1", 60, "buy"),
    ("u2", 0, "visit"),
    ("u3", 10, "visit"),
    ("u3", 20, "buy"),
    ("u4", 5, "visit"),
    device=["mobile", None, None, "desktop", None, "mobile"],  # u1 mobile on one row of two; u4 on its only row
    plan=["pro", "pro", "pro", "free", "pro", "free"],
)
SEGMENTS = ["device == 'mobile'", "device != 'mobile'", "plan == 'pro' and device == 'desktop'", "plan == 'team'"]
# u1: mobile (one row of two); u2: neither (its device is null); u3: not mobile; u4: mobile
EXPECTED = {
    "device == 'mobile'": ["u1", "u4"],
    "device != 'mobile'": ["u3"],
    "plan == 'pro' and device == 'desktop'": [],  # u3's pro row is not its desktop row
    "plan == 'team'": [],
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_one_pass_finds_each_segments_users(engine: str) -> None:
    whole = EventLog(ENGINES[engine](EVENTS))
    segments = [segment_log(whole, text) for text in SEGMENTS]
    rows = sorted_rows(whole, funnel_request(whole, {"Visit": "visit", "Buy": "buy"}).spec(), since=None)
    assert rows.users is not None
    users = rows.users  # the user ids as this engine returns them
    names = [str(u) for u in users.to_list()]
    for segment, members in zip(segments, segment_memberships(whole, segments, users), strict=True):
        assert sorted(n for n, m in zip(names, members, strict=True) if m) == EXPECTED[segment.segment_text]
        assert members.tolist() == segment.members(users).tolist()


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_binding_batches_its_personas_and_keeps_their_numbers(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    journey = jw.Journey("Shop")
    journey.add_stage("Visit", id="visit", events=["visit"])
    journey.add_stage("Buy", id="buy", events=["buy"])
    for number, text in enumerate(SEGMENTS):
        journey.add_persona(f"P{number}", id=f"p{number}", segment=text)
    binding = journey.bind(ENGINES[engine](EVENTS))
    asked_one_by_one: list[str] = []
    one_by_one = SegmentedLog.members

    def counted(self: SegmentedLog, users: Any) -> Any:
        asked_one_by_one.append(self.segment_text)
        return one_by_one(self, users)

    monkeypatch.setattr(SegmentedLog, "members", counted)
    reached = {pid: table["reached"].tolist() for pid, table in binding.persona_metrics.items()}
    memo = binding.published.log.memo
    assert [s.segment_text for s in memo[SEGMENT_BATCH]] == SEGMENTS  # asked for together
    if binding.published.log.implementation in LOCAL_ENGINES:  # the kernel found all of them in its first pass
        assert {k[2] for k in memo if k[0] == "kernel-members"} == set(SEGMENTS)
        assert not asked_one_by_one
    monkeypatch.undo()
    assert reached == {"p0": [2, 1], "p1": [1, 1], "p2": [0, 0], "p3": [0, 0]}
    for number, text in enumerate(SEGMENTS):  # each as its own funnel, with no batch
        alone = jw.funnel(ENGINES[engine](EVENTS), journey, segment=text)
        assert alone["reached"].tolist() == reached[f"p{number}"]


def test_batch_segments_checks_and_skips_empty_filters() -> None:
    whole = EventLog(EVENTS)
    batch_segments(whole, ["", "  ", SEGMENTS[0], SEGMENTS[0]])
    assert [s.segment_text for s in whole.memo[SEGMENT_BATCH]] == [SEGMENTS[0]]
    with pytest.raises(jw.JourneyError, match="shoe_size"):
        batch_segments(whole, ["shoe_size > 3"])


NULL_RULES = {  # the rows of EVENTS each filter matches: a comparison with a null device is false
    "device != 'mobile'": ["u3"],
    "not device == 'mobile'": ["u1", "u2", "u3"],  # u1 and u3 have rows with no device; u2 has only those
    "device not in ['mobile']": ["u3"],
    "'mobile' != device": ["u3"],
    "device > 'c'": ["u1", "u3", "u4"],
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("text", sorted(NULL_RULES))
def test_a_comparison_with_a_missing_value_matches_on_no_engine(engine: str, text: str) -> None:
    whole = EventLog(ENGINES[engine](EVENTS))
    users = nw.from_native(pd.Series(["u1", "u2", "u3", "u4"]), series_only=True)
    if whole.implementation not in {"pandas", "modin", "cudf"}:
        users = sorted_rows(whole, funnel_request(whole, {"Visit": "visit"}).spec(), since=None).users
        assert users is not None
    members = segment_log(whole, text).members(users)
    assert sorted(str(u) for u, m in zip(users.to_list(), members, strict=True) if m) == NULL_RULES[text]
