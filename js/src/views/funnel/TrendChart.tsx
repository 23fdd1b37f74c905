// The funnel's "Over time" chart, as Python computed it (widgets/funnel_trend.py): for each entry period, the
// conversion from the first stage to every later one, a line per stage. Periods whose window has not ended yet
// (their users may still convert) are drawn hollow and dashed, and the numbers are in a table below.
import { formatCount, formatRate } from "../../format";

export type Period = "D" | "W" | "M";

export interface TrendStage {
  id: string;
  name: string;
  reached: number[];
  conv_from_first: (number | null)[];
}

export interface TrendData {
  period?: Period;
  persona?: string | null;
  loading?: boolean;
  error?: string;
  zone?: string | null;
  periods?: { start: string; end: string; complete: boolean }[];
  stages?: TrendStage[];
}

const PERIOD_WORDS: Record<Period, [string, string]> = {
  D: ["Day", "day"],
  W: ["Week", "week"],
  M: ["Month", "month"],
};

const W = 640;
const H = 220;
const LEFT = 44;
const RIGHT = 14;
const TOP = 10;
const BOTTOM = 26;

/** The period's label, from its ISO start in the log's zone (the date part is the zone's calendar date). */
export function periodLabel(start: string, period: Period): string {
  const [year, month, day] = start.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const options: Intl.DateTimeFormatOptions =
    period === "M" ? { month: "short", year: "numeric" } : { month: "short", day: "numeric" };
  return date.toLocaleDateString("en-US", { ...options, timeZone: "UTC" });
}

/** The top of the y axis: the largest rate shown, rounded up to a tenth (at least 10%). */
export function yTop(stages: TrendStage[]): number {
  const rates = stages.flatMap((s) => s.conv_from_first.filter((r): r is number => r !== null));
  return Math.min(1, Math.max(0.1, Math.ceil(Math.max(0, ...rates) * 10) / 10));
}

function PeriodPicker({ period, onPeriod }: { period: Period; onPeriod: (p: Period) => void }) {
  return (
    <div class="jw-funnel-switch" role="group" aria-label="Entry period">
      {(Object.keys(PERIOD_WORDS) as Period[]).map((p) => (
        <button key={p} type="button" class="jw-chip" aria-pressed={p === period} onClick={() => onPeriod(p)}>
          {PERIOD_WORDS[p][0]}
        </button>
      ))}
    </div>
  );
}

