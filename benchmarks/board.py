"""Benchmark a board bound to a 10M-event log: widget state size, and update-to-page time in Chromium.

In one Voila kernel: two sample logs of about 10M events each (1M users), a board bound to the
first. Measures
- the synced state of each view of the board (the data, and separately the bundle code that
  anywidget sends with every widget), against the 64 KB goal for the data;
- the time from ``binding.update(other_log)`` (started from the page) to the page showing the new
  numbers in the funnel and in the map's metric lane, split into the kernel's recomputation and
  the rest (sync and render); and, as the reference in the same kernel, one ``jw.funnel()`` call
  on the same log: the ratio says how much the board's update costs over one funnel.

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
bind_s = time.perf_counter() - started
board = jw.Board(journey, binding)

def state_sizes():
    sizes = {{}}
    for name in ("map", "funnel", "personas"):
        state = getattr(board, name).get_state()
        code = sum(len(str(state.pop(key, ""))) for key in ("_esm", "_css"))
        sizes[name] = {{"data": len(json.dumps(state)), "code": code}}
    return sizes

report = {{"rows": len(logs[0]), "bind_s": bind_s, "sizes": state_sizes(), "rounds": []}}
board
"""

UPDATE = """
started = time.perf_counter()
binding.update(logs[{which}])
update_s = time.perf_counter() - started
started = time.perf_counter()
jw.funnel(logs[{which}], journey)
funnel_s = time.perf_counter() - started
report["rounds"].append({{"update_s": update_s, "funnel_s": funnel_s}})
"""


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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
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
                page_s = []
                for run in range(1, ROUNDS + 1):
                    revision = int(page.locator(".jw-funnel").get_attribute("data-revision") or 0)
                    reach = page.locator('.jw-metric[data-metric-id="reach"] dd').first.get_attribute("data-value")
                    started = time.perf_counter()
                    run_python(page, UPDATE.format(which=run % 2))
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
                    wait_ran(page, run)
                report = kernel_report(page, folder, ROUNDS + 1)
                browser.close()
        finally:
            servers.stop(proc)
    med = statistics.median
    update = med(r["update_s"] for r in report["rounds"])
    reference = med(r["funnel_s"] for r in report["rounds"])
    total = med(page_s)
    print(f"log: {report['rows']:,} events, {N_USERS:,} users; journey.bind() {report['bind_s']:.2f} s")
    data = sum(s["data"] for s in report["sizes"].values())
    for name, size in report["sizes"].items():
        print(
            f"state of board.{name:9s} data {size['data'] / 1024:6.1f} KB   + bundle code {size['code'] / 1024:6.1f} KB"
        )
    print(f"board state (data)       {data / 1024:6.1f} KB   goal <= 64 KB")
    print(f"reference: one jw.funnel() on the log        median {reference:6.2f} s")
    print(
        f"binding.update -> new numbers in the page    median {total:6.2f} s   ({total / reference:.2f}x the reference)"
    )
    print(f"  of which the kernel's recomputation        median {update:6.2f} s   ({update / reference:.2f}x)")
    print(f"  sync and render                            median {max(0.0, total - update) * 1000:6.0f} ms")
    print(
        json.dumps(
            {
                "state_data_kb": data / 1024,
                "update_to_page_s": total,
                "recompute_s": update,
                "funnel_s": reference,
                "page_rounds_s": page_s,
            }
        )
    )


if __name__ == "__main__":
    main()
