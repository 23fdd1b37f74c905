"""Benchmark the funnel engine against a hand-written DuckDB SQL query on the same data, in one run.

Generates a 1M-user / ~10M-event log (``sample_events`` with more noise events),
runs the 6-stage ordered funnel with no window and with a 1-day window through
``journeywidgets.funnel`` on pandas, polars and DuckDB input, and a hand-written
DuckDB SQL query (same semantics: ties by row, greedy chains per anchor, time to
convert from the latest anchor; the same outputs: reached, median and mean time
from the first and from the previous stage) on the same DuckDB table. Prints each time as a
ratio to the SQL query and the peak memory of each run next to the log's size,
and checks that every run gives the same counts.

Run:  python benchmarks/funnel.py [--users 1000000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import duckdb
import pandas as pd
import polars as pl

from journeywidgets import funnel, sample_events

STAGES = {
    "Ad click": "ad_click",
    "Landing": "landing_view",
    "Product": "product_view",
    "Cart": "add_to_cart",
    "Checkout": "checkout_completed",
    "Delivered": "order_delivered",
}


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class PeakMemory:
    """Samples the process's resident memory every 5 ms; ``peak`` is the growth over the start."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()

    def __enter__(self) -> Self:
        gc.collect()
        self._base = rss_bytes()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes() - self._base)
            time.sleep(0.005)

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes() - self._base)


def hand_written_sql(window_us: int | None) -> str:
    """The funnel as an analyst would write it in DuckDB SQL."""
    names = list(STAGES.values())
    within = "" if window_us is None else f" AND e.t <= c.a_t + {window_us}"
    parts = [
        f"""ev AS (
            SELECT user_id, epoch_us(timestamp) AS t, event,
                   row_number() OVER (PARTITION BY user_id ORDER BY timestamp, seq) AS pos
            FROM events
            WHERE user_id IS NOT NULL AND timestamp IS NOT NULL AND event IN ({", ".join(f"'{n}'" for n in names)})
        )""",
        (
            "c0 AS (SELECT user_id, pos AS a_pos, t AS a_t, pos AS p, t AS t_j, t AS t_prev "
            f"FROM ev WHERE event = '{names[0]}')"
        ),
    ]
    for j, name in enumerate(names[1:], start=1):
        parts.append(f"""c{j} AS (
            SELECT c.user_id, c.a_pos, c.a_t, min(e.pos) AS p, min(e.t) AS t_j, any_value(c.t_j) AS t_prev
            FROM c{j - 1} c JOIN ev e ON e.user_id = c.user_id AND e.event = '{name}' AND e.pos > c.p{within}
            GROUP BY c.user_id, c.a_pos, c.a_t
        )""")
    selects = []
    for j in range(len(names)):
        # per user: the chain completing stage j earliest; among those, the latest anchor (smallest times)
        selects.append(f"""SELECT {j} AS stage, count(*) AS reached,
                median(ttc_first) AS ttc_first_median, avg(ttc_first) AS ttc_first_mean,
                median(ttc_prev) AS ttc_prev_median, avg(ttc_prev) AS ttc_prev_mean FROM (
                SELECT c.user_id, min(c.t_j - c.a_t) / 1e6 AS ttc_first, min(c.t_j - c.t_prev) / 1e6 AS ttc_prev
                FROM c{j} c JOIN (SELECT user_id, min(p) AS p FROM c{j} GROUP BY user_id) b
                  ON b.user_id = c.user_id AND b.p = c.p
                GROUP BY c.user_id)""")
    return "WITH " + ",\n".join(parts) + "\n" + "\nUNION ALL\n".join(selects) + "\nORDER BY stage"


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, int, Any]:
    best, peak, result = float("inf"), 0, None
    for _ in range(repeat):
        with PeakMemory() as memory:
            start = time.perf_counter()
            result = run()
            elapsed = time.perf_counter() - start
        best, peak = min(best, elapsed), max(peak, memory.peak)
    return best, peak, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    start = time.perf_counter()
    log = sample_events(n_users=args.users, seed=1, noise_per_user=5.4)
    log.insert(0, "seq", range(len(log)))
    size = int(log.memory_usage(deep=True).sum())
    print(
        f"log: {len(log):,} events of {log['user_id'].nunique():,} users, {size / 1e9:.2f} GB in pandas "
        f"(generated in {time.perf_counter() - start:.1f} s)"
    )
    con = duckdb.connect()
    con.register("log_frame", log)
    con.execute("CREATE TABLE events AS SELECT * FROM log_frame")
    con.unregister("log_frame")
    polars_log = pl.from_pandas(log)

    for label, window, window_us in (("no window", None, None), ("1-day window", "1D", 86_400_000_000)):
        sql = hand_written_sql(window_us)
        sql_time, sql_peak, sql_result = timed(lambda sql=sql: con.sql(sql).df(), args.repeat)
        runs = {
            "DuckDB input": lambda w=window: funnel(con.table("events"), STAGES, window=w, order="seq"),
            "polars input": lambda w=window: funnel(polars_log, STAGES, window=w),
            "pandas input (auto: polars)": lambda w=window: funnel(log, STAGES, window=w),
            "pandas input (engine='duckdb')": lambda w=window: funnel(log, STAGES, window=w, engine="duckdb"),
        }
        print(f"\n6-stage ordered funnel, {label}")
        print(f"  {'hand-written DuckDB SQL':32s} {sql_time:7.2f} s   1.00x   peak +{sql_peak / 1e9:.2f} GB")
        for name, run in runs.items():
            seconds, peak, result = timed(run, args.repeat)
            same = result["reached"].tolist() == sql_result["reached"].tolist()
            ttc_same = all(
                abs((a or 0) - (b or 0)) < 1e-6
                for column in ("first_median", "first_mean", "prev_median", "prev_mean")
                for a, b in zip(result[f"ttc_{column}_s"].iloc[1:], sql_result[f"ttc_{column}"].iloc[1:], strict=True)
            )
            print(
                f"  {name:32s} {seconds:7.2f} s   {seconds / sql_time:4.2f}x   peak +{peak / 1e9:.2f} GB "
                f"({peak / size:.2f}x the log)   same counts: {same}, same ttc: {ttc_same}"
            )
        print(f"  reached: {sql_result['reached'].tolist()}")


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    main()
