"""Python is the authority, in real Chromium against real JupyterLab: a page script that makes a read-only map
editable changes nothing in Python and sees its edits rejected; two pages on one kernel editing one map at
once end with the same cards, in the same order, as Python."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import open_in_lab, write_notebook

# A journey whose every change is written to a sink file with the kernel's thread that applied it (browser
# edits arrive on a subshell's thread in JupyterLab 4.4+; Python applies them on the main thread), and a map.
SINK_CELL = """import json, os, threading
import journeywidgets as jw
journey = jw.sample_journey()
SINK = os.environ["JW_E2E_SINK"] + ".{name}.json"
threads = set()
def save(change=None):
    if change is not None:
        threads.add(threading.current_thread().name)
    state = {{"journey": journey.document, "revision": journey.revision, "threads": sorted(threads)}}
    with open(SINK + ".tmp", "w") as f:
        json.dump(state, f)
    os.replace(SINK + ".tmp", SINK)
journey.observe(save)
save()"""

# Keep what Python answers besides change messages (rejections, duplicates), for a failure message
LISTEN = """async () => { const model = await (FIND_MODEL)(); window.__answers = [];
  model.on("msg:custom", (m) => { if (m.type !== "change") window.__answers.push(m); }); }"""

# A trace of where and in what order the kernel hands the views' edits to the widget (before it puts them in order)
TRACE_ARRIVALS = """from journeywidgets.widgets.document_sync import JourneyDocumentWidget
arrivals = []
_handle = JourneyDocumentWidget._on_browser_message
def _traced(self, widget, content, buffers):
    if isinstance(content, dict) and content.get("type") == "edit":
        arrivals.append((threading.current_thread().name, content.get("client"), content.get("seq")))
    return _handle(self, widget, content, buffers)
JourneyDocumentWidget._on_browser_message = _traced
def save_arrivals():
    with open(SINK + ".arrivals", "w") as f:
        json.dump(arrivals, f)"""

# Reach the anywidget model of the map shown in the current notebook, as any script in the page can.
FIND_MODEL = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  for (const cell of panel.content.widgets) {
    if (!cell.outputArea) continue;
    for (const child of cell.outputArea.widgets) {
      for (const renderer of child.widgets || []) {
        if (!renderer._manager) continue;
        const manager = await renderer._manager.promise;
        const data = cell.model.outputs.get(0).data["application/vnd.jupyter.widget-view+json"];
        return await manager.get_model(data.model_id);
      }
    }
  }
  throw new Error("no widget output");
}"""

HOSTILE = """async () => {
  const model = await (FIND_MODEL)();
  window.__replies = [];
  window.__reverts = 0;
  model.on("msg:custom", (message) => window.__replies.push(message));
  // make the map editable: once through Python (a state update), and then in this page whenever Python puts it back
  model.set("editable", true);
  model.save_changes();
  model.on("change:editable", () => {
    if (!model.get("editable")) {
      window.__reverts += 1;
      model.set("editable", true);
    }
  });
  // and an edit of its own, straight to Python
  model.send({type: "edit", client: "hostile-1", seq: 1, base_revision: 0,
              op: {op: "update_journey", changes: {title: "Taken over"}}});
}""".replace("FIND_MODEL", FIND_MODEL)


