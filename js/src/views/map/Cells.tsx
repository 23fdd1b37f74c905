// The cells of a lane: one per stage, holding the stage-wide cards and, when the stage has steps, a
// sub-cell per step. A whole cell (or step cell) is a drop target, empty or not, and shows where a
// dragged card would land; it is also a keyboard stop of the grid (Enter adds a card there).
import { useContext } from "preact/hooks";
import type { Card, Lane } from "../../model/types";
import { memo } from "../memo";
import { CardView } from "./CardView";
import type { CellState } from "./cellStates";
import { EditorContext } from "./editor";
import { cellKey, type StageColumns } from "./layout";

interface CellProps {
  lane: Lane;
  stage: string;
  step: string | null;
  cards: Card[];
  label: string;
}

/** The attributes that make an element a drop target and a grid stop for a cell. */
export const dropAttributes = (lane: string, stage: string, step: string | null) => ({
  "data-drop-lane": lane,
  "data-drop-stage": stage,
  "data-drop-step": step ?? "",
});

/** A cell's own state (tab stop, selected, drop target): a signal that changes only for this cell. */
function useCellState(lane: string, stage: string, step: string | null): CellState {
  const editor = useContext(EditorContext)!;
  return editor.cellStates.of(cellKey(lane, stage, step)).value;
}

function CardList({ lane, stage, step, cards, label }: CellProps) {
  const editor = useContext(EditorContext)!;
  // only the cell under a moving card re-renders while it moves
  const { target, moving } = useCellState(lane.id, stage, step);
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
    <div class={target ? "jw-card-list-wrap jw-drop-here" : "jw-card-list-wrap"}>
      <div role="group" class="jw-cards" aria-label={label} {...dropAttributes(lane.id, stage, step)}>
        {items}
      </div>
      {editor.editable.value && (
        <button
          type="button"
          class="jw-add-card"
          tabIndex={-1}
          aria-label={`Add a card to ${label}`}
          title="Add a card (Enter on the cell)"
          onClick={() => editor.addCard(lane.id, stage, step)}
        >
          +
        </button>
      )}
    </div>
  );
}

function StepCell({ lane, stage, step, cards, label }: CellProps & { step: string }) {
  const tabIndex = useCellState(lane.id, stage, step).tabStop ? 0 : -1;
  return (
    <div
      class="jw-step-cell"
      data-step-id={step}
      role="group"
      aria-label={label}
      tabIndex={tabIndex}
      {...dropAttributes(lane.id, stage, step)}
    >
      <CardList lane={lane} stage={stage} step={step} cards={cards} label={label} />
    </div>
  );
}

/** A folded cell: its first card's text and "+ N more" (a folded lane), or just the count (a folded stage). */
function FoldedCell({ lane, column, cards }: { lane: Lane; column: StageColumns; cards: Card[] }) {
  const editor = useContext(EditorContext)!;
  const { stage } = column;
  if (cards.length === 0) return null;
  const [first] = cards;
  if (column.collapsed) {
    return (
      <button
        type="button"
        class="jw-fold-count"
        tabIndex={-1}
        aria-label={`${cards.length} ${cards.length === 1 ? "card" : "cards"}: unfold stage "${stage.name}"`}
        title={cards.map((c) => c.text).join("\n")}
        onClick={() => editor.toggleCollapsed("stage", stage.id)}
      >
        {cards.length}
      </button>
    );
  }
  return (
    <div class="jw-fold-peek">
      <span class="jw-fold-first">{first!.text || "Untitled"}</span>
      {cards.length > 1 && (
        <button
          type="button"
          class="jw-fold-more"
          tabIndex={-1}
          aria-label={`${cards.length - 1} more: unfold lane "${lane.name}"`}
          onClick={() => editor.toggleCollapsed("lane", lane.id)}
        >
          + {cards.length - 1} more
        </button>
      )}
    </div>
  );
}

/** The cards of a lane at a stage, stage-wide first, then each step's in the step order. */
function stageCards(cells: Map<string, Card[]>, lane: string, stage: StageColumns["stage"]): Card[] {
  return [null, ...stage.steps.map((t) => t.id)].flatMap(
    (step) => cells.get(cellKey(lane, stage.id, step)) ?? [],
  );
}

function StageCell({
  lane,
  column,
  cells,
}: {
  lane: Lane;
  column: StageColumns;
  cells: Map<string, Card[]>;
}) {
  const { stage, start, span } = column;
  const editor = useContext(EditorContext)!;
  const state = useCellState(lane.id, stage.id, null);
  const tabIndex = state.tabStop ? 0 : -1;
  const selected = state.selected;
  const label = `${lane.name} in ${stage.name}`;
  const folded = lane.collapsed || column.collapsed;
  const classes = ["jw-cell", folded && "jw-cell-folded", selected && "jw-cell-selected"];
  return (
    <div
      class={classes.filter(Boolean).join(" ")}
      role="gridcell"
      tabIndex={tabIndex}
      data-stage-id={stage.id}
      data-lane-id={lane.id}
      {...dropAttributes(lane.id, stage.id, null)}
      style={{ gridColumn: `${start} / span ${span}` }}
    >
      {folded ? (
        <FoldedCell lane={lane} column={column} cards={stageCards(cells, lane.id, stage)} />
      ) : (
        <>
          <CardList
            lane={lane}
            stage={stage.id}
            step={null}
            cards={cells.get(cellKey(lane.id, stage.id, null)) ?? []}
            label={label}
          />
          {stage.steps.length > 0 &&
            (editor.editable.value ||
              stage.steps.some((t) => cells.has(cellKey(lane.id, stage.id, t.id)))) && (
              <div class="jw-step-cells" style={{ gridTemplateColumns: `repeat(${span}, minmax(0, 1fr))` }}>
                {stage.steps.map((step) => (
                  <StepCell
                    key={step.id}
                    lane={lane}
                    stage={stage.id}
                    step={step.id}
                    cards={cells.get(cellKey(lane.id, stage.id, step.id)) ?? []}
                    label={`${lane.name} in ${stage.name}, step ${step.name}`}
                  />
                ))}
              </div>
            )}
        </>
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
  return (
    <>
      {columns.map((column) => (
        <StageCell key={column.stage.id} lane={lane} column={column} cells={cells} />
      ))}
    </>
  );
});
