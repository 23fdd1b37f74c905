"""Benchmark a board bound to a 10M-event log: state size, update-to-page time, append, edits while busy.

In one Voila kernel: two sample logs of about 10M events each (1M users), a board bound to the
first. Measures, each against a reference run in the same kernel:
- Board creation (``journey.bind`` + ``jw.Board`` until every number is computed) against one
  ``jw.funnel()`` call on the same log (goal <= 1.3x);
- the synced state of each view of the board (the data, and separately the bundle code that
  anywidget sends with every widget), against the 64 KB goal for the data, and the size of the
  board's ``jw.to_html`` file (goal <= 600 KB);
- the time from ``binding.update(other_log)`` (started from the page) to the page showing the new
  numbers in the funnel and in the map's metric lane, and the worker's recomputation in it, against
  one ``jw.funnel()`` call on the same log (goal <= 1.3x);
- ``binding.append`` of 1,000 rows until its numbers are in, against a full recompute (goal <= 0.1x);
- the round trip of a card edit typed in the page while a recompute runs on the worker thread
  (sent to confirmed by Python, the session's ``journeywidgets:round-trip`` measure; goal <= 100 ms).

Run:  python benchmarks/board.py [n_users]   (after pip install -e ".[dev]"; needs /usr/bin/chromium)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e import servers  # noqa: E402
from tests.e2e.conftest import PYTHON_HOOK  # noqa: E402

N_USERS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
ROUNDS = 3

SETUP = f"""
import json, time
import journeywidgets as jw
journey = jw.sample_journey()
logs = [jw.sample_events(n_users={N_USERS}, noise_per_user=5.4, seed=seed) for seed in (1, 2)]
started = time.perf_counter()
binding = journey.bind(logs[0])
board = jw.Board(journey, binding)
binding.wait()  # in a kernel the personas' numbers come on the worker thread
board_s = time.perf_counter() - started
started = time.perf_counter()
jw.funnel(logs[0], journey)
board_funnel_s = time.perf_counter() - started
marks = []  # when each recomputation's numbers were installed (on the kernel's thread)
binding.observe(lambda _: marks.append(time.perf_counter()))
extra_rows = logs[1].iloc[:1000]

def state_sizes():
    sizes = {{}}
    for name in ("map", "funnel", "personas"):
        state = getattr(board, name).get_state()
        code = sum(len(str(state.pop(key, ""))) for key in ("_esm", "_css"))
        sizes[name] = {{"data": len(json.dumps(state)), "code": code}}
    return sizes

import tempfile, pathlib
html_bytes = jw.to_html(board, pathlib.Path(tempfile.mkdtemp()) / "board.html").stat().st_size
report = {{"rows": len(logs[0]), "board_s": board_s, "board_funnel_s": board_funnel_s, "sizes": state_sizes(),
          "html_bytes": html_bytes, "rounds": [], "appends": []}}
board
"""

UPDATE = """
marks.clear()
update_started = time.perf_counter()
binding.update(logs[{which}])  # returns at once: the numbers come on the worker thread
"""

# once the page shows them: the worker's time, then the reference on an idle kernel
AFTER_UPDATE = """
binding.wait()
update_s = marks[-1] - update_started
started = time.perf_counter()
jw.funnel(logs[{which}], journey)
report["rounds"].append({{"update_s": update_s, "funnel_s": time.perf_counter() - started}})
"""

APPEND = """
marks.clear()
started = time.perf_counter()
binding.append(extra_rows)
binding.wait()
report["appends"].append(marks[-1] - started)
"""

# a card edit typed in the map, from Enter to Python's confirmation (the session's round-trip measure)
EDIT_IN_PAGE = """async (text) => {
  const before = performance.getEntriesByName('journeywidgets:round-trip').length;
  const card = document.querySelector('.jw-map .jw-card');
  card.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 50));
  const input = document.querySelector('.jw-card-input'); input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  while (performance.getEntriesByName('journeywidgets:round-trip').length === before) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const entries = performance.getEntriesByName('journeywidgets:round-trip');
  return { ms: entries[entries.length - 1].duration, busy: !!document.querySelector('.jw-map .jw-busy') };
}"""
EDITS_WHILE_BUSY = 5


def notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(PYTHON_HOOK)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "board.ipynb"
    nbformat.write(nb, path)
    return path


def run_python(page: Page, code: str) -> None:
    """Run code in the kernel through the notebook's hook; returns at once (wait for ``#run`` to know it ran)."""
    page.locator(".py-code textarea").fill(code)
    page.locator(".py-run").click()


def wait_ran(page: Page, run: int) -> None:
    page.wait_for_function("n => document.querySelector('.py-result').textContent.includes('#' + n)", arg=run)
    text = page.locator(".py-result").inner_text()
    if not text.startswith("ok"):
        raise RuntimeError(f"the kernel failed: {text}")


def kernel_report(page: Page, folder: Path, run: int) -> dict[str, Any]:
    run_python(page, "json.dump(report, open('report.json', 'w'))")
    wait_ran(page, run)
    report: dict[str, Any] = json.loads((folder / "report.json").read_text("utf-8"))
    return report


class Kernel:
    """The Voila kernel behind the page, driven through the notebook's hook: ``run`` returns once the code ran."""

    def __init__(self, page: Page) -> None:
        self.page, self.runs = page, 0

    def start(self, code: str) -> None:
        """Send code and return at once (``finish`` waits for it)."""
        self.runs += 1
        run_python(self.page, code)

    def finish(self) -> None:
        wait_ran(self.page, self.runs)

    def run(self, code: str) -> None:
        self.start(code)
        self.finish()


