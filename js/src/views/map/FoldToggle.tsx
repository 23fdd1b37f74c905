// The fold/unfold button of a stage or lane header (the key C does the same on a focused header).
import { useContext } from "preact/hooks";
import { EditorContext } from "./editor";

export function FoldToggle({
  kind,
  id,
  name,
  collapsed,
}: {
  kind: "stage" | "lane";
  id: string;
  name: string;
  collapsed: boolean;
}) {
  const editor = useContext(EditorContext)!;
  return (
    <button
      type="button"
      class="jw-fold"
      tabIndex={-1}
      aria-expanded={!collapsed}
      aria-label={`${collapsed ? "Unfold" : "Fold"} ${kind} "${name}"`}
      title={`${collapsed ? "Unfold" : "Fold"} (C)`}
      onClick={() => editor.toggleCollapsed(kind, id)}
    >
      {collapsed ? "▸" : "▾"}
    </button>
  );
}
