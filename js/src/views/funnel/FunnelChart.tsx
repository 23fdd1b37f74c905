// The funnel drawing: one SVG of stage columns (or rows) with bars, counts, conversion and drop-off.
// Every stage is a focusable button: click, Enter or Space selects it; arrow keys move between stages.
import { formatCount, formatRate } from "../../format";
import { type BarShape, type FunnelGeometry, H, type StageShape, V } from "./geometry";
import type { Orientation } from "./types";

export const seriesColor = (bar: BarShape, index: number): string =>
  bar.series.color ?? (bar.series.key === "all" ? "var(--jw-accent)" : `var(--jw-series-${index % 6})`);

const MAX_NAME = 22;
const shortName = (name: string) => (name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name);

/** ▲ or ▼ when the bar's persona converts from the previous stage significantly differently (Python's test). */
export function significanceMark(
  bar: BarShape,
  stage: number,
): { mark: string; higher: boolean; text: string } | null {
  const test = bar.series.significance?.[stage];
  const rate = bar.numbers.conv_from_prev;
  if (!test?.significant || rate === null || rate === undefined) return null;
  const higher = rate > test.others;
  const p =
    test.p_value === null
      ? ""
      : test.p_value < 0.001
        ? ", p < 0.001"
        : `, p = ${test.p_value.toPrecision(2)}`;
  const text = `significantly ${higher ? "higher" : "lower"} than the other users' ${formatRate(test.others)}${p}`;
  return { mark: higher ? "▲" : "▼", higher, text };
}

function stageLabel(stage: StageShape, open: boolean): string {
  const parts = stage.bars.map((bar) => {
    const n = bar.numbers;
    const rate = open
      ? `completion ${formatRate(n.completion_rate)}`
      : `${formatRate(n.conv_from_prev)} from previous, ${formatRate(n.conv_from_first)} from first`;
    const marked = open ? null : significanceMark(bar, stage.index);
    return `${bar.series.label}: ${formatCount(n.reached)} reached, ${rate}${marked ? `, ${marked.text}` : ""}`;
  });
  return `${stage.index + 1}. ${stage.name}${stage.optional ? " (optional)" : ""}. ${parts.join("; ")}`;
}

/** A bar's label: its count; in a side-by-side comparison its share of its own first stage (what its height shows). */
function barLabel(
  bar: BarShape,
  {
    single,
    open,
    orientation,
    first,
  }: { single: boolean; open: boolean; orientation: Orientation; first: boolean },
): string {
  const count = formatCount(bar.numbers.reached, !single);
  if (orientation === "vertical") {
    return single && !open && !first ? `${count} · ${formatRate(bar.numbers.conv_from_first)}` : count;
  }
  if (single) return count;
  return open ? count : `${Math.round(bar.fraction * 100)}%`;
}

/** An overlaid series after the first: a level mark at its height across the stage's bar. */
function LevelMark({ bar, index, orientation }: { bar: BarShape; index: number; orientation: Orientation }) {
  const { x, y, width, height } = bar.bar;
  const line =
    orientation === "horizontal"
      ? { x1: x - 4, x2: x + width + 4, y1: y, y2: y }
      : { x1: x + width, x2: x + width, y1: y - 4, y2: y + height + 4 };
  return (
    <g
      class="jw-funnel-bar jw-funnel-level"
      data-series={bar.series.key}
      style={{ "--jw-bar": seriesColor(bar, index) }}
    >
      <line {...line} data-reached={bar.numbers.reached} />
      <circle cx={line.x2} cy={line.y2} r={3.5} />
    </g>
  );
}

function Bar({
  bar,
  index,
  open,
  optional,
}: {
  bar: BarShape;
  index: number;
  open: boolean;
  optional: boolean;
}) {
  const color = seriesColor(bar, index);
  return (
    <g
      class={optional ? "jw-funnel-bar jw-funnel-optional" : "jw-funnel-bar"}
      data-series={bar.series.key}
      style={{ "--jw-bar": color }}
    >
      {bar.previous && <rect class="jw-funnel-previous" {...bar.previous} rx={3} />}
      <rect class="jw-funnel-fill" {...bar.bar} rx={3} data-reached={bar.numbers.reached} />
      {open && bar.entered && <rect class="jw-funnel-entered" {...bar.entered} rx={3} />}
    </g>
  );
}

function SignificanceMark({ bar, stage, open }: { bar: BarShape; stage: number; open: boolean }) {
  const marked = open ? null : significanceMark(bar, stage);
  if (!marked) return null;
  return (
    <tspan class={marked.higher ? "jw-funnel-sig jw-higher" : "jw-funnel-sig jw-lower"} dx={3}>
      {marked.mark}
      <title>{`${bar.series.label}: ${marked.text}`}</title>
    </tspan>
  );
}

function Connector({
  stage,
  prior,
  orientation,
}: {
  stage: StageShape;
  prior: StageShape | undefined;
  orientation: Orientation;
}) {
  const bar = stage.bars[0];
  if (!bar || stage.index === 0) return null;
  const rate = formatRate(bar.numbers.conv_from_prev);
  if (orientation === "vertical") return null;
  const x = stage.area.x;
  const y = H.top + H.plot / 2;
  return (
    <g class="jw-funnel-connector">
      <title>{`${rate} of those who reached ${prior?.name ?? "the previous stage"} reached ${stage.name}`}</title>
      <rect x={x - 27} y={y - 10} width={54} height={20} rx={10} />
      <text x={x} y={y + 4} text-anchor="middle">
        {rate}
      </text>
    </g>
  );
}

