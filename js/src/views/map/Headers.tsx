// The sticky header rows of the map: stages (numbered, with their goal) and, when any stage has them, steps.
import type { StageColumns } from "./layout";

export function StageHeaders({ columns }: { columns: StageColumns[] }) {
  const hasSteps = columns.some((c) => c.stage.steps.length > 0);
  return (
    <>
      {columns.map(({ stage, start, span }, i) => (
        <div
          key={stage.id}
          class="jw-stage-header"
          role="columnheader"
          tabIndex={-1}
          data-stage-id={stage.id}
          style={{ gridColumn: `${start} / span ${span}` }}
        >
          <span class="jw-stage-number">{i + 1}</span>
          <span class="jw-stage-name">{stage.name}</span>
          {stage.goal && <span class="jw-stage-goal">{stage.goal}</span>}
        </div>
      ))}
      {hasSteps && <div class="jw-corner jw-step-corner" />}
      {hasSteps &&
        columns.flatMap(({ stage, start }) =>
          stage.steps.length === 0
            ? [
                <div
                  key={`${stage.id}-nostep`}
                  class="jw-step-header jw-step-none"
                  style={{ gridColumn: `${start}` }}
                />,
              ]
            : stage.steps.map((step, j) => (
                <div
                  key={step.id}
                  class="jw-step-header"
                  data-step-id={step.id}
                  style={{ gridColumn: `${start + j}` }}
                >
                  {step.name}
                </div>
              )),
        )}
    </>
  );
}
