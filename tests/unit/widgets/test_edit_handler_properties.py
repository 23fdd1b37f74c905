"""The edit handler under random input (envelopes, operations, sizes): nothing escapes, every edit not
applied is answered, each (client, seq) is applied at most once, read-only views never change."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import journeywidgets as jw
from tests.unit.test_properties import operations

DOC = jw.sample_journey().document
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)
CLIENT = st.sampled_from(["view-a", "view-b"]) | st.sampled_from(["", "x" * 300, "bad id", 7, None])
SEQ = st.integers(-2, 6) | st.sampled_from([10**400, 2**53, "abc", None, math.inf, math.nan, True, 1.0])
BASE = st.integers(-1, 3) | st.sampled_from([None, "0", 10**30, False])


def deep(op: dict[str, Any], depth: int) -> dict[str, Any]:
    for _ in range(depth):
        op = {"op": "batch", "ops": [op]}
    return op


@st.composite
def messages(draw: st.DrawFn) -> Any:
    """A message as a page may send one: well formed, or with one part broken, or anything at all."""
    broken = draw(st.sampled_from([None, None, None, "type", "client", "seq", "base", "body", "extra", "drop", "any"]))
    if broken == "any":
        return draw(JSON)
    message: dict[str, Any] = {
        "type": "edit",
        "client": draw(st.sampled_from(["view-a", "view-b"])),
        "seq": draw(st.integers(1, 8)),
        "base_revision": draw(st.integers(0, 2)),
    }
    body = draw(st.sampled_from(["op", "op", "op", "action"]))
    if body == "op":
        message["op"] = draw(operations(DOC))
    else:
        message["action"] = draw(st.sampled_from(["undo", "redo"]))
    if broken == "type":
        message["type"] = draw(st.sampled_from(["other", 1, None]))
    elif broken == "client":
        message["client"] = draw(CLIENT)
    elif broken == "seq":
        message["seq"] = draw(SEQ)
    elif broken == "base":
        message["base_revision"] = draw(BASE)
    elif broken == "body":
        message.pop("op", None)
        message.pop("action", None)
        shape = draw(st.sampled_from(["junk", "deep", "many", "both", "none", "bad action"]))
        if shape == "junk":
            message["op"] = draw(JSON)
        elif shape == "deep":
            message["op"] = deep(draw(operations(DOC)), draw(st.sampled_from([2, 20, 500])))
        elif shape == "many":
            message["op"] = {"op": "batch", "ops": [{"op": "update_journey", "changes": {"title": "t"}}] * 12_000}
        elif shape == "both":
            message.update(op=draw(operations(DOC)), action="undo")
        elif shape == "bad action":
            message["action"] = draw(st.sampled_from(["explode", None, 3]))
    elif broken == "extra":
        message[draw(st.text(min_size=1, max_size=5))] = draw(JSON)
    elif broken == "drop":
        del message[draw(st.sampled_from(sorted(message)))]
    return message


class Recorder:
    def __init__(self, view: jw.JourneyMap) -> None:
        self.sent: list[dict[str, Any]] = []
        view.send = lambda content, _buffers=None: self.sent.append(content)  # type: ignore[method-assign]


def drive(view: jw.JourneyMap, batch: list[Any]) -> list[tuple[Any, list[dict[str, Any]], bool]]:
    """Send each message; return (message, replies, whether the journey changed)."""
    recorder = Recorder(view)
    out = []
    for message in batch:
        before, revision = len(recorder.sent), view.journey.revision
        view._on_browser_message(view, message, [])  # must never raise
        out.append((message, recorder.sent[before:], view.journey.revision != revision))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(messages(), min_size=1, max_size=8), st.booleans())
def test_every_message_is_applied_once_or_answered(batch: list[Any], repeat: bool) -> None:
    journey = jw.Journey.from_dict(DOC)
    view = jw.JourneyMap(journey)
    if repeat:
        batch = batch + batch  # every message delivered twice
    applied: set[tuple[str, int]] = set()
    for message, replies, changed in drive(view, batch):
        event("applied" if changed else str(replies[0].get("error", {}).get("code", replies[0]["type"])))
        if changed:
            changes = [r for r in replies if r["type"] == "change"]
            assert changes, "a change is announced"
            key = (message["client"], message["seq"])
            assert changes[-1]["acks"][key[0]] == key[1], "and acknowledges the edit"
            assert key not in applied, "a (client, seq) is applied at most once"
            applied.add(key)
        else:
            assert [r["type"] for r in replies] in (["rejected"], ["duplicate"]), (message, replies)
            reply = replies[0]
            if reply["type"] == "rejected":
                assert reply["error"]["message"] and reply["error"]["code"]
    assert view._document == journey.document or view._flush_timer is not None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(messages(), min_size=1, max_size=8), st.sampled_from(["read-only", "presenting", "both"]))
def test_read_only_views_never_change_the_journey(batch: list[Any], why: str) -> None:
    journey = jw.Journey.from_dict(DOC)
    view = jw.JourneyMap(journey, editable=why == "presenting", mode="edit" if why == "read-only" else "present")
    view.set_state({"editable": True, "mode": "present" if why == "presenting" else "edit"})  # the page tries
    before = journey.to_json()
    for _message, replies, changed in drive(view, batch):
        assert not changed
        assert [r["type"] for r in replies] in (["rejected"], ["duplicate"])
    assert journey.to_json() == before and journey.revision == 0
