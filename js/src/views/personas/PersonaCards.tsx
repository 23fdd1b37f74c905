// Persona cards: one persona (PersonaCard) or a gallery of all of a journey's personas (PersonaGallery),
// each editable in place through the same edit session (operations) as the map. Choosing a card sets
// the widget's `persona`, which a board links to the map and the funnel.
import { type ReadonlySignal, useSignal } from "@preact/signals";
import { useContext } from "preact/hooks";
import type { Persona } from "../../model/types";
import { EditorContext } from "../map/editor";
import { Feedback } from "../map/Feedback";
import { PersonaPanel } from "../map/PersonaPanel";
import { Avatar } from "./Avatar";
import "./personas.css";

function PersonaCard({
  persona,
  chosen,
  onChoose,
}: {
  persona: Persona;
  chosen: boolean;
  onChoose: (() => void) | null;
}) {
  const editor = useContext(EditorContext)!;
  const editing = useSignal(false);
  return (
    <article
      class={chosen ? "jw-persona-card jw-chosen" : "jw-persona-card"}
      data-persona-id={persona.id}
      style={{ "--jw-point": persona.color || "var(--jw-accent)" }}
    >
      <header class="jw-persona-card-header">
        <Avatar persona={persona} />
        <div class="jw-persona-card-title">
          <h3>{persona.name}</h3>
          {persona.quote && <q>{persona.quote}</q>}
        </div>
        <div class="jw-persona-card-actions">
          {onChoose && (
            <button
              type="button"
              class="jw-chip"
              aria-pressed={chosen}
              title={`Show ${persona.name}'s numbers on the linked map and funnel`}
              onClick={onChoose}
            >
              {chosen ? "Shown" : "Show"}
            </button>
          )}
          {editor.editable.value && (
            <button
              type="button"
              class="jw-button"
              aria-expanded={editing.value}
              aria-label={`${editing.value ? "Done editing" : "Edit"} ${persona.name}`}
              onClick={() => (editing.value = !editing.value)}
            >
              {editing.value ? "Done" : "Edit"}
            </button>
          )}
        </div>
      </header>
      <PersonaPanel persona={persona} readOnly={!editing.value} compact />
    </article>
  );
}

export function PersonaCards({
  persona,
  only,
  onChoose,
}: {
  persona: ReadonlySignal<string | null>;
  only: ReadonlySignal<boolean>;
  onChoose: (id: string | null) => void;
}) {
  const editor = useContext(EditorContext)!;
  const doc = editor.doc.value;
  const shown = only.value ? doc.personas.filter((p) => p.id === persona.value) : doc.personas;
  return (
    <section class="jw-personas" aria-label={only.value ? "Persona" : `Personas of ${doc.title}`}>
      {shown.length === 0 ? (
        <p class="jw-empty">
          {only.value
            ? "This persona is no longer in the journey."
            : 'No personas yet: add one from Python with journey.add_persona("Maya").'}
        </p>
      ) : (
        <div class="jw-persona-grid">
          {shown.map((p) => (
            <PersonaCard
              key={p.id}
              persona={p}
              chosen={!only.value && p.id === persona.value}
              onChoose={only.value ? null : () => onChoose(p.id === persona.value ? null : p.id)}
            />
          ))}
        </div>
      )}
      <Feedback />
    </section>
  );
}
