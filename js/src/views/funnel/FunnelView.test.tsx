// The funnel view against a fake model: geometry, the numbers drawn, selection, persona and comparison.
import { act, cleanup, fireEvent } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDuration } from "../../format";
import widget from "../../index";
import { fakeModel } from "../../test/fakeModel";
import { percent } from "../busy/BusyBar";
import { shownSeries } from "./FunnelView";
import { fractions, funnelGeometry, H } from "./geometry";
import type { FunnelData, FunnelSeries } from "./types";

const closed = (reached: number[]): FunnelSeries["rows"] =>
  reached.map((n, i) => ({
    reached: n,
    conv_from_prev: i === 0 ? null : reached[i - 1]! > 0 ? n / reached[i - 1]! : null,
    conv_from_first: i === 0 ? null : n / reached[0]!,
    // as Python computes it: lost since the previous stage
    dropoff: i === 0 ? 0 : reached[i - 1]! - n,
    ttc_prev_median_s: i === 0 ? null : 90 * i,
    ttc_first_median_s: i === 0 ? null : 100 * i,
  }));

const DATA: FunnelData = {
  open: false,
  mode: "ordered",
  window_s: 86400,
  by: null,
  stages: [
    { id: "a", name: "Ad <b>click</b>" },
    { id: "b", name: "Cart" },
    { id: "c", name: "Paid" },
  ],
  skipped_stages: [],
  series: [
    { key: "all", label: "All users", persona: null, color: null, rows: closed([200, 100, 50]) },
    { key: "persona:raj", label: "Raj", persona: "raj", color: "#f58518", rows: closed([40, 10, 0]) },
  ],
  rows: 1000,
  revision: 0,
};

function mount(extra: Record<string, unknown> = {}) {
  const model = fakeModel({
    _view: "funnel",
    data: DATA,
    title: "Shop",
    persona: null,
    compared: [],
    comparison: "side_by_side",
    orientation: "horizontal",
    selected_stage: null,
    error: "",
    ...extra,
  });
  const el = document.createElement("div");
  document.body.append(el);
  const stop = widget.render({ model, el });
  return { model, el, stop };
}

const counts = (el: HTMLElement) =>
  [...el.querySelectorAll(".jw-funnel-fill")].map((r) => Number(r.getAttribute("data-reached")));

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

describe("FunnelView while its binding recomputes", () => {
  it("keeps the chart, greyed and aria-busy, under a progress bar; then drops the bar", async () => {
    const { el, model } = mount({ busy: true, progress: 0.5 });
    const view = el.querySelector(".jw-funnel")!;
    expect(view.getAttribute("aria-busy")).toBe("true");
    expect(view.classList.contains("jw-is-busy")).toBe(true);
    expect(el.querySelector(".jw-busy")?.getAttribute("aria-valuenow")).toBe("50");
    expect(counts(el).length).toBeGreaterThan(0);
    model.set("busy", false);
    await Promise.resolve();
    expect(view.hasAttribute("aria-busy")).toBe(false);
    expect(el.querySelector(".jw-busy")).toBeNull();
  });

  it("reads an odd progress value as a percentage from 0 to 100", () => {
    expect([percent(-1), percent(0.333), percent(2), percent(Number.NaN), percent(undefined)]).toEqual([
      0, 33, 100, 0, 0,
    ]);
  });
});

describe("funnel geometry", () => {
  it("scales closed funnels to their first stage and open ones to their largest", () => {
    expect(fractions(DATA.series[0]!, false)).toEqual([1, 0.5, 0.25]);
    const open = { ...DATA.series[0]!, rows: [{ reached: 50 }, { reached: 100 }] };
    expect(fractions(open, true)).toEqual([0.5, 1]);
    expect(fractions({ ...DATA.series[0]!, rows: [{ reached: 0 }, { reached: 0 }] }, false)).toEqual([0, 0]);
  });

  it("draws bar heights in proportion, with the previous stage behind (the drop-off)", () => {
    const g = funnelGeometry(DATA.stages, [DATA.series[0]!], {
      open: false,
      orientation: "horizontal",
      comparison: "side_by_side",
    });
    expect(g.width).toBe(3 * H.column);
    expect(g.stages.map((s) => s.bars[0]!.bar.height)).toEqual([H.plot, H.plot / 2, H.plot / 4]);
    expect(g.stages[0]!.bars[0]!.previous).toBeNull();
    expect(g.stages[2]!.bars[0]!.previous!.height).toBe(H.plot / 2);
    // every bar stands on the same baseline
    expect(new Set(g.stages.map((s) => s.bars[0]!.bar.y + s.bars[0]!.bar.height)).size).toBe(1);
  });

  it("puts compared series side by side in a stage, or on top of each other", () => {
    const opts = { open: false, orientation: "vertical" as const };
    const side = funnelGeometry(DATA.stages, DATA.series, { ...opts, comparison: "side_by_side" });
    const [a, b] = side.stages[0]!.bars;
    expect(b!.bar.y).toBeGreaterThan(a!.bar.y + a!.bar.height - 1);
    const over = funnelGeometry(DATA.stages, DATA.series, { ...opts, comparison: "overlay" });
    const [c, d] = over.stages[0]!.bars;
    expect(d!.bar.y).toBeLessThan(c!.bar.y + c!.bar.height);
  });
});