def eventually(check: Callable[[], Any], timeout: float = 60, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (OSError, ValueError, KeyError):
            last = None
        if last:
            return last
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


@pytest.fixture(scope="module")
def notebooks(notebook_root: Path, sink: Path) -> dict[str, Path]:
    write_notebook(notebook_root / "authority.ipynb", [SINK_CELL.format(name="authority"),
                   "read_only = jw.JourneyMap(journey, editable=False)\nread_only"])  # fmt: skip
    write_notebook(notebook_root / "shared.ipynb", [SINK_CELL.format(name="shared"), TRACE_ARRIVALS,
                   "shared_map = jw.JourneyMap(journey)\nshared_map"])  # fmt: skip
    return {name: Path(f"{sink}.{name}.json") for name in ("authority", "shared")}


def python_state(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def test_a_page_script_cannot_make_a_read_only_map_editable(
    page: Page, lab_url: str, notebooks: dict[str, Path]
) -> None:
    sink = notebooks["authority"]
    sink.unlink(missing_ok=True)
    page.set_viewport_size({"width": 1600, "height": 1100})
    open_in_lab(page, lab_url, "authority.ipynb")
    expect(page.locator(".jw-map")).to_be_visible(timeout=120_000)
    expect(page.locator(".jw-map .jw-add-card")).to_have_count(0)  # read-only
    before = eventually(lambda: python_state(sink), what="the kernel's journey")
    page.evaluate(HOSTILE)
    eventually(lambda: page.evaluate("window.__reverts") > 0, what="Python putting `editable` back")
    rejected = eventually(
        lambda: [r for r in page.evaluate("window.__replies") if r.get("client") == "hostile-1"],
        what="the rejection of the script's own edit",
    )
    assert rejected[0]["type"] == "rejected" and rejected[0]["error"]["code"] == "read_only"
    # the page now shows an editable map (its copy of `editable` is forced): an edit through the map itself
    add = page.get_by_role("button", name="Add a card to Thoughts in Purchase", exact=True)
    add.click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("read-only")
    cell = page.locator('.jw-cell[data-lane-id="thoughts"][data-stage-id="purchase"] .jw-card')
    expect(cell).to_have_count(len([c for c in before["journey"]["cards"]
                                    if (c["lane_id"], c["stage_id"]) == ("thoughts", "purchase")]))  # fmt: skip
    time.sleep(0.5)  # anything Python might still apply
    after = python_state(sink)
    assert after["revision"] == before["revision"] == 0
    assert after["journey"] == before["journey"]


def _local_only(context: BrowserContext) -> BrowserContext:
    local = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")
    context.route(lambda url: not url.startswith(local), lambda route: route.abort())
    context.set_default_timeout(30_000)
    return context


# Add n cards to Thoughts in Purchase through the map's own controls: its + button, then its card editor
# (text, Enter), one card after the other, as fast as the page takes them; runs in the page, so that two
# pages edit at once.
ADD_CARDS = """async ({prefix, n}) => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 2));
  const add = () => document.querySelector('[aria-label="Add a card to Thoughts in Purchase"]');
  const until = async (found, tries = 2500) => {
    for (let t = 0; t < tries; t++) { const value = found(); if (value) return value; await tick(); }
    return null;
  };
  window.__retries = [];
  window.__run = (async () => {
    for (let i = 0; i < n; i++) {
      let editor = null;
      for (let attempt = 0; !editor; attempt++) {
        if (attempt === 5) throw new Error(`no editor for ${prefix} ${i}`);
        (await until(add)).click();
        editor = await until(() => document.querySelector(".jw-card-input"));
        if (!editor) window.__retries.push(`${prefix} ${i}`);
      }
      // type the text and press Enter in the card editor that is open now (a re-render under load can put a new
      // editor in place of the one that opened: the keys then go to it, as a user's would)
      for (let attempt = 0; document.querySelector(".jw-card-input"); attempt++) {
        if (attempt === 5) throw new Error(`the editor of ${prefix} ${i} does not close`);
        if (attempt) window.__retries.push(`${prefix} ${i}: typed again`);
        const open = document.querySelector(".jw-card-input");
        open.value = `${prefix} ${i}`;
        open.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
        await until(() => !document.querySelector(".jw-card-input"), 250);
      }
    }
    return "done";
  })().catch((err) => `error: ${err}`);
}"""


def _report_arrivals(page: Page, sink: Path) -> None:
    """Print the trace: on which threads the edits arrived, and how many arrived before an earlier one."""
    page.evaluate("""() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
                     .requestExecute({code: "save_arrivals()", silent: true}).done""")
    arrivals = eventually(lambda: json.loads(Path(f"{sink}.arrivals").read_text("utf-8")), what="the trace")
    last: dict[str, int] = {}
    early, seen = 0, set()
    firsts = [(t, c, q) for t, c, q in arrivals if (c, q) not in seen and not seen.add((c, q))]  # not the re-calls
    for _thread, client, seq in firsts:
        early += seq < last.get(client, 0)
        last[client] = max(seq, last.get(client, 0))
    threads = sorted({thread.split("-")[0] for thread, _, _ in firsts})
    print(f"trace: {len(firsts)} edits arrived on threads {threads}; {early} after a later edit of their view")


def test_two_pages_on_one_kernel_edit_one_map_at_once(
    page: Page, browser: Browser, lab_url: str, notebooks: dict[str, Path]
) -> None:
    n = int(os.environ.get("JW_E2E_TWO_PAGES_N", "200"))
    sink = notebooks["shared"]
    sink.unlink(missing_ok=True)
    page.set_viewport_size({"width": 1600, "height": 1100})
    open_in_lab(page, lab_url, "shared.ipynb")
    expect(page.locator(".jw-map")).to_be_visible(timeout=120_000)
    before = eventually(lambda: python_state(sink), what="the kernel's journey")
    other = _local_only(browser.new_context(viewport={"width": 1600, "height": 1100})).new_page()
    try:
        # the second page joins the same kernel (the notebook's session) and shows the same map
        other.goto(f"{lab_url}/lab/tree/shared.ipynb", timeout=120_000)
        other.wait_for_function(
            """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                       const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
                       return !!k && k.status === "idle"; }""",
            timeout=120_000,
        )
        kernels = [p.evaluate("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id")
                   for p in (page, other)]  # fmt: skip
        assert kernels[0] == kernels[1], "both pages run on one kernel"
        other.evaluate("""() => { const panel = window.jupyterapp.shell.currentWidget;
                                  panel.content.activeCellIndex = 2;
                                  return window.jupyterapp.commands.execute("notebook:run-cell"); }""")
        expect(other.locator(".jw-map")).to_be_visible(timeout=60_000)
        for shown in (page, other):  # what Python answers besides changes, for the failure message
            shown.evaluate(LISTEN.replace("FIND_MODEL", FIND_MODEL))
        for shown, prefix in ((page, "a"), (other, "b")):  # both pages at once
            shown.evaluate(ADD_CARDS, {"prefix": prefix, "n": n})
        for shown in (page, other):
            assert shown.evaluate("window.__run") == "done"
        retries = [*page.evaluate("window.__retries"), *other.evaluate("window.__retries")]

        def cell_texts() -> list[str]:
            cards = [c for c in python_state(sink)["journey"]["cards"]
                     if (c["lane_id"], c["stage_id"], c["step_id"]) == ("thoughts", "purchase", None)]  # fmt: skip
            return [c["text"] for c in sorted(cards, key=lambda c: c["order"])]

        try:
            eventually(
                lambda: sum(t.startswith(("a ", "b ")) for t in cell_texts()) == 2 * n, 60, "the cards in Python"
            )
        except AssertionError:
            want = {f"{prefix} {i}" for prefix in "ab" for i in range(n)}
            answers = [*page.evaluate("window.__answers"), *other.evaluate("window.__answers")]
            missing = sorted(want - set(cell_texts()))
            _report_arrivals(page, sink)
            msg = f"missing in Python: {missing[:30]}; retries: {retries}; answers: {answers[:20]}"
            raise AssertionError(msg) from None
        python_order = cell_texts()
        # (a page adds at the end of the cell as it sees it, so its cards can land between the other page's)
        assert sorted(t for t in python_order if t.startswith(("a ", "b "))) == sorted(
            f"{prefix} {i}" for prefix in "ab" for i in range(n)
        )
        _report_arrivals(page, sink)
        assert len(python_order) == 2 * n + len(
            [c for c in before["journey"]["cards"] if (c["lane_id"], c["stage_id"]) == ("thoughts", "purchase")]
        ), f"no other card (an empty one left behind); retries: {retries}"
        selector = '.jw-cell[data-lane-id="thoughts"][data-stage-id="purchase"] [data-drop-step=""] .jw-card-text'
        for shown in (page, other):
            texts = shown.locator(selector)
            expect(texts).to_have_count(len(python_order), timeout=30_000)
            assert texts.all_inner_texts() == python_order, "the page shows Python's cards in Python's order"
        assert python_state(sink)["threads"] == ["MainThread"], "every edit was applied on the kernel's main thread"
    finally:
        other.context.close()
