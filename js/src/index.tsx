// Entry of the widget bundle: every widget class picks its view through the `_view` trait.
import { computed, signal } from "@preact/signals";
import { render } from "preact";
import "./styles.css";
import { keepPlainKeysInViews } from "./hostShortcuts";
import { EditSession } from "./sync/session";
import { type Chart, FunnelView } from "./views/funnel/FunnelView";
import type { StageDetail } from "./views/funnel/StageAnalysis";
import type { Period, TrendData } from "./views/funnel/TrendChart";
import type { Comparison, FunnelData, Orientation } from "./views/funnel/types";
import { EditorContext, MapEditor, NO_SELECTION, type Selection } from "./views/map/editor";
import { JourneyMap } from "./views/map/JourneyMap";
import type { MetricValues } from "./views/map/MetricLane";
import { mapPicture } from "./views/map/mapPicture";
import type { Mode } from "./views/map/presentation";
import type { MetricTrends } from "./views/map/Sparkline";
import { type Choice, type Direction, PathView, type Status } from "./views/paths/PathView";
import type { Flows } from "./views/paths/sankey";
import { PersonaCards } from "./views/personas/PersonaCards";
import { type Model, traitSignal } from "./widget";

function renderMap(model: Model, el: HTMLElement): () => void {
  // User Timing marks, so profilers and our benchmarks can see how long a map takes to appear
  const started = performance.now();
  const session = new EditSession(model);
  const traits: (() => void)[] = [];
  const follow = <T,>(name: string) => {
    const [value, stop] = traitSignal<T>(model, name);
    traits.push(stop);
    return value;
  };
  const persona = follow<string | null>("persona");
  const editableTrait = follow<boolean>("editable");
  const mode = follow<Mode>("mode");
  // presenting is read-only, whatever `editable` says
  const editable = computed(() => editableTrait.value && mode.value !== "present");
  const selection = follow<Selection>("selected");
  const metrics = follow<MetricValues>("metrics");
  const personaMetrics = follow<Record<string, MetricValues>>("persona_metrics");
  const derivedEmotion = follow<Record<string, Record<string, number>>>("derived_emotion");
  const canUndo = follow<boolean>("can_undo");
  const canRedo = follow<boolean>("can_redo");
  const save = (name: string, value: unknown) => {
    model.set(name, value);
    model.save_changes();
  };
  // `selected_stage` mirrors `selected.stage`, so a funnel's `selected_stage` can be jslinked to the map's
  const onSelect = (s: Selection) => {
    model.set("selected", s);
    if (model.get("selected_stage") !== s.stage) model.set("selected_stage", s.stage);
    model.save_changes();
  };
  const followStage = () => {
    const stage = (model.get("selected_stage") as string | null | undefined) ?? null;
    if (selection.value.stage !== stage) onSelect({ stage, lane: null, card: null });
  };
  model.on("change:selected_stage", followStage);
  traits.push(() => model.off("change:selected_stage", followStage));
  const canSuggest = follow<boolean>("can_suggest");
  const editor = new MapEditor(session, { editable, canSuggest, selection, onSelect });
  render(
    <EditorContext.Provider value={editor}>
      <JourneyMap
        revision={session.revision}
        persona={persona}
        onPersona={(id) => save("persona", id)}
        metrics={metrics}
        personaMetrics={personaMetrics}
        derivedEmotion={derivedEmotion}
        metricTrends={follow<MetricTrends>("metric_trends")}
        mode={mode}
        onMode={(m) => save("mode", m)}
        exitLabel={computed(() => (editableTrait.value ? "Edit" : "Map"))}
        history={{ canUndo, canRedo }}
        picture={mapPicture(model)}
        metricsError={follow<string>("metrics_error")}
        busy={{ busy: follow<boolean>("busy"), progress: follow<number>("progress") }}
      />
    </EditorContext.Provider>,
    el,
  );
  performance.measure("journeywidgets:render", { start: started });
  requestAnimationFrame(() => {
    void el.offsetHeight; // include the first style and layout of the map
    performance.measure("journeywidgets:first-frame", { start: started });
  });
  return () => {
    for (const stop of traits) stop();
    editor.dispose();
    session.dispose();
    render(null, el);
  };
}

