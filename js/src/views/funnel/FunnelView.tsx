// The funnel widget's view: a header (what is measured, whose funnel), the chart, a legend when series
// are compared, and the numbers of the stage under the pointer, in focus or selected.
import { type ReadonlySignal, useSignal } from "@preact/signals";
import { useMemo, useRef } from "preact/hooks";
import { DownloadButtons, type PictureTheme } from "../../export/DownloadButtons";
import { standaloneSvg } from "../../export/standaloneSvg";
import { inTheme } from "../../export/themedClone";
import { formatCount, formatDuration, formatRate } from "../../format";
import { BusyBar, type BusyState } from "../busy/BusyBar";
import { FunnelChart, seriesColor } from "./FunnelChart";
import { funnelGeometry } from "./geometry";
import { StageAnalysis, type StageDetail } from "./StageAnalysis";
import { type Period, TrendChart, type TrendData } from "./TrendChart";
import {
  type Comparison,
  type FunnelData,
  type FunnelSeries,
  type FunnelStage,
  nextRequired,
  type Orientation,
  type StageNumbers,
  type StepTest,
} from "./types";
import "./funnel.css";

export type Chart = "stages" | "over_time";

/** The switch between the funnel and its conversion over time (closed funnels only). */
function ChartSwitch({ chart, onChart }: { chart: Chart; onChart: (c: Chart) => void }) {
  const choices: [Chart, string][] = [
    ["stages", "Stages"],
    ["over_time", "Over time"],
  ];
  return (
    <div class="jw-funnel-switch jw-chart-switch" role="group" aria-label="Chart">
      {choices.map(([value, label]) => (
        <button
          key={value}
          type="button"
          class="jw-chip"
          aria-pressed={chart === value}
          onClick={() => onChart(value)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

export interface FunnelViewProps {
  data: ReadonlySignal<FunnelData>;
  title: ReadonlySignal<string>;
  persona: ReadonlySignal<string | null>;
  compared: ReadonlySignal<string[]>;
  comparison: ReadonlySignal<Comparison>;
  orientation: ReadonlySignal<Orientation>;
  selected: ReadonlySignal<string | null>;
  error: ReadonlySignal<string>;
  /** the selected stage's time-to-convert histogram and paths, computed by Python (absent: none) */
  detail?: ReadonlySignal<StageDetail>;
  /** "stages" (the funnel) or "over_time" (conversion per entry period); absent: the funnel only */
  chart?: ReadonlySignal<Chart>;
  period?: ReadonlySignal<Period>;
  trend?: ReadonlySignal<TrendData>;
  onChart?: (chart: Chart) => void;
  onPeriod?: (period: Period) => void;
  /** the binding computing new numbers: a thin bar, the chart greyed (absent: never busy) */
  busy?: BusyState;
  onSelect: (stage: string | null) => void;
  onPersona: (persona: string | null) => void;
  onCompare: (keys: string[]) => void;
}

/** The series drawn: the compared ones, else the chosen persona's (or all users'). */
export function shownSeries(data: FunnelData, persona: string | null, compared: string[]): FunnelSeries[] {
  const byKey = new Map(data.series.map((s) => [s.key, s]));
  if (compared.length > 0) return compared.flatMap((key) => byKey.get(key) ?? []);
  const chosen = (persona && byKey.get(`persona:${persona}`)) || byKey.get("all");
  return chosen ? [chosen] : [];
}

/** "A", "A and B", "A, B and C". */
function listed(names: string[]): string {
  return names.length < 2
    ? names.join("")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function describe(data: FunnelData, first: FunnelSeries | undefined): string {
  const kind = data.open ? "Open funnel" : "Closed funnel";
  const mode =
    { ordered: "in order", strict: "in strict order", any_order: "in any order" }[data.mode] ?? data.mode;
  const window = data.window_s ? `, within ${formatDuration(data.window_s)} of the first stage` : "";
  const steps = Object.entries(data.step_window_s ?? {})
    .map(([stage, seconds]) => `, ${stage} within ${formatDuration(seconds)} of the previous stage`)
    .join("");
  const excluded = (data.exclude ?? [])
    .map((x) => `, excluding ${x.event.join(" or ")} between ${x.between[0]} and ${x.between[1]}`)
    .join("");
  const unit = data.unit && data.unit.length > 1 ? `, counting each ${data.unit.join(" × ")}` : "";
  const skippable = (data.stages ?? []).filter((s) => s.optional).map((s) => s.name);
  const optional = skippable.length > 0 ? `, ${listed(skippable)} optional` : "";
  const options = `${window}${steps}${excluded}${unit}${optional}`;
  if (!first || first.rows.length === 0) return `${kind} (${mode}${options})`;
  const entered = data.open ? Math.max(...first.rows.map((r) => r.reached)) : first.rows[0]!.reached;
  const last = first.rows[first.rows.length - 1]!;
  const completed = data.open
    ? ""
    : ` · ${formatCount(last.reached)} completed (${formatRate(last.conv_from_first)})`;
  return `${kind}, stages ${mode}${options} · ${formatCount(entered)} ${data.open ? "at the busiest stage" : "entered"}${completed}`;
}

/** What each number of the stage details means (their tooltips; GA4's words where GA4 has them). */
const MEANING: Record<string, string> = {
  reached: "Users who reached this stage (counted once each)",
  "entered here": "Users whose first funnel stage was this one",
  continued: "Users who reached this stage and a later one",
  abandoned: "Users who reached this stage and no later one",
  completion: "Continued ÷ reached",
  "from previous": "Reached here ÷ reached the previous stage (the last required one, past optional stages)",
  "from first": "Reached here ÷ reached the first stage",
  "abandoned here":
    "Reached this stage and did not reach the next (GA4's abandonments); the last stage has no next one",
  "lost since previous":
    "Reached the previous stage (the last required one, past optional stages) and not this one",
  "median time from previous": "Median time from the previous stage to this one",
  "median time from first": "Median time from the first stage to this one",
};

/** A tooltip in the funnel's unit: "Users who ..." reads "Units (user × session_id) who ..." for other units. */
export function counted(meaning: string | undefined, unit: string[] | undefined): string | undefined {
  if (!meaning || !unit || unit.length < 2) return meaning;
  return meaning.replace(/^Users\b/, `Units (${unit.join(" × ")})`);
}

/** One series' numbers at a stage; a closed funnel's "abandoned here" comes from the next required stage's reach. */
function stageLines(
  open: boolean,
  rows: StageNumbers[],
  stage: number,
  stages: FunnelStage[],
): [string, string][] {
  const n = rows[stage] ?? { reached: 0 };
  if (open)
    return [
      ["reached", formatCount(n.reached)],
      ["entered here", formatCount(n.first_entry_here)],
      ["continued", formatCount(n.continued)],
      ["abandoned", formatCount(n.abandoned)],
      ["completion", formatRate(n.completion_rate)],
    ];
  // an optional stage's abandonments (did it, then not the next required stage) are no difference of counts
  const following = stages[stage]?.optional ? null : nextRequired(stages, stage);
  const next = following === null ? undefined : rows[following];
  return [
    ["reached", formatCount(n.reached)],
    ["from previous", formatRate(n.conv_from_prev)],
    ["from first", formatRate(n.conv_from_first)],
    ["abandoned here", next ? formatCount(n.reached - next.reached) : formatCount(null)],
    ["lost since previous", stage === 0 ? formatCount(null) : formatCount(n.dropoff)],
    ["median time from previous", formatDuration(n.ttc_prev_median_s)],
    ["median time from first", formatDuration(n.ttc_first_median_s)],
  ];
}

/** A persona's step that converts significantly differently from the other users' (Python's test). */
function Significance({
  test,
  rate,
}: {
  test: StepTest | null | undefined;
  rate: number | null | undefined;
}) {
  if (!test?.significant || rate === null || rate === undefined) return null;
  const higher = rate > test.others;
  const p = test.p_value === null ? "–" : test.p_value < 0.001 ? "< 0.001" : test.p_value.toPrecision(2);
  return (
    <div
      class={higher ? "jw-significance jw-higher" : "jw-significance jw-lower"}
      title={`Pooled two-proportion z-test against the other users, Bonferroni over ${test.tests} tests`}
    >
      <dt>{higher ? "▲ significantly higher" : "▼ significantly lower"}</dt>
      <dd>
        than the other users' {formatRate(test.others)} (p {p.startsWith("<") ? p : `= ${p}`})
      </dd>
    </div>
  );
}

function StageDetails({ data, stage, shown }: { data: FunnelData; stage: number; shown: FunnelSeries[] }) {
  const name = data.stages[stage]?.name ?? "";
  return (
    <div class="jw-funnel-details" aria-live="polite">
      <strong>
        {stage + 1}. {name}
        {data.stages[stage]?.optional && (
          <span class="jw-funnel-optional-tag" title="Users may skip this stage: later stages do not need it">
            {" "}
            (optional)
          </span>
        )}
      </strong>
      {shown.map((series) => (
        <dl key={series.key} class="jw-funnel-numbers" data-series={series.key}>
          {shown.length > 1 && <span class="jw-funnel-series-name">{series.label}</span>}
          {stageLines(data.open, series.rows, stage, data.stages ?? []).map(([label, value]) => (
            <div key={label} title={counted(MEANING[label], data.unit)}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          <Significance test={series.significance?.[stage]} rate={series.rows[stage]?.conv_from_prev} />
        </dl>
      ))}
    </div>
  );
}

function PersonaSwitcher({
  data,
  persona,
  comparing,
  onPersona,
  onCompare,
}: {
  data: FunnelData;
  persona: string | null;
  comparing: boolean;
  onPersona: (p: string | null) => void;
  onCompare: (keys: string[]) => void;
}) {
  const populations = data.series.filter((s) => !s.key.startsWith("by:"));
  if (populations.length < 2) return null;
  return (
    <div class="jw-funnel-switch" role="group" aria-label="Whose funnel">
      {populations.map((series) => {
        const pressed = !comparing && (series.persona ?? null) === (persona ?? null);
        return (
          <button
            key={series.key}
            type="button"
            class="jw-chip"
            aria-pressed={pressed}
            style={{ "--jw-chip": series.color ?? "var(--jw-accent)" }}
            onClick={() => {
              if (comparing) onCompare([]);
              onPersona(series.persona);
            }}
          >
            {series.label}
          </button>
        );
      })}
      <button
        type="button"
        class="jw-chip jw-chip-compare"
        aria-pressed={comparing}
        onClick={() => onCompare(comparing ? [] : populations.map((s) => s.key))}
      >
        Compare all
      </button>
    </div>
  );
}

export function FunnelView(props: FunnelViewProps) {
  const { data, selected, orientation, comparison } = props;
  const active = useSignal<string | null>(null);
  const d = data.value;
  const compared = props.compared.value;
  const shown = useMemo(
    () => shownSeries(d, props.persona.value, compared),
    [d, props.persona.value, compared],
  );
  const geometry = useMemo(
    () =>
      funnelGeometry(d.stages ?? [], shown, {
        open: d.open,
        orientation: orientation.value,
        comparison: comparison.value,
      }),
    [d, shown, orientation.value, comparison.value],
  );
  // over time follows one population (not compared series or breakdowns); for an open funnel Python says why not
  const canTrend = Boolean(props.onChart) && compared.length === 0;
  const overTime = canTrend && props.chart?.value === "over_time";
  const focusId = active.value ?? selected.value;
  const focusIndex = d.stages?.findIndex((s) => s.id === focusId) ?? -1;
  const byBreakdown = compared.some((key) => key.startsWith("by:"));
  const chart = useRef<HTMLDivElement>(null);
  const title = props.title.value || "Funnel";
  const summary = describe(d, shown[0]);
  const whose = shown.length === 1 ? shown[0]!.label : shown.length > 1 ? "compared" : "";
  const draw = async (theme: PictureTheme) => {
    const view = chart.current?.closest<HTMLElement>(".jw-funnel");
    if (!view?.querySelector("svg")) throw new Error("the funnel has no chart yet");
    return inTheme(view, theme, (copy) =>
      standaloneSvg(copy.querySelector("svg")!, {
        title: whose ? `${title} (${whose})` : title,
        subtitle: summary,
      }),
    );
  };
  return (
    <section
      class={props.busy?.busy.value ? "jw-funnel jw-is-busy" : "jw-funnel"}
      aria-label={`Funnel: ${props.title.value}`}
      aria-busy={props.busy?.busy.value ? "true" : undefined}
      data-revision={d.revision}
    >
      <header class="jw-funnel-header">
        <div>
          <h3 class="jw-funnel-title">{title}</h3>
          <p class="jw-funnel-summary">{summary}</p>
        </div>
        {canTrend && <ChartSwitch chart={overTime ? "over_time" : "stages"} onChart={props.onChart!} />}
        {!byBreakdown && (
          <PersonaSwitcher
            data={d}
            persona={props.persona.value}
            comparing={compared.length > 0}
            onPersona={props.onPersona}
            onCompare={props.onCompare}
          />
        )}
        {(d.stages ?? []).length > 0 && (
          <DownloadButtons what="the funnel" name={whose ? `${title} ${whose}` : title} draw={draw} />
        )}
      </header>
      <BusyBar state={props.busy} what="the funnel" />
      {props.error.value && (
        <p class="jw-funnel-error" role="alert">
          Not updated: {props.error.value}
        </p>
      )}
      {overTime && props.trend && (
        <TrendChart
          trend={props.trend.value ?? {}}
          period={props.period?.value ?? "W"}
          onPeriod={(p) => props.onPeriod?.(p)}
        />
      )}
      {overTime ? null : (d.stages ?? []).length === 0 ? (
        <p class="jw-empty">No stage names an event yet: give stages events to see their funnel.</p>
      ) : (
        <div class="jw-funnel-scroll" ref={chart}>
          <FunnelChart
            geometry={geometry}
            open={d.open}
            orientation={orientation.value}
            overlay={comparison.value === "overlay" && shown.length > 1}
            selected={selected.value}
            onSelect={props.onSelect}
            onActive={(id) => (active.value = id)}
          />
        </div>
      )}
      {!overTime && shown.length > 1 && (
        <ul class="jw-funnel-legend" aria-label={byBreakdown ? `By ${d.by}` : "Compared"}>
          {byBreakdown && <li class="jw-funnel-legend-title">{d.by}:</li>}
          {geometry.stages[0]?.bars.map((bar, i) => (
            <li key={bar.series.key} style={{ "--jw-bar": seriesColor(bar, i) }}>
              {bar.series.label}
            </li>
          ))}
        </ul>
      )}
      {!overTime && d.open && (
        <ul class="jw-funnel-legend jw-funnel-key">
          <li class="jw-key-continued">came from an earlier stage</li>
          <li class="jw-key-entered">entered the funnel at this stage</li>
        </ul>
      )}
      {!overTime && !d.open && (
        <p class="jw-funnel-hint">
          Bars: share of the first stage{shown.length > 1 ? " (each population its own)" : ""}; dashed: the
          stage before, so the gap is the drop-off.
          {(d.stages ?? []).some((s) => s.optional) &&
            " Lighter: an optional stage; each stage is compared with the last required stage before it."}
        </p>
      )}
      {overTime ? null : focusIndex >= 0 ? (
        <StageDetails data={d} stage={focusIndex} shown={shown} />
      ) : (
        <p class="jw-funnel-hint">Point at or select a stage for its numbers.</p>
      )}
      {!overTime && selected.value && props.detail && (
        <StageAnalysis
          detail={props.detail.value ?? {}}
          stage={selected.value}
          name={d.stages?.find((s) => s.id === selected.value)?.name ?? selected.value}
        />
      )}
      {d.skipped_stages?.length > 0 && (
        <p class="jw-funnel-hint">Not in the funnel (no events named yet): {d.skipped_stages.join(", ")}</p>
      )}
    </section>
  );
}