def measure_updates(page: Page, kernel: Kernel) -> list[float]:
    """Seconds from ``binding.update`` to the new numbers in the page (the funnel and the map's metric lane)."""
    page_s = []
    for run in range(1, ROUNDS + 1):
        revision = int(page.locator(".jw-funnel").get_attribute("data-revision") or 0)
        reach = page.locator('.jw-metric[data-metric-id="reach"] dd').first.get_attribute("data-value")
        started = time.perf_counter()
        kernel.start(UPDATE.format(which=run % 2))
        page.wait_for_function(
            """([rev, reach]) => {
                 const funnel = document.querySelector('.jw-funnel');
                 const lane = document.querySelector('.jw-metric[data-metric-id="reach"] dd');
                 return Number(funnel.dataset.revision) > rev && lane.dataset.value !== reach;
               }""",
            arg=[revision, reach],
            polling="raf",
        )
        page_s.append(time.perf_counter() - started)
        kernel.finish()
        kernel.run(AFTER_UPDATE.format(which=run % 2))
    return page_s


def measure_edits_while_busy(page: Page, kernel: Kernel) -> list[dict[str, Any]]:
    """Card edits typed while the worker recomputes (a new log each time, so there is something to compute)."""
    edits = []
    for i in range(EDITS_WHILE_BUSY):
        kernel.run(UPDATE.format(which=i % 2))
        page.locator(".jw-map .jw-busy").wait_for()
        edits.append(page.evaluate(EDIT_IN_PAGE, f"typed while busy {i}"))
        kernel.run("binding.wait()")
    return edits


def measure(folder: Path) -> tuple[dict[str, Any], list[float], list[dict[str, Any]]]:
    """Start Voila on the benchmark notebook, open it in Chromium and measure; returns the kernel's report."""
    nb = notebook(folder)
    port = servers.free_port()
    log = folder / "voila.log"
    argv = [*servers.voila_argv(nb, port), "--VoilaExecutor.timeout=1800"]
    proc = servers.start(argv, cwd=folder, log=log)
    try:
        servers.wait_port(port, proc, log)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=servers.CHROMIUM, args=servers.CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1400})
            page.set_default_timeout(1_800_000)
            page.route(lambda url: not url.startswith(f"http://127.0.0.1:{port}"), lambda route: route.abort())
            page.goto(f"http://127.0.0.1:{port}/", timeout=1_800_000)
            page.locator(".jw-funnel").wait_for()
            page.locator(".py-run").wait_for()
            kernel = Kernel(page)
            page_s = measure_updates(page, kernel)
            for _ in range(ROUNDS):
                kernel.run(APPEND)
            edits = measure_edits_while_busy(page, kernel)
            report = kernel_report(page, folder, kernel.runs + 1)
            browser.close()
    finally:
        servers.stop(proc)
    return report, page_s, edits


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report, page_s, edits = measure(Path(tmp))
    med = statistics.median
    update = med(r["update_s"] for r in report["rounds"])
    reference = med(r["funnel_s"] for r in report["rounds"])
    total = med(page_s)
    board_s, board_ref = report["board_s"], report["board_funnel_s"]
    print(f"log: {report['rows']:,} events, {N_USERS:,} users")
    print(
        f"Board creation (bind + Board, every number) {board_s:6.2f} s   "
        f"({board_s / board_ref:.2f}x one jw.funnel(), {board_ref:.2f} s; goal <= 1.3x)"
    )
    data = sum(s["data"] for s in report["sizes"].values())
    for name, size in report["sizes"].items():
        print(
            f"state of board.{name:9s} data {size['data'] / 1024:6.1f} KB   + bundle code {size['code'] / 1024:6.1f} KB"
        )
    print(f"board state (data)       {data / 1024:6.1f} KB   goal <= 64 KB")
    code = max(s["code"] for s in report["sizes"].values())
    print(
        f"jw.to_html(board)        {report['html_bytes'] / 1024:6.1f} KB   goal <= 600 KB "
        f"(one copy of the {code / 1024:.0f} KB bundle code, the data, a 4 KB page script)"
    )
    print(f"reference: one jw.funnel() on the log        median {reference:6.2f} s")
    print(
        f"binding.update -> new numbers in the page    median {total:6.2f} s   "
        f"({total / reference:.2f}x the reference; goal <= 1.3x)"
    )
    print(f"  of which the worker's recomputation        median {update:6.2f} s   ({update / reference:.2f}x)")
    print(f"  sync and render                            median {max(0.0, total - update) * 1000:6.0f} ms")
    append = med(report["appends"])
    print(
        f"binding.append(1,000 rows) -> numbers in    median {append:6.2f} s   "
        f"({append / update:.2f}x a full recompute; goal <= 0.1x)"
    )
    typed = [e["ms"] for e in edits]
    while_busy = sum(e["busy"] for e in edits)
    print(
        f"card edit round trip while recomputing      median {med(typed):6.1f} ms   max {max(typed):6.1f} ms   "
        f"({while_busy} of {len(edits)} confirmed with the worker still busy; goal <= 100 ms)"
    )
    print(
        json.dumps(
            {
                "state_data_kb": data / 1024,
                "update_to_page_s": total,
                "recompute_s": update,
                "funnel_s": reference,
                "page_rounds_s": page_s,
                "board_s": board_s,
                "board_funnel_s": board_ref,
                "append_s": report["appends"],
                "edits_while_busy_ms": typed,
            }
        )
    )


if __name__ == "__main__":
    main()
