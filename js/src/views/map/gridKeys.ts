// The map grid's keyboard: one handler on the grid for every stop (cards, cells, headers, rows), so the
// keys mean the same everywhere: arrows move, Enter/F2 edit (Enter on a cell adds a card), Space picks
// up, Delete deletes (with an Undo toast), "+" adds a step to a stage, Escape leaves the grid.
import { cycleCardColor } from "./cardColors";
import type { MapEditor } from "./editor";
import { folded, NAV_KEYS, type NavKey, navigate, type Stop } from "./grid";

const STOP_SELECTOR =
  ".jw-card, [data-drop-lane], .jw-stage-header, .jw-step-header, .jw-lane-header, .jw-row-stop, .jw-metric-cell";

export const isTextEntry = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && !!target.closest("input, textarea, select, [contenteditable]");

/** The grid stop an element belongs to (the nearest card, cell, header or row), or null. */
export function stopOfElement(el: Element | null): Stop | null {
  const host = el?.closest<HTMLElement>(STOP_SELECTOR);
  if (!host) return null;
  const d = host.dataset;
  if (host.classList.contains("jw-card") && d.cardId) return { kind: "card", id: d.cardId };
  if (d.dropLane && d.dropStage)
    return { kind: "cell", lane: d.dropLane, stage: d.dropStage, step: d.dropStep || null };
  if (host.classList.contains("jw-stage-header") && d.stageId) return { kind: "stage", id: d.stageId };
  if (host.classList.contains("jw-step-header") && d.stepId && d.stageId)
    return { kind: "step", id: d.stepId, stage: d.stageId };
  if (host.classList.contains("jw-lane-header") && d.laneId) return { kind: "lane", id: d.laneId };
  if (host.classList.contains("jw-row-stop") && d.laneId) return { kind: "row", lane: d.laneId };
  if (host.classList.contains("jw-metric-cell") && d.laneId && d.stageId)
    return { kind: "metric", lane: d.laneId, stage: d.stageId };
  return null;
}

type Header = Extract<Stop, { kind: "stage" | "lane" | "step" }>;
const isHeader = (stop: Stop): stop is Header =>
  stop.kind === "stage" || stop.kind === "lane" || stop.kind === "step";

/** Keys while a card or header is picked up; true when the key was used. */
function pickedUpKey(editor: MapEditor, key: string): boolean {
  if (editor.pickedUp.value) {
    if (key === "ArrowUp" || key === "ArrowDown" || key === "ArrowLeft" || key === "ArrowRight")
      editor.movePickedUp(key);
    else if (key === " " || key === "Enter") editor.drop();
    else if (key === "Escape") editor.cancelPickUp();
    else return false;
    return true;
  }
  const header = editor.headerPickedUp.value;
  if (header) {
    const back = header.kind === "lane" ? "ArrowUp" : "ArrowLeft";
    const forward = header.kind === "lane" ? "ArrowDown" : "ArrowRight";
    if (key === back || key === forward) {
      if (editor.shift(header.kind, header.id, key === back ? -1 : 1)) {
        const stop: Stop =
          header.kind === "step"
            ? { kind: "step", id: header.id, stage: stageOfStep(editor, header.id) }
            : { kind: header.kind, id: header.id };
        editor.activate(stop, true);
      }
    } else if (key === " " || key === "Enter" || key === "Escape") editor.dropHeader();
    else return NAV_KEYS.has(key); // the other arrows do nothing while a header is up
    return true;
  }
  return false;
}

const stageOfStep = (editor: MapEditor, step: string): string =>
  editor.doc.value.stages.find((s) => s.steps.some((t) => t.id === step))?.id ?? "";

/** Enter on an emotion or metric row: into its own controls (the emotion points), if it has any. */
function enterRow(el: HTMLElement): boolean {
  const inner = el.querySelector<HTMLElement>(".jw-emotion-point");
  if (!inner) return false;
  inner.focus();
  return true;
}

/** The grid's keydown handler. Keys with Ctrl, Alt or Meta are left to the map (undo) and the host. */
export function onGridKeyDown(editor: MapEditor, e: KeyboardEvent, leave: () => void): void {
  if (e.ctrlKey || e.metaKey || e.altKey || isTextEntry(e.target)) return;
  const target = e.target as HTMLElement;
  const stop = stopOfElement(target);
  if (!stop || target.closest(".jw-emotion-point, button") !== null) return;
  const editable = editor.editable.value;
  const used = (() => {
    if (editable && pickedUpKey(editor, e.key)) return true;
    if (NAV_KEYS.has(e.key)) {
      editor.activate(navigate(editor.doc.value, stop, e.key as NavKey), true);
      return true;
    }
    if (e.key === "Escape") {
      leave();
      return true;
    }
    if (stop.kind === "row") return e.key === "Enter" && enterRow(target.closest(".jw-row-stop")!);
    if (stop.kind === "metric") return false;
    if ((e.key === "c" || e.key === "C") && (stop.kind === "stage" || stop.kind === "lane")) {
      editor.toggleCollapsed(stop.kind, stop.id); // folding works read-only too (kept in the browser then)
      return true;
    }
    if (e.key === "Enter" && stop.kind === "cell" && folded(editor.doc.value, stop.lane, stop.stage)) {
      const lane = editor.doc.value.lanes.find((l) => l.id === stop.lane);
      if (lane?.collapsed) editor.toggleCollapsed("lane", stop.lane);
      else editor.toggleCollapsed("stage", stop.stage);
      return true;
    }
    if (!editable) return false;
    if (e.key === "Enter" || e.key === "F2") {
      if (stop.kind === "card") editor.editing.value = { kind: "card", id: stop.id };
      else if (stop.kind === "cell") {
        if (e.key === "F2") return false;
        editor.addCard(stop.lane, stop.stage, stop.step);
      } else editor.editing.value = { kind: stop.kind, id: stop.id };
      return true;
    }
    if (e.key === " ") {
      if (stop.kind === "card") editor.pickUp(stop.id);
      else if (isHeader(stop)) editor.pickUpHeader(stop.kind, stop.id);
      else return false;
      return true;
    }
    if (e.key === "Delete" || e.key === "Backspace") {
      if (stop.kind === "card") editor.removeCard(stop.id, true);
      else if (isHeader(stop)) editor.remove(stop.kind, stop.id);
      else return false;
      return true;
    }
    if ((e.key === "k" || e.key === "K") && stop.kind === "card") {
      cycleCardColor(editor, stop.id, e.key === "K" ? -1 : 1);
      return true;
    }
    if ((e.key === "+" || e.key === "Insert") && stop.kind === "stage") {
      editor.addStep(stop.id);
      return true;
    }
    return false;
  })();
  if (used) {
    e.preventDefault();
    e.stopPropagation(); // the host's own shortcuts (JupyterLab's arrows select cells) must not act too
  }
}
