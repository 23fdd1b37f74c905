"""The API reference covers every public name (the site itself is built by `mkdocs build --strict` in scripts/test)."""

from __future__ import annotations

import re
from pathlib import Path

import journeywidgets as jw

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_public_name_has_a_place_in_the_api_reference() -> None:
    documented = {
        match
        for page in (DOCS / "api").glob("*.md")
        for match in re.findall(r"^::: journeywidgets\.(\w+)$", page.read_text("utf-8"), flags=re.MULTILINE)
    }
    public = {name for name in jw.__all__ if not name.startswith("_")}
    assert public - documented == set(), "add these to a page in docs/api/"
    assert documented - public == set(), "these are documented but not in journeywidgets.__all__"


def test_every_example_notebook_is_in_the_site() -> None:
    nav = (DOCS.parent / "mkdocs.yml").read_text("utf-8")
    examples = {path.name for path in (DOCS.parent / "examples").glob("*.ipynb")}
    assert examples == set(re.findall(r"examples/(\w+\.ipynb)", nav))
