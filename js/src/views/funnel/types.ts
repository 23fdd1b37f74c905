// The funnel payload Python sends (widgets/funnel_state.py): stages, options, one series per population.

/** The numbers of one stage: closed funnels carry conversion and time fields, open ones entry fields. */
export interface StageNumbers {
  reached: number;
  conv_from_prev?: number | null;
  conv_from_first?: number | null;
  dropoff?: number | null;
  ttc_first_median_s?: number | null;
  ttc_first_mean_s?: number | null;
  ttc_prev_median_s?: number | null;
  ttc_prev_mean_s?: number | null;
  continued?: number | null;
  abandoned?: number | null;
  completion_rate?: number | null;
  first_entry_here?: number | null;
}

export interface FunnelStage {
  id: string;
  name: string;
  optional?: boolean;
}

/** The stage stage `index` is compared with: the previous one, or the last required one before it. */
export function priorStage(stages: FunnelStage[], index: number): number {
  for (let i = index - 1; i > 0; i--) if (!stages[i]?.optional) return i;
  return 0;
}

/** The first required stage after `index` (reaching it is converting from `index`), or null. */
export function nextRequired(stages: FunnelStage[], index: number): number | null {
  for (let i = index + 1; i < stages.length; i++) if (!stages[i]?.optional) return i;
  return null;
}

export interface FunnelSeries {
  /** "all", "persona:<id>" or "by:<value>" */
  key: string;
  label: string;
  persona: string | null;
  color: string | null;
  rows: StageNumbers[];
  /** a persona's conversion from the stage before, per stage, tested against the other users' (Python's) */
  significance?: (StepTest | null)[];
}

export interface StepTest {
  others: number;
  p_value: number | null;
  significant: boolean;
  tests: number;
}

export interface FunnelData {
  open: boolean;
  mode: string;
  window_s: number | null;
  /** Per-step windows in seconds, by stage name (GA4's "within X of the prior step"). */
  step_window_s?: Record<string, number>;
  /** Exclusion steps: events that disqualify an attempt between two stages (by name). */
  exclude?: { event: string[]; between: string[] }[];
  /** What is counted: ["user"], or the user and the columns held constant (["user", "session_id"]). */
  unit?: string[];
  by: string | null;
  /** `optional`: a stage units may skip (each stage is compared with the last required one before it) */
  stages: FunnelStage[];
  skipped_stages: string[];
  series: FunnelSeries[];
  rows: number | null;
  revision: number;
}

export type Orientation = "horizontal" | "vertical";
export type Comparison = "side_by_side" | "overlay";
