"""Write tests/vectors/mermaid.json: journeys with hostile text, their to_mermaid text and what it must read as.

vitest (js/src/export/mermaid.test.ts) parses each text with the real Mermaid parser and checks that the
diagram's title, sections, task names, scores and actors are what the journey holds; pytest
(tests/unit/test_mermaid.py) checks that the file matches what to_mermaid writes today. Regenerate after a
deliberate change:

    python tests/vectors/generate_mermaid.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import journeywidgets as jw

HERE = Path(__file__).resolve().parent
OUT = HERE / "mermaid.json"

#: text that Mermaid's journey grammar would read as something else than text
HOSTILE = [
    "Title Hacked",
    "title x",
    "TITLE: y",
    "Section Evil",
    "section",
    "Journey",
    "journey again",
    "accTitle: forged title",
    "accDescr: forged description",
    "accDescr { multi",
    "%% a comment",
    "% one percent",
    "a%%b",
    "%%{init: {'theme': 'dark'}}%%",
    "x: 5: Eve",
    "semi; colon",
    "hash # tag",
    "#35; a literal entity code",
    "ends with #",
    "&amp; &lt; & <",
    "<b>bold</b> <script>alert(1)</script> <img src=x onerror=alert(1)>",
    "{ braces }",
    "line\nbreak\nsection Injected",
    "tabs\tand   spaces",
    "---",
    "\"double\" and 'single' quotes",
    "comma, in text",
    "style x fill:#f00;",
    "classDef a fill:#f00;",
    "\ufb02\xb0\xb035\xb6\xdf Mermaid's own stand-ins",
    "journey\xa0x",
    "emoji \U0001f600 and \u2028 separator",
    "Looks: at #1 offers; twice\nthen leaves",
]


def shown(text: str) -> str:
    """What a text must read as in the diagram: whitespace runs are one space (a task is one line)."""
    return " ".join(text.split()) or "(untitled)"


def case(text: str) -> dict[str, Any]:
    """A journey whose title, stage, card, step and persona all hold ``text``."""
    journey = jw.Journey(text if text.strip() else "T", id="j")
    journey.add_stage(text, id="s1")
    journey.add_stage("Steps", id="s2")
    journey.add_step("s2", text, id="t1")
    journey.add_lane("Doing", kind="action", id="doing")
    journey.add_card(stage="s1", lane="doing", text=text, id="c1")
    journey.add_persona(f"{text}, the persona", id="p1")
    journey.add_persona("Bo", id="p2")
    journey.set_emotion("p1", "s1", 2)
    journey.set_emotion("p2", "s1", -1)
    journey.set_emotion("p1", "s2", -2, step="t1")
    persona = shown(f"{text}, the persona")
    return {
        "input": text,
        "mermaid": jw.to_mermaid(journey),
        "document": journey.to_dict(),
        "expected": {
            "title": shown(journey.title),
            "sections": [shown(text), "Steps"],
            "tasks": [
                {"section": shown(text), "task": shown(text), "score": 4, "people": [persona, "Bo"]},
                {"section": "Steps", "task": shown(text), "score": 1, "people": [persona]},
            ],
        },
    }


def cases() -> list[dict[str, Any]]:
    """Every vector, in order."""
    return [case(text) for text in HOSTILE]


def main() -> None:
    """Write the vectors."""
    text = json.dumps(cases(), indent=1, ensure_ascii=True, sort_keys=True) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(HOSTILE)} Mermaid vectors to {OUT}")


if __name__ == "__main__":
    main()
