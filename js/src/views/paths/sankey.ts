// The Sankey layout of a PathView's flows (Python's widgets/path_flows.py): a column per step, nodes stacked
// with heights in proportion to their users, links as bands from a node's right edge to the next node's left.
// "before" runs right to left, so the stage is always where the reading starts from.

export interface FlowNode {
  id: string;
  label: string;
  users: number;
  kind: "stage" | "event" | "other" | "end";
}

export interface FlowLink {
  source: string;
  target: string;
  users: number;
}

export interface Flows {
  stage?: string;
  persona?: string | null;
  direction?: "after" | "before";
  steps?: number;
  status?: string;
  users?: number;
  loading?: boolean;
  error?: string;
  columns?: FlowNode[][];
  links?: FlowLink[];
}

export interface PlacedNode extends FlowNode {
  column: number;
  row: number;
  x: number;
  y: number;
  height: number;
}

export interface PlacedLink extends FlowLink {
  /** the band's centre line, as an SVG path */
  path: string;
  width: number;
}

export interface SankeyLayout {
  nodes: PlacedNode[];
  links: PlacedLink[];
  columns: PlacedNode[][];
}

export const NODE_WIDTH = 14;
export const NODE_GAP = 10;

/** Lay the flows out in a `width` × `height` box. */
export function sankeyLayout(flows: Flows, width: number, height: number): SankeyLayout {
  const columns = flows.columns ?? [];
  const count = columns.length;
  const before = flows.direction === "before";
  const step = count > 1 ? (width - NODE_WIDTH) / (count - 1) : 0;
  const xOf = (k: number) => (before ? width - NODE_WIDTH - k * step : k * step);
  const scale = Math.min(
    ...columns.map((column) => {
      const total = column.reduce((sum, n) => sum + n.users, 0);
      return total > 0 ? (height - NODE_GAP * (column.length - 1)) / total : Number.POSITIVE_INFINITY;
    }),
  );
  const unit = Number.isFinite(scale) ? scale : 0;
  const placed: PlacedNode[][] = columns.map((column, k) => {
    let y = 0;
    return column.map((node, row) => {
      const h = node.users * unit; // exact, so a column fits the box (the view draws at least 1 px)
      const out = { ...node, column: k, row, x: xOf(k), y, height: h };
      y += h + NODE_GAP;
      return out;
    });
  });
  const byId = new Map(placed.flat().map((n) => [n.id, n]));
  const outOffset = new Map<string, number>();
  const inOffset = new Map<string, number>();
  // bands leave a node in the order of their targets, and enter one in the order of their sources: no crossing
  const ordered = [...(flows.links ?? [])]
    .filter((l) => byId.has(l.source) && byId.has(l.target))
    .sort((a, b) => {
      const [sa, sb, ta, tb] = [
        byId.get(a.source)!,
        byId.get(b.source)!,
        byId.get(a.target)!,
        byId.get(b.target)!,
      ];
      return sa.column - sb.column || sa.row - sb.row || ta.row - tb.row;
    });
  const width_ = (l: FlowLink) => l.users * unit; // exact: the bands of a node add up to its height
  const sourceY = new Map<FlowLink, number>();
  for (const link of ordered) {
    const offset = outOffset.get(link.source) ?? 0;
    sourceY.set(link, byId.get(link.source)!.y + offset + width_(link) / 2);
    outOffset.set(link.source, offset + width_(link));
  }
  // bands enter a node in the order of their sources, so they stack as their sources do
  const entering = [...ordered].sort(
    (a, b) =>
      byId.get(a.target)!.row - byId.get(b.target)!.row || byId.get(a.source)!.row - byId.get(b.source)!.row,
  );
  const links: PlacedLink[] = entering.map((link) => {
    const source = byId.get(link.source)!;
    const target = byId.get(link.target)!;
    const offset = inOffset.get(link.target) ?? 0;
    const ty = target.y + offset + width_(link) / 2;
    inOffset.set(link.target, offset + width_(link));
    const sy = sourceY.get(link)!;
    const x0 = before ? source.x : source.x + NODE_WIDTH;
    const x1 = before ? target.x + NODE_WIDTH : target.x;
    const mid = (x0 + x1) / 2;
    return { ...link, width: width_(link), path: `M${x0},${sy}C${mid},${sy} ${mid},${ty} ${x1},${ty}` };
  });
  return { nodes: placed.flat(), links, columns: placed };
}

/**
 * The node a key moves to from `at`, or `at` when there is none: up and down (Home, End) within a step; towards
 * the later step along the widest flow out of the node, back along the widest flow into it.
 */
export function moveFocus(layout: SankeyLayout, at: PlacedNode, key: string, before: boolean): PlacedNode {
  const column = layout.columns[at.column] ?? [];
  if (key === "ArrowUp") return column[at.row - 1] ?? at;
  if (key === "ArrowDown") return column[at.row + 1] ?? at;
  if (key === "Home") return column[0] ?? at;
  if (key === "End") return column[column.length - 1] ?? at;
  const forward = key === (before ? "ArrowLeft" : "ArrowRight");
  const backward = key === (before ? "ArrowRight" : "ArrowLeft");
  if (!forward && !backward) return at;
  const next = layout.columns[at.column + (forward ? 1 : -1)];
  if (!next || next.length === 0) return at;
  // follow the widest flow out of (or into) the node; with none, the nearest node
  const flows = layout.links.filter((l) => (forward ? l.source === at.id : l.target === at.id));
  const widest = flows.reduce<PlacedLink | null>(
    (best, l) => (!best || l.users > best.users ? l : best),
    null,
  );
  const followed = widest && next.find((n) => n.id === (forward ? widest.target : widest.source));
  if (followed) return followed;
  const centre = at.y + at.height / 2;
  return next.reduce((best, n) =>
    Math.abs(n.y + n.height / 2 - centre) < Math.abs(best.y + best.height / 2 - centre) ? n : best,
  );
}

/** A colour per event name (the same event has the same colour in every column). */
export function eventColor(label: string): string {
  let hash = 0;
  for (const ch of label) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `var(--jw-series-${hash % 6})`;
}
