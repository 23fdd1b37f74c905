"""to_mermaid on hostile text: the vectors vitest parses with the real Mermaid parser match what we write today.

The parsing itself (title, sections, tasks and actors read back as the journey's text) is checked in
js/src/export/mermaid.test.ts; tests/vectors/generate_mermaid.py writes the vectors.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import journeywidgets as jw

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
sys.path.insert(0, str(VECTORS))
import generate_mermaid  # noqa: E402 - the vectors' generator, found next to them

STATEMENT = re.compile(r"^\s*(journey|title\s|section\s|acc|%|#)", re.IGNORECASE)


def test_the_vectors_are_what_to_mermaid_writes_today() -> None:
    stored = json.loads((VECTORS / "mermaid.json").read_text("utf-8"))
    assert stored == json.loads(json.dumps(generate_mermaid.cases())), "run: python tests/vectors/generate_mermaid.py"


def test_every_line_is_one_statement_of_ours() -> None:
    for vector in generate_mermaid.cases():
        lines = vector["mermaid"].splitlines()
        assert lines[0] == "journey"
        assert lines[1].startswith("    title ")
        for line in lines[2:]:
            if line.startswith("    section "):
                rest = line.removeprefix("    section ")
            else:
                assert line.startswith("      "), line
                rest = line.strip()
                name, score, *actors = rest.split(": ")
                assert score in {"1", "2", "3", "4", "5"} and len(actors) <= 1, line
                rest = name
            as_lexed = re.sub(r"#(\d+);", "\ufb02\xb0\xb0\\1\xb6\xdf", rest)  # Mermaid's encodeEntities
            assert not STATEMENT.match(as_lexed), line  # no keyword, comment or directive where text goes
            assert not set(re.sub(r"#\d+;", "", rest)) & set("#:;%{}<>&\ufb02\xb6"), line  # syntax only as codes


def test_codes_stand_for_the_characters() -> None:
    journey = jw.Journey("a:b;c#d%e")
    journey.add_stage("Title case")
    text = jw.to_mermaid(journey)
    assert "    title a#58;b#59;c#35;d#37;e" in text
    assert "    section #84;itle case" in text
