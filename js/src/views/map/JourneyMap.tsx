// The swimlane map: stages (and steps) as columns, lanes as rows, cards in cells. Read-only for now.
import type { Signal } from "@preact/signals";
import type { Card, JourneyDoc, Lane, Persona } from "../../model/types";
import { EmotionCurve } from "./EmotionCurve";
import { cardsByCell, cellKey, type StageColumns, stageColumns } from "./layout";

export interface JourneyMapProps {
  document: Signal<JourneyDoc>;
  persona: Signal<string | null>;
  onPersona: (id: string | null) => void;
}

const EVIDENCE_LABEL: Record<string, string> = {
  observed: "Observed",
  reported: "Reported",
  data: "Data",
  inferred: "Inferred",
  hypothesis: "Hypothesis",
};

function CardView({ card }: { card: Card }) {
  const evidence = EVIDENCE_LABEL[card.evidence];
  return (
    <li class="jw-card" data-card-id={card.id} data-evidence={card.evidence}>
      <span class="jw-card-text">{card.text}</span>
      {evidence && (
        <span class="jw-evidence" title={`Evidence: ${evidence}`}>
          {evidence}
        </span>
      )}
    </li>
  );
}

function CardList({ cards }: { cards: Card[] | undefined }) {
  if (!cards || cards.length === 0) return null;
  return (
    <ul class="jw-cards">
      {cards.map((card) => (
        <CardView key={card.id} card={card} />
      ))}
    </ul>
  );
}

function LaneCells({
  lane,
  columns,
  cells,
}: {
  lane: Lane;
  columns: StageColumns[];
  cells: Map<string, Card[]>;
}) {
  return (
    <>
      {columns.map(({ stage, start, span }) => {
        const stageCards = cells.get(cellKey(lane.id, stage.id, null));
        const stepCards = stage.steps.map((step) => cells.get(cellKey(lane.id, stage.id, step.id)));
        return (
          <div
            key={stage.id}
            class="jw-cell"
            role="cell"
            data-stage-id={stage.id}
            data-lane-id={lane.id}
            style={{ gridColumn: `${start} / span ${span}` }}
          >
            <CardList cards={stageCards} />
            {stepCards.some((c) => c && c.length > 0) && (
              <div class="jw-step-cells" style={{ gridTemplateColumns: `repeat(${span}, minmax(0, 1fr))` }}>
                {stepCards.map((cards, i) => (
                  <div key={stage.steps[i]!.id} class="jw-step-cell" data-step-id={stage.steps[i]!.id}>
                    <CardList cards={cards} />
                  </div>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </>
  );
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
  const hasSteps = doc.stages.some((s) => s.steps.length > 0);
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
            {columns.map(({ stage, start, span }, i) => (
              <div
                key={stage.id}
                class="jw-stage-header"
                role="columnheader"
                tabIndex={-1}
                data-stage-id={stage.id}
                style={{ gridColumn: `${start} / span ${span}` }}
              >
                <span class="jw-stage-number">{i + 1}</span>
                <span class="jw-stage-name">{stage.name}</span>
                {stage.goal && <span class="jw-stage-goal">{stage.goal}</span>}
              </div>
            ))}
            {hasSteps && <div class="jw-corner jw-step-corner" />}
            {hasSteps &&
              columns.flatMap(({ stage, start }) =>
                stage.steps.length === 0
                  ? [
                      <div
                        key={`${stage.id}-nostep`}
                        class="jw-step-header jw-step-none"
                        style={{ gridColumn: `${start}` }}
                      />,
                    ]
                  : stage.steps.map((step, j) => (
                      <div
                        key={step.id}
                        class="jw-step-header"
                        data-step-id={step.id}
                        style={{ gridColumn: `${start + j}` }}
                      >
                        {step.name}
                      </div>
                    )),
              )}
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
