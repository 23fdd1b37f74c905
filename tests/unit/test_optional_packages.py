"""Optional extras other than plotly (see test_optional_plotly.py): without them the error names the extra to install.

resvg is the ``png`` extra (``JourneyMap.to_png``); nbconvert, nbformat and nbclient the ``html`` extra
(``notebook_to_html``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets.export.notebook import notebook_to_html


@pytest.fixture
def no_resvg(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import resvg_py`` fail as it does where resvg is not installed."""
    for name in [name for name in sys.modules if name == "resvg_py" or name.startswith("resvg_py.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "resvg_py", None)  # None in sys.modules: import raises ImportError


@pytest.mark.usefixtures("no_resvg")
def test_to_png_without_resvg_names_the_extra_to_install(tmp_path: Path) -> None:
    journey_map = jw.JourneyMap(jw.sample_journey())
    target = tmp_path / "map.png"
    with pytest.raises(jw.MissingDependencyError, match=r'pip install "journeywidgets\[png\]"') as raised:
        journey_map.to_png(target)
    error = raised.value
    assert isinstance(error, jw.JourneyError)
    assert isinstance(error, ImportError)  # an `except ImportError` written for the old error still works
    assert (error.code, error.name, error.path) == ("missing_dependency", "resvg_py", "to_png")
    assert not target.exists()  # nothing is written when the picture cannot be drawn
    assert journey_map.to_svg().startswith("<svg")  # the SVG, which the message offers instead, still works


def test_notebook_to_html_without_nbconvert_names_the_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "nbconvert", None)  # importlib.util.find_spec finds no such module
    with pytest.raises(jw.MissingDependencyError, match=r"pip install 'journeywidgets\[html\]'") as raised:
        notebook_to_html(tmp_path / "missing.ipynb")
    assert isinstance(raised.value, ModuleNotFoundError)  # what the command line catches
    assert (raised.value.name, raised.value.path) == ("nbconvert", "notebook_to_html")
