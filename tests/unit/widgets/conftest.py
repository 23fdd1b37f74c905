"""A sample journey bound to a sample log, shared by the widget tests (the log is built once)."""

from __future__ import annotations

import pandas as pd
import pytest

import journeywidgets as jw


@pytest.fixture(scope="session")
def events() -> pd.DataFrame:
    return jw.sample_events(n_users=2500, seed=3)


@pytest.fixture
def binding(journey: jw.Journey, events: pd.DataFrame) -> jw.Binding:
    return journey.bind(events)