describe("FunnelView", () => {
  it("draws the payload's numbers: counts, stage names as text, conversion and the summary", () => {
    const { el } = mount();
    expect(counts(el)).toEqual([200, 100, 50]);
    expect([...el.querySelectorAll(".jw-funnel-count")].map((t) => t.textContent)).toEqual([
      "200",
      "100",
      "50",
    ]);
    const names = [...el.querySelectorAll(".jw-funnel-name")].map((t) => t.textContent);
    expect(names[0]).toContain("Ad <b>click</b>");
    expect(el.querySelector(".jw-funnel-name b")).toBeNull();
    expect([...el.querySelectorAll(".jw-funnel-connector text")].map((t) => t.textContent)).toEqual([
      "50.0%",
      "50.0%",
    ]);
    expect(el.querySelector(".jw-funnel-summary")?.textContent).toBe(
      "Closed funnel, stages in order, within 1.0 d of the first stage · 200 entered · 50 completed (25.0%)",
    );
  });

  it("says which step windows, exclusions and unit the numbers were computed with", () => {
    const data: FunnelData = {
      ...DATA,
      step_window_s: { Cart: 600 },
      exclude: [{ event: ["support_call", "refund"], between: ["Cart", "Paid"] }],
      unit: ["user", "session_id"],
    };
    const { el } = mount({ data });
    expect(el.querySelector(".jw-funnel-summary")?.textContent).toBe(
      "Closed funnel, stages in order, within 1.0 d of the first stage, Cart within 10 min of the previous stage, " +
        "excluding support_call or refund between Cart and Paid, counting each user × session_id · 200 entered · " +
        "50 completed (25.0%)",
    );
  });

  it("names the unit counted in the numbers' tooltips", () => {
    const { el } = mount({ data: { ...DATA, unit: ["user", "session_id"] }, selected_stage: "b" });
    const title = el.querySelector(".jw-funnel-details dl[data-series=all] > div")!.getAttribute("title");
    expect(title).toBe("Units (user × session_id) who reached this stage (counted once each)");
    cleanup();
    const { el: users } = mount({ selected_stage: "b" });
    expect(users.querySelector(".jw-funnel-details dl[data-series=all] > div")!.getAttribute("title")).toBe(
      "Users who reached this stage (counted once each)",
    );
  });

  it("marks optional stages and compares each stage with the last required one before it", () => {
    // Visit 200, Newsletter (optional) 60, Cart 120, Paid 30: as Python sends them (prior = the last required)
    const rows: FunnelSeries["rows"] = [
      { reached: 200, conv_from_prev: 1, conv_from_first: 1, dropoff: 0 },
      { reached: 60, conv_from_prev: 0.3, conv_from_first: 0.3, dropoff: 140 },
      { reached: 120, conv_from_prev: 0.6, conv_from_first: 0.6, dropoff: 80 },
      { reached: 30, conv_from_prev: 0.25, conv_from_first: 0.15, dropoff: 90 },
    ];
    const data: FunnelData = {
      ...DATA,
      window_s: null,
      stages: [
        { id: "v", name: "Visit" },
        { id: "n", name: "Newsletter", optional: true },
        { id: "c", name: "Cart" },
        { id: "p", name: "Paid" },
      ],
      series: [{ key: "all", label: "All users", persona: null, color: null, rows }],
    };
    const geometry = funnelGeometry(data.stages, data.series, {
      open: false,
      orientation: "horizontal",
      comparison: "side_by_side",
    });
    // Cart's dashed bar is Visit's (the newsletter may be skipped), not the newsletter's
    expect(geometry.stages[2]!.bars[0]!.previous!.height).toBeCloseTo(H.plot);
    expect(geometry.stages[3]!.bars[0]!.previous!.height).toBeCloseTo(H.plot * 0.6);
    expect(geometry.stages.map((s) => s.optional)).toEqual([false, true, false, false]);
    const { el } = mount({ data });
    expect(el.querySelector(".jw-funnel-summary")?.textContent).toContain(
      "in order, Newsletter optional · 200 entered",
    );
    const stage = (id: string) => el.querySelector(`.jw-funnel-stage[data-stage-id="${id}"]`)!;
    expect(stage("n").querySelector(".jw-funnel-bar")!.classList.contains("jw-funnel-optional")).toBe(true);
    expect(stage("c").querySelector(".jw-funnel-bar")!.classList.contains("jw-funnel-optional")).toBe(false);
    expect(stage("n").getAttribute("aria-label")).toMatch(/^2\. Newsletter \(optional\)\./);
    const numbersAt = (id: string) => {
      act(() => void fireEvent.click(stage(id)));
      return Object.fromEntries(
        [...el.querySelectorAll(".jw-funnel-details dl[data-series=all] > div")].map((d) => [
          d.querySelector("dt")!.textContent,
          d.querySelector("dd")!.textContent,
        ]),
      );
    };
    // abandoning Visit is not reaching Cart (the next required stage): 200 - 120
    expect(numbersAt("v")["abandoned here"]).toBe("80");
    expect(numbersAt("n")["abandoned here"]).toBe("–"); // not a difference of counts: users() lists them
    expect(el.querySelector(".jw-funnel-details strong")!.textContent).toBe("2. Newsletter (optional)");
  });

  it("selects a stage by click or keyboard and shows its numbers and median times", () => {
    const { model, el } = mount();
    const stage = (id: string) => el.querySelector(`.jw-funnel-stage[data-stage-id="${id}"]`)!;
    act(() => void fireEvent.click(stage("b")));
    expect(model.saved.at(-1)).toEqual({ selected_stage: "b" });
    expect(stage("b").classList.contains("jw-selected")).toBe(true);
    const details = el.querySelector(".jw-funnel-details")!.textContent!;
    expect(details).toContain("2. Cart");
    expect(details).toContain(`median time from previous${formatDuration(90)}`);
    // GA4's pair: abandoned here (reached Cart, not Paid) and lost since the previous stage (Ad click, not Cart)
    const numbers = Object.fromEntries(
      [...el.querySelectorAll(".jw-funnel-details dl[data-series=all] > div")].map((d) => [
        d.querySelector("dt")!.textContent,
        [d.querySelector("dd")!.textContent, d.getAttribute("title")],
      ]),
    );
    expect(numbers["abandoned here"]![0]).toBe("50");
    expect(numbers["abandoned here"]![1]).toContain("did not reach the next");
    expect(numbers["lost since previous"]![0]).toBe("100");
    expect(numbers["dropped after"]).toBeUndefined();
    act(() => void fireEvent.keyDown(stage("b"), { key: "ArrowRight" }));
    expect(document.activeElement).toBe(stage("c"));
    act(() => void fireEvent.keyDown(stage("c"), { key: "Enter" }));
    expect(model.saved.at(-1)).toEqual({ selected_stage: "c" });
    act(() => void fireEvent.keyDown(stage("c"), { key: "Escape" }));
    expect(model.saved.at(-1)).toEqual({ selected_stage: null });
    act(() => model.push("selected_stage", "a"));
    expect(stage("a").getAttribute("aria-pressed")).toBe("true");
  });

  it("switches persona from its chips and compares every population", () => {
    const { model, el } = mount();
    const chip = (name: string) =>
      [...el.querySelectorAll<HTMLButtonElement>(".jw-chip")].find((b) => b.textContent === name)!;
    act(() => void fireEvent.click(chip("Raj")));
    expect(model.saved.at(-1)).toEqual({ persona: "raj" });
    expect(counts(el)).toEqual([40, 10, 0]);
    act(() => void fireEvent.click(chip("Compare all")));
    expect(model.saved.at(-1)).toEqual({ compared: ["all", "persona:raj"] });
    expect(counts(el)).toEqual([200, 40, 100, 10, 50, 0]);
    expect([...el.querySelectorAll(".jw-funnel-legend li")].map((l) => l.textContent)).toEqual([
      "All users",
      "Raj",
    ]);
  });

  it("overlays compared series: the first as bars, the others as level marks at their height", () => {
    const { el } = mount({ compared: ["all", "persona:raj"], comparison: "overlay" });
    expect(counts(el)).toEqual([200, 100, 50]);
    const marks = [...el.querySelectorAll(".jw-funnel-level line")];
    expect(marks.map((m) => Number(m.getAttribute("data-reached")))).toEqual([40, 10, 0]);
    const bar = el.querySelectorAll(".jw-funnel-fill")[1]!;
    // Raj converts 25% to stage 2 (all users 50%): his mark sits at half the height of the bar
    const top = Number(bar.getAttribute("y")) + Number(bar.getAttribute("height"));
    expect(top - Number(marks[1]!.getAttribute("y1"))).toBeCloseTo(Number(bar.getAttribute("height")) / 2);
  });

  it("redraws when Python sends new numbers, and keeps them with the reason when an update failed", () => {
    const { model, el } = mount();
    const series = [{ ...DATA.series[0]!, rows: closed([300, 120, 60]) }, DATA.series[1]!];
    act(() => model.push("data", { ...DATA, series, revision: 1 }));
    expect(counts(el)).toEqual([300, 120, 60]);
    act(() => model.push("error", "no column 'device'"));
    expect(el.querySelector("[role=alert]")?.textContent).toBe("Not updated: no column 'device'");
    expect(counts(el)).toEqual([300, 120, 60]);
  });

  it("draws open funnels with the entries at each stage", () => {
    const open: FunnelData = {
      ...DATA,
      open: true,
      series: [
        {
          ...DATA.series[0]!,
          rows: [
            { reached: 80, continued: 60, abandoned: 20, completion_rate: 0.75, first_entry_here: 80 },
            { reached: 100, continued: 50, abandoned: 50, completion_rate: 0.5, first_entry_here: 40 },
            { reached: 50, continued: null, abandoned: null, completion_rate: null, first_entry_here: 0 },
          ],
        },
      ],
    };
    const { el } = mount({ data: open });
    expect(el.querySelectorAll(".jw-funnel-entered").length).toBe(2);
    expect(el.querySelector(".jw-funnel-connector")).toBeNull();
    expect([...el.querySelectorAll(".jw-funnel-sub")].map((t) => t.textContent)).toEqual([
      "80 entered here",
      "40 entered here",
      "0 entered here",
    ]);
    expect(el.querySelector(".jw-funnel-summary")?.textContent).toContain("Open funnel");
  });

  it("shows the chosen persona, or all users when the persona has no series", () => {
    expect(shownSeries(DATA, "raj", []).map((s) => s.key)).toEqual(["persona:raj"]);
    expect(shownSeries(DATA, "nobody", []).map((s) => s.key)).toEqual(["all"]);
    expect(shownSeries(DATA, null, ["persona:raj", "gone"]).map((s) => s.key)).toEqual(["persona:raj"]);
  });

  it("stops listening to the model when removed", () => {
    const { model, el, stop } = mount();
    (stop as () => void)();
    act(() => model.push("data", { ...DATA, stages: [] }));
    expect(el.innerHTML).toBe("");
  });

  it("downloads the chart as SVG: the funnel's title, persona and numbers, its text escaped", async () => {
    const files: Blob[] = [];
    const create = vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      files.push(blob as Blob);
      return "blob:funnel";
    });
    const { el } = mount({ persona: "raj" });
    const button = el.querySelector<HTMLButtonElement>('button[aria-label="Download the funnel as SVG"]')!;
    await act(async () => {
      fireEvent.click(button);
    });
    await vi.waitFor(() => expect(files).toHaveLength(1));
    create.mockRestore();
    const parsed = new DOMParser().parseFromString(await files[0]!.text(), "image/svg+xml");
    const texts = [...parsed.querySelectorAll("text")].map((t) => t.textContent ?? "");
    expect(texts[0]).toBe("Shop (Raj)");
    expect(texts.join(" ")).toContain("Ad <b>click</b>");
    expect(parsed.querySelector("b")).toBeNull();
    expect(
      [...parsed.querySelectorAll(".jw-funnel-fill, [data-reached]")].map((r) =>
        r.getAttribute("data-reached"),
      ),
    ).toEqual(["40", "10", "0"]);
  });

  it("draws the picture off screen in the theme asked for, and leaves nothing behind", async () => {
    const { inTheme } = await import("../../export/themedClone");
    const { el } = mount({ persona: "raj" });
    const view = el.querySelector<HTMLElement>(".jw-funnel")!;
    const seen = inTheme(view, "dark", (copy) => {
      const stage = copy.parentElement!;
      return [stage.className, copy.querySelectorAll("svg").length > 0, document.body.contains(stage)];
    });
    expect(seen).toEqual(["jw-root jw-theme-dark", true, true]);
    expect(document.querySelector(".jw-theme-dark")).toBeNull();
    expect(document.querySelectorAll(".jw-funnel")).toHaveLength(1);
  });
});

