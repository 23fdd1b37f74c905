// The swimlane map: a header with the toolbar, then stages (and steps) as columns, lanes as rows,
// cards in cells. Editing happens through the MapEditor in context; everything shown comes from its
// edit session's view of the document.
import { type ReadonlySignal, type Signal, useSignal, useSignalEffect } from "@preact/signals";
import { useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { PictureTheme } from "../../export/DownloadButtons";
import type { Card, JourneyDoc } from "../../model/types";
import { BusyBar, type BusyState } from "../busy/BusyBar";
import { LaneCells } from "./Cells";
import { cardHandlers } from "./cardEvents";
import { EmotionCurve } from "./EmotionCurve";
import { EditorContext } from "./editor";
import { Feedback } from "./Feedback";
import { FoldToggle } from "./FoldToggle";
import { stopSelector } from "./grid";
import { isTextEntry, onGridKeyDown, stopOfElement } from "./gridKeys";
import { StageHeaders } from "./Headers";
import { movedByUser } from "./keepFocus";
import { LaneHeader } from "./LaneHeader";
import { cardsByLane, firstFrameLanes, gridColumns, stageColumns } from "./layout";
import { MetricLane, type MetricValues } from "./MetricLane";
import { PersonaHeader } from "./PersonaHeader";
import { PersonaPanel } from "./PersonaPanel";
import { PresenterBar, SpeakerNotes } from "./PresenterBar";
import { type Mode, presenterKey, stepStage } from "./presentation";
import type { MetricTrends } from "./Sparkline";
import "./presentation.css";
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
  /** A bound map's metrics per entry period, for the sparklines (`trend_period`; {} when none). */
  metricTrends?: ReadonlySignal<MetricTrends>;
  history: HistoryState;
  /** "present": read-only, large type, a stage-by-stage walkthrough; absent means always "edit" */
  mode?: ReadonlySignal<Mode>;
  onMode?: (mode: Mode) => void;
  /** the presenter bar's way out: "Edit" where the map can be edited, "Map" on a read-only page */
  exitLabel?: ReadonlySignal<string>;
  /** the map's picture as SVG text for a persona id (null: none, or all users), for the Download buttons */
  picture?: (persona: string | null, theme?: PictureTheme) => Promise<string>;
  /** why a bound map's numbers could not be updated (empty when they are current) */
  metricsError?: ReadonlySignal<string>;
  /** a bound map's binding computing new numbers: a thin bar, the metric and emotion lanes greyed */
  busy?: BusyState;
}

const NO_CELLS = new Map<string, Card[]>();
/** Fit never shrinks the map below this zoom (text stays readable; the rest scrolls). */
export const FIT_MIN_ZOOM = 0.6;

/**
 * Scroll the map sideways so a stage's columns are wholly visible right of the sticky lane names (as
 * much of it as fits, from its start, when it is wider than the view).
 */
export function revealStage(box: HTMLElement | null, stageId: string): void {
  const header = box?.querySelector<HTMLElement>(
    `.jw-stage-header[data-stage-id=${JSON.stringify(stageId)}]`,
  );
  const lanes = box?.querySelector<HTMLElement>(".jw-corner");
  if (!box || !header) return;
  const view = box.getBoundingClientRect();
  const rect = header.getBoundingClientRect();
  const left = view.left + (lanes?.getBoundingClientRect().width ?? 0);
  let delta = 0;
  if (rect.left < left || rect.width > view.right - left) delta = rect.left - left;
  else if (rect.right > view.right) delta = rect.right - view.right;
  if (delta !== 0) box.scrollBy?.({ left: delta });
}

