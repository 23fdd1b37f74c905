"""The edit handler under random input (envelopes, operations, sizes): nothing escapes, every edit not
applied is answered, each (client, seq) is applied at most once, read-only views never change."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import journeywidgets as jw
from journeywidgets.widgets.edit_envelope import read_client_and_seq
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


def replies_to(view: jw.JourneyMap, batch: list[Any]) -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]]]:
    """Send each message (it must never raise); return the replies to each, and what came at the quiet moment."""
    sent: list[dict[str, Any]] = []
    view.send = lambda content, _buffers=None: sent.append(content)  # type: ignore[method-assign]
    out = []
    for message in batch:
        before = len(sent)
        view._on_browser_message(view, message, [])
        out.append(sent[before:])
    before = len(sent)
    view._release_held()  # the quiet moment: edits waiting for an earlier one that never came
    return out, sent[before:]


def named(message: Any) -> tuple[str, int] | None:
    client, seq = read_client_and_seq(message) if isinstance(message, dict) else (None, None)
    if client is None or seq is None or not isinstance(message, dict) or message.get("type") != "edit":
        return None
    return client, seq


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(messages(), min_size=1, max_size=8), st.booleans())
def test_every_message_is_applied_once_or_answered(batch: list[Any], repeat: bool) -> None:
    journey = jw.Journey.from_dict(DOC)
    view = jw.JourneyMap(journey)
    applied: list[Any] = []
    journey.observe(lambda _change: applied.append(view._ack))
    if repeat:
        batch = batch + batch  # every message delivered twice
    replies, later = replies_to(view, batch)
    rejected = [r for rs in [*replies, later] for r in (rs if isinstance(rs, list) else [rs])
                if r["type"] == "rejected"]  # fmt: skip
    assert len(applied) == len(set(applied)), "a (client, seq) is applied at most once"
    seen: set[tuple[str, int]] = set()
    for message, answer in zip(batch, replies, strict=True):
        key = named(message)
        if key is None:  # no edit Python can name: answered at once
            assert [r["type"] for r in answer] == ["rejected"], (message, answer)
            assert answer[0]["error"]["code"] == "invalid_message"
            continue
        if key in seen:
            assert {"type": "duplicate", "client": key[0], "seq": key[1]} in answer, "a duplicate is answered as such"
            continue
        seen.add(key)
        said_no = [r for r in rejected if (r["client"], r["seq"]) == key]
        assert (key in applied) != bool(said_no), f"applied, or rejected with a reason: {message}"
        for r in said_no:
            assert r["error"]["message"] and r["error"]["code"]
        event("applied" if key in applied else said_no[0]["error"]["code"])
    assert view._document == journey.document or view._flush_timer is not None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(messages(), min_size=1, max_size=8), st.sampled_from(["read-only", "presenting", "both"]))
def test_read_only_views_never_change_the_journey(batch: list[Any], why: str) -> None:
    journey = jw.Journey.from_dict(DOC)
    view = jw.JourneyMap(journey, editable=why == "presenting", mode="edit" if why == "read-only" else "present")
    view.set_state({"editable": True, "mode": "present" if why == "presenting" else "edit"})  # the page tries
    before = journey.to_json()
    replies, later = replies_to(view, batch)
    assert all(r["type"] in ("rejected", "duplicate") for r in [*later, *(r for rs in replies for r in rs)])
    assert journey.to_json() == before and journey.revision == 0
