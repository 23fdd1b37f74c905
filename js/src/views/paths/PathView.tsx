// The path view: what users did right after (or before) reaching a stage, as a Sankey of Python's counts.
// Every node is reachable with the keyboard (one tab stop; arrows move within and across steps), and the
// focused or clicked node's flows are highlighted and described in words.
import type { ReadonlySignal } from "@preact/signals";
import { useSignal } from "@preact/signals";
import { useMemo, useRef } from "preact/hooks";
import { formatCount, formatRate } from "../../format";
import { BusyBar, type BusyState } from "../busy/BusyBar";
import { eventColor, type Flows, moveFocus, type PlacedNode, sankeyLayout } from "./sankey";
import "./paths.css";

export type Direction = "after" | "before";
export type Status = "reached" | "converted" | "abandoned";

export interface Choice {
  id: string;
  name: string;
}

export interface PathViewProps {
  flows: ReadonlySignal<Flows>;
  stages: ReadonlySignal<Choice[]>;
  personas: ReadonlySignal<Choice[]>;
  stage: ReadonlySignal<string | null>;
  persona: ReadonlySignal<string | null>;
  direction: ReadonlySignal<Direction>;
  steps: ReadonlySignal<number>;
  status: ReadonlySignal<Status>;
  busy?: BusyState;
  onChange: (name: string, value: unknown) => void;
}

const W = 760;
const H = 300;
const LABEL_ROOM = 150;

const STATUS_WORDS: Record<Status, string> = {
  reached: "everyone who reached it",
  converted: "who went on to the next stage",
  abandoned: "who left at it",
};

const nodeName = (node: PlacedNode) =>
  node.label === "(end)"
    ? "no further event"
    : node.label === "(start)"
      ? "no earlier event"
      : node.label === "(other events)"
        ? "other events"
        : node.label;

function describe(node: PlacedNode, flows: Flows, stageName: string): string {
  const total = flows.users ?? 0;
  const where =
    node.column === 0
      ? "the stage"
      : `${node.column} ${node.column === 1 ? "event" : "events"} ${flows.direction === "before" ? "before" : "after"} ${stageName}`;
  const next = (flows.links ?? [])
    .filter((l) => l.source === node.id)
    .map(
      (l) =>
        `${nodeName({ ...node, label: l.target.slice(l.target.indexOf(":") + 1) })} ${formatCount(l.users)}`,
    );
  const then = next.length > 0 ? `; then ${next.join(", ")}` : "";
  return `${nodeName(node)}, ${where}: ${formatCount(node.users)} users (${formatRate(total ? node.users / total : null)})${then}`;
}