export function FunnelChart({
  geometry,
  open,
  orientation,
  overlay = false,
  selected,
  onSelect,
  onActive,
}: {
  geometry: FunnelGeometry;
  open: boolean;
  orientation: Orientation;
  /** compared series drawn on top of each other: the first as a bar, the others as level marks */
  overlay?: boolean;
  selected: string | null;
  onSelect: (id: string | null) => void;
  onActive: (id: string | null) => void;
}) {
  const single = geometry.stages[0]?.bars.length === 1;
  const onKeyDown = (e: KeyboardEvent, stage: StageShape) => {
    const forward = orientation === "horizontal" ? "ArrowRight" : "ArrowDown";
    const back = orientation === "horizontal" ? "ArrowLeft" : "ArrowUp";
    let next: number | null = null;
    if (e.key === forward) next = stage.index + 1;
    else if (e.key === back) next = stage.index - 1;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = geometry.stages.length - 1;
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect(selected === stage.id ? null : stage.id);
      return;
    } else if (e.key === "Escape") {
      onSelect(null);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    const target = (e.currentTarget as Element).parentElement?.children[
      Math.max(0, Math.min(geometry.stages.length - 1, next))
    ];
    (target as SVGElement | undefined)?.focus();
  };
  return (
    <svg
      class={`jw-funnel-chart jw-funnel-${orientation}`}
      viewBox={`0 0 ${geometry.width} ${geometry.height}`}
      width={geometry.width}
      height={geometry.height}
      role="group"
      aria-label="Funnel stages"
    >
      <g class="jw-funnel-stages">
        {geometry.stages.map((stage) => (
          <g
            key={stage.id}
            class={stage.id === selected ? "jw-funnel-stage jw-selected" : "jw-funnel-stage"}
            data-stage-id={stage.id}
            role="button"
            tabIndex={selected === null ? (stage.index === 0 ? 0 : -1) : stage.id === selected ? 0 : -1}
            aria-pressed={stage.id === selected}
            aria-label={stageLabel(stage, open)}
            onClick={() => onSelect(selected === stage.id ? null : stage.id)}
            onKeyDown={(e) => onKeyDown(e, stage)}
            onMouseEnter={() => onActive(stage.id)}
            onMouseLeave={() => onActive(null)}
            onFocus={() => onActive(stage.id)}
            onBlur={() => onActive(null)}
          >
            <rect class="jw-funnel-area" {...stage.area} rx={6} />
            {stage.bars.map((bar, i) =>
              overlay && i > 0 ? (
                <LevelMark key={bar.series.key} bar={bar} index={i} orientation={orientation} />
              ) : (
                <Bar key={bar.series.key} bar={bar} index={i} open={open} optional={stage.optional} />
              ),
            )}
            {(overlay ? stage.bars.slice(0, 1) : stage.bars).map((bar) => (
              <text
                key={`n-${bar.series.key}`}
                class={single || orientation === "vertical" ? "jw-funnel-count" : "jw-funnel-count jw-small"}
                x={bar.label.x}
                y={bar.label.y}
                text-anchor={orientation === "horizontal" ? "middle" : "start"}
                dominant-baseline={orientation === "horizontal" ? "auto" : "middle"}
              >
                {barLabel(bar, { single, open, orientation, first: stage.index === 0 })}
                <SignificanceMark bar={bar} stage={stage.index} open={open} />
              </text>
            ))}
            <text
              class={stage.optional ? "jw-funnel-name jw-funnel-name-optional" : "jw-funnel-name"}
              x={stage.name_at.x}
              y={stage.name_at.y}
              text-anchor={orientation === "horizontal" ? "middle" : "end"}
              dominant-baseline={orientation === "horizontal" ? "auto" : "middle"}
            >
              <title>{stage.optional ? `${stage.name} (optional: users may skip it)` : stage.name}</title>
              {shortName(stage.name)}
            </text>
            {orientation === "horizontal" && !single && stage.optional && (
              <text class="jw-funnel-sub" x={stage.name_at.x} y={stage.name_at.y + 18} text-anchor="middle">
                optional
              </text>
            )}
            {orientation === "horizontal" && single && (
              <text class="jw-funnel-sub" x={stage.name_at.x} y={stage.name_at.y + 18} text-anchor="middle">
                {open
                  ? `${formatCount(stage.bars[0]!.numbers.first_entry_here)} entered here`
                  : stage.index === 0
                    ? "100%"
                    : `${formatRate(stage.bars[0]!.numbers.conv_from_first)} of first${stage.optional ? " · optional" : ""}`}
              </text>
            )}
          </g>
        ))}
      </g>
      {single &&
        !open &&
        geometry.stages.map((stage) => (
          <Connector
            key={stage.id}
            stage={stage}
            prior={geometry.stages[stage.prior]}
            orientation={orientation}
          />
        ))}
      {orientation === "vertical" && (
        <line class="jw-funnel-axis" x1={V.name} x2={V.name} y1={0} y2={geometry.height} />
      )}
    </svg>
  );
}
