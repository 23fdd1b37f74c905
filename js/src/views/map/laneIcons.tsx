// A small line icon per lane kind (24-unit SVG paths drawn with the lane's colour), so a lane's kind is
// seen at a glance as on a UXPressia or Smaply map. Decorative: the kind is also written beside it.

const PATHS: Record<string, string> = {
  // a footstep: what the customer does
  action:
    "M7 4c2 0 3 2 3 5s-1 5-3 5-3-2-3-5 1-5 3-5zM6 17h3v3H6zM16 8c2 0 3 2 3 5s-1 5-3 5-3-2-3-5 1-5 3-5zM15 20h3v2h-3z",
  // a speech bubble with three dots: what they think
  thought: "M4 5h16v10H9l-5 4zM8 10h.01M12 10h.01M16 10h.01",
  // a pointer on a target: where they meet us
  touchpoint: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 11.5v1",
  // a broadcast mast: the channel
  channel:
    "M12 10v11M8 21h8M8.5 6.5a5 5 0 0 0 0 7M15.5 6.5a5 5 0 0 1 0 7M5.5 3.5a9 9 0 0 0 0 13M18.5 3.5a9 9 0 0 1 0 13",
  // a face: how they feel
  emotion: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM8 14c1 2 7 2 8 0M9 9.5h.01M15 9.5h.01",
  // a lightning bolt: what hurts
  pain_point: "M13 2 4 14h7l-1 8 9-12h-7z",
  // a star: what they gain
  gain: "M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.4l-5.5 2.9 1-6.2L3 9.7l6.2-.9z",
  // a light bulb: an opportunity
  opportunity: "M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z",
  // a wrench: a solution
  solution: "M14.5 5.5a4 4 0 0 0 4.9 4.9L21 12l-9 9-3-3 9-9-1.6-1.6a4 4 0 0 0-4.9-4.9l2.5 2.5-1.5 1.5z",
  // bars: numbers
  metric: "M4 20h16M7 20v-6M12 20V8M17 20v-10",
  // a gear: behind the scenes
  backstage:
    "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1",
  support_process:
    "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1",
  // a person at a counter: in front of the customer
  frontstage: "M12 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM6 16c0-3 3-5 6-5s6 2 6 5M3 16h18v5H3z",
  // a box: something they can hold
  physical_evidence: "M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10",
  // lines of text
  text: "M5 6h14M5 10h14M5 14h10M5 18h7",
};

/** The icon of a lane kind (a plain text icon for kinds without their own). */
export function LaneIcon({ kind }: { kind: string }) {
  return (
    <svg class="jw-lane-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[kind] ?? PATHS.text} />
    </svg>
  );
}

export const LANE_ICON_KINDS: readonly string[] = Object.keys(PATHS);
