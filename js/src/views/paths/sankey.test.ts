// The Sankey layout: hand-checked bands for a small flow, and invariants over seeded random flows.
import { describe, expect, it } from "vitest";
import { random } from "../../test/random";
import { type FlowLink, type FlowNode, type Flows, moveFocus, NODE_GAP, sankeyLayout } from "./sankey";

/** The flows of some walks (as Python's path_flows builds them), for the layout to draw. */
function flowsOf(walks: [string[], number][], direction: "after" | "before" = "after"): Flows {
  const columns: Map<string, number>[] = [];
  const links = new Map<string, number>();
  for (const [walk, users] of walks) {
    const labels = ["Stage", ...walk];
    labels.forEach((label, k) => {
      columns[k] ??= new Map();
      columns[k]!.set(label, (columns[k]!.get(label) ?? 0) + users);
      if (k > 0) {
        const key = `${k - 1}:${labels[k - 1]}>${k}:${label}`;
        links.set(key, (links.get(key) ?? 0) + users);
      }
    });
  }
  return {
    direction,
    users: walks.reduce((s, [, n]) => s + n, 0),
    columns: columns.map((column, k) =>
      [...column]
        .sort((a, b) => b[1] - a[1])
        .map(
          ([label, users]): FlowNode => ({ id: `${k}:${label}`, label, users, kind: k ? "event" : "stage" }),
        ),
    ),
    links: [...links].map(([key, users]): FlowLink => {
      const [source, target] = key.split(">") as [string, string];
      return { source, target, users };
    }),
  };
}

describe("sankeyLayout", () => {
  it("stacks nodes in proportion and bands from edge to edge, by hand", () => {
    const flows = flowsOf([
      [["buy"], 30],
      [["faq"], 10],
    ]);
    const layout = sankeyLayout(flows, 200, 100);
    const [stage, buy, faq] = layout.nodes;
    // column 1 holds 40 users in 100 - 10 (one gap): 2.25 px per user, as does column 0
    expect(stage!.height).toBeCloseTo(90);
    expect([buy!.y, buy!.height, faq!.y, faq!.height]).toEqual([0, 67.5, 77.5, 22.5]);
    expect(buy!.x).toBe(186);
    const [toBuy, toFaq] = layout.links;
    expect(toBuy!.path).toBe("M14,33.75C100,33.75 100,33.75 186,33.75");
    expect(toFaq!.path).toBe("M14,78.75C100,78.75 100,88.75 186,88.75");
    expect(toBuy!.width).toBeCloseTo(67.5);
  });

  it("runs right to left before the stage", () => {
    const layout = sankeyLayout(flowsOf([[["visit"], 5]], "before"), 200, 100);
    expect(layout.nodes.map((n) => n.x)).toEqual([186, 0]);
    expect(layout.links[0]!.path.startsWith("M186,")).toBe(true);
  });

  it("keeps every band inside its nodes and every node inside the box, for random flows", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = random(seed);
      const events = ["a", "b", "c", "d", "(end)"];
      const walks: [string[], number][] = Array.from({ length: 1 + rng.int(12) }, () => {
        const walk: string[] = [];
        for (let k = 0; k < 1 + rng.int(4); k++) {
          const e = rng.pick(events);
          walk.push(e);
          if (e === "(end)") break;
        }
        return [walk, 1 + rng.int(500)];
      });
      const height = 100 + rng.int(400);
      const layout = sankeyLayout(flowsOf(walks, rng.pick(["after", "before"] as const)), 500, height);
      for (const column of layout.columns) {
        column.forEach((n, i) => {
          expect(n.y + n.height).toBeLessThanOrEqual(height + 1e-6);
          if (i > 0) expect(n.y).toBeCloseTo(column[i - 1]!.y + column[i - 1]!.height + NODE_GAP);
        });
      }
      const byId = new Map(layout.nodes.map((n) => [n.id, n]));
      for (const link of layout.links) {
        const numbers = link.path.match(/[\d.e-]+/g)!.map(Number);
        const [sy, ty] = [numbers[1]!, numbers.at(-1)!];
        const source = byId.get(link.source)!;
        const target = byId.get(link.target)!;
        expect(sy - link.width / 2).toBeGreaterThanOrEqual(source.y - 1e-6);
        expect(sy + link.width / 2).toBeLessThanOrEqual(source.y + source.height + 1e-6);
        expect(ty - link.width / 2).toBeGreaterThanOrEqual(target.y - 1e-6);
        expect(ty + link.width / 2).toBeLessThanOrEqual(target.y + target.height + 1e-6);
      }
    }
  });

  it("moves the focus within a step and along the widest flow to the next", () => {
    const layout = sankeyLayout(
      flowsOf([
        [["a", "x"], 30],
        [["b", "y"], 10],
      ]),
      300,
      100,
    );
    const [stage, a, b] = layout.nodes;
    expect(moveFocus(layout, stage!, "ArrowRight", false).id).toBe(a!.id);
    expect(moveFocus(layout, a!, "ArrowDown", false).id).toBe(b!.id);
    expect(moveFocus(layout, b!, "ArrowDown", false).id).toBe(b!.id);
    expect(moveFocus(layout, b!, "ArrowRight", false).label).toBe("y");
    expect(moveFocus(layout, a!, "ArrowLeft", false).id).toBe(stage!.id);
    expect(moveFocus(layout, a!, "ArrowLeft", true).label).toBe("x"); // before: the next step is to the left
  });
});