/** What a journey with no stages or no lanes is missing, and how to add it. */
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
  metricTrends,
  history,
  mode,
  onMode,
  exitLabel,
  picture,
  metricsError,
  busy,
}: JourneyMapProps) {
  const editor = useContext(EditorContext)!;
  const scroller = useRef<HTMLDivElement>(null);
  const section = useRef<HTMLElement>(null);
  // set on the element directly, so a confirmation from Python re-renders nothing
  useSignalEffect(() => {
    if (section.current) section.current.dataset.revision = String(revision.value);
  });
  const showPersona = useSignal(false);
  // a persona added here is shown at once, and becomes the view's `persona` once Python has it (Python
  // checks that a view's persona exists)
  const newPersona = useSignal<string | null>(null);
  const waitingPersona = useSignal<string | null>(null);
  useSignalEffect(() => {
    void editor.session.revision.value;
    const id = waitingPersona.value;
    if (id && editor.session.confirmedDocument.personas.some((p) => p.id === id)) {
      waitingPersona.value = null;
      onPersona(id);
    }
  });
  const addPersona = () => {
    const id = editor.addPersona();
    if (id === null) return;
    newPersona.value = id;
    waitingPersona.value = id;
    showPersona.value = true;
  };
  const removePersona = (id: string) => {
    const rest = editor.doc.value.personas.filter((p) => p.id !== id);
    if (!editor.removePersona(id)) return;
    onPersona(rest[0]?.id ?? null);
    if (rest.length === 0) showPersona.value = false;
  };
  const doc = editor.doc.value;
  const columns = useMemo(() => stageColumns(doc), [doc.stages]);
  const totalColumns = columns.reduce((n, c) => n + c.span, 0);
  const lanesCache = useRef<Map<string, Map<string, Card[]>> | null>(null);
  const cellsByLane = useMemo(() => cardsByLane(doc.cards, lanesCache.current), [doc.cards]);
  lanesCache.current = cellsByLane;
  // a large map draws the lanes at the top first and the others in the next frame, so its first picture
  // comes sooner (at 12 x 8 x 500 cards, a third of the cards); later renders draw every lane
  const [firstFrame, setFirstFrame] = useState(() => firstFrameLanes(doc.lanes, cellsByLane));
  const drawnInParts = useRef(firstFrame !== null);
  useEffect(() => {
    if (firstFrame === null) return;
    const frame = requestAnimationFrame(() => setFirstFrame(null));
    return () => cancelAnimationFrame(frame);
  }, []);
  useLayoutEffect(() => {
    if (firstFrame !== null || !drawnInParts.current) return;
    drawnInParts.current = false;
    performance.mark("journeywidgets:complete"); // every card drawn (benchmarks/map_editor.py reads it)
  }, [firstFrame]);
  // a bound map can show all users (persona null): then no persona stands in for them (the emotion lane
  // draws what was measured and every persona's curve, and there are no persona details to open)
  const bound = Object.keys(personaMetrics?.value ?? {}).length > 0;
  const allUsers = bound && persona.value === null && waitingPersona.value === null;
  const shownId = waitingPersona.value ?? persona.value;
  const selected = allUsers ? null : (doc.personas.find((p) => p.id === shownId) ?? doc.personas[0] ?? null);
  const values = (persona.value && personaMetrics?.value?.[persona.value]) || metrics.value;
  // the sparklines, when they are of the population whose values are shown (a persona's segment, or all users)
  const population = persona.value && personaMetrics?.value?.[persona.value] ? persona.value : null;
  const trends = metricTrends?.value;
  const shownTrends = trends?.metrics && (trends.persona ?? null) === population ? trends : null;
  // whose map is shown: a bound map may show all users (null); an unbound one always shows a persona's curve
  const shownPersona = bound ? persona.value : (selected?.id ?? null);
  const shownName = doc.personas.find((p) => p.id === shownPersona)?.name;
  const tabStop = editor.tabStop.value;
  const derivedKey = persona.value && derivedEmotion?.value?.[persona.value] ? persona.value : "all";
  const derivedValues = derivedEmotion?.value?.[derivedKey];
  const derived = derivedValues
    ? {
        label: `mean satisfaction, ${derivedKey === "all" ? "all users" : (doc.personas.find((p) => p.id === derivedKey)?.name ?? derivedKey)}`,
        values: derivedValues,
      }
    : null;
  // columns share the width (cards wrap their text); below their minimum width the map scrolls sideways
  const widths = gridColumns(columns);
  const gridStyle = { gridTemplateColumns: widths.template, minWidth: widths.minWidth };
  const fit = () => {
    const box = scroller.current;
    const grid = box?.firstElementChild as HTMLElement | null;
    if (!box || !grid) return;
    const natural = grid.scrollWidth / editor.zoom.value;
    // no smaller than a readable 60% (9 px text): a map wider than that scrolls sideways
    editor.setZoom(Math.max(FIT_MIN_ZOOM, Math.min(1, box.clientWidth / natural)));
  };
  const presenting = mode?.value === "present";
  const showNotes = useSignal(false);
  const current = editor.selection.value.stage;
  const goTo = (stage: string | null) => editor.select({ stage });
  const step = (delta: number) => goTo(stepStage(doc, current, delta));
  const fullscreen = () => {
    const box = section.current;
    if (!box) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void box.requestFullscreen?.().catch(() => editor.announce("Full screen is not allowed here"));
  };
  // entering presentation mode puts the keyboard on the map, so the arrow keys walk through it at once;
  // the deck starts at the top, at the first stage
  useEffect(() => {
    if (!presenting) return;
    scroller.current?.scrollTo({ top: 0, left: 0 });
    section.current?.scrollIntoView?.({ block: "start" });
    section.current?.focus({ preventScroll: true });
    const first = doc.stages[0]?.id ?? null;
    if (first !== null) goTo(first);
  }, [presenting]);
  // while presenting, the current stage's columns come fully into view (beside the sticky lane names)
  useEffect(() => {
    if (presenting && current !== null) revealStage(scroller.current, current);
  }, [presenting, current]);
  const onPresenterKey = (e: KeyboardEvent) => {
    const action = presenterKey(e.key);
    if (action === null || e.ctrlKey || e.metaKey || e.altKey) return;
    if (action === "notes") showNotes.value = !showNotes.value;
    else if (action === "fullscreen") fullscreen();
    else if ("delta" in action) step(action.delta);
    else goTo(stepStage(doc, null, action.to === "first" ? 1 : -1));
    e.preventDefault();
    e.stopPropagation(); // the host's shortcuts (JupyterLab's arrows select cells) must not act too
  };
  // the grid's one tab stop follows the focus (a click, or a card's editor closing), and after an action
  // the focus goes where the editor asked, once the view shows it (a new cell, a neighbour of a deleted card)
  const focusDone = useRef(0);
  const focusWanted = editor.focusRequest.value;
  useLayoutEffect(() => {
    if (focusDone.current === focusWanted) return;
    const stop = editor.tabStop.value;
    const el = stop && section.current?.querySelector<HTMLElement>(stopSelector(stop));
    if (!el) return; // not drawn yet: the next render tries again
    focusDone.current = focusWanted;
    if (document.activeElement !== el && !isTextEntry(document.activeElement)) el.focus();
  });
  editor.focusNow = (stop) => {
    const el = section.current?.querySelector<HTMLElement>(stopSelector(stop));
    if (el && document.activeElement !== el) el.focus();
  };
  // a re-render that moves the focused stop's element (a stage moved, a card put in another cell) blurs
  // it with no user action: the focus goes back to the grid's stop instead of the page's body
  const onFocusOut = (e: FocusEvent) => {
    if (e.relatedTarget !== null || movedByUser(e.target!)) return;
    queueMicrotask(() => {
      const now = document.activeElement;
      if (now !== null && now !== document.body) return;
      const stop = editor.tabStop.value;
      section.current
        ?.querySelector<HTMLElement>(stop ? stopSelector(stop) : "")
        ?.focus({ preventScroll: true });
    });
  };
  const cards = cardHandlers(editor);
  const onFocusIn = (e: FocusEvent) => {
    cards.focusCard(e);
    const stop = stopOfElement(e.target as Element);
    if (stop) editor.activate(stop);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (presenting && !isTextEntry(e.target)) {
      onPresenterKey(e);
      return;
    }
    if (isTextEntry(e.target) || !(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) editor.undo();
    else if ((key === "z" && e.shiftKey) || key === "y") editor.redo();
    else return;
    e.preventDefault();
  };
  return (
    <section
      class={[
        "jw-map",
        editor.editable.value && "jw-editable",
        presenting && "jw-presenting",
        presenting && current !== null && "jw-has-current",
        editor.compact.value && "jw-compact",
        (editor.dragging.value !== null || editor.pickedUp.value !== null) && "jw-moving-card",
        editor.filter.value.trim() !== "" && "jw-filtering",
        busy?.busy.value && "jw-numbers-busy",
      ]
        .filter(Boolean)
        .join(" ")}
      ref={section}
      tabIndex={-1}
      aria-label={`Journey map: ${doc.title}${presenting ? " (presentation)" : ""}`}
      aria-keyshortcuts={presenting ? "ArrowRight ArrowLeft Home End N F" : undefined}
      style={presenting ? { fontSize: "1.2em" } : undefined}
      onKeyDown={onKeyDown}
    >
      <header class="jw-header">
        <div class="jw-title-block">
          <h2 class="jw-title">{doc.title}</h2>
          {doc.description && <p class="jw-description">{doc.description}</p>}
        </div>
        {presenting ? (
          <PresenterBar
            doc={doc}
            current={current}
            onStep={step}
            notes={showNotes.value}
            onNotes={() => (showNotes.value = !showNotes.value)}
            onFullscreen={fullscreen}
            onExit={onMode ? () => onMode("edit") : null}
            exitLabel={exitLabel?.value ?? "Edit"}
          />
        ) : (
          <Toolbar
            history={history}
            personas={doc.personas}
            persona={shownPersona}
            allUsers={bound}
            onPersona={onPersona}
            showPersona={showPersona.value && selected !== null}
            personaDetails={selected !== null}
            onAddPersona={addPersona}
            onTogglePersona={() => (showPersona.value = !showPersona.value)}
            onFit={fit}
            onPresent={onMode ? () => onMode("present") : undefined}
            download={
              picture && {
                name: shownName ? `${doc.title} ${shownName}` : doc.title,
                draw: (theme) => picture(shownPersona, theme),
              }
            }
          />
        )}
      </header>
      <BusyBar state={busy} what="the map's numbers" />
      {metricsError?.value && (
        <p class="jw-metrics-error" role="alert">
          Numbers not updated: {metricsError.value}
        </p>
      )}
      {presenting && showNotes.value && <SpeakerNotes doc={doc} current={current} />}
      {doc.personas.length > 0 && <PersonaHeader persona={selected} allUsers={allUsers} />}
      {showPersona.value && selected && !presenting && (
        <PersonaPanel
          persona={selected}
          focusName={newPersona.value === selected.id}
          onDelete={() => removePersona(selected.id)}
        />
      )}
      {doc.stages.length === 0 && doc.lanes.length === 0 ? (
        <EmptyMap doc={doc} />
      ) : (
        // the zoom scales the map's grid only: the header and its toolbar keep their size
        <div class="jw-scroll" ref={scroller} style={{ fontSize: `${editor.zoom.value}em` }}>
          <div
            class="jw-grid"
            role="grid"
            aria-label={`${doc.title}: stages across, lanes down`}
            aria-describedby={`${editor.uid}-grid-help`}
            aria-readonly={!editor.editable.value}
            aria-rowcount={doc.lanes.length + 1}
            style={gridStyle}
            onKeyDown={(e) => onGridKeyDown(editor, e, () => section.current?.focus())}
            onFocusIn={onFocusIn}
            onFocusOut={onFocusOut}
            onClick={cards.onClick}
            onDblClick={cards.onDblClick}
            onPointerDown={cards.onPointerDown}
          >
            <StageHeaders columns={columns} />
            {doc.lanes.map((lane, index) => (
              <div
                key={lane.id}
                class="jw-row"
                role="row"
                tabIndex={-1}
                data-lane-kind={lane.kind}
                data-lane-id={lane.id}
                aria-busy={
                  busy?.busy.value && (lane.kind === "metric" || lane.kind === "emotion") ? "true" : undefined
                }
              >
                <LaneHeader lane={lane} index={index} count={doc.lanes.length} />
                {lane.collapsed && (lane.kind === "emotion" || lane.kind === "metric") ? (
                  <div
                    class="jw-cell jw-cell-folded jw-row-stop"
                    role="gridcell"
                    tabIndex={tabStop?.kind === "row" && tabStop.lane === lane.id ? 0 : -1}
                    data-lane-id={lane.id}
                    style={{ gridColumn: `2 / span ${totalColumns}` }}
                  >
                    <span class="jw-muted">
                      {lane.kind === "emotion" ? "Emotion curve folded" : "Metrics folded"}
                    </span>{" "}
                    <FoldToggle kind="lane" id={lane.id} name={lane.name} collapsed={true} />
                  </div>
                ) : lane.kind === "emotion" ? (
                  <EmotionCurve
                    doc={doc}
                    laneId={lane.id}
                    columns={columns}
                    persona={selected}
                    allUsers={allUsers}
                    derived={derived}
                    tabIndex={tabStop?.kind === "row" && tabStop.lane === lane.id ? 0 : -1}
                  />
                ) : lane.kind === "metric" ? (
                  <MetricLane
                    doc={doc}
                    laneId={lane.id}
                    columns={columns}
                    values={values}
                    trends={shownTrends}
                    selectedStage={editor.selection.value.stage}
                    tabStop={tabStop?.kind === "metric" && tabStop.lane === lane.id ? tabStop.stage : null}
                  />
                ) : firstFrame && !firstFrame.has(lane.id) ? (
                  // drawn in the next frame: one placeholder cell holds the row's place until then
                  <div
                    class="jw-cell jw-cell-pending"
                    role="gridcell"
                    tabIndex={-1}
                    aria-busy="true"
                    style={{ gridColumn: `2 / span ${totalColumns}` }}
                  />
                ) : (
                  <LaneCells lane={lane} columns={columns} cells={cellsByLane.get(lane.id) ?? NO_CELLS} />
                )}
              </div>
            ))}
            {(doc.stages.length === 0 || doc.lanes.length === 0) && (
              <div class="jw-row" role="row" tabIndex={-1}>
                <div
                  class="jw-cell jw-grid-hint"
                  role="gridcell"
                  tabIndex={-1}
                  style={{ gridColumn: "1 / -1" }}
                >
                  <EmptyMap doc={doc} />
                </div>
              </div>
            )}
          </div>
        </div>
      )}
      <Feedback />
    </section>
  );
}
