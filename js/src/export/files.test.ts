// File names for downloads, and the map's picture: from Python, from an export's snapshots, or a clear error.
import { describe, expect, it, vi } from "vitest";
import { fakeModel } from "../test/fakeModel";
import { mapPicture, PICTURE_TIMEOUT_MS } from "../views/map/mapPicture";
import { fileName } from "./files";
import { standaloneSvg } from "./standaloneSvg";

describe("fileName", () => {
  it("keeps letters and digits, joins words with dashes, drops accents and markup", () => {
    expect(fileName("Online shop: first purchase", "svg")).toBe("online-shop-first-purchase.svg");
    expect(fileName("Café <b>Nöel</b> 2026", "png")).toBe("cafe-b-noel-b-2026.png");
    expect(fileName("../../etc/passwd", "svg")).toBe("etc-passwd.svg");
  });

  it("never gives an empty name", () => {
    expect(fileName("", "svg")).toBe("journey.svg");
    expect(fileName("☺☺☺", "png")).toBe("journey.png");
  });
});

describe("mapPicture", () => {
  it("asks Python for the persona's picture with a message, and takes the answer to it", async () => {
    const model = fakeModel({});
    const asking = mapPicture(model)("raj");
    const [request] = model.sent;
    expect(request).toMatchObject({ type: "picture", persona: "raj", theme: "light" });
    model.emit({ type: "picture", id: "another", svg: "<svg>not this one</svg>" });
    model.emit({ type: "picture", id: request!.id, svg: "<svg>raj</svg>" });
    await expect(asking).resolves.toBe("<svg>raj</svg>");
  });

  it("shows Python's error, and says so when Python does not answer", async () => {
    const model = fakeModel({});
    const failing = mapPicture(model)(null);
    model.emit({ type: "picture", id: model.sent[0]!.id, error: "the map could not be drawn: boom" });
    await expect(failing).rejects.toThrow("boom");
    vi.useFakeTimers();
    try {
      const silent = mapPicture(fakeModel({}))(null);
      vi.advanceTimersByTime(PICTURE_TIMEOUT_MS + 1);
      await expect(silent).rejects.toThrow(/kernel running.*to_svg/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("takes an exported page's snapshots, without asking Python", async () => {
    const model = fakeModel({ _svg_snapshots: { "": "<svg>all</svg>", raj: "<svg>raj</svg>" } });
    await expect(mapPicture(model)(null)).resolves.toBe("<svg>all</svg>");
    await expect(mapPicture(model)("raj")).resolves.toBe("<svg>raj</svg>");
    await expect(mapPicture(model)("maya")).rejects.toThrow(/no picture/);
    expect(model.sent).toEqual([]);
  });
});

describe("standaloneSvg", () => {
  it("writes a heading as text, sized around the chart", () => {
    const host = document.createElement("div");
    host.innerHTML =
      '<svg viewBox="0 0 200 100" width="200" height="100"><rect width="10" height="10"/></svg>';
    document.body.append(host);
    const svg = standaloneSvg(host.querySelector("svg")!, { title: "<img src=x onerror=alert(1)>" });
    const parsed = new DOMParser().parseFromString(svg, "image/svg+xml");
    const root = parsed.documentElement;
    expect(root.getAttribute("width")).toBe("232");
    expect(root.getAttribute("height")).toBe(String(100 + 36 + 32));
    expect(parsed.querySelector("img")).toBeNull();
    expect([...parsed.querySelectorAll("text")].map((t) => t.textContent)).toContain(
      "<img src=x onerror=alert(1)>",
    );
    expect(parsed.querySelectorAll("rect")).toHaveLength(2);
    host.remove();
  });
});
