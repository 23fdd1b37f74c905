// The page script of an exported widget file: the widget manager (HTMLManager, from its npm package), the
// ipywidgets controls, anywidget's front end, and the code that renders the inline widget state. No network:
// everything the page needs is in this bundle and in the page (our widgets' code travels in their state).
import * as base from "@jupyter-widgets/base";
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import { anywidgetClasses, removeShim } from "./amd";
import "anywidget";
import "@lumino/widgets/style/index.css";
import { renderExport } from "./render";

removeShim();

const classes = anywidgetClasses(base);
const manager = () =>
  new HTMLManager({
    loader: (moduleName: string, moduleVersion: string) =>
      moduleName === "anywidget"
        ? Promise.resolve(classes)
        : Promise.reject(new Error(`this file has no code for widgets of ${moduleName}@${moduleVersion}`)),
  });

const start = () =>
  renderExport(manager).catch((error: unknown) => {
    const note = document.createElement("pre");
    note.className = "jw-export-error";
    note.textContent = `These widgets could not be shown: ${String(error)}`;
    document.body.prepend(note);
  });

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else void start();
