// Evaluated right after anywidget's module: nothing to do but mark the order (see amd.ts).
export {};
