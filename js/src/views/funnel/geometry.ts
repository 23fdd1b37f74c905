// Where the funnel's shapes go: pure arithmetic from the payload to rectangles, unit-tested on its own.
// Bars are measured along the "value" axis as a fraction of the series' first stage (closed funnels,
// as GA4 and Amplitude draw them) or of its largest stage (open funnels, which can be entered anywhere).
import {
  type Comparison,
  type FunnelSeries,
  type FunnelStage,
  type Orientation,
  priorStage,
  type StageNumbers,
} from "./types";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarShape {
  series: FunnelSeries;
  numbers: StageNumbers;
  /** reached, as a fraction of the series' first (closed) or largest (open) stage */
  fraction: number;
  bar: Rect;
  /** closed funnels: the previous stage's bar, behind this one; the difference is the drop-off */
  previous: Rect | null;
  /** open funnels: the part of the bar that entered the funnel at this stage */
  entered: Rect | null;
  /** where the count label goes (its anchor point) */
  label: { x: number; y: number };
}

export interface StageShape {
  id: string;
  name: string;
  index: number;
  /** a stage units may skip: drawn lighter, its dashed bar the last required stage before it */
  optional: boolean;
  /** the stage this one is compared with (its dashed bar, its conversion): the last required one before it */
  prior: number;
  /** the whole column (or row) of the stage: the click target and the selection highlight */
  area: Rect;
  bars: BarShape[];
  /** where the stage name goes */
  name_at: { x: number; y: number };
}

export interface FunnelGeometry {
  width: number;
  height: number;
  stages: StageShape[];
}

export const H = { column: 150, top: 28, plot: 170, axis: 52, gap: 28 } as const;
export const V = { row: 52, name: 170, plot: 420, right: 90, gap: 10 } as const;

/** The fraction of each stage's reached count that a series' bars are drawn at. */
export function fractions(series: FunnelSeries, open: boolean): number[] {
  const reached = series.rows.map((row) => row.reached ?? 0);
  const scale = open ? Math.max(0, ...reached) : (reached[0] ?? 0);
  return reached.map((value) => (scale > 0 ? Math.min(1, value / scale) : 0));
}

/** Lay out `shown` series over `stages` in the given orientation and comparison. */
export function funnelGeometry(
  stages: FunnelStage[],
  shown: FunnelSeries[],
  options: { open: boolean; orientation: Orientation; comparison: Comparison },
): FunnelGeometry {
  const { open, orientation, comparison } = options;
  const fracs = shown.map((series) => fractions(series, open));
  const lanes = comparison === "overlay" ? 1 : Math.max(1, shown.length);
  const horizontal = orientation === "horizontal";
  const rowHeight = horizontal ? 0 : Math.max(V.row, 18 * lanes + 2 * V.gap);
  const width = horizontal ? Math.max(1, stages.length) * H.column : V.name + V.plot + V.right;
  const height = horizontal ? H.top + H.plot + H.axis : Math.max(1, stages.length) * rowHeight;

  const shapes = stages.map((stage, index): StageShape => {
    const prior = index === 0 ? 0 : priorStage(stages, index);
    const area: Rect = horizontal
      ? { x: index * H.column, y: 0, width: H.column, height }
      : { x: 0, y: index * rowHeight, width, height: rowHeight };
    const across = horizontal ? H.column - 2 * H.gap : rowHeight - 2 * V.gap;
    const thickness = across / lanes;
    const bars = shown.map((series, s): BarShape => {
      const numbers = series.rows[index] ?? { reached: 0 };
      const fraction = fracs[s]![index] ?? 0;
      const previousFraction = !open && index > 0 ? (fracs[s]![prior] ?? 0) : null;
      const lane = comparison === "overlay" ? 0 : s;
      const start = (horizontal ? area.x + H.gap : area.y + V.gap) + lane * thickness;
      const size = Math.max(2, thickness - (lanes > 1 ? 3 : 0));
      const entered = open ? Math.min(1, (numbers.first_entry_here ?? 0) / Math.max(1, numbers.reached)) : 0;
      const shape = (f: number): Rect =>
        horizontal
          ? { x: start, y: H.top + H.plot * (1 - f), width: size, height: H.plot * f }
          : { x: V.name, y: start, width: V.plot * f, height: size };
      const bar = shape(fraction);
      const enteredRect: Rect | null =
        open && entered > 0
          ? horizontal
            ? { ...bar, height: bar.height * entered, y: bar.y + bar.height * (1 - entered) }
            : { ...bar, width: bar.width * entered }
          : null;
      return {
        series,
        numbers,
        fraction,
        bar,
        previous: previousFraction === null ? null : shape(previousFraction),
        entered: enteredRect,
        label: horizontal
          ? { x: start + size / 2, y: bar.y - 6 }
          : { x: V.name + bar.width + 6, y: start + size / 2 },
      };
    });
    return {
      id: stage.id,
      name: stage.name,
      index,
      optional: Boolean(stage.optional),
      prior,
      area,
      bars,
      name_at: horizontal
        ? { x: area.x + H.column / 2, y: H.top + H.plot + 18 }
        : { x: V.name - 10, y: area.y + rowHeight / 2 },
    };
  });
  return { width, height, stages: shapes };
}
