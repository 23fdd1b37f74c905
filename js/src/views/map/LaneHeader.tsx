// The header of a lane (row): its name (renamed in place), its kind, and the lane's edit actions.
import { useComputed } from "@preact/signals";
import { useContext } from "preact/hooks";
import { entityFields } from "../../model/fields";
import type { Lane } from "../../model/types";
import { EditorContext } from "./editor";
import { FoldToggle } from "./FoldToggle";
import { startHeaderDrag } from "./headerDrag";
import { HeaderActions, InlineName } from "./InlineName";
import { LaneIcon } from "./laneIcons";

const LANE_KINDS = entityFields("lane").kind!.slice(5).split("|");
const kindLabel = (kind: string) => kind.replace(/_/g, " ");

export function LaneHeader({ lane, index, count }: { lane: Lane; index: number; count: number }) {
  const editor = useContext(EditorContext)!;
  const selected = editor.selection.value.lane === lane.id;
  const { tabIndex, picked } = useComputed(() => ({
    tabIndex: editor.isTabStop({ kind: "lane", id: lane.id }) ? 0 : -1,
    picked: editor.headerPickedUp.value?.id === lane.id,
  })).value;
  const classes = [
    "jw-lane-header",
    selected && "jw-selected",
    picked && "jw-picked",
    lane.collapsed && "jw-folded",
  ];
  return (
    <div
      class={classes.filter(Boolean).join(" ")}
      role="rowheader"
      tabIndex={tabIndex}
      aria-roledescription={editor.editable.value ? "movable lane" : undefined}
      aria-describedby={editor.editable.value ? `${editor.uid}-header-help` : undefined}
      data-lane-id={lane.id}
      onFocus={(e) => e.target === e.currentTarget && editor.select({ lane: lane.id })}
      onPointerDown={(e) => startHeaderDrag(editor, e, "lane", lane.id)}
    >
      <span class="jw-lane-title">
        <FoldToggle kind="lane" id={lane.id} name={lane.name} collapsed={lane.collapsed === true} />
        <LaneIcon kind={lane.kind} />
        <InlineName kind="lane" id={lane.id} name={lane.name} class="jw-lane-name" />
      </span>
      {editor.editable.value ? (
        <select
          class="jw-lane-kind"
          tabIndex={tabIndex}
          aria-label={`Kind of lane "${lane.name}"`}
          value={lane.kind}
          onChange={(e) => editor.setLaneKind(lane.id, e.currentTarget.value)}
        >
          {LANE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(kind)}
            </option>
          ))}
        </select>
      ) : (
        <span class="jw-lane-kind">{kindLabel(lane.kind)}</span>
      )}
      <HeaderActions
        kind="lane"
        id={lane.id}
        name={lane.name}
        first={index === 0}
        last={index === count - 1}
        vertical={true}
      />
    </div>
  );
}