describe("the selected stage's analysis", () => {
  const detail = {
    stage: "b",
    persona: null,
    time_to_convert: {
      users: 100,
      mean_s: 80,
      percentiles: { p25: 40, p50: 60, p75: 100, p90: 150 },
      bins: [
        { left_s: 0, right_s: 100, users: 70 },
        { left_s: 100, right_s: 200, users: 30 },
      ],
    },
    paths: {
      status: "abandoned",
      users: 50,
      rows: [
        {
          steps: ["help", "<img src=x onerror=alert(1)>", "(end)"],
          path: "help → x → (end)",
          users: 30,
          share: 0.6,
        },
        { steps: ["(other)"], path: "(other)", users: 20, share: 0.4 },
      ],
    },
    errors: {},
  };

  it("draws Python's histogram and paths for the selected stage only", () => {
    const { el, model } = mount({ selected_stage: "b", stage_detail: detail });
    const analysis = el.querySelector(".jw-stage-analysis")!;
    expect(analysis.querySelector("figcaption")!.textContent).toBe(
      "Time to reach Cart 100 users · median 1 min · 90% within 3 min",
    );
    const bars = [...analysis.querySelectorAll(".jw-ttc-bar")];
    expect(bars.map((b) => b.getAttribute("data-users"))).toEqual(["70", "30"]);
    expect(Number(bars[1]!.getAttribute("height"))).toBeCloseTo((30 / 70) * 92);
    expect(analysis.querySelectorAll(".jw-ttc-mark")).toHaveLength(2);
    expect(analysis.querySelector("svg")!.getAttribute("aria-label")).toContain(
      "median 1 min, 90% within 3 min",
    );
    const paths = [...analysis.querySelectorAll(".jw-path")].map((p) => p.textContent);
    expect(paths).toEqual([
      "help→then<img src=x onerror=alert(1)>→thenno further event30 (60.0%)",
      "other paths20 (40.0%)",
    ]);
    expect(analysis.querySelector("img")).toBeNull();
    expect(analysis.textContent).toContain("What the users who left at Cart did next");
    // another stage selected: its analysis is on its way, the old one is not shown for it
    act(() => model.push("selected_stage", "c"));
    expect(el.querySelector(".jw-stage-analysis")).toBeNull();
    act(() => model.push("stage_detail", { stage: "c", loading: true }));
    expect(el.querySelector(".jw-stage-analysis")!.textContent).toBe(
      "Computing the times and paths of Paid…",
    );
    expect(el.querySelector(".jw-stage-analysis")!.getAttribute("aria-busy")).toBe("true");
  });

  it("says why a part is missing", () => {
    const failed = {
      stage: "b",
      time_to_convert: null,
      paths: null,
      errors: { paths: "Dask numbers no rows" },
    };
    const { el } = mount({ selected_stage: "b", stage_detail: failed });
    expect(el.querySelector(".jw-stage-analysis")!.textContent).toBe("No paths: Dask numbers no rows");
  });
});