export function TrendChart({
  trend,
  period,
  onPeriod,
}: {
  trend: TrendData;
  period: Period;
  onPeriod: (p: Period) => void;
}) {
  const periods = trend.periods ?? [];
  const later = (trend.stages ?? []).slice(1); // the first stage converts 100% by definition
  const word = PERIOD_WORDS[period][1];
  const shown = trend.period === period;
  const top = yTop(later);
  const x = (i: number) =>
    LEFT + (periods.length < 2 ? (W - LEFT - RIGHT) / 2 : (i * (W - LEFT - RIGHT)) / (periods.length - 1));
  const y = (rate: number) => TOP + (1 - rate / top) * (H - TOP - BOTTOM);
  const every = Math.max(1, Math.ceil(periods.length / 8));
  const lastComplete = periods.map((p) => p.complete).lastIndexOf(true);
  const summary =
    `Conversion from the first stage per ${word} of entry, ${periods.length} ${word}s` +
    (lastComplete >= 0
      ? `; ${word} of ${periodLabel(periods[lastComplete]!.start, period)}: ` +
        later.map((s) => `${s.name} ${formatRate(s.conv_from_first[lastComplete])}`).join(", ")
      : "");
  return (
    <div class="jw-trend" aria-busy={trend.loading ? "true" : undefined}>
      <div class="jw-trend-head">
        <strong>Conversion from the first stage, by {word} of entry</strong>
        <PeriodPicker period={period} onPeriod={onPeriod} />
      </div>
      {trend.error && shown && (
        <p class="jw-funnel-error" role="alert">
          No chart over time: {trend.error}
        </p>
      )}
      {!shown && trend.loading !== false && <p class="jw-funnel-hint">Computing the funnel per {word}…</p>}
      {shown && periods.length === 0 && !trend.error && !trend.loading && (
        <p class="jw-empty">No one entered the funnel in the log's time range.</p>
      )}
      {shown && periods.length > 0 && (
        <>
          <svg class="jw-trend-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
            {[0, 0.25, 0.5, 0.75, 1].map((f) => (
              <g key={f} class="jw-trend-grid">
                <line x1={LEFT} x2={W - RIGHT} y1={y(top * f)} y2={y(top * f)} />
                <text x={LEFT - 6} y={y(top * f) + 4} text-anchor="end">
                  {Math.round(top * f * 100)}%
                </text>
              </g>
            ))}
            {periods.map((p, i) =>
              i % every === 0 ? (
                <text key={p.start} class="jw-trend-tick" x={x(i)} y={H - 8} text-anchor="middle">
                  {periodLabel(p.start, period)}
                </text>
              ) : null,
            )}
            {later.map((stage, k) => {
              const color = `var(--jw-series-${k % 6})`;
              const points = stage.conv_from_first.map((r, i) =>
                r === null ? null : ([x(i), y(r)] as const),
              );
              const segments = points.slice(1).map((to, i) => {
                const from = points[i];
                if (!from || !to) return null;
                const dashed = !periods[i + 1]!.complete;
                return (
                  <line
                    key={i}
                    class={dashed ? "jw-trend-line jw-trend-incomplete" : "jw-trend-line"}
                    x1={from[0]}
                    y1={from[1]}
                    x2={to[0]}
                    y2={to[1]}
                    style={{ stroke: color }}
                  />
                );
              });
              return (
                <g key={stage.id} class="jw-trend-stage" data-stage-id={stage.id}>
                  {segments}
                  {points.map((pt, i) =>
                    pt ? (
                      <circle
                        key={i}
                        class={periods[i]!.complete ? "jw-trend-point" : "jw-trend-point jw-trend-incomplete"}
                        cx={pt[0]}
                        cy={pt[1]}
                        r={3.5}
                        style={{ stroke: color, fill: periods[i]!.complete ? color : "var(--jw-bg)" }}
                      >
                        <title>
                          {stage.name}, {word} of {periodLabel(periods[i]!.start, period)}:{" "}
                          {formatRate(stage.conv_from_first[i])} ({formatCount(stage.reached[i])} users)
                          {periods[i]!.complete ? "" : ", still converting"}
                        </title>
                      </circle>
                    ) : null,
                  )}
                </g>
              );
            })}
          </svg>
          <ul class="jw-funnel-legend">
            {later.map((stage, k) => (
              <li key={stage.id} style={{ "--jw-bar": `var(--jw-series-${k % 6})` }}>
                {stage.name}
              </li>
            ))}
            {periods.some((p) => !p.complete) && (
              <li class="jw-trend-key-incomplete">
                hollow, dashed: window not over yet, users may still convert
              </li>
            )}
          </ul>
          <details class="jw-trend-table">
            <summary>Numbers per {word}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{PERIOD_WORDS[period][0]}</th>
                  {(trend.stages ?? []).map((s, k) => (
                    <th key={s.id} scope="col">
                      {s.name}
                      {k > 0 ? " (conversion)" : " (entered)"}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {periods.map((p, i) => (
                  <tr key={p.start}>
                    <th scope="row">
                      {periodLabel(p.start, period)}
                      {p.complete ? "" : " (still converting)"}
                    </th>
                    {(trend.stages ?? []).map((s, k) => (
                      <td key={s.id}>
                        {k === 0
                          ? formatCount(s.reached[i])
                          : `${formatRate(s.conv_from_first[i])} (${formatCount(s.reached[i])})`}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </div>
  );
}
