"""plotly is the optional ``plotly`` extra: only ``to_plotly`` needs it, and without it the error names the extra."""

from __future__ import annotations

import subprocess
import sys

import pytest

import journeywidgets as jw


@pytest.fixture
def no_plotly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import plotly`` fail as it does where plotly is not installed."""
    for name in [name for name in sys.modules if name == "plotly" or name.startswith("plotly.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "plotly", None)  # None in sys.modules: import raises ImportError


@pytest.mark.usefixtures("no_plotly")
def test_to_plotly_without_plotly_names_the_extra_to_install() -> None:
    binding = jw.sample_journey().bind(jw.sample_events(n_users=200))
    with pytest.raises(jw.MissingDependencyError, match=r'pip install "journeywidgets\[plotly\]"') as raised:
        binding.to_plotly()
    error = raised.value
    assert isinstance(error, jw.JourneyError)
    assert isinstance(error, ImportError)  # an `except ImportError` written for plotly's own error still works
    assert (error.code, error.name, error.path) == ("missing_dependency", "plotly", "to_plotly")


def test_nothing_else_imports_plotly() -> None:
    code = (
        "import sys; sys.modules['plotly'] = None\n"
        "import journeywidgets as jw, journeywidgets.data, journeywidgets.export, journeywidgets.widgets\n"
        "binding = jw.sample_journey().bind(jw.sample_events(n_users=100))\n"
        "print(len(binding.metrics), jw.to_mermaid(jw.sample_journey())[:7])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "journey"
