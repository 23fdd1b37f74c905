// Cards and the cells that hold them.
import type { Card, Lane } from "../../model/types";
import { cellKey, type StageColumns } from "./layout";

const EVIDENCE_LABEL: Record<string, string> = {
  observed: "Observed",
  reported: "Reported",
  data: "Data",
  inferred: "Inferred",
  hypothesis: "Hypothesis",
};

function CardView({ card }: { card: Card }) {
  const evidence = EVIDENCE_LABEL[card.evidence];
  return (
    <li class="jw-card" data-card-id={card.id} data-evidence={card.evidence}>
      <span class="jw-card-text">{card.text}</span>
      {evidence && (
        <span class="jw-evidence" title={`Evidence: ${evidence}`}>
          {evidence}
        </span>
      )}
    </li>
  );
}

function CardList({ cards }: { cards: Card[] | undefined }) {
  if (!cards || cards.length === 0) return null;
  return (
    <ul class="jw-cards">
      {cards.map((card) => (
        <CardView key={card.id} card={card} />
      ))}
    </ul>
  );
}

export function LaneCells({
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
      {columns.map(({ stage, start, span }) => {
        const stageCards = cells.get(cellKey(lane.id, stage.id, null));
        const stepCards = stage.steps.map((step) => cells.get(cellKey(lane.id, stage.id, step.id)));
        return (
          <div
            key={stage.id}
            class="jw-cell"
            role="cell"
            data-stage-id={stage.id}
            data-lane-id={lane.id}
            style={{ gridColumn: `${start} / span ${span}` }}
          >
            <CardList cards={stageCards} />
            {stepCards.some((c) => c && c.length > 0) && (
              <div class="jw-step-cells" style={{ gridTemplateColumns: `repeat(${span}, minmax(0, 1fr))` }}>
                {stepCards.map((cards, i) => (
                  <div key={stage.steps[i]!.id} class="jw-step-cell" data-step-id={stage.steps[i]!.id}>
                    <CardList cards={cards} />
                  </div>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </>
  );
}
