"""Doctests of code that needs an optional package are skipped where it is not installed.

The lowest-versions CI run installs no optional package; the examples in those docstrings
still run in the full environment.
"""

from __future__ import annotations

import importlib.util

import pytest

#: doctest name suffix -> the package it needs
NEEDS = {
    "JourneyMap.to_png": "resvg_py",
    "notebook_to_html": "nbconvert",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the doctests whose package is missing as skipped, naming the package."""
    for item in items:
        if not isinstance(item, pytest.DoctestItem):
            continue
        for suffix, package in NEEDS.items():
            if item.name.endswith(suffix) and importlib.util.find_spec(package) is None:
                item.add_marker(pytest.mark.skip(reason=f"needs {package}, an optional package"))
