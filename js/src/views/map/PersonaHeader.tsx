// The persona a map is drawn for, as a journey map's header shows it: avatar (its image, or initials on
// the persona's colour), name, quote and goals. It follows the persona switch; "All users" says whose numbers they are.
import type { Persona } from "../../model/types";
import { Avatar } from "../personas/Avatar";

const MAX_GOALS = 3;

export function PersonaHeader({ persona, allUsers }: { persona: Persona | null; allUsers: boolean }) {
  if (!persona) {
    if (!allUsers) return null;
    return (
      <section class="jw-persona-header jw-persona-all" aria-label="Shown for all users">
        <span class="jw-avatar" aria-hidden="true">
          All
        </span>
        <div class="jw-persona-header-text">
          <strong class="jw-persona-header-name">All users</strong>
          <span class="jw-persona-header-quote">
            Numbers for everyone in the log; the emotion lane draws each persona's curve.
          </span>
        </div>
      </section>
    );
  }
  const goals = persona.goals.filter((g) => g.trim() !== "");
  return (
    <section
      class="jw-persona-header"
      aria-label={`Persona: ${persona.name}`}
      style={{ "--jw-point": persona.color || "var(--jw-accent)" }}
    >
      <Avatar persona={persona} />
      <div class="jw-persona-header-text">
        <strong class="jw-persona-header-name">{persona.name}</strong>
        {persona.quote && <q class="jw-persona-header-quote">{persona.quote}</q>}
      </div>
      {goals.length > 0 && (
        <div class="jw-persona-header-goals">
          <span class="jw-persona-header-label">Goals</span>
          <ul>
            {goals.slice(0, MAX_GOALS).map((goal, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: goals are plain texts that may repeat
              <li key={i}>{goal}</li>
            ))}
            {goals.length > MAX_GOALS && <li class="jw-muted">+{goals.length - MAX_GOALS} more</li>}
          </ul>
        </div>
      )}
    </section>
  );
}