function Controls(props: PathViewProps) {
  const { onChange } = props;
  return (
    <div class="jw-path-controls">
      <label>
        <span>Stage</span>
        <select
          value={props.stage.value ?? ""}
          onChange={(e) => onChange("selected_stage", e.currentTarget.value || null)}
        >
          <option value="">Choose a stage…</option>
          {props.stages.value.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <div class="jw-funnel-switch" role="group" aria-label="Direction">
        {(["before", "after"] as Direction[]).map((d) => (
          <button
            key={d}
            type="button"
            class="jw-chip"
            aria-pressed={props.direction.value === d}
            onClick={() => onChange("direction", d)}
          >
            {d === "before" ? "Before" : "After"}
          </button>
        ))}
      </div>
      <label>
        <span>Events</span>
        <select
          value={String(props.steps.value)}
          onChange={(e) => onChange("steps", Number(e.currentTarget.value))}
        >
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Users</span>
        <select value={props.status.value} onChange={(e) => onChange("status", e.currentTarget.value)}>
          {(Object.keys(STATUS_WORDS) as Status[]).map((s) => (
            <option key={s} value={s}>
              {s === "reached" ? "All who reached it" : s === "converted" ? "Who went on" : "Who left here"}
            </option>
          ))}
        </select>
      </label>
      {props.personas.value.length > 0 && (
        <label>
          <span>Persona</span>
          <select
            value={props.persona.value ?? ""}
            onChange={(e) => onChange("persona", e.currentTarget.value || null)}
          >
            <option value="">All users</option>
            {props.personas.value.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

export function PathView(props: PathViewProps) {
  const flows = props.flows.value ?? {};
  const stage = props.stage.value;
  const stageName = props.stages.value.find((s) => s.id === stage)?.name ?? stage ?? "";
  const before = props.direction.value === "before";
  const shown = flows.stage === stage && flows.columns !== undefined;
  const layout = useMemo(() => sankeyLayout(shown ? flows : {}, W - 2 * LABEL_ROOM, H), [flows, shown]);
  const focused = useSignal<string | null>(null);
  const picked = useSignal<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const active = layout.nodes.find((n) => n.id === (focused.value ?? picked.value)) ?? null;
  const tabStop = active ?? layout.nodes[0] ?? null;
  const lit = picked.value ?? focused.value;
  const focusNode = (node: PlacedNode) => {
    focused.value = node.id;
    const nodes = svg.current?.querySelectorAll<SVGGElement>("[data-node-id]") ?? [];
    [...nodes].find((g) => g.getAttribute("data-node-id") === node.id)?.focus();
  };
  const onKey = (e: KeyboardEvent, node: PlacedNode) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      picked.value = picked.value === node.id ? null : node.id;
      return;
    }
    if (e.key === "Escape") {
      picked.value = null;
      return;
    }
    const next = moveFocus(layout, node, e.key, before);
    if (next !== node) {
      e.preventDefault();
      focusNode(next);
    }
  };
  const busy = props.busy?.busy.value || flows.loading;
  return (
    <section
      class={busy ? "jw-paths jw-is-busy" : "jw-paths"}
      aria-label={`Paths ${before ? "before" : "after"} ${stageName || "a stage"}`}
      aria-busy={busy ? "true" : undefined}
    >
      <header class="jw-paths-header">
        <h3 class="jw-funnel-title">
          {stage ? `What users did ${before ? "before" : "after"} ${stageName}` : "Paths"}
        </h3>
        {stage && shown && (
          <p class="jw-funnel-summary">
            {formatCount(flows.users ?? 0)} users, {STATUS_WORDS[props.status.value]}; their{" "}
            {props.steps.value} {props.steps.value === 1 ? "event" : "events"} {before ? "before" : "after"}{" "}
            it
          </p>
        )}
      </header>
      <Controls {...props} />
      <BusyBar state={props.busy} what="the paths" />
      {!stage && (
        <p class="jw-empty">Select a stage (here, in the funnel or on the map) to see the paths around it.</p>
      )}
      {stage && flows.error && flows.stage === stage && (
        <p class="jw-funnel-error" role="alert">
          No paths: {flows.error}
        </p>
      )}
      {stage && !shown && !flows.error && <p class="jw-funnel-hint">Computing the paths of {stageName}…</p>}
      {stage && shown && layout.nodes.length > 0 && (flows.users ?? 0) === 0 && (
        <p class="jw-empty">No users {STATUS_WORDS[props.status.value]}.</p>
      )}
      {stage && shown && (flows.users ?? 0) > 0 && (
        <>
          <svg
            ref={svg}
            class="jw-sankey"
            viewBox={`${-LABEL_ROOM} -6 ${W} ${H + 12}`}
            role="group"
            aria-label={`Sankey of the paths ${before ? "before" : "after"} ${stageName}: arrow keys move between events, Enter highlights a node's flows`}
          >
            <g class="jw-sankey-links">
              {layout.links.map((link) => {
                const on = lit !== null && (link.source === lit || link.target === lit);
                return (
                  <path
                    key={`${link.source}>${link.target}`}
                    class={on ? "jw-sankey-link jw-lit" : lit ? "jw-sankey-link jw-dim" : "jw-sankey-link"}
                    d={link.path}
                    style={{ strokeWidth: link.width }}
                    data-users={link.users}
                  >
                    <title>
                      {link.source.slice(link.source.indexOf(":") + 1)} →{" "}
                      {link.target.slice(link.target.indexOf(":") + 1)}: {formatCount(link.users)} users
                    </title>
                  </path>
                );
              })}
            </g>
            {layout.nodes.map((node) => {
              // after: labels right of their nodes; before (right to left): left of them, the stage's right
              const lx = before ? (node.column === 0 ? node.x + 18 : node.x - 4) : node.x + 18;
              const anchor = before && node.column !== 0 ? "end" : "start";
              return (
                <g
                  key={node.id}
                  class={`jw-sankey-node jw-node-${node.kind}${picked.value === node.id ? " jw-picked" : ""}`}
                  data-node-id={node.id}
                  tabindex={tabStop?.id === node.id ? 0 : -1}
                  role="button"
                  aria-pressed={picked.value === node.id}
                  aria-label={describe(node, flows, stageName)}
                  onFocus={() => (focused.value = node.id)}
                  onBlur={() => (focused.value = null)}
                  onClick={() => (picked.value = picked.value === node.id ? null : node.id)}
                  onKeyDown={(e) => onKey(e as unknown as KeyboardEvent, node)}
                >
                  <rect
                    x={node.x}
                    y={node.y}
                    width={14}
                    height={Math.max(1, node.height)}
                    style={node.kind === "event" ? { fill: eventColor(node.label) } : undefined}
                  />
                  {node.height >= 9 && (
                    <text x={lx} y={node.y + node.height / 2 + 4} text-anchor={anchor}>
                      {nodeName(node)} <tspan class="jw-sankey-count">{formatCount(node.users)}</tspan>
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
          <p class="jw-path-focus" aria-hidden="true">
            {active ? describe(active, flows, stageName) : "Point at, click or focus an event for its flows."}
          </p>
        </>
      )}
    </section>
  );
}
