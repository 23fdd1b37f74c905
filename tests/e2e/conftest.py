"""Fixtures for the end-to-end tests: Debian's Chromium through Playwright, real Voila and JupyterLab servers.

Every request that is not to this machine is aborted (and recorded), so nothing waits on the
network and a test can prove that a page made no outside request.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e import servers

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
XSS_TEXT = "<img src=x onerror=alert(1)>"

# A "python" hook: a text box and a button through which a test runs code in the kernel (Voila and Lab alike).
PYTHON_HOOK = """import ipywidgets as widgets
code = widgets.Textarea(layout={"width": "600px"})
code.add_class("py-code")
run = widgets.Button(description="run python")
run.add_class("py-run")
result = widgets.Label("idle")
result.add_class("py-result")
runs = 0
def on_run(_):
    global runs
    runs += 1
    try:
        exec(code.value, globals())
        result.value = f"ok #{runs}"
    except Exception as err:
        result.value = f"error #{runs} {err!r}"
run.on_click(on_run)
widgets.HBox([code, run, result])"""

# The editor notebook: a journey whose every change is saved to $JW_E2E_SINK (so the test reads Python's
# state), a map, and a "python" hook (a text box and a button) through which a test runs Python code in
# the kernel, in Voila as in JupyterLab. The journey rejects texts saying "forbidden", as a Python-side
# rule the browser does not know, to test rejected edits.
EDITOR_NOTEBOOK = [
    """import json, os
import ipywidgets as widgets
import journeywidgets as jw

class GuardedJourney(jw.Journey):
    def apply(self, op, **kwargs):
        if "forbidden" in json.dumps(op):
            raise jw.InvalidFieldError("card text: 'forbidden' is not allowed on this map", path="changes.text")
        return super().apply(op, **kwargs)

journey = GuardedJourney.from_dict(jw.sample_journey().document)
SINK = os.environ["JW_E2E_SINK"]
journey.observe(lambda change: journey.save(SINK))
journey.save(SINK)""",
    "journey_map = jw.JourneyMap(journey)\njourney_map",
    PYTHON_HOOK,
]

# The board notebook: a journey bound to the first part of the sample log (a test appends the rest), its
# board, and a report of Python's view of the board written to $JW_E2E_SINK.board.json on every change.
BOARD_NOTEBOOK = [
    """import json, os
import journeywidgets as jw

journey = jw.sample_journey()
events = jw.sample_events(n_users=3000, seed=11)
cut = events["timestamp"].quantile(0.6)
first_part, later_rows = events[events["timestamp"] <= cut], events[events["timestamp"] > cut]
binding = journey.bind(first_part)
board = jw.Board(journey, binding, paths=True)
SINK = os.environ["JW_E2E_SINK"] + ".board.json"

def report(*_):
    numbers = binding.published  # what the views show; binding.metrics would wait for a recompute running
    state = {
        "funnel_stage": board.funnel.selected_stage, "map_stage": board.map.selected_stage,
        "funnel_persona": board.funnel.persona, "map_persona": board.map.persona,
        "revision": binding.revision,
        "reached": {"all": numbers.metrics["reached"].tolist(),
                    **{p: t["reached"].tolist() for p, t in numbers.persona_metrics.items()}},
        "reach_metric": {"all": board.map.metrics.get("reach"),
                         **{p: v.get("reach") for p, v in board.map.persona_metrics.items()}},
        "cards": [{"id": c.id, "text": c.text, "tags": list(c.tags), "evidence": c.evidence} for c in journey.cards],
        "stage_detail": board.funnel.stage_detail,
        "trend": board.funnel.trend,
        "flows": board.paths.flows,
        "paths_stage": board.paths.selected_stage,
    }
    with open(SINK + ".tmp", "w") as f:
        json.dump(state, f)
    os.replace(SINK + ".tmp", SINK)

for view in (board.funnel, board.map, board.paths):
    view.observe(report, names=["selected_stage", "persona", "data", "metrics", "stage_detail", "trend", "flows"])
journey.observe(report)
report()
board""",
    PYTHON_HOOK,
]

MAP_NOTEBOOK = [
    "import journeywidgets as jw\n\njourney = jw.sample_journey()",
    f"journey.add_card(stage='Purchase', lane='Pain points', text={XSS_TEXT!r})",
    "journey_map = jw.JourneyMap(journey)\njourney_map",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(servers.CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {servers.CHROMIUM}: install it with 'apt-get install -y chromium'")
    return {**browser_type_launch_args, "executable_path": servers.CHROMIUM, "args": servers.CHROMIUM_ARGS}


@pytest.fixture
def outside_requests() -> list[str]:
    """URLs the page tried to reach outside this machine (all aborted)."""
    return []


@pytest.fixture
def context(context: BrowserContext, outside_requests: list[str]) -> BrowserContext:
    local = ("http://127.0.0.1", "http://localhost", "file://", "data:", "blob:", "about:")

    def abort(route: object) -> None:
        outside_requests.append(route.request.url)  # type: ignore[attr-defined]
        route.abort()  # type: ignore[attr-defined]

    context.route(lambda url: not url.startswith(local), abort)
    context.set_default_timeout(30_000)
    return context


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Messages of any alert/confirm/prompt the page opened (an XSS would open one)."""
    seen: list[str] = []

    def on_dialog(dialog: object) -> None:
        seen.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    return seen


