// Build the widget bundle: one esbuild call, src/index.tsx -> ../src/journeywidgets/static/index.{js,css}.
// Fails when the gzipped bundle exceeds the size budget (the _esm is copied into every widget instance).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, "..", "src", "journeywidgets", "static");
// 51 KB until #16 added the funnel's stage analysis and chart over time, the path view (a Sankey) and "Suggest from data"
const BUDGET_GZIP_BYTES = 60 * 1024;
const watch = process.argv.includes("--watch");

const options = {
  entryPoints: [path.join(here, "src", "index.tsx")],
  outdir,
  bundle: true,
  format: "esm",
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "preact",
  define: { "define.amd": "false" },
  legalComments: "none",
  logLevel: "info",
};

function checkBudget() {
  let total = 0;
  for (const name of ["index.js", "index.css"]) {
    const bytes = gzipSync(readFileSync(path.join(outdir, name))).length;
    total += bytes;
    console.log(`${name}: ${(bytes / 1024).toFixed(1)} KB gzipped`);
  }
  if (total > BUDGET_GZIP_BYTES) {
    console.error(
      `bundle is ${(total / 1024).toFixed(1)} KB gzipped, over the ${BUDGET_GZIP_BYTES / 1024} KB budget`,
    );
    process.exit(1);
  }
}

// The page script of exported HTML files (journeywidgets.to_html): a widget manager just big enough for our pages
// (src/embed/), inlined into each exported file; not part of the widget bundle above, so not under its budget.
const embedOptions = {
  entryPoints: { embed: path.join(here, "src", "embed", "index.ts") },
  outdir,
  bundle: true,
  format: "iife",
  minify: true,
  target: ["es2020"],
  legalComments: "none",
  logLevel: "warning",
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
  await esbuild.build(embedOptions);
  checkBudget();
}
