"""The floors of the package: the import-linter contract in pyproject.toml holds, and it would catch a breach.

model ← data ← widgets ← export ← cli: a module imports only from its own floor and those below it
(imports inside functions and under TYPE_CHECKING count). The conveniences that read best on a lower
floor reach up through journeywidgets.model.extensions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets.model import extensions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10: pytest brings tomli
    import tomli as tomllib

importlinter_cli = pytest.importorskip("importlinter.cli", reason="import-linter comes with the lint extra")

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"


def _config() -> dict:
    return tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]


def test_the_layer_contract_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    code = importlinter_cli.lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "0 broken" in report


def test_the_contract_lists_no_exceptions() -> None:
    config = _config()
    (contract,) = config["contracts"]
    assert contract["type"] == "layers"
    assert contract["layers"][-4:] == ["export", "widgets", "data", "model"]
    assert contract.get("exhaustive") is True
    assert not contract.get("ignore_imports")
    assert not contract.get("unmatched_ignore_imports_alerting")
    assert not config.get("exclude_type_checking_imports")


def _probe_package(base: Path, name: str, breach: str) -> None:
    """A package with our floors, where ``model/thing.py`` holds ``breach`` inside a function."""
    package = base / name
    for floor in ("model", "data", "widgets", "export"):
        (package / floor).mkdir(parents=True)
        (package / floor / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "cli.py").write_text(f"import {name}.export\n")
    (package / "_wiring.py").write_text(f"import {name}.data\n")
    (package / "model" / "thing.py").write_text(f"def convenience():\n    {breach}\n")


@pytest.mark.parametrize(
    ("breach", "broken"),
    [
        ("from jwprobe.data import x", "jwprobe.model is not allowed to import jwprobe.data"),
        ("import jwprobe.export", "jwprobe.model is not allowed to import jwprobe.export"),
        ("import jwprobe.cli", "jwprobe.model is not allowed to import jwprobe.cli"),
    ],
)
def test_the_contract_catches_an_upward_import_inside_a_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], breach: str, broken: str
) -> None:
    _probe_package(tmp_path, "jwprobe", breach)
    contract = dict(_config()["contracts"][0])
    contract["containers"] = ["jwprobe"]
    layers = ", ".join(f'"{layer}"' for layer in contract["layers"])
    (tmp_path / "probe.toml").write_text(
        '[tool.importlinter]\nroot_package = "jwprobe"\n\n[[tool.importlinter.contracts]]\n'
        f'name = "probe"\ntype = "layers"\ncontainers = ["jwprobe"]\nlayers = [{layers}]\nexhaustive = true\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    code = importlinter_cli.lint_imports(config_filename=str(tmp_path / "probe.toml"), no_cache=True, no_logo=True)
    report = " ".join(capsys.readouterr().out.split())
    assert code == 1
    assert broken in report


def test_every_extension_point_is_provided_by_import_journeywidgets() -> None:
    points = [extensions.BIND, extensions.CARDS_TABLE, extensions.FUNNEL_FIGURE, extensions.MAP_SVG]
    assert all(point.provided for point in points)
    binding = jw.sample_journey().bind(jw.sample_events(n_users=200))
    assert isinstance(binding, jw.Binding)


def test_an_extension_point_takes_another_implementation_and_gives_back_the_old_one() -> None:
    journey = jw.sample_journey()
    previous = extensions.CARDS_TABLE.provide(lambda j: f"table of {j.title}")
    try:
        assert journey.to_dataframe() == f"table of {journey.title}"
    finally:
        extensions.CARDS_TABLE.provide(previous)
    assert len(journey.to_dataframe()) == len(journey.cards)


def test_an_extension_point_without_implementation_says_where_it_comes_from() -> None:
    point = extensions.ExtensionPoint("probe", "answers probes", provider="the probe floor")
    with pytest.raises(extensions.ExtensionMissingError, match="the probe floor"):
        point.get()