describe("over time", () => {
  const trend = {
    period: "D",
    persona: null,
    zone: "UTC",
    periods: [
      { start: "2026-03-01T00:00:00+00:00", end: "2026-03-02T00:00:00+00:00", complete: true },
      { start: "2026-03-02T00:00:00+00:00", end: "2026-03-03T00:00:00+00:00", complete: false },
    ],
    stages: [
      { id: "a", name: "Ad", reached: [2, 2], conv_from_first: [1, 1] },
      { id: "b", name: "Cart", reached: [2, 1], conv_from_first: [1, 0.5] },
      { id: "c", name: "Paid", reached: [1, 0], conv_from_first: [0.5, 0] },
    ],
  };

  it("draws a line per later stage, the unfinished period hollow and dashed, and the numbers in a table", () => {
    const { el, model } = mount({ chart: "over_time", period: "D", trend });
    expect(el.querySelector(".jw-funnel-fill")).toBeNull();
    const lines = [...el.querySelectorAll(".jw-trend-stage")].map((g) => g.getAttribute("data-stage-id"));
    expect(lines).toEqual(["b", "c"]);
    expect(el.querySelectorAll(".jw-trend-line.jw-trend-incomplete")).toHaveLength(2);
    expect(el.querySelectorAll("circle.jw-trend-incomplete")).toHaveLength(2);
    const paid = [...el.querySelectorAll('[data-stage-id="c"] circle')].map((c) =>
      Number(c.getAttribute("cy")),
    );
    expect(paid[1]! - paid[0]!).toBeCloseTo((0.5 / 1) * (220 - 10 - 26)); // 0.5 -> 0 on an axis to 100%
    const rows = [...el.querySelectorAll(".jw-trend-table tbody tr")].map((r) => r.textContent);
    expect(rows).toEqual(["Mar 12100.0% (2)50.0% (1)", "Mar 2 (still converting)250.0% (1)0.0% (0)"]);
    expect(el.querySelector(".jw-trend-chart")!.getAttribute("aria-label")).toBe(
      "Conversion from the first stage per day of entry, 2 days; day of Mar 1: Cart 100.0%, Paid 50.0%",
    );
    act(() => void fireEvent.click(el.querySelector<HTMLElement>('[aria-label="Entry period"] button')!));
    expect(model.get("period")).toBe("D");
    const month = [...el.querySelectorAll<HTMLElement>('[aria-label="Entry period"] button')][2]!;
    act(() => void fireEvent.click(month));
    expect(model.get("period")).toBe("M");
    expect(el.textContent).toContain("Computing the funnel per month…");
    act(() => void fireEvent.click(el.querySelector<HTMLElement>('[aria-label="Chart"] button')!));
    expect(model.get("chart")).toBe("stages");
    expect(el.querySelector(".jw-funnel-fill")).toBeTruthy();
  });

  it("is offered for one population only, and says why Python could not draw it", () => {
    expect(mount({ compared: ["all", "persona:raj"] }).el.querySelector('[aria-label="Chart"]')).toBeNull();
    cleanup();
    const failed = { period: "W", persona: null, error: "trend() follows closed funnels (open=False)" };
    const { el } = mount({ chart: "over_time", period: "W", trend: failed });
    expect(el.querySelector('[role="alert"]')!.textContent).toBe(
      "No chart over time: trend() follows closed funnels (open=False)",
    );
  });
});

