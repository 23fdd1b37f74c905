"""Benchmark the map editor in Chromium against a real Voila server.

Measures, on a map of 12 stages x 8 lanes x 500 cards:
- first render: from the widget's render call to the map built (script), to its first layout, and until every
  card is drawn (a large map draws the lanes at the top first), each the median of several fresh page loads;
- one drag frame: the main-thread work of a frame while a card is dragged (handler, hit test, re-render, layout);
- the round trip of one edit (browser -> Python -> browser), next to a bare anywidget counter's round trip
  measured in the same page, same kernel;
- the bundle's gzipped size.

Run:  python benchmarks/map_editor.py   (after pip install -e ".[dev]"; needs /usr/bin/chromium)
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import journeywidgets as jw  # noqa: E402
from journeywidgets.widgets.bundle import bundle_file  # noqa: E402
from journeywidgets.widgets.document_sync import FULL_SYNC_DELAY  # noqa: E402
from tests.e2e import servers  # noqa: E402

STAGES, LANES, CARDS, ROUNDS = 12, 8, 500, 25
RENDER_LOADS = 7  # fresh page loads for the first-render figures (one cold render each; their median is printed)

COUNTER = '''
import anywidget, traitlets
class Counter(anywidget.AnyWidget):
    _esm = """
    export default { render({ model, el }) {
      const button = document.createElement("button"); button.className = "bare-counter";
      const echo = document.createElement("span"); echo.className = "bare-echo";
      const show = () => { echo.textContent = String(model.get("echo")); };
      button.textContent = "+1";
      button.addEventListener("click", () => { model.set("value", model.get("value") + 1); model.save_changes(); });
      model.on("change:echo", show); show(); el.append(button, echo);
    } };
    """
    value = traitlets.Int(0).tag(sync=True)
    echo = traitlets.Int(0).tag(sync=True)
counter = Counter()
counter.observe(lambda change: setattr(counter, "echo", change["new"]), names="value")
counter
'''


def big_journey() -> jw.Journey:
    journey = jw.Journey("Benchmark journey", id="bench")
    with journey.batch():
        for s in range(STAGES):
            journey.add_stage(f"Stage {s + 1}", id=f"s{s}")
        for lane in range(LANES):
            journey.add_lane(f"Lane {lane + 1}", id=f"l{lane}", kind="touchpoint" if lane % 2 else "text")
        for n in range(CARDS):
            journey.add_card(
                stage=f"s{n % STAGES}",
                lane=f"l{(n // STAGES) % LANES}",
                text=f"Card {n}: a note of some length",
                id=f"c{n:04d}",
                evidence="data",
            )
    return journey


def notebook(folder: Path) -> Path:
    (folder / "bench.journey.json").write_text(big_journey().to_json())
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(COUNTER),
        nbformat.v4.new_code_cell(
            "import journeywidgets as jw\n"
            "journey = jw.load('bench.journey.json')\n"
            "journey_map = jw.JourneyMap(journey)\n"
            "journey_map"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "bench.ipynb"
    nbformat.write(nb, path)
    return path


def measure_render(page: Page) -> tuple[float, float, float]:
    """The first render's script time, its time to first layout, and the time until every card is drawn
    (a large map draws the lanes at the top first and the others in the next frame)."""
    page.wait_for_function("performance.getEntriesByName('journeywidgets:first-frame').length > 0", timeout=120_000)
    render = page.evaluate("performance.getEntriesByName('journeywidgets:render')[0].duration")
    frame = page.evaluate("performance.getEntriesByName('journeywidgets:first-frame')[0].duration")
    page.wait_for_function(f"document.querySelectorAll('.jw-card').length === {CARDS}", timeout=120_000)
    complete = page.evaluate("""() => {
      const start = performance.getEntriesByName('journeywidgets:render')[0].startTime;
      const done = performance.getEntriesByName('journeywidgets:complete')[0];
      return (done ? done.startTime : performance.now()) - start; }""")
    return render, frame, complete


def measure_drag(page: Page) -> list[float]:
    page.evaluate("""() => {
      window.__frames = []; let t0 = 0;
      window.addEventListener('pointermove', () => requestAnimationFrame(() => { t0 = performance.now(); }), true);
      window.addEventListener('pointermove', () => requestAnimationFrame(() => {
        void document.body.offsetHeight; window.__frames.push(performance.now() - t0); }));
    }""")
    card = page.locator('.jw-card[data-card-id="c0000"]')
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + 10)
    page.mouse.down()
    for target in range(1, 5):
        cell = page.locator(f'.jw-cell[data-lane-id="l1"][data-stage-id="s{target}"]')
        goal = cell.bounding_box()
        assert goal is not None
        page.mouse.move(goal["x"] + goal["width"] / 2, goal["y"] + 20, steps=30)
    page.keyboard.press("Escape")
    page.mouse.up()
    frames: list[float] = page.evaluate("window.__frames")
    return frames[5:]  # leave out the frames that start the drag (ghost creation)


# click the bare counter; time from the click until Python's echo is shown
BARE_ROUND_TRIP = """(expected) => window.__rt(
  () => document.querySelector('.bare-counter').click(),
  () => document.querySelector('.bare-echo').textContent === expected)"""

# double-click a card, type, press Enter; time from Enter until the map shows Python's new revision
EDIT_ROUND_TRIP = """async (text) => {
  const map = document.querySelector('.jw-map'); const before = map.dataset.revision;
  document.querySelector('.jw-card[data-card-id="c0001"]').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 20));
  const input = document.querySelector('.jw-card-input'); input.value = text;
  return window.__rt(
    () => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })),
    () => map.dataset.revision !== before);
}"""


def wire_round_trips(page: Page) -> list[float]:
    """The edits' own round trips, from sent to confirmed (the session's User Timing measures)."""
    return page.evaluate("performance.getEntriesByName('journeywidgets:round-trip').map((e) => e.duration)")


def measure_round_trips(page: Page) -> tuple[list[float], list[float]]:
    page.evaluate("""() => {
      window.__rt = (start, ready) => new Promise((resolve) => {
        const t0 = performance.now(); start();
        const check = () => ready() ? resolve(performance.now() - t0) : requestAnimationFrame(check);
        const observer = new MutationObserver(() => {
          if (ready()) { observer.disconnect(); resolve(performance.now() - t0); }
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
      });
    }""")
    bare, ours = [], []
    pause = FULL_SYNC_DELAY * 1000 + 300  # the same quiet time before every measured round, for both widgets
    for i in range(ROUNDS):
        page.wait_for_timeout(pause)
        bare.append(page.evaluate(BARE_ROUND_TRIP, str(i + 1)))
        # each edit measured on its own: the full-document sync of the previous one is over
        page.wait_for_timeout(pause)
        ours.append(page.evaluate(EDIT_ROUND_TRIP, f"edited {i}"))
    return bare, ours


def main() -> None:
    bundle = sum(len(gzip.compress(bundle_file(name).read_bytes())) for name in ("index.js", "index.css"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nb = notebook(folder)
        port = servers.free_port()
        log = folder / "voila.log"
        proc = servers.start(servers.voila_argv(nb, port), cwd=folder, log=log)
        try:
            servers.wait_port(port, proc, log)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=servers.CHROMIUM, args=servers.CHROMIUM_ARGS)
                renders = []
                for load in range(RENDER_LOADS):
                    page = browser.new_page(viewport={"width": 1600, "height": 1000})
                    page.route(lambda url: not url.startswith(f"http://127.0.0.1:{port}"), lambda route: route.abort())
                    page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
                    renders.append(measure_render(page))
                    if load < RENDER_LOADS - 1:
                        page.close()
                render, first_frame, complete = (statistics.median(r[i] for r in renders) for i in range(3))
                cards = page.locator(".jw-card").count()
                frames = measure_drag(page)
                bare, ours = measure_round_trips(page)
                wire = wire_round_trips(page)
                browser.close()
        finally:
            servers.stop(proc)
    med = statistics.median
    p95 = lambda xs: sorted(xs)[int(0.95 * (len(xs) - 1))]  # noqa: E731
    print(f"map: {STAGES} stages x {LANES} lanes x {cards} cards (document {len(big_journey().to_json()) // 1024} KB)")
    print(f"first render (script)        {render:8.1f} ms   goal <= 100 ms   (median of {RENDER_LOADS} page loads)")
    print(f"first render (to first layout){first_frame:7.1f} ms")
    print(f"every card drawn              {complete:7.1f} ms   (the lanes below the first frame's follow)")
    print(
        f"drag frame work   median {med(frames):6.2f} ms   p95 {p95(frames):6.2f} ms   max {max(frames):6.2f} ms"
        f"   ({len(frames)} frames; goal <= 16 ms)"
    )
    print(f"round trip, bare anywidget counter   median {med(bare):6.1f} ms   p95 {p95(bare):6.1f} ms")
    print(f"round trip, one map edit             median {med(ours):6.1f} ms   p95 {p95(ours):6.1f} ms")
    print(f"  of which sent -> confirmed         median {med(wire):6.1f} ms   p95 {p95(wire):6.1f} ms")
    print(f"round trip ratio (map / bare)        {med(ours) / med(bare):6.2f}x   goal <= 1.3x")
    print(f"wire ratio (sent->confirmed / bare)  {med(wire) / med(bare):6.2f}x")
    budget = re.search(r"BUDGET_GZIP_BYTES = (\d+) \* 1024", (ROOT / "js" / "build.mjs").read_text("utf-8"))
    limit = f"budget {budget.group(1)} KB" if budget else "the build's budget"
    print(f"bundle: {bundle / 1024:.1f} KB gzipped ({limit}, enforced by the build)")
    print(
        json.dumps(
            {
                "render_ms": render,
                "first_frame_ms": first_frame,
                "complete_ms": complete,
                "drag_p95_ms": p95(frames),
                "rt_bare_ms": med(bare),
                "rt_map_ms": med(ours),
                "rt_wire_ms": med(wire),
                "bundle_kb": bundle / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
