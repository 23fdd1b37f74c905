"""The shared operation vectors: the Python model must produce exactly what they record.

vitest runs the same files against the TypeScript model (js/src/model/ops.test.ts).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from journeywidgets.model import JourneyError, apply_op
from journeywidgets.model.document import normalize_document
from journeywidgets.model.ops import OPERATION_NAMES

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
BASE = json.loads((VECTORS / "base.json").read_text("utf-8"))
FILES = sorted((VECTORS / "ops").glob("*.json"))


def test_there_are_vectors_for_every_operation() -> None:
    used = {json.loads(f.read_text("utf-8"))["op"].get("op") for f in FILES}
    assert set(OPERATION_NAMES) <= used


def test_base_document_is_canonical() -> None:
    assert normalize_document(BASE) == BASE


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_vector(path: Path) -> None:
    vector: dict[str, Any] = json.loads(path.read_text("utf-8"))
    before = json.dumps(BASE, sort_keys=True)
    expected = vector["expected"]
    if "error" in expected:
        with pytest.raises(JourneyError) as info:
            apply_op(BASE, vector["op"])
        assert {"code": info.value.code, "path": info.value.path} == expected["error"]
    else:
        doc, inverse = apply_op(BASE, vector["op"])
        assert doc == expected["doc"]
        assert inverse == expected["inverse"]
        assert normalize_document(doc) == doc, "every operation keeps the document canonical"
        assert apply_op(doc, inverse)[0] == BASE
    assert json.dumps(BASE, sort_keys=True) == before, "apply_op must not modify its input"
