// A metric lane: the values of the journey's metric definitions per stage, handed to the widget from
// Python (`journey_map.metrics = {metric id: {stage id: value}}`), with a clear empty state.
import type { JourneyDoc, MetricDef } from "../../model/types";
import type { StageColumns } from "./layout";

export type MetricValues = Record<string, Record<string, number | null>>;

export function formatMetric(value: number, metric: MetricDef): string {
  if (metric.unit === "%") return `${(value <= 1 && value >= -1 ? value * 100 : value).toFixed(1)}%`;
  const text = value.toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 0 });
  if (metric.unit === "s") return value >= 3600 ? `${(value / 3600).toFixed(1)} h` : `${text} s`;
  return metric.unit && metric.unit !== "#" ? `${text} ${metric.unit}` : text;
}

function status(value: number, metric: MetricDef): string {
  if (metric.target === null) return "";
  const good = metric.direction === "lower_is_better" ? value <= metric.target : value >= metric.target;
  return good ? "jw-metric-good" : "jw-metric-bad";
}

export function MetricLane({
  doc,
  columns,
  values,
}: {
  doc: JourneyDoc;
  columns: StageColumns[];
  values: MetricValues;
}) {
  const total = columns.reduce((n, c) => n + c.span, 0);
  const shown = doc.metrics.filter((m) => values[m.id] && Object.keys(values[m.id]!).length > 0);
  if (shown.length === 0) {
    return (
      <div class="jw-cell jw-metric-empty" style={{ gridColumn: `2 / span ${total}` }}>
        No data bound: metrics appear here when the journey is bound to an event log.
      </div>
    );
  }
  return (
    <>
      {columns.map(({ stage, start, span }) => (
        <div
          key={stage.id}
          class="jw-cell jw-metric-cell"
          role="cell"
          style={{ gridColumn: `${start} / span ${span}` }}
        >
          <dl class="jw-metrics">
            {shown.map((metric) => {
              const value = values[metric.id]?.[stage.id];
              if (value === undefined || value === null) return null;
              return (
                <div key={metric.id} class={`jw-metric ${status(value, metric)}`} data-metric-id={metric.id}>
                  <dt>{metric.name}</dt>
                  <dd>{formatMetric(value, metric)}</dd>
                </div>
              );
            })}
          </dl>
        </div>
      ))}
    </>
  );
}
