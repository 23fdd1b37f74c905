// Mounting a view in tests as a host would: the shared test document, and the widget rendered into the page.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import widget from "../index";
import type { JourneyDoc } from "../model/types";
import { fakeModel } from "./fakeModel";

/** The shared test document (tests/vectors/base.json), read fresh for each caller. */
export function baseDoc(): JourneyDoc {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../tests/vectors/base.json");
  return JSON.parse(readFileSync(file, "utf-8")) as JourneyDoc;
}

/** Render the bundle's widget for `state` into a new element on the page, as a host would. */
export function mountWidget(state: Record<string, unknown>) {
  const model = fakeModel(state);
  const el = document.createElement("div");
  document.body.append(el);
  widget.render({ model, el });
  return { model, el };
}
