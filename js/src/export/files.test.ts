// File names for downloads, and the map's picture: from Python, from an export's snapshots, or a clear error.
import { describe, expect, it } from "vitest";
import { fakeModel } from "../test/fakeModel";
import { type Invoke, mapPicture } from "../views/map/mapPicture";
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
  it("asks Python for the persona's picture", async () => {
    const calls: unknown[] = [];
    const invoke: Invoke = async (name, msg) => {
      calls.push([name, msg]);
      return [{ svg: "<svg>raj</svg>" }, []];
    };
    const picture = mapPicture(fakeModel({}), invoke);
    await expect(picture("raj")).resolves.toBe("<svg>raj</svg>");
    expect(calls).toEqual([["_map_svg", { persona: "raj", theme: "light" }]]);
  });

  it("shows Python's error, and says so when Python does not answer", async () => {
    const failing: Invoke = async () => [{ error: "the map could not be drawn: boom" }, []];
    await expect(mapPicture(fakeModel({}), failing)(null)).rejects.toThrow("boom");
    const silent: Invoke = async () => {
      throw new DOMException("timed out", "TimeoutError");
    };
    await expect(mapPicture(fakeModel({}), silent)(null)).rejects.toThrow(/kernel running/);
    await expect(mapPicture(fakeModel({}))(null)).rejects.toThrow(/to_svg/);
  });

  it("takes an exported page's snapshots, without asking Python", async () => {
    const model = fakeModel({ _svg_snapshots: { "": "<svg>all</svg>", raj: "<svg>raj</svg>" } });
    const never: Invoke = async () => {
      throw new Error("no kernel here");
    };
    await expect(mapPicture(model, never)(null)).resolves.toBe("<svg>all</svg>");
    await expect(mapPicture(model, never)("raj")).resolves.toBe("<svg>raj</svg>");
    await expect(mapPicture(model, never)("maya")).rejects.toThrow(/no picture/);
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
