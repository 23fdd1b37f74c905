"""Shared fixtures for the unit tests."""

from __future__ import annotations

import pytest

from journeywidgets import Journey, sample_journey


@pytest.fixture
def journey() -> Journey:
    """A fresh copy of the sample journey."""
    return sample_journey()
