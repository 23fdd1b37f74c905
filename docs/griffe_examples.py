"""A griffe extension for the API reference: our ``Example:`` sections are doctest examples.

Our docstrings are Google style and title their doctests ``Example:`` (as ruff's pydocstyle
accepts). Griffe reads only ``Examples:`` as an examples section, and would render an
``Example:`` section as a note whose ``>>>`` lines are Markdown; this makes them the code
examples they are.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)


class ExampleSections(griffe.Extension):
    """Rename each docstring's ``Example:`` section to ``Examples:`` before griffe parses it."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:  # noqa: ARG002 - griffe's hook signature
        """Rename the sections of one object's docstring."""
        if obj.docstring is not None:
            obj.docstring.value = _EXAMPLE.sub(r"\1Examples:", obj.docstring.value)
