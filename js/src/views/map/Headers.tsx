// The sticky header rows of the map: stages (numbered, with their goal) and, when any stage has them, steps.
import { useContext } from "preact/hooks";
import { EditorContext } from "./editor";
import { HeaderActions, InlineName } from "./InlineName";
import type { StageColumns } from "./layout";

export function StageHeaders({ columns }: { columns: StageColumns[] }) {
  const editor = useContext(EditorContext)!;
  const hasSteps = columns.some((c) => c.stage.steps.length > 0);
  const selected = editor.selection.value.stage;
  return (
    <>
      {columns.map(({ stage, start, span }, i) => (
        <div
          key={stage.id}
          class={selected === stage.id ? "jw-stage-header jw-selected" : "jw-stage-header"}
          role="columnheader"
          tabIndex={-1}
          data-stage-id={stage.id}
          style={{ gridColumn: `${start} / span ${span}` }}
          onFocus={() => editor.select({ stage: stage.id })}
        >
          <span class="jw-stage-number">{i + 1}</span>
          <InlineName kind="stage" id={stage.id} name={stage.name} class="jw-stage-name" />
          <HeaderActions
            kind="stage"
            id={stage.id}
            name={stage.name}
            first={i === 0}
            last={i === columns.length - 1}
            vertical={false}
          />
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
                  <InlineName kind="step" id={step.id} name={step.name} class="jw-step-name" />
                </div>
              )),
        )}
    </>
  );
}
