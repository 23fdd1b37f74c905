// The emotion lane: the selected persona's researched emotion across stages, as an SVG line.
import type { JourneyDoc, Persona } from "../../model/types";
import { emotionSeries, type StageColumns } from "./layout";

const HEIGHT = 120;
const PAD = 16;

export function EmotionCurve({
  doc,
  columns,
  persona,
}: {
  doc: JourneyDoc;
  columns: StageColumns[];
  persona: Persona | null;
}) {
  const total = columns.reduce((n, c) => n + c.span, 0);
  const values = emotionSeries(doc, persona?.id ?? null);
  const { min, max, labels } = doc.emotion_scale;
  const y = (v: number) => PAD + ((max - v) / (max - min)) * (HEIGHT - 2 * PAD);
  // x in "column units": the centre of each stage's span, so the SVG can stretch with the grid
  const points = columns
    .map(({ start, span }, i) => ({
      x: start - 2 + span / 2,
      v: values[i] ?? null,
      stage: columns[i]!.stage,
    }))
    .filter((p): p is { x: number; v: number; stage: (typeof columns)[number]["stage"] } => p.v !== null);
  const color = persona?.color || "var(--jw-accent)";
  const label = (v: number) => labels[String(v)] ?? String(v);
  return (
    <div class="jw-cell jw-emotion-cell" style={{ gridColumn: `2 / span ${total}` }}>
      {points.length === 0 ? (
        <p class="jw-lane-empty">No emotion points{persona ? ` for ${persona.name}` : ""} yet.</p>
      ) : (
        <svg
          class="jw-emotion"
          viewBox={`0 0 ${total * 100} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Emotion curve of ${persona?.name ?? "persona"}: ${points.map((p) => `${p.stage.name} ${label(p.v)}`).join(", ")}`}
        >
          <line class="jw-emotion-zero" x1={0} x2={total * 100} y1={y(0)} y2={y(0)} />
          <polyline
            fill="none"
            stroke={color}
            stroke-width={3}
            vector-effect="non-scaling-stroke"
            points={points.map((p) => `${p.x * 100},${y(p.v)}`).join(" ")}
          />
          {points.map((p) => (
            // a zero-length line with round caps: a dot that stays round when the SVG stretches
            <line
              key={p.stage.id}
              class="jw-emotion-point"
              x1={p.x * 100}
              x2={p.x * 100}
              y1={y(p.v)}
              y2={y(p.v)}
              stroke={color}
              stroke-width={12}
              stroke-linecap="round"
              vector-effect="non-scaling-stroke"
            >
              <title>{`${p.stage.name}: ${label(p.v)} (${p.v})`}</title>
            </line>
          ))}
        </svg>
      )}
    </div>
  );
}
