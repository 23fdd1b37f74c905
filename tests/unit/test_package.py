"""Packaging: single-sourced version, the command line, and a wheel that ships the bundle."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets import cli

ROOT = Path(__file__).resolve().parents[2]


def test_version_comes_from_package_json() -> None:
    package = json.loads((ROOT / "js" / "package.json").read_text("utf-8"))
    assert jw.__version__ == package["version"]


def test_version_option_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"journeywidgets {jw.__version__}\n"


def _extras() -> dict[str, list[str]]:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:  # pragma: no cover - Python 3.10: pytest brings tomli
        import tomli as tomllib  # noqa: PLC0415
    extras: dict[str, list[str]] = tomllib.loads(text)["project"]["optional-dependencies"]
    return {name: [re.split(r"[<>=!~\[ ;]", req, maxsplit=1)[0] for req in reqs] for name, reqs in extras.items()}


def test_the_html_extra_installs_what_journeywidgets_html_needs() -> None:
    assert {"nbconvert", "nbclient", "nbformat", "ipykernel"} <= set(_extras()["html"])


def test_the_dev_extra_brings_the_hot_reload_and_every_tool() -> None:
    dev = _extras()["dev"]
    assert "watchfiles" in dev
    assert "journeywidgets" in dev


def test_model_imports_neither_jupyter_nor_dataframes() -> None:
    code = (
        "import sys, journeywidgets.model as m; m.sample_journey();"
        "jupyter = ('ipywidgets', 'anywidget', 'traitlets', 'pandas', 'narwhals', 'IPython');"
        "bad = [n for n in jupyter if n in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_demo_command_line() -> None:
    argv = cli.demo_command(lab=False, port=9123, no_browser=True)
    assert argv[1:3] == ["-m", "voila"] and "--port=9123" in argv and "--no-browser" in argv
    app = Path(argv[3])
    assert app.name == "voila_app.ipynb" and app.read_text("utf-8") == (ROOT / "examples" / app.name).read_text("utf-8")
    assert sorted(p.name for p in app.parent.glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "examples").glob("*.ipynb")
    )
    lab = cli.demo_command(lab=True, port=9124, no_browser=False)
    assert lab[1:3] == ["-m", "jupyterlab"] and "--ServerApp.port=9124" in lab
    assert "--LabApp.default_url=/lab/tree/voila_app.ipynb" in lab


def test_demo_explains_a_missing_server(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "_missing", lambda _module: True)
    assert cli.main(["demo", "--no-browser"]) == 2
    assert "pip install 'journeywidgets[demo]'" in capsys.readouterr().err


def _tracked_copy(tmp_path: Path) -> Path:
    """A copy of the repository's tracked files (no bundle, no node_modules)."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    src = tmp_path / "src"
    for name in files:
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return src


@pytest.mark.slow
def test_wheel_built_from_a_clean_copy_ships_the_bundle(tmp_path: Path) -> None:
    """Build a wheel from the tracked sources only (no prebuilt bundle): the build must run npm itself."""
    src = _tracked_copy(tmp_path)
    assert not (src / "src" / "journeywidgets" / "static").exists()
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("journeywidgets-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        bundle = archive.read("journeywidgets/static/index.js")
    assert {
        "journeywidgets/static/index.css",
        "journeywidgets/static/embed.js",  # the page script of exported HTML files
        "journeywidgets/static/embed.css",
        "journeywidgets/py.typed",
        "journeywidgets/model/fields.json",
        "journeywidgets/schema/journey.schema.json",  # the JSON Schema saved files name in "$schema"
        "journeywidgets/examples/voila_app.ipynb",
        "journeywidgets/examples/quickstart.ipynb",
    } <= names
    assert len(gzip.compress(bundle)) < 56 * 1024  # the script alone; js/build.mjs budgets it with the CSS
    assert not any(n.startswith("js/") or "node_modules" in n for n in names)


def test_html_command_converts_a_notebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("nbconvert", reason="journeywidgets html needs nbconvert (the html extra installs it)")
    notebook = tmp_path / "map.ipynb"
    shutil.copyfile(ROOT / "examples" / "build_a_map.ipynb", notebook)
    assert cli.main(["html", str(notebook), "--execute", "-o", str(tmp_path / "out.html")]) == 0
    text = (tmp_path / "out.html").read_text("utf-8")
    assert "application/vnd.jupyter.widget-state+json" in text and "<script src=" not in text
    assert "Card declined without a reason" in text  # a card of the map, in the saved widget state
    state = text.split('widget-state+json">', 1)[1].split("</script>", 1)[0]
    models = json.loads(state.replace("<\\/", "</"))["state"]
    maps = [m["state"] for m in models.values() if m["state"].get("_view") == "map"]
    assert maps and all(m["editable"] is False and m["_svg_snapshots"] for m in maps)  # no Python behind the page
    assert "wrote" in capsys.readouterr().out
    assert cli.main(["html", str(tmp_path / "missing.ipynb")]) == 2


def test_html_command_reports_a_missing_bundle_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat = pytest.importorskip("nbformat", reason="journeywidgets html needs nbformat (the html extra)")
    pytest.importorskip("nbconvert", reason="journeywidgets html needs nbconvert (the html extra installs it)")
    from journeywidgets.widgets import bundle  # noqa: PLC0415

    monkeypatch.setattr(bundle, "STATIC_DIR", tmp_path / "static")  # a checkout installed without Node.js
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "nb.ipynb")
    assert cli.main(["html", str(tmp_path / "nb.ipynb")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    message = captured.err.strip()
    assert message.startswith("journeywidgets html: journeywidgets' JavaScript bundle is missing")
    assert "npm ci && npm run build" in message and "\n" not in message and "Traceback" not in message
    assert not (tmp_path / "nb.html").exists()


@pytest.mark.slow
def test_no_wheel_is_built_with_a_development_bundle(tmp_path: Path) -> None:
    """After `npm run dev` (unminified, inline source maps) the wheel build refuses, and leaves no wheel."""
    src = _tracked_copy(tmp_path)
    static = src / "src" / "journeywidgets" / "static"
    static.mkdir(parents=True)
    dev = "".join(f"const line{i} = {i};\n" for i in range(2000))
    dev += "//# sourceMappingURL=data:application/json;base64,e30=\n"
    for name in ("index.js", "embed.js", "index.css", "embed.css"):
        (static / name).write_text(dev if name.endswith(".js") else "a{}", "utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(src)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode != 0
    assert "refusing to build a wheel with a development bundle: static/index.js it holds an inline source map" in (
        built.stdout + built.stderr
    )
    assert not list((tmp_path / "dist").glob("*.whl"))


def test_the_development_bundle_check_knows_a_minified_bundle_from_a_development_one() -> None:
    spec = importlib.util.spec_from_file_location("bundle_kind", ROOT / "js" / "bundle_kind.py")
    assert spec is not None and spec.loader is not None
    kind = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kind)
    assert kind.development_bundle_reason("var a=1;" * 500) is None
    assert kind.development_bundle_reason("x;\n//# sourceMappingURL=data:application/json;base64,e30=") == (
        "it holds an inline source map"
    )
    assert kind.development_bundle_reason("const a = 1;\n" * 100).startswith("it is not minified (101 lines")
