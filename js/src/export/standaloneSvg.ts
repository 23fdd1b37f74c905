// A chart drawn on the page as a standalone SVG file: the page's CSS (theme colours, fonts) written into
// each element, a background, and an optional heading, so it looks the same in a slide or an editor.
const SVG_NS = "http://www.w3.org/2000/svg";

/** The presentation properties an SVG chart takes from CSS; everything else stays as drawn. */
const STYLED = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
  "visibility",
  "display",
];

/** Attributes of a live, interactive chart that mean nothing in a file. */
const INTERACTIVE = ["tabindex", "role", "aria-pressed", "aria-label", "class", "style"];

/** The first opaque background colour at or above `element` (white when the page has none). */
export function backgroundOf(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (color && color !== "transparent" && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return "#ffffff";
}

function inlineStyles(source: Element, copy: Element): void {
  const computed = getComputedStyle(source);
  const declarations = STYLED.map((name) => [name, computed.getPropertyValue(name)] as const)
    .filter(([, value]) => value !== "")
    .map(([name, value]) => `${name}:${value}`);
  for (const name of INTERACTIVE) copy.removeAttribute(name);
  if (declarations.length > 0) copy.setAttribute("style", declarations.join(";"));
}

export interface Heading {
  title: string;
  subtitle?: string;
}

/**
 * The SVG text of `chart` as shown: computed styles inlined on every element, on `background`, with
 * `heading` above it. Text goes in through the DOM, so it is escaped by the serializer.
 */
export function standaloneSvg(chart: SVGSVGElement, heading?: Heading): string {
  const box = chart.viewBox.baseVal;
  const width = box && box.width > 0 ? box.width : chart.getBoundingClientRect().width;
  const height = box && box.height > 0 ? box.height : chart.getBoundingClientRect().height;
  const copy = chart.cloneNode(true) as SVGSVGElement;
  inlineStyles(chart, copy);
  const sources = chart.querySelectorAll("*");
  const copies = copy.querySelectorAll("*");
  sources.forEach((source, i) => {
    inlineStyles(source, copies[i]!);
  });
  // tooltips of the live chart; inside a <text> they would split its words for editors and parsers
  for (const tooltip of Array.from(copy.querySelectorAll("title"))) tooltip.remove();
  const pad = 16;
  const headingHeight = heading ? (heading.subtitle ? 56 : 36) : 0;
  const root = document.createElementNS(SVG_NS, "svg");
  const total = { width: Math.ceil(width + 2 * pad), height: Math.ceil(height + headingHeight + 2 * pad) };
  root.setAttribute("xmlns", SVG_NS);
  root.setAttribute("width", String(total.width));
  root.setAttribute("height", String(total.height));
  root.setAttribute("viewBox", `0 0 ${total.width} ${total.height}`);
  const chartStyle = getComputedStyle(chart);
  root.setAttribute("font-family", chartStyle.fontFamily);
  const background = document.createElementNS(SVG_NS, "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", backgroundOf(chart));
  root.append(background);
  if (heading) {
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = heading.title;
    root.prepend(title);
    const lines: [string, number, string, string][] = [[heading.title, 18, "600", chartStyle.color]];
    if (heading.subtitle) lines.push([heading.subtitle, 13, "normal", chartStyle.color]);
    lines.forEach(([text, size, weight, color], i) => {
      const line = document.createElementNS(SVG_NS, "text");
      line.setAttribute("x", String(pad));
      line.setAttribute("y", String(pad + 18 + i * 22));
      line.setAttribute("font-size", String(size));
      line.setAttribute("font-weight", weight);
      line.setAttribute("fill", color);
      if (i > 0) line.setAttribute("fill-opacity", "0.75");
      line.textContent = text;
      root.append(line);
    });
  }
  copy.setAttribute("x", String(pad));
  copy.setAttribute("y", String(pad + headingHeight));
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  root.append(copy);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
}
