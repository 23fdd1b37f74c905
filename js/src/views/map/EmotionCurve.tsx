// The emotion lane: the selected persona's researched emotion per stage, as a line with draggable points.
// Each point is a slider (arrow keys change it, Delete clears it); stages without a point offer an "add" dot.
// A bound map can draw beside it the emotion *measured* from data (mean satisfaction per stage), dotted.
import { useSignal } from "@preact/signals";
import { useContext } from "preact/hooks";
import type { JourneyDoc, Persona } from "../../model/types";
import { EditorContext } from "./editor";
import { emotionSeries, type StageColumns, stageMiddle } from "./layout";

const HEIGHT = 120;
const PAD = 16;

/**
 * A face for a point on the emotion scale: `mood` from -1 (the scale's low end: a frown) to 1 (a smile).
 * Drawn in SVG, so it looks the same everywhere (no emoji font needed) and in the exported pictures.
 */
export function Face({ mood }: { mood: number }) {
  const m = Math.max(-1, Math.min(1, mood));
  // the mouth: a quadratic curve whose control point dips for a smile and rises for a frown
  const mouth = `M7 14.5 Q12 ${14.5 + m * 4} 17 14.5`;
  return (
    <svg class="jw-face" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10" />
      <circle class="jw-face-eye" cx="8.5" cy="9.5" r="1.3" />
      <circle class="jw-face-eye" cx="15.5" cy="9.5" r="1.3" />
      <path class="jw-face-mouth" d={mouth} />
    </svg>
  );
}

