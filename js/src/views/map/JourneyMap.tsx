// The swimlane map: stages (and steps) as columns, lanes as rows, cards in cells. Read-only for now.
import type { Signal } from "@preact/signals";
import type { JourneyDoc, Persona } from "../../model/types";
import { LaneCells } from "./Cells";
import { EmotionCurve } from "./EmotionCurve";
import { StageHeaders } from "./Headers";
import { cardsByCell, stageColumns } from "./layout";

export interface JourneyMapProps {
  document: Signal<JourneyDoc>;
  persona: Signal<string | null>;
  onPersona: (id: string | null) => void;
}

function PersonaSwitcher({
  personas,
  value,
  onChange,
}: {
  personas: Persona[];
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  if (personas.length === 0) return null;
  return (
    <label class="jw-persona-switcher">
      <span>Persona</span>
      <select
        value={value ?? ""}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value || null)}
      >
        {personas.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function JourneyMap({ document, persona, onPersona }: JourneyMapProps) {
  const doc = document.value;
  const columns = stageColumns(doc);
  const totalColumns = columns.reduce((n, c) => n + c.span, 0);
  const cells = cardsByCell(doc.cards);
  const selected = doc.personas.find((p) => p.id === persona.value) ?? doc.personas[0] ?? null;
  const gridStyle = {
    gridTemplateColumns: `var(--jw-lane-header-width) repeat(${totalColumns}, minmax(var(--jw-column-min), 1fr))`,
  };
  return (
    <section class="jw-map" aria-label={`Journey map: ${doc.title}`}>
      <header class="jw-header">
        <div class="jw-title-block">
          <h2 class="jw-title">{doc.title}</h2>
          {doc.description && <p class="jw-description">{doc.description}</p>}
        </div>
        <PersonaSwitcher personas={doc.personas} value={selected?.id ?? null} onChange={onPersona} />
      </header>
      {doc.stages.length === 0 || doc.lanes.length === 0 ? (
        <p class="jw-empty">
          This journey has no {doc.stages.length === 0 ? "stages" : "lanes"} yet. Add some from Python, e.g.{" "}
          <code>
            {doc.stages.length === 0
              ? 'journey.add_stage("Awareness")'
              : 'journey.add_lane("Touchpoints", kind="touchpoint")'}
          </code>
        </p>
      ) : (
        <div class="jw-scroll">
          <div class="jw-grid" role="table" aria-rowcount={doc.lanes.length + 1} style={gridStyle}>
            <div class="jw-corner" />
            <StageHeaders columns={columns} />
            {doc.lanes.map((lane) => (
              <div
                key={lane.id}
                class="jw-row"
                role="row"
                tabIndex={-1}
                data-lane-kind={lane.kind}
                data-lane-id={lane.id}
              >
                <div class="jw-lane-header" role="rowheader" tabIndex={-1}>
                  <span class="jw-lane-name">{lane.name}</span>
                  <span class="jw-lane-kind">{lane.kind.replace(/_/g, " ")}</span>
                </div>
                {lane.kind === "emotion" ? (
                  <EmotionCurve doc={doc} columns={columns} persona={selected} />
                ) : lane.kind === "metric" ? (
                  <div class="jw-cell jw-metric-empty" style={{ gridColumn: `2 / span ${totalColumns}` }}>
                    No data bound: metrics appear here when the journey is bound to an event log.
                  </div>
                ) : (
                  <LaneCells lane={lane} columns={columns} cells={cells} />
                )}
              </div>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
