// The swimlane map: a header with the toolbar, then stages (and steps) as columns, lanes as rows,
// cards in cells. Editing happens through the MapEditor in context; everything shown comes from its
// edit session's view of the document.
import { type ReadonlySignal, type Signal, useSignal, useSignalEffect } from "@preact/signals";
import { useContext, useMemo, useRef } from "preact/hooks";
import type { Card, JourneyDoc } from "../../model/types";
import { LaneCells } from "./Cells";
import { EmotionCurve } from "./EmotionCurve";
import { EditorContext } from "./editor";
import { Feedback } from "./Feedback";
import { StageHeaders } from "./Headers";
import { LaneHeader } from "./LaneHeader";
import { cardsByLane, stageColumns } from "./layout";
import { MetricLane, type MetricValues } from "./MetricLane";
import { PersonaPanel } from "./PersonaPanel";
import { type HistoryState, Toolbar } from "./Toolbar";

export interface JourneyMapProps {
  /** The revision of the last document Python confirmed (shown as data-revision, for tools and tests). */
  revision: ReadonlySignal<number>;
  persona: Signal<string | null>;
  onPersona: (id: string | null) => void;
  metrics: ReadonlySignal<MetricValues>;
  /** A bound map's metric values per persona id (the persona's segment); `metrics` holds all users'. */
  personaMetrics?: ReadonlySignal<Record<string, MetricValues>>;
  /** A bound map's emotion measured from data, by "all" or persona id: {stage id: value on the scale}. */
  derivedEmotion?: ReadonlySignal<Record<string, Record<string, number>>>;
  history: HistoryState;
}

const NO_CELLS = new Map<string, Card[]>();

const isTextEntry = (target: EventTarget | null) =>
  target instanceof HTMLElement && !!target.closest("input, textarea, select, [contenteditable]");

function EmptyMap({ doc }: { doc: JourneyDoc }) {
  const editor = useContext(EditorContext)!;
  const missing = doc.stages.length === 0 ? "stages" : "lanes";
  return (
    <p class="jw-empty">
      This journey has no {missing} yet.{" "}
      {editor.editable.value ? (
        <>Add one with the toolbar above, or from Python: </>
      ) : (
        <>Add some from Python: </>
      )}
      <code>
        {missing === "stages"
          ? 'journey.add_stage("Awareness")'
          : 'journey.add_lane("Touchpoints", kind="touchpoint")'}
      </code>
    </p>
  );
}

export function JourneyMap({
  revision,
  persona,
  onPersona,
  metrics,
  personaMetrics,
  derivedEmotion,
  history,
}: JourneyMapProps) {
  const editor = useContext(EditorContext)!;
  const scroller = useRef<HTMLDivElement>(null);
  const section = useRef<HTMLElement>(null);
  // set on the element directly, so a confirmation from Python re-renders nothing
  useSignalEffect(() => {
    if (section.current) section.current.dataset.revision = String(revision.value);
  });
  const showPersona = useSignal(false);
  const doc = editor.doc.value;
  const columns = useMemo(() => stageColumns(doc), [doc.stages]);
  const totalColumns = columns.reduce((n, c) => n + c.span, 0);
  const lanesCache = useRef<Map<string, Map<string, Card[]>> | null>(null);
  const cellsByLane = useMemo(() => cardsByLane(doc.cards, lanesCache.current), [doc.cards]);
  lanesCache.current = cellsByLane;
  const selected = doc.personas.find((p) => p.id === persona.value) ?? doc.personas[0] ?? null;
  // a bound map can show all users' numbers (persona null); the emotion curve stays the first persona's
  const bound = Object.keys(personaMetrics?.value ?? {}).length > 0;
  const values = (persona.value && personaMetrics?.value?.[persona.value]) || metrics.value;
  const derivedKey = persona.value && derivedEmotion?.value?.[persona.value] ? persona.value : "all";
  const derivedValues = derivedEmotion?.value?.[derivedKey];
  const derived = derivedValues
    ? {
        label: `mean satisfaction, ${derivedKey === "all" ? "all users" : (doc.personas.find((p) => p.id === derivedKey)?.name ?? derivedKey)}`,
        values: derivedValues,
      }
    : null;
  const gridStyle = {
    gridTemplateColumns: `var(--jw-lane-header-width) repeat(${totalColumns}, minmax(var(--jw-column-min), 1fr))`,
    // columns share the width (cards wrap their text); below their minimum width the map scrolls sideways
    minWidth: `calc(var(--jw-lane-header-width) + ${totalColumns} * var(--jw-column-min))`,
  };
  const fit = () => {
    const box = scroller.current;
    const grid = box?.firstElementChild as HTMLElement | null;
    if (!box || !grid) return;
    const natural = grid.scrollWidth / editor.zoom.value;
    editor.setZoom(Math.min(1, box.clientWidth / natural));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (isTextEntry(e.target) || !(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) editor.undo();
    else if ((key === "z" && e.shiftKey) || key === "y") editor.redo();
    else return;
    e.preventDefault();
  };
  return (
    <section
      class={editor.editable.value ? "jw-map jw-editable" : "jw-map"}
      ref={section}
      aria-label={`Journey map: ${doc.title}`}
      style={{ fontSize: `${editor.zoom.value}em` }}
      onKeyDown={onKeyDown}
    >
      <header class="jw-header">
        <div class="jw-title-block">
          <h2 class="jw-title">{doc.title}</h2>
          {doc.description && <p class="jw-description">{doc.description}</p>}
        </div>
        <Toolbar
          history={history}
          personas={doc.personas}
          persona={bound ? persona.value : (selected?.id ?? null)}
          allUsers={bound}
          onPersona={onPersona}
          showPersona={showPersona.value}
          onTogglePersona={() => (showPersona.value = !showPersona.value)}
          onFit={fit}
        />
      </header>
      {showPersona.value && selected && <PersonaPanel persona={selected} />}
      {doc.stages.length === 0 || doc.lanes.length === 0 ? (
        <EmptyMap doc={doc} />
      ) : (
        <div class="jw-scroll" ref={scroller}>
          <div class="jw-grid" role="table" aria-rowcount={doc.lanes.length + 1} style={gridStyle}>
            <div class="jw-corner" />
            <StageHeaders columns={columns} />
            {doc.lanes.map((lane, index) => (
              <div
                key={lane.id}
                class="jw-row"
                role="row"
                tabIndex={-1}
                data-lane-kind={lane.kind}
                data-lane-id={lane.id}
              >
                <LaneHeader lane={lane} index={index} count={doc.lanes.length} />
                {lane.kind === "emotion" ? (
                  <EmotionCurve doc={doc} columns={columns} persona={selected} derived={derived} />
                ) : lane.kind === "metric" ? (
                  <MetricLane
                    doc={doc}
                    columns={columns}
                    values={values}
                    selectedStage={editor.selection.value.stage}
                  />
                ) : (
                  <LaneCells lane={lane} columns={columns} cells={cellsByLane.get(lane.id) ?? NO_CELLS} />
                )}
              </div>
            ))}
          </div>
        </div>
      )}
      <Feedback />
    </section>
  );
}
