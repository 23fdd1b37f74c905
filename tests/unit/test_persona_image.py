"""A persona's picture (the map's persona header, #12): the ``image`` field type of fields.json.

It holds "", an http(s) URL or a base64 image data URI, so the browser can put it in an ``<img src>`` as it is.
The TypeScript model (js/src/model/fields.ts) checks it the same way: the shared vectors (tests/vectors) run there too.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets import InvalidFieldError, Journey
from journeywidgets.model.document import normalize_document
from journeywidgets.model.field_checks import RejectedError, checker, image_expected
from journeywidgets.model.field_spec import default_value, limit
from journeywidgets.model.fields import check_value

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n fake but base64").decode()

ACCEPTED = [
    "",
    "https://example.com/ann.png",
    "http://example.com/ann.jpg",
    "https://cdn.example.com:8443/people/ann@2x.png?size=64&v=2#top",
    "https://example.com/Zo%C3%AB.png",
    "https://example.com/Zoë.png",
    "https://xn--bcher-kva.example/b.webp",
    "https://example.com",
    "https://example.com/" + "a" * (2048 - len("https://example.com/")),
    f"data:image/png;base64,{PNG}",
    "data:image/jpeg;base64,/9j/4AAQ",
    "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    "data:image/webp;base64,UklGRg==",
    "data:image/svg+xml;base64," + base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode(),
]

#: refused values and the start of what the error says is expected
URL = "'' or an https:// or http:// image URL of at most 2048 characters, with no user:password@"
DATA = "'' or a data:image/(png|jpeg|gif|webp|svg+xml);base64,... URI of at most 1000000 characters"
ANY = "'' or an image address: an https:// or http:// URL, or a data:image/(png|jpeg|gif|webp|svg+xml);base64"
REFUSED = {
    "javascript:alert(1)": ANY,
    "JavaScript:alert(1)": ANY,
    "vbscript:msgbox(1)": ANY,
    "file:///etc/passwd": ANY,
    "/images/ann.png": ANY,
    "ann.png": ANY,
    "//example.com/ann.png": ANY,
    "ftp://example.com/ann.png": ANY,
    "HTTPS://example.com/ann.png": ANY,
    " https://example.com/ann.png": ANY,
    "https://user:pass@example.com/ann.png": URL,
    "https://user@example.com/ann.png": URL,
    "https://example.com\\@evil.example/ann.png": URL,
    "https://example.com/my photo.png": URL,
    "https://example.com/ann.png\n": URL,
    "https://example.com/a\tb.png": URL,
    "https://example.com/a\u00a0b.png": URL,
    "https://example.com/a\u200bb.png": URL,
    "https://example.com/a\x00.png": URL,
    "https://example.com/a\x7f.png": URL,
    "https://example.com/a\ud800.png": URL,
    "https://example.com/a\U0001fffe.png": URL,
    "https://": URL,
    "https:///ann.png": URL,
    "https://example.com/" + "a" * (2049 - len("https://example.com/")): URL,
    "data:text/html;base64,PGI+aGk8L2I+": DATA,
    "data:text/html,<script>alert(1)</script>": DATA,
    "data:image/svg+xml,<svg></svg>": DATA,
    "data:image/svg+xml;utf8,<svg></svg>": DATA,
    "data:image/bmp;base64,Qk0=": DATA,
    "data:image/PNG;base64,iVBO": DATA,
    "data:image/png;base64,": DATA,
    "data:image/png;base64,iVB": DATA,
    "data:image/png;base64,QQ=": DATA,
    "data:image/png;base64,Q===": DATA,
    "data:image/png;base64,====": DATA,
    "data:image/png;base64,QQ==QQ==": DATA,
    "data:image/png;base64,iV-_": DATA,
    "data:image/png;base64,iV BO": DATA,
    "data:image/png;base64,iVBO\n": DATA,
    "data:image/png;base64," + "QUJD" * 249_995: DATA,  # 1,000,002 characters
}
NOT_TEXT = [None, 3, True, ["https://example.com/a.png"], {"src": "https://example.com/a.png"}]


def test_the_type_and_its_limits_are_in_fields_json() -> None:
    assert jw.model.fields.entity_fields("persona")["image"] == "image"
    assert default_value("image") == ""
    assert (limit("image_url_max"), limit("image_data_max")) == (2048, 1_000_000)
    assert limit("image_types") == ["png", "jpeg", "gif", "webp", "svg+xml"]


@pytest.mark.parametrize("value", ACCEPTED, ids=range(len(ACCEPTED)))
def test_accepted_images_are_kept_as_they_are(value: str) -> None:
    assert checker("image")(value) == value


@pytest.mark.parametrize("value", sorted(REFUSED), ids=range(len(REFUSED)))
def test_refused_images_name_the_field_and_say_what_is_expected(value: str) -> None:
    with pytest.raises(InvalidFieldError) as info:
        check_value("image", value, where="persona 'ann'", field="image", path="personas[0].image")
    message = str(info.value)
    assert message.startswith(f"persona 'ann': field 'image' must be {REFUSED[value]}"), message
    assert (info.value.code, info.value.path) == ("invalid_field", "personas[0].image")
    message.encode("utf-8")  # no lone surrogate of the value gets into the message


@pytest.mark.parametrize("value", NOT_TEXT, ids=repr)
def test_a_non_string_is_refused(value: object) -> None:
    with pytest.raises(RejectedError, match=r"^'' or an image address"):
        checker("image")(value)


def test_the_messages_name_the_form_tried() -> None:
    assert image_expected("https://x") == image_expected("http://x") != image_expected("data:x")
    assert "whitespace or control characters" in image_expected("https://x")
    assert "base64 (A-Z, a-z, 0-9, '+', '/', in groups of four padded with '=')" in image_expected("data:x")


def test_a_data_uri_may_be_a_million_characters_long() -> None:
    big = "data:image/png;base64," + "QUJD" * 249_994
    assert len(big) == 999_998
    assert checker("image")(big) == big
    for refused in (big + "QUJD", big[:-4] + "QU!D"):
        with pytest.raises(RejectedError, match="of at most 1000000 characters"):
            checker("image")(refused)


# ----- documents and the Journey API -------------------------------------------------------------


def test_an_old_file_loads_with_no_pictures(tmp_path: Path) -> None:
    """Files written before personas had pictures load with image "" (the header shows initials)."""
    old = {
        "schema_version": 1,
        "id": "j",
        "title": "T",
        "personas": [{"id": "ann", "name": "Ann", "color": "#4c78a8"}],
    }
    path = tmp_path / "old.journey.json"
    path.write_text(json.dumps(old), "utf-8")
    journey = jw.load(path)
    assert journey.persona("ann").image == ""
    assert normalize_document(old)["personas"][0]["image"] == ""
    assert '"image": ""' in journey.to_json()


def test_a_file_with_a_bad_picture_is_refused_with_its_path() -> None:
    doc = {"schema_version": 1, "id": "j", "title": "T", "personas": [{"id": "ann", "name": "Ann"}]}
    doc["personas"][0]["image"] = "javascript:alert(1)"
    with pytest.raises(InvalidFieldError, match=r"field 'image' must be '' or an image address") as info:
        jw.Journey.from_dict(doc)
    assert info.value.path == "personas[0].image"


def test_add_and_update_persona_take_an_image_with_undo() -> None:
    journey = Journey("Demo")
    ann = journey.add_persona("Ann", image="https://example.com/ann.png")
    assert ann.image == "https://example.com/ann.png"
    assert journey.add_persona("Bo").image == ""
    data_uri = f"data:image/png;base64,{PNG}"
    assert journey.update_persona("ann", image=data_uri).image == data_uri
    assert journey.update_persona("ann", image="").image == ""
    journey.undo()
    assert journey.persona("ann").image == data_uri
    journey.undo()
    assert journey.persona("ann").image == "https://example.com/ann.png"
    journey.redo()
    assert journey.persona("ann").image == data_uri
    assert jw.Journey.from_json(journey.to_json()).persona("ann").image == data_uri


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "data:text/html;base64,PGI+", "https://a b.example/x.png", None, 1]
)
def test_a_refused_picture_changes_nothing(journey: Journey, value: object) -> None:
    before, revision = journey.to_json(), journey.revision
    with pytest.raises(InvalidFieldError, match=r"persona 'maya': field 'image' must be ''") as info:
        journey.update_persona("maya", image=value)
    assert info.value.path == "changes.image"
    with pytest.raises(InvalidFieldError, match=r"field 'image' must be ''"):
        journey.add_persona("Cy", image=value)
    assert (journey.to_json(), journey.revision) == (before, revision)


def test_the_shared_image_values_are_those_the_python_model_gives() -> None:
    """tests/vectors/images.json (vitest checks fields.ts against it) holds what this model says of each value."""
    cases = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "images.json").read_text("utf-8"))
    assert len(cases) > 40
    for case in cases:
        if case["error"] is None:
            assert check_value("image", case["value"], where="persona 'p'", field="image") == case["value"]
            continue
        with pytest.raises(InvalidFieldError) as info:
            check_value("image", case["value"], where="persona 'p'", field="image")
        assert str(info.value).split(", got ")[0] == case["error"], case
