// The selected persona's fields, editable in place (each change is one update_persona operation).
import { useContext, useEffect, useRef } from "preact/hooks";
import type { Persona } from "../../model/types";
import { EditorContext } from "./editor";

const LIST_FIELDS = [
  ["goals", "Goals"],
  ["pains", "Challenges and pains"],
  ["channels", "Channels"],
  ["preferences", "Preferences"],
] as const;

const TEXT_FIELDS = [
  ["name", "Name"],
  ["description", "Description"],
  ["quote", "Quote"],
  ["segment", "Segment (filter on user attributes)"],
  ["image", "Picture (https:// address or data:image URI)"],
] as const;

/**
 * A persona's fields: inputs when the view is editable, else text. `readOnly` shows text anyway (a
 * card's read view); `compact` leaves out what a card's header already shows (name, quote).
 */
export function PersonaPanel({
  persona,
  readOnly = false,
  compact = false,
  focusName = false,
  onDelete,
}: {
  persona: Persona;
  readOnly?: boolean;
  compact?: boolean;
  /** put the focus in the name field (a persona just added) */
  focusName?: boolean;
  /** offer "Delete persona" (the map's panel) */
  onDelete?: () => void;
}) {
  const editor = useContext(EditorContext)!;
  const fields = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focusName) return;
    const name = fields.current?.querySelector<HTMLInputElement>("input");
    name?.focus();
    name?.select();
  }, [focusName, persona.id]);
  const editable = editor.editable.value && !readOnly;
  const update = (changes: Record<string, unknown>) => editor.updatePersona(persona.id, changes);
  const demographics = Object.entries(persona.demographics);
  return (
    <section
      class="jw-persona-panel"
      aria-label={`Persona ${persona.name}`}
      style={{ "--jw-point": persona.color || "var(--jw-accent)" }}
    >
      <div class="jw-persona-fields" ref={fields}>
        {TEXT_FIELDS.filter(([field]) => editable || !compact || (field !== "name" && field !== "quote")).map(
          ([field, label]) =>
            editable ? (
              <label key={field} class="jw-field">
                <span>{label}</span>
                <input
                  key={`${persona.id}-${field}-${persona[field]}`}
                  defaultValue={persona[field]}
                  class={field === "segment" ? "jw-code" : undefined}
                  onChange={(e) => update({ [field]: e.currentTarget.value })}
                />
              </label>
            ) : (
              <div key={field} class="jw-field">
                <span>{label}</span>
                <span class="jw-field-value">{persona[field]}</span>
              </div>
            ),
        )}
        {demographics.length > 0 && (
          <p class="jw-demographics">{demographics.map(([k, v]) => `${k}: ${v}`).join(" · ")}</p>
        )}
        {editable && onDelete && (
          <button type="button" class="jw-button jw-danger jw-delete-persona" onClick={onDelete}>
            Delete persona
          </button>
        )}
      </div>
      <div class="jw-persona-lists">
        {LIST_FIELDS.map(([field, label]) =>
          editable ? (
            <label key={field} class="jw-field">
              <span>{label}</span>
              <textarea
                key={`${persona.id}-${field}-${persona[field].join("\n")}`}
                rows={3}
                defaultValue={persona[field].join("\n")}
                aria-description="One per line"
                onChange={(e) =>
                  update({
                    [field]: e.currentTarget.value
                      .split("\n")
                      .map((line) => line.trim())
                      .filter(Boolean),
                  })
                }
              />
            </label>
          ) : (
            <div key={field} class="jw-field">
              <span>{label}</span>
              <ul class="jw-field-list">
                {persona[field].map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </div>
          ),
        )}
      </div>
    </section>
  );
}