function renderFunnel(model: Model, el: HTMLElement): () => void {
  const traits: (() => void)[] = [];
  const follow = <T,>(name: string) => {
    const [value, stop] = traitSignal<T>(model, name);
    traits.push(stop);
    return value;
  };
  const save = (name: string, value: unknown) => {
    model.set(name, value);
    model.save_changes();
  };
  render(
    <FunnelView
      data={follow<FunnelData>("data")}
      title={follow<string>("title")}
      persona={follow<string | null>("persona")}
      compared={follow<string[]>("compared")}
      comparison={follow<Comparison>("comparison")}
      orientation={follow<Orientation>("orientation")}
      selected={follow<string | null>("selected_stage")}
      error={follow<string>("error")}
      detail={follow<StageDetail>("stage_detail")}
      chart={follow<Chart>("chart")}
      period={follow<Period>("period")}
      trend={follow<TrendData>("trend")}
      onChart={(chart) => save("chart", chart)}
      onPeriod={(period) => save("period", period)}
      busy={{ busy: follow<boolean>("busy"), progress: follow<number>("progress") }}
      onSelect={(stage) => save("selected_stage", stage)}
      onPersona={(persona) => save("persona", persona)}
      onCompare={(keys) => save("compared", keys)}
    />,
    el,
  );
  return () => {
    for (const stop of traits) stop();
    render(null, el);
  };
}

function renderPaths(model: Model, el: HTMLElement): () => void {
  const traits: (() => void)[] = [];
  const follow = <T,>(name: string) => {
    const [value, stop] = traitSignal<T>(model, name);
    traits.push(stop);
    return value;
  };
  render(
    <PathView
      flows={follow<Flows>("flows")}
      stages={follow<Choice[]>("stages")}
      personas={follow<Choice[]>("personas")}
      stage={follow<string | null>("selected_stage")}
      persona={follow<string | null>("persona")}
      direction={follow<Direction>("direction")}
      steps={follow<number>("steps")}
      status={follow<Status>("status")}
      busy={{ busy: follow<boolean>("busy"), progress: follow<number>("progress") }}
      onChange={(name, value) => {
        model.set(name, value);
        model.save_changes();
      }}
    />,
    el,
  );
  return () => {
    for (const stop of traits) stop();
    render(null, el);
  };
}

function renderPersonas(model: Model, el: HTMLElement): () => void {
  const session = new EditSession(model);
  const [editable, stopEditable] = traitSignal<boolean>(model, "editable");
  const [persona, stopPersona] = traitSignal<string | null>(model, "persona");
  const [only, stopOnly] = traitSignal<boolean>(model, "only");
  const editor = new MapEditor(session, { editable, selection: signal<Selection>(NO_SELECTION) });
  const choose = (id: string | null) => {
    model.set("persona", id);
    model.save_changes();
  };
  render(
    <EditorContext.Provider value={editor}>
      <PersonaCards persona={persona} only={only} onChoose={choose} />
    </EditorContext.Provider>,
    el,
  );
  return () => {
    for (const stop of [stopEditable, stopPersona, stopOnly]) stop();
    editor.dispose();
    session.dispose();
    render(null, el);
  };
}

const VIEWS: Record<string, (model: Model, el: HTMLElement) => () => void> = {
  map: renderMap,
  funnel: renderFunnel,
  personas: renderPersonas,
  paths: renderPaths,
};

export default {
  render({ model, el }: { model: Model; el: HTMLElement }) {
    el.classList.add("jw-root");
    keepPlainKeysInViews();
    const view = String(model.get("_view"));
    const renderView = VIEWS[view];
    if (!renderView) {
      el.textContent = `journeywidgets: unknown view "${view}" (is the Python package newer than its bundle?)`;
      return;
    }
    return renderView(model, el);
  },
};
