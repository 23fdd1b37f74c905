"""Shared fixtures for the unit tests."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from journeywidgets import Journey, sample_journey

# CI runs the property tests on the same examples every time (derandomized, no example database), so a red
# run means the code changed, never that the search got lucky. Locally every run explores new examples and
# keeps the failures it finds in .hypothesis/. HYPOTHESIS_PROFILE picks one; CI (.ci/run) sets it to "ci".
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def journey() -> Journey:
    """A fresh copy of the sample journey."""
    return sample_journey()
