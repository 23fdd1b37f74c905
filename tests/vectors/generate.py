"""Write the shared operation vectors (tests/vectors/ops/*.json) that pytest and vitest both run.

It also writes images.json: values of an image field, each with the message it is refused with (or null),
which both models must give alike.

Each case is a base document, one operation, and what must come out: the new document and
the inverse operation, or an error code and field path. Cases are written by hand below;
the expected outputs are computed by the Python model and checked by hand-written unit tests
(tests/unit/test_ops.py) for the semantics that matter. Regenerate after a deliberate change:

    python tests/vectors/generate.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from journeywidgets.model import JourneyError, apply_op
from journeywidgets.model.document import canonical_json, normalize_document
from journeywidgets.model.fields import check_value, forbidden_character

HERE = Path(__file__).resolve().parent

BASE: dict[str, Any] = {
    "schema_version": 1,
    "id": "vec",
    "title": "Vector journey",
    "stages": [
        {
            "id": "s1",
            "name": "Discover",
            "events": ["visit"],
            "steps": [{"id": "t1", "name": "Search"}, {"id": "t2", "name": "Read reviews"}],
        },
        {"id": "s2", "name": "Buy", "events": ["purchase"]},
    ],
    "lanes": [
        {"id": "doing", "name": "Doing", "kind": "action"},
        {"id": "pains", "name": "Pains", "kind": "pain_point"},
        {"id": "feel", "name": "Feelings", "kind": "emotion"},
    ],
    "personas": [
        {"id": "p1", "name": "Ann", "color": "#4c78a8", "segment": "plan == 'pro'"},
        {"id": "p2", "name": "Bo"},
    ],
    "cards": [
        {"id": "c1", "lane_id": "doing", "stage_id": "s1", "order": 0, "text": "Searches"},
        {"id": "c2", "lane_id": "doing", "stage_id": "s1", "order": 1, "text": "Compares", "persona_ids": ["p1"]},
        {"id": "c3", "lane_id": "doing", "stage_id": "s1", "order": 2, "text": "Asks a friend"},
        {"id": "c4", "lane_id": "pains", "stage_id": "s1", "step_id": "t1", "order": 0, "text": "No filters"},
        {"id": "c5", "lane_id": "pains", "stage_id": "s2", "order": 0, "text": "Card declined", "evidence": "data"},
    ],
    "emotions": [
        {"persona_id": "p1", "stage_id": "s1", "series": "researched", "value": 1, "note": "curious"},
        {"persona_id": "p1", "stage_id": "s1", "step_id": "t2", "series": "researched", "value": -1},
        {"persona_id": "p2", "stage_id": "s2", "series": "researched", "value": -2},
    ],
    "metrics": [
        {"id": "conv", "name": "Conversion", "kind": "conversion", "unit": "%", "stage_ids": ["s1", "s2"]},
    ],
}

#: a 1x1 PNG, as a persona picture
PNG_DATA_URI = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

CASES: list[tuple[str, dict[str, Any]]] = [
    # stages
    ("add_stage_at_end", {"op": "add_stage", "id": "s3", "name": "Use", "events": ["first_use"]}),
    ("add_stage_at_start", {"op": "add_stage", "id": "s0", "name": "Hear", "index": 0}),
    ("add_stage_index_clamped", {"op": "add_stage", "id": "s9", "name": "Later", "index": 99}),
    ("add_stage_null_index_is_end", {"op": "add_stage", "id": "s9", "name": "Later", "index": None}),
    ("add_stage_duplicate_id", {"op": "add_stage", "id": "s1", "name": "Again"}),
    ("add_stage_missing_name", {"op": "add_stage", "id": "s3"}),
    ("add_stage_blank_name", {"op": "add_stage", "id": "s3", "name": "   "}),
    ("add_stage_bad_id", {"op": "add_stage", "id": "has space", "name": "X"}),
    ("add_stage_unknown_field", {"op": "add_stage", "id": "s3", "name": "X", "colour": "red"}),
    ("add_stage_steps_not_allowed", {"op": "add_stage", "id": "s3", "name": "X", "steps": []}),
    ("add_stage_events_not_list", {"op": "add_stage", "id": "s3", "name": "X", "events": "visit"}),
    ("add_stage_negative_index", {"op": "add_stage", "id": "s3", "name": "X", "index": -1}),
    ("add_stage_string_index", {"op": "add_stage", "id": "s3", "name": "X", "index": "1"}),
    ("add_stage_bool_index", {"op": "add_stage", "id": "s3", "name": "X", "index": True}),
    (
        "update_stage_name_and_events",
        {"op": "update_stage", "id": "s2", "changes": {"name": "Pay", "events": ["paid"]}},
    ),
    ("update_stage_unknown_id", {"op": "update_stage", "id": "nope", "changes": {"name": "X"}}),
    ("update_stage_id_is_fixed", {"op": "update_stage", "id": "s1", "changes": {"id": "s7"}}),
    ("update_stage_changes_not_object", {"op": "update_stage", "id": "s1", "changes": ["name"]}),
    ("update_stage_unknown_change", {"op": "update_stage", "id": "s1", "changes": {"title": "X"}}),
    ("move_stage_to_start", {"op": "move_stage", "id": "s2", "index": 0}),
    ("move_stage_clamped", {"op": "move_stage", "id": "s1", "index": 50}),
    ("move_stage_missing_index", {"op": "move_stage", "id": "s1"}),
    ("remove_stage_cascades", {"op": "remove_stage", "id": "s1"}),
    ("remove_stage_plain", {"op": "remove_stage", "id": "s2"}),
    ("remove_stage_unknown", {"op": "remove_stage", "id": "s7"}),
    # steps
    ("add_step_at_index", {"op": "add_step", "stage_id": "s1", "id": "t3", "name": "Ask", "index": 1}),
    ("add_step_to_stage_without_steps", {"op": "add_step", "stage_id": "s2", "id": "t3", "name": "Pay"}),
    ("add_step_unknown_stage", {"op": "add_step", "stage_id": "s7", "id": "t3", "name": "Pay"}),
    ("add_step_duplicate_id", {"op": "add_step", "stage_id": "s2", "id": "t1", "name": "Pay"}),
    ("update_step_name", {"op": "update_step", "id": "t2", "changes": {"name": "Reviews"}}),
    ("move_step_within_stage", {"op": "move_step", "id": "t2", "index": 0}),
    ("remove_step_cascades", {"op": "remove_step", "id": "t1"}),
    ("remove_step_with_emotion", {"op": "remove_step", "id": "t2"}),
    ("remove_step_unknown", {"op": "remove_step", "id": "t9"}),
    # lanes
    ("add_lane_kind", {"op": "add_lane", "id": "ideas", "name": "Ideas", "kind": "opportunity", "index": 1}),
    ("add_lane_default_kind", {"op": "add_lane", "id": "notes", "name": "Notes"}),
    ("add_lane_bad_kind", {"op": "add_lane", "id": "x", "name": "X", "kind": "sticky"}),
    ("update_lane_kind", {"op": "update_lane", "id": "pains", "changes": {"kind": "gain", "name": "Gains"}}),
    ("move_lane", {"op": "move_lane", "id": "feel", "index": 0}),
    ("remove_lane_cascades", {"op": "remove_lane", "id": "doing"}),
    # cards
    ("add_card_at_end", {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "text": "Bookmarks"}),
    ("add_card_at_start_shifts", {"op": "add_card", "id": "c0", "lane_id": "doing", "stage_id": "s1", "index": 0}),
    (
        "add_card_all_fields",
        {
            "op": "add_card",
            "id": "c9",
            "lane_id": "pains",
            "stage_id": "s1",
            "step_id": "t2",
            "text": "<img src=x onerror=alert(1)>",
            "evidence": "observed",
            "owner": "Kim",
            "status": "open",
            "channel": "web",
            "tags": ["ux"],
            "events": ["review_view"],
            "persona_ids": ["p2", "p1"],
        },
    ),
    ("add_card_index_clamped", {"op": "add_card", "id": "c9", "lane_id": "pains", "stage_id": "s2", "index": 7}),
    ("add_card_unknown_lane", {"op": "add_card", "id": "c9", "lane_id": "nope", "stage_id": "s1"}),
    ("add_card_unknown_stage", {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "nope"}),
    (
        "add_card_step_of_other_stage",
        {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s2", "step_id": "t1"},
    ),
    ("add_card_unknown_step", {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "step_id": "t9"}),
    (
        "add_card_unknown_persona",
        {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "persona_ids": ["p9"]},
    ),
    (
        "add_card_repeated_persona",
        {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "persona_ids": ["p1", "p1"]},
    ),
    (
        "add_card_bad_evidence",
        {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "evidence": "gut feeling"},
    ),
    ("add_card_text_not_string", {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "text": 5}),
    ("add_card_missing_lane", {"op": "add_card", "id": "c9", "stage_id": "s1"}),
    ("add_card_order_not_allowed", {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "order": 0}),
    ("add_card_duplicate_id", {"op": "add_card", "id": "c1", "lane_id": "doing", "stage_id": "s2"}),
    ("update_card_text", {"op": "update_card", "id": "c2", "changes": {"text": "Compares prices", "tags": ["price"]}}),
    ("update_card_persona_ids", {"op": "update_card", "id": "c1", "changes": {"persona_ids": ["p2"]}}),
    ("update_card_place_is_fixed", {"op": "update_card", "id": "c1", "changes": {"lane_id": "pains"}}),
    ("update_card_unknown", {"op": "update_card", "id": "c77", "changes": {"text": "X"}}),
    ("move_card_within_cell", {"op": "move_card", "id": "c3", "index": 0}),
    ("move_card_down_within_cell", {"op": "move_card", "id": "c1", "index": 2}),
    ("move_card_to_other_stage", {"op": "move_card", "id": "c2", "stage_id": "s2", "lane_id": "pains", "index": 0}),
    ("move_card_leaves_step_with_stage", {"op": "move_card", "id": "c4", "stage_id": "s2"}),
    ("move_card_into_step", {"op": "move_card", "id": "c1", "step_id": "t2"}),
    ("move_card_index_clamped", {"op": "move_card", "id": "c5", "lane_id": "doing", "stage_id": "s1", "index": 40}),
    ("move_card_unknown_lane", {"op": "move_card", "id": "c1", "lane_id": "nope"}),
    ("move_card_step_of_other_stage", {"op": "move_card", "id": "c1", "stage_id": "s2", "step_id": "t1"}),
    ("remove_card_shifts_cell", {"op": "remove_card", "id": "c1"}),
    ("remove_card_unknown", {"op": "remove_card", "id": "c77"}),
    # personas and emotions
    (
        "add_persona_full",
        {
            "op": "add_persona",
            "id": "p3",
            "name": "Cy",
            "color": "#e45756",
            "demographics": {"age": "30-39"},
            "goals": ["Save"],
            "segment": "age < 40",
            "index": 0,
        },
    ),
    ("add_persona_bad_color", {"op": "add_persona", "id": "p3", "name": "Cy", "color": "red"}),
    ("add_persona_bad_demographics", {"op": "add_persona", "id": "p3", "name": "Cy", "demographics": {"age": 30}}),
    (
        "update_persona_fields",
        {"op": "update_persona", "id": "p2", "changes": {"quote": "Cheaper?", "pains": ["Fees"]}},
    ),
    ("move_persona", {"op": "move_persona", "id": "p2", "index": 0}),
    ("remove_persona_cascades", {"op": "remove_persona", "id": "p1"}),
    ("set_emotion_new_point", {"op": "set_emotion", "persona_id": "p2", "stage_id": "s1", "value": 2}),
    (
        "set_emotion_update_keeps_note",
        {
            "op": "set_emotion",
            "persona_id": "p1",
            "stage_id": "s1",
            "step_id": None,
            "series": "researched",
            "value": 0,
        },
    ),
    (
        "set_emotion_update_with_note",
        {"op": "set_emotion", "persona_id": "p1", "stage_id": "s1", "value": 2, "note": "delighted"},
    ),
    ("set_emotion_fraction", {"op": "set_emotion", "persona_id": "p2", "stage_id": "s1", "value": 0.5}),
    (
        "set_emotion_to_be_series",
        {"op": "set_emotion", "persona_id": "p1", "stage_id": "s2", "value": 1, "series": "to_be"},
    ),
    ("set_emotion_clear", {"op": "set_emotion", "persona_id": "p2", "stage_id": "s2", "value": None}),
    ("set_emotion_clear_missing_is_noop", {"op": "set_emotion", "persona_id": "p2", "stage_id": "s1", "value": None}),
    ("set_emotion_out_of_range", {"op": "set_emotion", "persona_id": "p1", "stage_id": "s2", "value": 3}),
    ("set_emotion_unknown_persona", {"op": "set_emotion", "persona_id": "p9", "stage_id": "s2", "value": 1}),
    (
        "set_emotion_step_of_other_stage",
        {"op": "set_emotion", "persona_id": "p1", "stage_id": "s2", "step_id": "t1", "value": 1},
    ),
    (
        "set_emotion_bad_series",
        {"op": "set_emotion", "persona_id": "p1", "stage_id": "s2", "value": 1, "series": "dreamed"},
    ),
    ("set_emotion_value_bool", {"op": "set_emotion", "persona_id": "p1", "stage_id": "s2", "value": True}),
    ("set_emotion_scale_wider", {"op": "set_emotion_scale", "min": -3, "max": 3, "labels": {"3": "ecstatic"}}),
    ("set_emotion_scale_inverted", {"op": "set_emotion_scale", "min": 2, "max": -2}),
    ("set_emotion_scale_excludes_points", {"op": "set_emotion_scale", "min": 0, "max": 4}),
    # journey and metrics
    ("update_journey_title_state", {"op": "update_journey", "changes": {"title": "New", "state": "future"}}),
    ("update_journey_bad_state", {"op": "update_journey", "changes": {"state": "past"}}),
    ("update_journey_id_fixed", {"op": "update_journey", "changes": {"id": "other"}}),
    (
        "add_metric_for_stage",
        {
            "op": "add_metric",
            "id": "csat",
            "name": "CSAT",
            "kind": "csat",
            "column": "score",
            "aggregation": "mean",
            "target": 4.2,
            "stage_ids": ["s2"],
        },
    ),
    ("add_metric_unknown_stage", {"op": "add_metric", "id": "csat", "name": "CSAT", "stage_ids": ["s9"]}),
    ("add_metric_target_not_number", {"op": "add_metric", "id": "csat", "name": "CSAT", "target": "high"}),
    ("update_metric_target_null", {"op": "update_metric", "id": "conv", "changes": {"target": None}}),
    ("move_metric_clamped", {"op": "move_metric", "id": "conv", "index": 3}),
    ("remove_metric", {"op": "remove_metric", "id": "conv"}),
    # batches and malformed operations
    (
        "batch_two_ops",
        {
            "op": "batch",
            "ops": [
                {"op": "add_stage", "id": "s3", "name": "Use"},
                {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s3", "text": "Unpacks"},
            ],
        },
    ),
    (
        "batch_fails_atomically",
        {
            "op": "batch",
            "ops": [
                {"op": "add_stage", "id": "s3", "name": "Use"},
                {"op": "add_card", "id": "c9", "lane_id": "nope", "stage_id": "s3"},
            ],
        },
    ),
    ("batch_empty", {"op": "batch", "ops": []}),
    ("batch_ops_not_list", {"op": "batch", "ops": {"op": "add_stage"}}),
    ("unknown_op", {"op": "paint_card", "id": "c1"}),
    ("op_field_missing", {"id": "c1"}),
    # text that cannot be stored or drawn: rejected (invalid_text) in every text field; tab, newline and
    # every other character (emoji, U+2028, private use) are kept
    *[
        (f"add_card_text_{name}", {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "text": text})
        for name, text in [
            ("lone_high_surrogate", "\ud83d"),
            ("lone_low_surrogate", "ok \ude00"),
            ("nul", "a\x00b"),
            ("backspace", "\x08"),
            ("escape", "\x1b[31mred"),
            ("carriage_return", "line\r\nbreak"),
            ("delete", "\x7f"),
            ("c1_next_line", "\x85"),
            ("noncharacter_fffe", "\ufffe"),
            ("noncharacter_ffff", "x\uffff"),
            ("noncharacter_fdd0", "\ufdd0"),
            ("noncharacter_fdef", "\ufdef"),
            ("noncharacter_1fffe", "\U0001fffe"),
            ("noncharacter_10ffff", "\U0010ffff"),
            ("tab_and_newline_kept", "a\tb\nc"),
            ("emoji_and_separators_kept", "\U0001f600 \u2028 \ue000 \ufdcf \ufdf0 \ufffd \U0010fffd"),
        ]
    ],
    (
        "add_card_tag_item_control",
        {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "tags": ["ok", "\x1b"]},
    ),
    ("add_stage_name_noncharacter", {"op": "add_stage", "id": "s3", "name": "Pay\uffff"}),
    (
        "add_step_description_control",
        {"op": "add_step", "stage_id": "s2", "id": "t3", "name": "P", "description": "\x0c"},
    ),
    ("update_stage_events_item_surrogate", {"op": "update_stage", "id": "s1", "changes": {"events": ["\udfff"]}}),
    ("update_lane_name_control", {"op": "update_lane", "id": "pains", "changes": {"name": "P\x00"}}),
    (
        "update_persona_demographics_key_control",
        {"op": "update_persona", "id": "p1", "changes": {"demographics": {"a\x00": "b"}}},
    ),
    (
        "update_persona_demographics_value_surrogate",
        {"op": "update_persona", "id": "p1", "changes": {"demographics": {"age": "\ud800"}}},
    ),
    ("update_journey_title_surrogate", {"op": "update_journey", "changes": {"title": "\udbff"}}),
    ("update_metric_unit_control", {"op": "update_metric", "id": "conv", "changes": {"unit": "\x9f"}}),
    (
        "set_emotion_note_noncharacter",
        {"op": "set_emotion", "persona_id": "p2", "stage_id": "s1", "value": 1, "note": "\ufdd5"},
    ),
    ("set_emotion_scale_label_control", {"op": "set_emotion_scale", "min": -2, "max": 2, "labels": {"0": "\x01"}}),
    ("update_card_unknown_key_control", {"op": "update_card", "id": "c1", "changes": {"te\x00xt": "x"}}),
    ("add_lane_unknown_key_surrogate", {"op": "add_lane", "id": "x", "name": "X", "\ud800": 1}),
    # numbers: an index is a whole number 0..2**53-1 (2.0 is 2); numbers are finite doubles
    ("add_stage_integral_float_index", {"op": "add_stage", "id": "s3", "name": "X", "index": 1.0}),
    ("add_stage_fractional_index", {"op": "add_stage", "id": "s3", "name": "X", "index": 1.5}),
    ("add_stage_largest_index", {"op": "add_stage", "id": "s3", "name": "X", "index": 2**53 - 1}),
    ("add_stage_index_too_large", {"op": "add_stage", "id": "s3", "name": "X", "index": 2**53}),
    ("move_card_index_of_400_digits", {"op": "move_card", "id": "c1", "index": 10**400}),
    ("set_emotion_value_of_400_digits", {"op": "set_emotion", "persona_id": "p1", "stage_id": "s2", "value": 10**400}),
    ("add_metric_target_of_400_digits", {"op": "add_metric", "id": "m", "name": "M", "target": -(10**400)}),
    # collapsed stages and lanes (a view setting kept in the document, #12; expanding is shown after a collapse):
    # exactly true or false, and undoable like any other change
    ("update_stage_collapse", {"op": "update_stage", "id": "s1", "changes": {"collapsed": True}}),
    (
        "update_stage_expand",
        {
            "op": "batch",
            "ops": [
                {"op": "update_stage", "id": "s2", "changes": {"collapsed": True}},
                {"op": "update_stage", "id": "s2", "changes": {"collapsed": False}},
            ],
        },
    ),
    ("update_lane_collapse", {"op": "update_lane", "id": "pains", "changes": {"collapsed": True}}),
    (
        "update_lane_expand",
        {
            "op": "batch",
            "ops": [
                {"op": "update_lane", "id": "feel", "changes": {"collapsed": True}},
                {"op": "update_lane", "id": "feel", "changes": {"collapsed": False}},
            ],
        },
    ),
    ("add_stage_collapsed", {"op": "add_stage", "id": "s3", "name": "Use", "collapsed": True}),
    ("add_lane_collapsed", {"op": "add_lane", "id": "ideas", "name": "Ideas", "collapsed": True}),
    ("update_stage_collapsed_number", {"op": "update_stage", "id": "s1", "changes": {"collapsed": 1}}),
    ("update_lane_collapsed_string", {"op": "update_lane", "id": "pains", "changes": {"collapsed": "true"}}),
    ("update_lane_collapsed_null", {"op": "update_lane", "id": "pains", "changes": {"collapsed": None}}),
    ("add_stage_collapsed_zero", {"op": "add_stage", "id": "s3", "name": "Use", "collapsed": 0}),
    # persona pictures (the persona header, #12): "", an http(s) URL or a base64 image data URI, nothing else
    ("add_persona_image_url", {"op": "add_persona", "id": "p3", "name": "Cy", "image": "https://example.com/cy.png"}),
    ("update_persona_image_data_uri", {"op": "update_persona", "id": "p1", "changes": {"image": PNG_DATA_URI}}),
    (
        "update_persona_image_removed",
        {
            "op": "batch",
            "ops": [
                {"op": "update_persona", "id": "p2", "changes": {"image": "http://example.com/bo.jpg"}},
                {"op": "update_persona", "id": "p2", "changes": {"image": ""}},
            ],
        },
    ),
    ("add_persona_image_javascript", {"op": "add_persona", "id": "p3", "name": "Cy", "image": "javascript:alert(1)"}),
    (
        "update_persona_image_data_text_html",
        {"op": "update_persona", "id": "p1", "changes": {"image": "data:text/html;base64,PGI+aGk8L2I+"}},
    ),
    (
        "update_persona_image_url_with_spaces",
        {"op": "update_persona", "id": "p1", "changes": {"image": "https://example.com/my photo.png"}},
    ),
    (
        "update_persona_image_url_too_long",
        {"op": "update_persona", "id": "p2", "changes": {"image": "https://example.com/" + "a" * 2029}},
    ),
    (
        "update_persona_image_url_credentials",
        {"op": "update_persona", "id": "p1", "changes": {"image": "https://ann:secret@example.com/a.png"}},
    ),
    (
        "update_persona_image_data_not_base64",
        {"op": "update_persona", "id": "p1", "changes": {"image": "data:image/svg+xml,<svg></svg>"}},
    ),
    (
        "add_persona_image_bad_padding",
        {"op": "add_persona", "id": "p3", "name": "Cy", "image": "data:image/png;base64,QQ="},
    ),
    ("update_persona_image_relative_path", {"op": "update_persona", "id": "p2", "changes": {"image": "img/bo.png"}}),
    ("update_persona_image_null", {"op": "update_persona", "id": "p2", "changes": {"image": None}}),
    # a card's own colour (sticky-note colours, #12): "#rrggbb" or "" for the lane kind's, nothing else
    ("update_card_color", {"op": "update_card", "id": "c1", "changes": {"color": "#f2c94c"}}),
    (
        "update_card_color_removed",
        {
            "op": "batch",
            "ops": [
                {"op": "update_card", "id": "c2", "changes": {"color": "#6fcf97"}},
                {"op": "update_card", "id": "c2", "changes": {"color": ""}},
            ],
        },
    ),
    ("add_card_with_color", {"op": "add_card", "id": "c9", "lane_id": "pains", "stage_id": "s1", "color": "#56CCF2"}),
    ("update_card_color_name", {"op": "update_card", "id": "c1", "changes": {"color": "yellow"}}),
    ("update_card_color_css", {"op": "update_card", "id": "c1", "changes": {"color": "url(javascript:x)"}}),
    ("update_card_color_null", {"op": "update_card", "id": "c1", "changes": {"color": None}}),
    # a retention metric (#16): its return events and window
    (
        "add_retention_metric",
        {
            "op": "add_metric",
            "id": "back",
            "name": "Back within a week",
            "kind": "retention",
            "events": ["visit", "visit", "order"],
            "window": "7D",
            "unit": "%",
        },
    ),
    ("update_metric_events_not_text", {"op": "update_metric", "id": "conv", "changes": {"events": ["ok", 3]}}),
]


#: values of an image field (persona pictures, #12) for images.json: both models accept the same ones and word the
#: same message for the others
_LONG_URL = "https://example.com/" + "a" * (2048 - len("https://example.com/"))
IMAGE_VALUES: list[Any] = [
    "",
    "https://example.com/ann.png",
    "http://example.com/ann.jpg",
    "https://cdn.example.com:8443/people/ann@2x.png?size=64&v=2#top",
    "https://example.com/Zo\u00eb.png",
    "https://example.com/\U0001f600.png",
    _LONG_URL,
    _LONG_URL + "a",
    PNG_DATA_URI,
    "data:image/jpeg;base64,/9j/4AAQ",
    "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    "data:image/webp;base64,UklGRg==",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "javascript:alert(1)",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "img/ann.png",
    "//example.com/ann.png",
    "HTTPS://example.com/ann.png",
    " https://example.com/ann.png",
    "https://user:pass@example.com/a.png",
    "https://example.com\\@evil.example/a.png",
    "https://example.com/my photo.png",
    "https://example.com/a.png\n",
    "https://example.com/a\u00a0b.png",
    "https://example.com/a\u200bb.png",
    "https://example.com/a\u0085b.png",
    "https://example.com/a\ud800.png",
    "https://example.com/a\U0001fffe.png",
    "https://example.com/a\ufdd0.png",
    "https://",
    "https:///a.png",
    "data:text/html;base64,PGI+aGk8L2I+",
    "data:image/svg+xml,<svg></svg>",
    "data:image/bmp;base64,Qk0=",
    "data:image/PNG;base64,iVBO",
    "data:image/png;base64,",
    "data:image/png;base64,iVB",
    "data:image/png;base64,QQ=",
    "data:image/png;base64,Q===",
    "data:image/png;base64,QQ==QQ==",
    "data:image/png;base64,iV-_",
    "data:image/png;base64,iVBO\n",
    None,
    3,
    True,
    ["https://example.com/a.png"],
    {"src": "https://example.com/a.png"},
]


def image_cases() -> list[dict[str, Any]]:
    """Each image value with the message it is refused with (where "persona 'p'" holds it in field 'image'), or null.

    The message is kept up to ", got ...": how a value is shown differs (Python's repr, JSON.stringify in TypeScript).
    """
    cases = []
    for value in IMAGE_VALUES:
        try:
            check_value("image", value, where="persona 'p'", field="image")
        except JourneyError as err:
            cases.append({"value": value, "error": err.message.split(", got ")[0]})
        else:
            cases.append({"value": value, "error": None})
    return cases


def run_case(doc: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    """Apply ``op`` and describe the outcome as stored in a vector."""
    try:
        new_doc, inverse = apply_op(doc, op)
    except JourneyError as err:
        return {"error": {"code": err.code, "path": err.path}}
    return {"doc": new_doc, "inverse": inverse}


def _escaped(text: str) -> str:
    """JSON text with every character a text field may not hold written as an escape (surrogate pairs above FFFF).

    Lone surrogates cannot be written as UTF-8 at all; the others would be invisible in an editor.
    """
    out = []
    for char in text:
        if ord(char) < 0x7F or forbidden_character(char) is None:
            out.append(char)
        elif ord(char) > 0xFFFF:
            high, low = divmod(ord(char) - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


def main() -> None:
    """Write one JSON file per case into tests/vectors/ops/."""
    out = HERE / "ops"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    base = normalize_document(BASE)
    (HERE / "base.json").write_text(canonical_json(base), encoding="utf-8")
    for n, (name, op) in enumerate(CASES):
        vector = {"name": name, "op": op, "expected": run_case(base, op)}
        path = out / f"{n:03d}_{name}.json"
        text = json.dumps(vector, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        path.write_text(_escaped(text), encoding="utf-8")
    images = json.dumps(image_cases(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (HERE / "images.json").write_text(_escaped(images), encoding="utf-8")
    print(f"wrote {len(CASES)} vectors to {out} and {len(IMAGE_VALUES)} image values to images.json")


if __name__ == "__main__":
    main()
