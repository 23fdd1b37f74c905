// The selected stage's analysis, as Python computed it (widgets/stage_detail.py): how long users took to
// reach it (a histogram with the median and 90th percentile marked) and what the users who left it did next.
import { Fragment } from "preact";
import { formatCount, formatDuration, formatRate } from "../../format";

export interface TimeBin {
  left_s: number | null;
  right_s: number | null;
  users: number;
}

export interface TimeToConvert {
  users: number;
  mean_s: number | null;
  percentiles: Record<string, number | null>;
  bins: TimeBin[];
}

export interface PathRow {
  steps: string[];
  path: string;
  users: number;
  share: number | null;
}

export interface StageDetail {
  stage?: string;
  persona?: string | null;
  loading?: boolean;
  error?: string;
  time_to_convert?: TimeToConvert | null;
  paths?: { status: string; steps?: number; users: number; rows: PathRow[] } | null;
  errors?: Record<string, string>;
}

const WIDTH = 320;
const HEIGHT = 96;
const AXIS = 18;

/** The x position of `seconds` on a histogram whose last bin ends at `top` seconds. */
const xOf = (seconds: number, top: number) => (top > 0 ? (seconds / top) * WIDTH : 0);

function Histogram({ ttc, stage }: { ttc: TimeToConvert; stage: string }) {
  const top = ttc.bins.at(-1)?.right_s ?? 0;
  const most = Math.max(1, ...ttc.bins.map((b) => b.users));
  const median = ttc.percentiles.p50 ?? null;
  const p90 = ttc.percentiles.p90 ?? null;
  const label =
    `Time to reach ${stage} from the first stage, ${formatCount(ttc.users)} users: ` +
    `median ${formatDuration(median)}, 90% within ${formatDuration(p90)}; ` +
    ttc.bins
      .map((b) => `${formatDuration(b.left_s)} to ${formatDuration(b.right_s)}: ${formatCount(b.users)}`)
      .join("; ");
  const marks: [string, number | null, string][] = [
    ["median", median, "jw-mark-median"],
    ["p90", p90, "jw-mark-p90"],
  ];
  return (
    <figure class="jw-ttc">
      <figcaption>
        <strong>Time to reach {stage}</strong>{" "}
        <span class="jw-funnel-hint-inline">
          {formatCount(ttc.users)} users · median {formatDuration(median)} · 90% within {formatDuration(p90)}
        </span>
      </figcaption>
      <svg class="jw-ttc-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} role="img" aria-label={label}>
        {ttc.bins.map((b, i) => {
          const x = xOf(b.left_s ?? 0, top);
          const width = Math.max(1, xOf(b.right_s ?? 0, top) - x - 1);
          const height = (b.users / most) * (HEIGHT - 4);
          return (
            <rect
              key={i}
              class="jw-ttc-bar"
              x={x}
              y={HEIGHT - height}
              width={width}
              height={height}
              data-users={b.users}
            >
              <title>
                {formatDuration(b.left_s)} – {formatDuration(b.right_s)}: {formatCount(b.users)} users
              </title>
            </rect>
          );
        })}
        {marks.map(([name, seconds, cls]) =>
          seconds === null ? null : (
            <line
              key={name}
              class={`jw-ttc-mark ${cls}`}
              x1={xOf(seconds, top)}
              x2={xOf(seconds, top)}
              y1={0}
              y2={HEIGHT}
            />
          ),
        )}
        <line class="jw-ttc-axis" x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} />
        <text class="jw-ttc-tick" x={0} y={HEIGHT + 13}>
          0
        </text>
        <text class="jw-ttc-tick" x={WIDTH} y={HEIGHT + 13} text-anchor="end">
          {formatDuration(top)}
        </text>
      </svg>
      <p class="jw-ttc-legend" aria-hidden="true">
        <span class="jw-mark-median">median</span> <span class="jw-mark-p90">90th percentile</span>
      </p>
    </figure>
  );
}

function Paths({ paths, stage }: { paths: NonNullable<StageDetail["paths"]>; stage: string }) {
  const left = paths.status === "abandoned";
  const heading = left ? `What the users who left at ${stage} did next` : `What users did after ${stage}`;
  return (
    <section class="jw-stage-paths" aria-label={heading}>
      <strong>{heading}</strong>{" "}
      <span class="jw-funnel-hint-inline">
        {formatCount(paths.users)} users, their next {paths.steps ?? 3}{" "}
        {paths.steps === 1 ? "event" : "events"}
      </span>
      {paths.rows.length === 0 ? (
        <p class="jw-funnel-hint">{left ? "Nobody left at this stage." : "Nobody reached this stage."}</p>
      ) : (
        <ol class="jw-path-list">
          {paths.rows.map((row) => (
            <li key={row.path} class="jw-path" data-users={row.users}>
              <span class="jw-path-steps">
                {row.steps.map((step, i) => (
                  <Fragment key={i}>
                    {i > 0 && (
                      <span class="jw-path-arrow">
                        <span aria-hidden="true">→</span>
                        <span class="jw-sr-only">then</span>
                      </span>
                    )}
                    <span class={step.startsWith("(") ? "jw-path-step jw-path-end" : "jw-path-step"}>
                      {step === "(end)" ? "no further event" : step === "(other)" ? "other paths" : step}
                    </span>
                  </Fragment>
                ))}
              </span>
              <span class="jw-path-share">
                <span class="jw-path-bar" style={{ width: `${Math.round((row.share ?? 0) * 100)}%` }} />
                <span class="jw-path-count">
                  {formatCount(row.users)} ({formatRate(row.share)})
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The analysis of the selected stage: shown once Python's answer for that stage is in. */
export function StageAnalysis({ detail, stage, name }: { detail: StageDetail; stage: string; name: string }) {
  if (detail.stage !== stage) return null;
  const ttc = detail.time_to_convert;
  const hasContent = ttc !== undefined || detail.paths !== undefined;
  return (
    <div class="jw-stage-analysis" aria-busy={detail.loading ? "true" : undefined} data-stage-id={stage}>
      {detail.loading && !hasContent && (
        <p class="jw-funnel-hint">Computing the times and paths of {name}…</p>
      )}
      {detail.error && (
        <p class="jw-funnel-error" role="alert">
          The analysis of {name} failed: {detail.error}
        </p>
      )}
      {ttc && <Histogram ttc={ttc} stage={name} />}
      {detail.errors?.time_to_convert && (
        <p class="jw-funnel-hint">No time-to-convert histogram: {detail.errors.time_to_convert}</p>
      )}
      {detail.paths && <Paths paths={detail.paths} stage={name} />}
      {detail.errors?.paths && <p class="jw-funnel-hint">No paths: {detail.errors.paths}</p>}
    </div>
  );
}
