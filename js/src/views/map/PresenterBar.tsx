// The controls of presentation mode: previous and next stage, where we are, notes, full screen, and the way
// back to editing. Replaces the editing toolbar while presenting.
import type { JourneyDoc } from "../../model/types";

export function PresenterBar({
  doc,
  current,
  onStep,
  notes,
  onNotes,
  onFullscreen,
  onExit,
  exitLabel = "Edit",
}: {
  doc: JourneyDoc;
  current: string | null;
  onStep: (delta: number) => void;
  notes: boolean;
  onNotes: () => void;
  onFullscreen: () => void;
  onExit: (() => void) | null;
  /** "Edit" back to the editor, or "Map" (a read-only page: the map without the walkthrough) */
  exitLabel?: string;
}) {
  const index = doc.stages.findIndex((s) => s.id === current);
  const where =
    index === -1 ? "Overview" : `Stage ${index + 1} of ${doc.stages.length}: ${doc.stages[index]!.name}`;
  return (
    <div class="jw-toolbar jw-presenter-bar" role="toolbar" aria-label="Presentation">
      <button
        type="button"
        class="jw-button"
        aria-label="Previous stage"
        disabled={index <= 0}
        onClick={() => onStep(-1)}
      >
        ◀
      </button>
      <span class="jw-presenter-where" aria-live="polite">
        {where}
      </span>
      <button
        type="button"
        class="jw-button"
        aria-label="Next stage"
        disabled={index === doc.stages.length - 1}
        onClick={() => onStep(1)}
      >
        ▶
      </button>
      <button
        type="button"
        class="jw-button"
        aria-pressed={notes}
        title="Speaker notes (N)"
        onClick={onNotes}
      >
        Notes
      </button>
      <button type="button" class="jw-button" title="Full screen (F)" onClick={onFullscreen}>
        Full screen
      </button>
      {onExit && (
        <button type="button" class="jw-button" onClick={onExit}>
          {exitLabel}
        </button>
      )}
    </div>
  );
}

export function SpeakerNotes({ doc, current }: { doc: JourneyDoc; current: string | null }) {
  const stage = doc.stages.find((s) => s.id === current);
  return (
    <aside class="jw-speaker-notes" aria-label="Speaker notes">
      {stage ? (
        stage.notes ? (
          <p>
            <strong>{stage.name}:</strong> {stage.notes}
          </p>
        ) : (
          <p class="jw-muted">No notes for {stage.name}.</p>
        )
      ) : (
        <p class="jw-muted">Press → to start the walkthrough at the first stage.</p>
      )}
    </aside>
  );
}