describe("significance in a comparison", () => {
  it("marks a persona's step that converts significantly differently, with the test in its title", () => {
    const test = { others: 0.5625, p_value: 0.0004, significant: true, tests: 4 };
    const series = DATA.series.map((s) =>
      s.key === "persona:raj" ? { ...s, significance: [null, test, { ...test, significant: false }] } : s,
    );
    const { el } = mount({
      data: { ...DATA, series },
      compared: ["all", "persona:raj"],
      selected_stage: "b",
    });
    const marks = [...el.querySelectorAll(".jw-significance")];
    expect(marks).toHaveLength(1);
    expect(marks[0]!.closest("dl")!.getAttribute("data-series")).toBe("persona:raj");
    // Raj: 10 of 40 reached Cart (25.0%), against 56.3% of the other users
    expect(marks[0]!.textContent).toBe("▼ significantly lowerthan the other users' 56.3% (p < 0.001)");
    expect(marks[0]!.getAttribute("title")).toContain("Bonferroni over 4 tests");
    expect(marks[0]!.classList.contains("jw-lower")).toBe(true);
    // the chart marks the same bar, and only it, and its stage's label says so
    const onChart = [...el.querySelectorAll(".jw-funnel-sig")];
    expect(onChart).toHaveLength(1);
    expect(onChart[0]!.closest(".jw-funnel-stage")!.getAttribute("data-stage-id")).toBe("b");
    expect(onChart[0]!.classList.contains("jw-lower")).toBe(true);
    expect(onChart[0]!.textContent).toBe("▼Raj: significantly lower than the other users' 56.3%, p < 0.001");
    expect(onChart[0]!.closest(".jw-funnel-stage")!.getAttribute("aria-label")).toContain(
      "Raj: 10 reached, 25.0% from previous, 25.0% from first, significantly lower than the other users' 56.3%, p < 0.001",
    );
  });
});
