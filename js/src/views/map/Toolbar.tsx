// The map's header: title, persona switcher, and the toolbar (undo, redo, add stage/lane, zoom, download).
import type { ReadonlySignal } from "@preact/signals";
import { useContext } from "preact/hooks";
import { DownloadButtons, type PictureTheme } from "../../export/DownloadButtons";
import type { Persona } from "../../model/types";
import { cardMatches } from "./cardFilter";
import { EditorContext, type MapEditor } from "./editor";

export interface HistoryState {
  canUndo: ReadonlySignal<boolean>;
  canRedo: ReadonlySignal<boolean>;
}

function PersonaSwitcher({
  personas,
  value,
  onChange,
  allUsers,
}: {
  personas: Persona[];
  value: string | null;
  onChange: (id: string | null) => void;
  allUsers: boolean;
}) {
  if (personas.length === 0) return null;
  return (
    <label class="jw-persona-switcher">
      <span>Persona</span>
      <select value={value ?? ""} onChange={(e) => onChange(e.currentTarget.value || null)}>
        {allUsers && <option value="">All users</option>}
        {personas.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

const EVIDENCE_WORDS: Record<string, string> = {
  observed: "Observed",
  reported: "Reported",
  data: "Data",
  inferred: "Inferred",
  hypothesis: "Hypothesis",
};

/** The find box: matching cards are marked and the rest dimmed; it says how many match. */
function FindCards({ editor }: { editor: MapEditor }) {
  const query = editor.filter.value;
  const cards = editor.doc.value.cards;
  const found = query.trim()
    ? cards.filter((c) => cardMatches(c, query, EVIDENCE_WORDS[c.evidence])).length
    : null;
  return (
    <span class="jw-tool-group jw-find">
      <input
        type="search"
        class="jw-find-input"
        aria-label="Find cards (text, tag, evidence, owner)"
        placeholder="Find cards…"
        value={query}
        onInput={(e) => (editor.filter.value = e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") editor.filter.value = "";
        }}
      />
      {found !== null && (
        <span class="jw-find-count" aria-live="polite">
          {found === 1 ? "1 card" : `${found} cards`}
        </span>
      )}
    </span>
  );
}

export function Toolbar({
  history,
  personas,
  persona,
  onPersona,
  showPersona,
  personaDetails = true,
  onTogglePersona,
  onAddPersona,
  allUsers = false,
  onFit,
  onPresent,
  download,
}: {
  history: HistoryState;
  personas: Persona[];
  persona: string | null;
  onPersona: (id: string | null) => void;
  showPersona: boolean;
  /** whether a persona is shown (not "All users"), so there are details to open */
  personaDetails?: boolean;
  onTogglePersona: () => void;
  /** add a persona and show it (editable maps) */
  onAddPersona?: () => void;
  /** offer "All users" (a bound map shows everyone's numbers when no persona is chosen) */
  allUsers?: boolean;
  onFit: () => void;
  /** switch to presentation mode (absent: no such button) */
  onPresent?: () => void;
  /** the Download buttons' file name and picture (absent: no such buttons) */
  download?: { name: string; draw: (theme: PictureTheme) => Promise<string> };
}) {
  const editor = useContext(EditorContext)!;
  const editable = editor.editable.value;
  const zoom = editor.zoom.value;
  return (
    <div class="jw-toolbar" role="toolbar" aria-label="Map tools">
      <PersonaSwitcher personas={personas} value={persona} onChange={onPersona} allUsers={allUsers} />
      {personas.length > 0 && (
        <button
          type="button"
          class="jw-button"
          aria-expanded={showPersona}
          disabled={!personaDetails}
          title={personaDetails ? undefined : "Choose a persona to see its details"}
          onClick={onTogglePersona}
        >
          Persona details
        </button>
      )}
      {personas.length > 1 && (
        <button
          type="button"
          class="jw-button"
          aria-pressed={editor.comparePersonas.value}
          title="Overlay every persona's emotion curve"
          onClick={() => (editor.comparePersonas.value = !editor.comparePersonas.value)}
        >
          Compare personas
        </button>
      )}
      {editable && (
        <span class="jw-tool-group">
          <button
            type="button"
            class="jw-button"
            disabled={!history.canUndo.value}
            title="Undo (Ctrl+Z)"
            onClick={() => editor.undo()}
          >
            Undo
          </button>
          <button
            type="button"
            class="jw-button"
            disabled={!history.canRedo.value}
            title="Redo (Ctrl+Shift+Z)"
            onClick={() => editor.redo()}
          >
            Redo
          </button>
          <button type="button" class="jw-button" onClick={() => editor.addStage()}>
            + Stage
          </button>
          <button type="button" class="jw-button" onClick={() => editor.addLane()}>
            + Lane
          </button>
          {onAddPersona && (
            <button type="button" class="jw-button" onClick={onAddPersona}>
              + Persona
            </button>
          )}
          {editor.canSuggest.value && (
            <button
              type="button"
              class="jw-button jw-suggest"
              aria-disabled={editor.suggesting.value}
              aria-busy={editor.suggesting.value}
              title="Add the data's top findings as cards: the largest drop-off, the slowest step, the lowest-rated stage, a persona that converts worse"
              onClick={() => editor.suggest()}
            >
              {editor.suggesting.value ? "Suggesting…" : "Suggest from data"}
            </button>
          )}
        </span>
      )}
      <span class="jw-tool-group">
        <button
          type="button"
          class="jw-button"
          aria-label="Zoom out"
          onClick={() => editor.setZoom(zoom - 0.1)}
        >
          −
        </button>
        <span class="jw-zoom" aria-live="polite">
          {Math.round(zoom * 100)}%
        </span>
        <button
          type="button"
          class="jw-button"
          aria-label="Zoom in"
          onClick={() => editor.setZoom(zoom + 0.1)}
        >
          +
        </button>
        <button type="button" class="jw-button" title="Fit the map to the width" onClick={onFit}>
          Fit
        </button>
        <button
          type="button"
          class="jw-button"
          aria-pressed={editor.compact.value}
          title="Compact cards: two lines each, for large maps"
          onClick={() => (editor.compact.value = !editor.compact.value)}
        >
          Compact
        </button>
      </span>
      <FindCards editor={editor} />
      {download && <DownloadButtons what="the map" name={download.name} draw={download.draw} />}
      {onPresent && (
        <button
          type="button"
          class="jw-button jw-present"
          title="Present the map stage by stage"
          onClick={onPresent}
        >
          Present
        </button>
      )}
    </div>
  );
}