export function EmotionCurve({
  doc,
  laneId,
  columns,
  persona,
  allUsers = false,
  derived = null,
  tabIndex = -1,
}: {
  doc: JourneyDoc;
  /** the emotion lane's id (the lane is one stop of the map's keyboard grid) */
  laneId: string;
  columns: StageColumns[];
  persona: Persona | null;
  /** a bound map showing all users: the measured curve and every persona's curve, none of them editable */
  allUsers?: boolean;
  /** the measured series: a label (whose data) and a value per stage id, on the emotion scale */
  derived?: { label: string; values: Record<string, number> } | null;
  tabIndex?: number;
}) {
  const editor = useContext(EditorContext)!;
  const preview = useSignal<{ stage: string; value: number } | null>(null);
  const total = columns.reduce((n, c) => n + c.span, 0);
  const { min, max, labels } = doc.emotion_scale;
  const stored = emotionSeries(doc, persona?.id ?? null);
  const values = columns.map(({ stage }, i) =>
    preview.value?.stage === stage.id ? preview.value.value : (stored[i] ?? null),
  );
  const y = (v: number) => PAD + ((max - v) / (max - min)) * (HEIGHT - 2 * PAD);
  // in column units (a folded stage is narrower: layout.ts's weights)
  const xOf = (i: number) => stageMiddle(columns, i) * total;
  const label = (v: number) => labels[String(v)] ?? String(v);
  const color = persona?.color || "var(--jw-accent)";
  const editable = editor.editable.value && persona !== null && !allUsers;
  const points = values.flatMap((v, i) => (v === null ? [] : [{ i, v }]));
  const others =
    editor.comparePersonas.value || allUsers
      ? doc.personas
          .filter((p) => allUsers || p.id !== persona?.id)
          .map((p) => ({ persona: p, values: emotionSeries(doc, p.id) }))
          .filter((o) => o.values.some((v) => v !== null))
      : [];
  const measured = derived
    ? columns.flatMap(({ stage }, i) => {
        const v = derived.values[stage.id];
        return v === undefined || v === null ? [] : [{ i, v, stage: stage.name }];
      })
    : [];
  const commit = (stage: string, value: number | null) =>
    persona && editor.setEmotion(persona.id, stage, value);
  const clampStep = (v: number) => Math.min(max, Math.max(min, Math.round(v)));

  const drag = (e: PointerEvent, stage: string) => {
    if (!editable || e.button !== 0) return;
    const handle = e.currentTarget as HTMLElement;
    const box = handle.parentElement!.getBoundingClientRect();
    const valueAt = (clientY: number) => {
      const inner = ((clientY - box.top) / box.height) * HEIGHT;
      return clampStep(max - ((inner - PAD) / (HEIGHT - 2 * PAD)) * (max - min));
    };
    try {
      handle.setPointerCapture(e.pointerId);
    } catch {
      // synthetic events carry no capturable pointer
    }
    const move = (ev: PointerEvent) => {
      preview.value = { stage, value: valueAt(ev.clientY) };
    };
    const up = (ev: PointerEvent) => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
      preview.value = null;
      commit(stage, valueAt(ev.clientY));
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
    e.preventDefault();
  };

  /** Left/Right go to the neighbouring stage's point (or add dot), Escape back to the lane. */
  const onPointKey = (e: KeyboardEvent) => {
    const point = e.currentTarget as HTMLElement;
    if (e.key === "Escape") point.closest<HTMLElement>(".jw-row-stop")?.focus();
    else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      const all = [...(point.parentElement?.querySelectorAll<HTMLElement>(".jw-emotion-point") ?? [])];
      all[all.indexOf(point) + (e.key === "ArrowLeft" ? -1 : 1)]?.focus();
    } else return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  };
  const onKey = (e: KeyboardEvent, stage: string, value: number) => {
    if (onPointKey(e) || !editable) return;
    const next = { ArrowUp: value + 1, ArrowDown: value - 1, Home: max, End: min }[e.key];
    if (next !== undefined) commit(stage, clampStep(next));
    else if (e.key === "Delete" || e.key === "Backspace") commit(stage, null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const who = allUsers ? "all users" : persona?.name;
  return (
    <div
      class="jw-cell jw-emotion-cell jw-row-stop"
      role="gridcell"
      tabIndex={tabIndex}
      aria-describedby={points.length > 0 ? `${editor.uid}-emotion-help` : undefined}
      data-lane-id={laneId}
      style={{ gridColumn: `2 / span ${total}` }}
    >
      <span id={`${editor.uid}-emotion-help`} class="jw-sr-only">
        Enter goes to the curve's points: Left and Right move between stages, Up and Down change the value,
        Escape comes back.
      </span>
      {allUsers && measured.length === 0 && others.length === 0 ? (
        <p class="jw-lane-empty">No emotion measured for all users, and no persona has an emotion curve.</p>
      ) : persona === null && !allUsers ? (
        <p class="jw-lane-empty">Add a persona to draw an emotion curve.</p>
      ) : points.length === 0 && !editable && !allUsers ? (
        <p class="jw-lane-empty">No emotion points for {persona?.name} yet.</p>
      ) : (
        <div class="jw-emotion-area">
          <svg
            class="jw-emotion"
            viewBox={`0 0 ${total * 100} ${HEIGHT}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`Emotion curve of ${who}: ${points.map((p) => `${columns[p.i]!.stage.name} ${label(p.v)}`).join(", ")}`}
          >
            <line class="jw-emotion-zero" x1={0} x2={total * 100} y1={y(0)} y2={y(0)} />
            <line class="jw-emotion-zero" x1={0} x2={total * 100} y1={y(max)} y2={y(max)} />
            <line class="jw-emotion-zero" x1={0} x2={total * 100} y1={y(min)} y2={y(min)} />
            {others.map((o) => (
              <polyline
                key={o.persona.id}
                class="jw-emotion-other"
                fill="none"
                stroke={o.persona.color || "var(--jw-fg-muted)"}
                stroke-width={2}
                stroke-dasharray="6 4"
                vector-effect="non-scaling-stroke"
                points={o.values.flatMap((v, i) => (v === null ? [] : [`${xOf(i) * 100},${y(v)}`])).join(" ")}
              >
                <title>{o.persona.name}</title>
              </polyline>
            ))}
            {measured.length > 0 && (
              <polyline
                class="jw-emotion-derived"
                fill="none"
                stroke-width={2}
                stroke-dasharray="2 4"
                vector-effect="non-scaling-stroke"
                points={measured.map((p) => `${xOf(p.i) * 100},${y(p.v)}`).join(" ")}
              >
                <title>{`Measured: ${derived!.label}`}</title>
              </polyline>
            )}
            {!allUsers && (
              <polyline
                fill="none"
                stroke={color}
                stroke-width={3}
                vector-effect="non-scaling-stroke"
                points={points.map((p) => `${xOf(p.i) * 100},${y(p.v)}`).join(" ")}
              />
            )}
          </svg>
          <ul class="jw-emotion-scale" aria-hidden="true">
            {[max, (min + max) / 2, min].map((v) => (
              <li key={v} style={{ top: `${(y(v) / HEIGHT) * 100}%` }}>
                {label(v)}
              </li>
            ))}
          </ul>
          {measured.map((p) => (
            <span
              key={`m-${p.i}`}
              class="jw-emotion-measured"
              style={{ left: `${(xOf(p.i) / total) * 100}%`, top: `${(y(p.v) / HEIGHT) * 100}%` }}
              title={`${p.stage}: measured ${p.v.toFixed(2)} (${derived!.label})`}
              data-value={p.v}
            />
          ))}
          {measured.length > 0 && (
            <p class="jw-emotion-derived-note">
              <span class="jw-legend-swatch jw-legend-measured" /> measured from data: {derived!.label}
            </p>
          )}
          {others.length > 0 && (
            <ul class="jw-emotion-legend" aria-label="Personas compared">
              {[
                ...(persona && !allUsers ? [{ persona, dashed: false }] : []),
                ...others.map((o) => ({ persona: o.persona, dashed: true })),
              ].map((entry) => (
                <li key={entry.persona.id} class={entry.dashed ? "jw-legend-dashed" : undefined}>
                  <span
                    class="jw-legend-swatch"
                    style={{ "--jw-point": entry.persona.color || "var(--jw-fg-muted)" }}
                  />
                  {entry.persona.name}
                </li>
              ))}
            </ul>
          )}
          {!allUsers &&
            persona &&
            columns.map(({ stage }, i) => {
              const v = values[i] ?? null;
              if (v === null && !editable) return null;
              const style = {
                left: `${(xOf(i) / total) * 100}%`,
                top: `${(y(v ?? 0) / HEIGHT) * 100}%`,
                "--jw-point": color,
              };
              if (v === null) {
                return (
                  <button
                    key={stage.id}
                    type="button"
                    class="jw-emotion-point jw-emotion-add"
                    tabIndex={-1}
                    style={style}
                    aria-label={`Add ${persona.name}'s emotion at ${stage.name}`}
                    title="Add an emotion point"
                    onClick={() => commit(stage.id, 0)}
                    onKeyDown={onPointKey}
                  />
                );
              }
              return (
                <span
                  key={stage.id}
                  class="jw-emotion-point"
                  style={style}
                  role="slider"
                  tabIndex={-1}
                  aria-label={`${persona.name}'s emotion at ${stage.name}`}
                  aria-valuemin={min}
                  aria-valuemax={max}
                  aria-valuenow={v}
                  aria-valuetext={`${label(v)} (${v})`}
                  aria-readonly={!editable}
                  title={`${stage.name}: ${label(v)} (${v})`}
                  onPointerDown={(e) => drag(e, stage.id)}
                  onKeyDown={(e) => onKey(e, stage.id, v)}
                >
                  <Face mood={(v - (min + max) / 2) / ((max - min) / 2 || 1)} />
                </span>
              );
            })}
        </div>
      )}
    </div>
  );
}
