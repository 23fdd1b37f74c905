// The Python to_mermaid text of journeys full of hostile text, parsed by the real Mermaid parser: every title,
// section, task and actor reads back as the text the journey holds (vectors: tests/vectors/generate_mermaid.py).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import mermaid from "mermaid";
import { beforeAll, describe, expect, it } from "vitest";

interface Task {
  section: string;
  task: string;
  score: number;
  people: string[];
}

interface Vector {
  input: string;
  mermaid: string;
  expected: { title: string; sections: string[]; tasks: Task[] };
}

interface JourneyDb {
  getDiagramTitle(): string;
  getSections(): string[];
  getTasks(): Task[];
}

const vectorsFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../tests/vectors/mermaid.json",
);
const vectors: Vector[] = JSON.parse(readFileSync(vectorsFile, "utf-8"));

/** What Mermaid draws for parsed text: its decodeEntities (mermaidAPI) turns the stand-ins of entity codes
 * back into HTML character references, which the SVG shows as the characters. */
function drawn(text: string): string {
  const references = text.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
  return references.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

beforeAll(() => {
  mermaid.initialize({ startOnLoad: false });
});

describe("to_mermaid under the real Mermaid parser", () => {
  it("has vectors", () => {
    expect(vectors.length).toBeGreaterThan(20);
  });

  for (const vector of vectors) {
    it(JSON.stringify(vector.input), async () => {
      await expect(mermaid.parse(vector.mermaid)).resolves.toMatchObject({ diagramType: "journey" });
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(vector.mermaid);
      const db = diagram.db as unknown as JourneyDb;
      expect(drawn(db.getDiagramTitle())).toBe(vector.expected.title);
      expect(db.getSections().map(drawn)).toEqual(vector.expected.sections);
      const tasks = db.getTasks().map((t) => ({
        section: drawn(t.section),
        task: drawn(t.task),
        score: t.score,
        people: t.people.map(drawn),
      }));
      expect(tasks).toEqual(vector.expected.tasks);
    });
  }
});
