// A metric's sparkline: its value per entry period (Python's `metric_trends`, see widgets/metric_trends.py),
// drawn small beside the value (a second <dd> of the metric). A period whose window has not ended is drawn
// hollow and dashed: its numbers may still grow. The line is a picture (aria-hidden); the series in words
// is its title and, for screen readers, its text.
import type { MetricDef } from "../../model/types";

export interface TrendPeriod {
  start: string;
  end: string;
  complete: boolean;
}

export interface MetricTrends {
  period?: string;
  persona?: string | null;
  periods?: TrendPeriod[];
  metrics?: Record<string, Record<string, (number | null)[]>>;
  loading?: boolean;
  error?: string;
}

const W = 56;
const H = 16;
const PAD = 2;
const PERIOD_NAMES: Record<string, string> = { D: "day", W: "week", M: "month" };

/** The points of a sparkline in its box, null where a period has no value. */
export function sparkPoints(values: (number | null)[]): ({ x: number; y: number } | null)[] {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const span = high - low;
  const step = values.length > 1 ? (W - 2 * PAD) / (values.length - 1) : 0;
  return values.map((v, i) =>
    v === null || !Number.isFinite(v)
      ? null
      : { x: PAD + i * step, y: span > 0 ? PAD + (H - 2 * PAD) * (1 - (v - low) / span) : H / 2 },
  );
}

/** The series in words: first and last value and how many periods, the open ones named. */
export function sparkLabel(
  metric: MetricDef,
  values: (number | null)[],
  trends: MetricTrends,
  format: (value: number) => string,
): string {
  const periods = trends.periods ?? [];
  const unit = PERIOD_NAMES[trends.period ?? ""] ?? "period";
  const shown = values
    .map((v, i) => ({ v, open: periods[i]?.complete === false }))
    .filter((p): p is { v: number; open: boolean } => p.v !== null);
  if (shown.length === 0) return "";
  const open = periods.filter((p) => p.complete === false).length;
  const first = format(shown[0]!.v);
  const last = format(shown[shown.length - 1]!.v);
  const still = open > 0 ? `; the last ${open === 1 ? unit : `${open} ${unit}s`} still open` : "";
  return `${metric.name} by ${unit}: ${first} to ${last} over ${values.length} ${unit}s${still}`;
}

export function Sparkline({
  metric,
  values,
  trends,
  format,
}: {
  metric: MetricDef;
  values: (number | null)[];
  trends: MetricTrends;
  /** how the metric's values are written (the lane's own format) */
  format: (value: number) => string;
}) {
  const points = sparkPoints(values);
  if (points.filter(Boolean).length < 2) return null;
  const periods = trends.periods ?? [];
  const done = (i: number) => periods[i]?.complete !== false;
  const segments: { d: string; open: boolean }[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (a && b)
      segments.push({
        d: `M${a.x.toFixed(1)},${a.y.toFixed(1)}L${b.x.toFixed(1)},${b.y.toFixed(1)}`,
        open: !done(i),
      });
  }
  const label = sparkLabel(metric, values, trends, format);
  return (
    <dd class="jw-sparkline" title={label} data-metric-id={metric.id}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
        {segments.map((s) => (
          <path key={s.d} d={s.d} class={s.open ? "jw-spark-line jw-spark-open" : "jw-spark-line"} />
        ))}
        {points.map((p, i) =>
          p && (i === points.length - 1 || !done(i)) ? (
            <circle
              key={`${p.x}`}
              cx={p.x}
              cy={p.y}
              r={1.8}
              class={done(i) ? "jw-spark-point" : "jw-spark-point jw-spark-open"}
            />
          ) : null,
        )}
      </svg>
      <span class="jw-sr-only">{label}</span>
    </dd>
  );
}
