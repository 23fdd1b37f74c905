// The map's head: one sticky block (a CSS subgrid over the map's columns) holding the stage row (numbered,
// with their goal) and, when any stage has steps, the step row, so the two rows scroll as one and the
// step row can never slide over a stage's goal. Headers are grid stops; their keys live in gridKeys.ts.
import { useComputed } from "@preact/signals";
import { useContext } from "preact/hooks";
import type { Stage, Step } from "../../model/types";
import { EditorContext } from "./editor";
import { FoldToggle } from "./FoldToggle";
import type { Stop } from "./grid";
import { startHeaderDrag } from "./headerDrag";
import { HeaderActions, InlineName } from "./InlineName";
import type { StageColumns } from "./layout";

function useStopState(stop: Stop): { tabIndex: number; picked: boolean } {
  const editor = useContext(EditorContext)!;
  return useComputed(() => {
    const up = editor.headerPickedUp.value;
    return {
      tabIndex: editor.isTabStop(stop) ? 0 : -1,
      picked: up !== null && up.id === (stop as { id: string }).id,
    };
  }).value;
}

function StageHeader({ column, index, count }: { column: StageColumns; index: number; count: number }) {
  const editor = useContext(EditorContext)!;
  const { stage, start, span, collapsed } = column;
  const { tabIndex, picked } = useStopState({ kind: "stage", id: stage.id });
  const selected = editor.selection.value.stage === stage.id;
  const classes = [
    "jw-stage-header",
    selected && "jw-selected",
    picked && "jw-picked",
    collapsed && "jw-folded",
  ];
  return (
    <div
      class={classes.filter(Boolean).join(" ")}
      role="columnheader"
      tabIndex={tabIndex}
      aria-roledescription={editor.editable.value ? "movable stage" : undefined}
      aria-describedby={editor.editable.value ? `${editor.uid}-header-help` : undefined}
      data-stage-id={stage.id}
      style={{ gridColumn: `${start} / span ${span}`, gridRow: 1 }}
      onFocus={(e) => e.target === e.currentTarget && editor.select({ stage: stage.id })}
      onPointerDown={(e) => startHeaderDrag(editor, e, "stage", stage.id)}
    >
      <FoldToggle kind="stage" id={stage.id} name={stage.name} collapsed={collapsed} />
      <span class="jw-stage-number" aria-hidden="true">
        {index + 1}
      </span>
      <InlineName kind="stage" id={stage.id} name={stage.name} class="jw-stage-name" />
      <HeaderActions
        kind="stage"
        id={stage.id}
        name={stage.name}
        first={index === 0}
        last={index === count - 1}
        vertical={false}
        onAddStep={() => editor.addStep(stage.id)}
      />
      {stage.goal && !collapsed && <span class="jw-stage-goal">{stage.goal}</span>}
    </div>
  );
}

function StepHeader({
  stage,
  step,
  column,
  index,
}: {
  stage: Stage;
  step: Step;
  column: number;
  index: number;
}) {
  const editor = useContext(EditorContext)!;
  const { tabIndex, picked } = useStopState({ kind: "step", id: step.id, stage: stage.id });
  return (
    <div
      class={picked ? "jw-step-header jw-picked" : "jw-step-header"}
      role="columnheader"
      tabIndex={tabIndex}
      aria-roledescription={editor.editable.value ? "movable step" : undefined}
      aria-describedby={editor.editable.value ? `${editor.uid}-header-help` : undefined}
      data-step-id={step.id}
      data-stage-id={stage.id}
      style={{ gridColumn: `${column}`, gridRow: 2 }}
      onPointerDown={(e) => startHeaderDrag(editor, e, "step", step.id)}
    >
      <InlineName kind="step" id={step.id} name={step.name} class="jw-step-name" />
      <HeaderActions
        kind="step"
        id={step.id}
        name={step.name}
        first={index === 0}
        last={index === stage.steps.length - 1}
        vertical={false}
      />
    </div>
  );
}

export function StageHeaders({ columns }: { columns: StageColumns[] }) {
  const hasSteps = columns.some((c) => c.stage.steps.length > 0 && !c.collapsed);
  return (
    <div class="jw-head" role="rowgroup">
      <div class="jw-head-row" role="row" tabIndex={-1}>
        <div class="jw-corner" role="columnheader" tabIndex={-1} style={{ gridRow: 1 }}>
          <span class="jw-sr-only">Lane</span>
        </div>
        {columns.map((column, i) => (
          <StageHeader key={column.stage.id} column={column} index={i} count={columns.length} />
        ))}
      </div>
      {hasSteps && (
        <div class="jw-head-row" role="row" tabIndex={-1}>
          <div class="jw-corner jw-step-corner" role="columnheader" tabIndex={-1} style={{ gridRow: 2 }}>
            <span class="jw-sr-only">Steps</span>
          </div>
          {columns.flatMap(({ stage, start, collapsed }) =>
            stage.steps.length === 0 || collapsed
              ? [
                  <div
                    key={`${stage.id}-nostep`}
                    class="jw-step-header jw-step-none"
                    role="columnheader"
                    tabIndex={-1}
                    style={{ gridColumn: `${start}`, gridRow: 2 }}
                  />,
                ]
              : stage.steps.map((step, j) => (
                  <StepHeader key={step.id} stage={stage} step={step} column={start + j} index={j} />
                )),
          )}
        </div>
      )}
    </div>
  );
}
