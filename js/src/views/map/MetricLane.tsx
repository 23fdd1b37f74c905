// A metric lane: the values of the journey's metric definitions per stage, handed to the widget from
// Python (`journey_map.metrics = {metric id: {stage id: value}}`, or a binding's numbers), each with a
// small inline bar (rates on 0-100%, other values against the metric's largest stage) and the metric's
// target as a tick, green or red by the metric's direction. A clear empty state when nothing is bound.
import type { JourneyDoc, MetricDef } from "../../model/types";
import type { StageColumns } from "./layout";
import { type MetricTrends, Sparkline } from "./Sparkline";
import "./metric-lane.css";

export type MetricValues = Record<string, Record<string, number | null>>;

/** What a funnel metric counts at a stage (shown as its tooltip). */
const METRIC_MEANING: Record<string, string> = {
  reach: "Users who reached this stage",
  conversion: "Reached here ÷ reached the previous stage (the last required one, past optional stages)",
  dropoff: "Users lost since the previous (required) stage: they reached it and not this one",
  time_to_convert: "Median time from the previous stage to this one",
};

/** Shown as a percentage: unit "%", or a retention metric (a share) with no unit of its own. */
const isPercent = (metric: MetricDef) => metric.unit === "%" || (metric.kind === "retention" && !metric.unit);

export function formatMetric(value: number, metric: MetricDef): string {
  if (isPercent(metric)) return `${(value <= 1 && value >= -1 ? value * 100 : value).toFixed(1)}%`;
  const text = value.toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 0 });
  if (metric.unit === "s") return value >= 3600 ? `${(value / 3600).toFixed(1)} h` : `${text} s`;
  return metric.unit && metric.unit !== "#" ? `${text} ${metric.unit}` : text;
}

/** Where a value (and the target) sit on a metric's inline bar, from 0 to 1. */
export function barScale(
  metric: MetricDef,
  values: Record<string, number | null>,
): (value: number) => number {
  const numbers = Object.values(values).filter((v): v is number => v !== null && Number.isFinite(v));
  const isRate = isPercent(metric) && numbers.every((v) => v >= 0 && v <= 1);
  const top = isRate ? 1 : Math.max(0, ...numbers, metric.target ?? 0);
  return (value) => (top > 0 ? Math.max(0, Math.min(1, value / top)) : 0);
}

/** A metric's tooltip: what a funnel or retention metric counts at a stage, else its description. */
export function metricMeaning(metric: MetricDef): string | undefined {
  if (metric.kind === "retention") {
    const back = metric.events.length > 0 ? metric.events.join(" or ") : "any event";
    return `Users at this stage who came back (${back}) within ${metric.window || "the window"} of reaching it, of those whose window has ended`;
  }
  return (
    METRIC_MEANING[metric.kind] ?? (typeof metric.description === "string" ? metric.description : undefined)
  );
}

function status(value: number, metric: MetricDef): string {
  if (metric.target === null) return "";
  const good = metric.direction === "lower_is_better" ? value <= metric.target : value >= metric.target;
  return good ? "jw-metric-good" : "jw-metric-bad";
}

function MetricBar({
  metric,
  value,
  scale,
}: {
  metric: MetricDef;
  value: number;
  scale: (v: number) => number;
}) {
  const target = metric.target === null ? null : scale(metric.target);
  return (
    <span class="jw-metric-bar" aria-hidden="true">
      <span class="jw-metric-fill" style={{ width: `${scale(value) * 100}%` }} />
      {target !== null && (
        <span
          class="jw-metric-target"
          style={{ left: `${target * 100}%` }}
          title={`target ${formatMetric(metric.target!, metric)}`}
        />
      )}
    </span>
  );
}

export function MetricLane({
  doc,
  laneId,
  columns,
  values,
  selectedStage = null,
  tabStop = null,
  trends = null,
}: {
  doc: JourneyDoc;
  /** the metric lane's id (its cells are stops of the map's keyboard grid) */
  laneId: string;
  columns: StageColumns[];
  values: MetricValues;
  selectedStage?: string | null;
  /** the stage whose cell carries the grid's tab stop, if any */
  tabStop?: string | null;
  /** the sparklines' numbers, for the population shown (null: none) */
  trends?: MetricTrends | null;
}) {
  const total = columns.reduce((n, c) => n + c.span, 0);
  const shown = doc.metrics.filter((m) => values[m.id] && Object.keys(values[m.id]!).length > 0);
  const scales = new Map(shown.map((m) => [m.id, barScale(m, values[m.id]!)]));
  if (shown.length === 0) {
    return (
      <div
        class="jw-cell jw-metric-empty jw-metric-cell"
        role="gridcell"
        tabIndex={tabStop !== null ? 0 : -1}
        data-lane-id={laneId}
        data-stage-id={columns[0]?.stage.id}
        style={{ gridColumn: `2 / span ${total}` }}
      >
        No data bound: metrics appear here when the journey is bound to an event log.
      </div>
    );
  }
  return (
    <>
      {columns.map(({ stage, start, span }) => (
        <div
          key={stage.id}
          class={
            selectedStage === stage.id ? "jw-cell jw-metric-cell jw-cell-selected" : "jw-cell jw-metric-cell"
          }
          role="gridcell"
          tabIndex={tabStop === stage.id ? 0 : -1}
          data-lane-id={laneId}
          data-stage-id={stage.id}
          style={{ gridColumn: `${start} / span ${span}` }}
        >
          <dl class="jw-metrics">
            {shown.map((metric) => {
              const value = values[metric.id]?.[stage.id];
              if (value === undefined || value === null) return null;
              return (
                <div key={metric.id} class={`jw-metric ${status(value, metric)}`} data-metric-id={metric.id}>
                  <dt title={metricMeaning(metric)}>
                    {metric.name}
                    {metric.kind === "dropoff" && <span class="jw-metric-note"> (lost since previous)</span>}
                  </dt>
                  <dd data-value={value}>{formatMetric(value, metric)}</dd>
                  <MetricBar metric={metric} value={value} scale={scales.get(metric.id)!} />
                  {trends?.metrics?.[metric.id]?.[stage.id] && (
                    <Sparkline
                      metric={metric}
                      values={trends.metrics[metric.id]![stage.id]!}
                      trends={trends}
                      format={(v) => formatMetric(v, metric)}
                    />
                  )}
                </div>
              );
            })}
          </dl>
        </div>
      ))}
    </>
  );
}
