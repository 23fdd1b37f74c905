// The cells of a lane: one per stage, holding the stage-wide cards and, when the stage has steps, a
// sub-cell per step. Each card list is a drop target and shows where a dragged card would land.
import { useComputed } from "@preact/signals";
import { useContext } from "preact/hooks";
import type { Card, Lane } from "../../model/types";
import { memo } from "../memo";
import { CardView } from "./CardView";
import { EditorContext } from "./editor";
import type { Target } from "./keyboard";
import { cellKey, type StageColumns } from "./layout";

interface CellProps {
  lane: Lane;
  stage: string;
  step: string | null;
  cards: Card[];
  label: string;
}

const NOTHING_HERE: { target: Target | null; moving: string | null } = { target: null, moving: null };

const inCell = (
  t: Target | null | undefined,
  lane: string,
  stage: string,
  step: string | null,
): t is Target => !!t && t.lane === lane && t.stage === stage && t.step === step;

function CardList({ lane, stage, step, cards, label }: CellProps) {
  const editor = useContext(EditorContext)!;
  // only the cell under a moving card re-renders while it moves
  const { target, moving } = useComputed(() => {
    const drag = editor.dragging.value;
    const picked = editor.pickedUp.value;
    if (inCell(drag?.target, lane.id, stage, step)) return { target: drag!.target!, moving: drag!.card };
    if (inCell(picked?.target, lane.id, stage, step)) return { target: picked!.target, moving: picked!.card };
    return NOTHING_HERE;
  }).value;
  const items = cards.map((card) => <CardView key={card.id} card={card} />);
  if (target) {
    // the indicator goes before the target-th card that is not the one being moved
    let seen = 0;
    let at = items.length;
    for (const [i, card] of cards.entries()) {
      if (card.id === moving) continue;
      if (seen === target.index) {
        at = i;
        break;
      }
      seen += 1;
    }
    items.splice(at, 0, <div key="drop" class="jw-drop-indicator" aria-hidden="true" />);
  }
  return (
    <div class="jw-card-list-wrap">
      <div
        role="group"
        class="jw-cards"
        aria-label={label}
        data-drop-lane={lane.id}
        data-drop-stage={stage}
        data-drop-step={step ?? ""}
      >
        {items}
      </div>
      {editor.editable.value && (
        <button
          type="button"
          class="jw-add-card"
          aria-label={`Add a card to ${label}`}
          title="Add a card"
          onClick={() => editor.addCard(lane.id, stage, step)}
        >
          +
        </button>
      )}
    </div>
  );
}

/** A lane's cells; re-rendered only when the lane, the columns or the lane's cards change (or the selection). */
export const LaneCells = memo(function LaneCells({
  lane,
  columns,
  cells,
}: {
  lane: Lane;
  columns: StageColumns[];
  cells: Map<string, Card[]>;
}) {
  const editor = useContext(EditorContext)!;
  const selection = editor.selection.value;
  return (
    <>
      {columns.map(({ stage, start, span }) => {
        const selected = selection.stage === stage.id || selection.lane === lane.id;
        return (
          <div
            key={stage.id}
            class={selected ? "jw-cell jw-cell-selected" : "jw-cell"}
            role="cell"
            data-stage-id={stage.id}
            data-lane-id={lane.id}
            style={{ gridColumn: `${start} / span ${span}` }}
          >
            <CardList
              lane={lane}
              stage={stage.id}
              step={null}
              cards={cells.get(cellKey(lane.id, stage.id, null)) ?? []}
              label={`${lane.name} in ${stage.name}`}
            />
            {stage.steps.length > 0 &&
              (editor.editable.value ||
                stage.steps.some((t) => cells.has(cellKey(lane.id, stage.id, t.id)))) && (
                <div class="jw-step-cells" style={{ gridTemplateColumns: `repeat(${span}, minmax(0, 1fr))` }}>
                  {stage.steps.map((step) => (
                    <div key={step.id} class="jw-step-cell" data-step-id={step.id}>
                      <CardList
                        lane={lane}
                        stage={stage.id}
                        step={step.id}
                        cards={cells.get(cellKey(lane.id, stage.id, step.id)) ?? []}
                        label={`${lane.name} in ${stage.name}, step ${step.name}`}
                      />
                    </div>
                  ))}
                </div>
              )}
          </div>
        );
      })}
    </>
  );
});