def write_notebook(path: Path, cells: list[str]) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="session")
def notebook_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("notebooks")
    write_notebook(root / "map.ipynb", MAP_NOTEBOOK)
    write_notebook(root / "editor.ipynb", EDITOR_NOTEBOOK)
    write_notebook(root / "board.ipynb", BOARD_NOTEBOOK)
    return root


@pytest.fixture(scope="session")
def sink(notebook_root: Path) -> Path:
    """Where the editor notebook's journey saves itself after every change (read Python's state here)."""
    return notebook_root / "sink.journey.json"


@pytest.fixture(scope="session")
def voila_url(notebook_root: Path, sink: Path) -> Iterator[str]:
    """A Voila server of the notebook folder: /voila/render/<name>.ipynb renders one."""
    port = servers.free_port()
    log = notebook_root / "voila.log"
    proc = servers.start(
        servers.voila_argv(notebook_root, port), cwd=notebook_root, log=log, env={"JW_E2E_SINK": str(sink)}
    )
    try:
        servers.wait_port(port, proc, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        servers.stop(proc)


@pytest.fixture(scope="session")
def lab_url(notebook_root: Path, tmp_path_factory: pytest.TempPathFactory, sink: Path) -> Iterator[str]:
    """A JupyterLab server of the notebook folder: /lab/tree/<name>.ipynb opens one."""
    config = tmp_path_factory.mktemp("jupyter-config")
    env = {"JW_E2E_SINK": str(sink)}
    with servers.jupyter_server(servers.lab_argv, notebook_root, config, notebook_root / "lab.log", env) as url:
        yield url


@pytest.fixture(scope="session")
def notebook7_url(notebook_root: Path, tmp_path_factory: pytest.TempPathFactory, sink: Path) -> Iterator[str]:
    """A Jupyter Notebook 7 server of the notebook folder: /notebooks/<name>.ipynb opens one."""
    config = tmp_path_factory.mktemp("notebook-config")
    log, env = notebook_root / "notebook7.log", {"JW_E2E_SINK": str(sink)}
    with servers.jupyter_server(servers.notebook_argv, notebook_root, config, log, env) as url:
        yield url


def run_all_cells(page: Page, notebook: str) -> None:
    """Wait until ``notebook`` is the current document with an idle kernel, then run all its cells."""
    page.wait_for_function(
        """(path) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                   const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
                   return !!w && !!w.context && w.context.path === path && !!k && k.status === "idle"; }""",
        arg=notebook,
        timeout=120_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")


def open_in_notebook7(page: Page, notebook7_url: str, notebook: str) -> None:
    """Open a notebook in Jupyter Notebook 7, wait for its kernel, and run all its cells."""
    page.goto(f"{notebook7_url}/notebooks/{notebook}", timeout=120_000)
    run_all_cells(page, notebook)


def open_in_lab(page: Page, lab_url: str, notebook: str) -> None:
    """Open a notebook in JupyterLab, wait for its kernel, and run all its cells.

    ``?reset`` starts from an empty workspace: otherwise Lab reopens the notebooks of earlier tests and
    the current one may not be ours.
    """
    page.goto(f"{lab_url}/lab/tree/{notebook}?reset", timeout=120_000)
    run_all_cells(page, notebook)


def open_in_voila(page: Page, voila_url: str, notebook: str) -> None:
    page.goto(f"{voila_url}voila/render/{notebook}", timeout=120_000)


def screenshot(page: Page, selector: str, name: str, *, full_page: bool = False) -> None:
    """Keep a picture of an element (or of the whole page) as a test artifact, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = str(ARTIFACTS / f"{name}.png")
    if full_page:
        page.screenshot(path=path, full_page=True)
        return
    try:
        # an element's picture waits until its box holds still for two frames; on a loaded CI machine that
        # wait once ran out (30 s in Voila), so it gets 10 s and then the page's picture is kept instead:
        # the pictures are for people to look at, the tests' assertions never depend on them
        page.locator(selector).first.screenshot(path=path, timeout=10_000)
    except PlaywrightTimeoutError:
        page.screenshot(path=path)


os.environ.setdefault("PW_TEST_SCREENSHOT_NO_FONTS_READY", "1")

# the pages the tests drive (imported last: they use the openers above); importing the fixtures here
# registers them for every e2e test module
from tests.e2e.hosts import board, host  # noqa: E402, F401
