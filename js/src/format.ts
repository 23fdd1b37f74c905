// Number formats shared by the views: counts, rates and durations as people read them.

/** 1382 -> "1,382"; compact (1.4k) when `short` and the number is large. */
export function formatCount(value: number | null | undefined, short = false): string {
  if (value === null || value === undefined) return "–";
  if (short && Math.abs(value) >= 10_000) {
    return value.toLocaleString("en-US", { notation: "compact", maximumFractionDigits: 1 });
  }
  return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

/** 0.7113 -> "71.1%"; undefined rates (no one reached the stage before) -> "–". */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return `${(value * 100).toFixed(1)}%`;
}

/** Seconds as the largest sensible unit: "45 s", "14 min", "3.2 h", "2.6 d". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "–";
  const abs = Math.abs(seconds);
  if (abs < 60) return `${Number(seconds.toFixed(abs < 10 ? 1 : 0))} s`;
  if (abs < 3600) return `${Math.round(seconds / 60)} min`;
  if (abs < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
