import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repository = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A test file's path (from the repository root) and text. */
export interface TestSource {
  file: string;
  text: string;
}

/** Every `*.test.ts` under `test/` and `src/`, read as text. */
export function testSources(): TestSource[] {
  const sources: TestSource[] = [];
  for (const folder of ["test", "src"]) {
    for (const entry of readdirSync(path.join(repository, folder), { recursive: true, encoding: "utf8" })) {
      if (!entry.endsWith(".test.ts") || entry.split(path.sep).includes("node_modules")) continue;
      const file = path.join(folder, entry);
      sources.push({ file, text: readFileSync(path.join(repository, file), "utf8") });
    }
  }
  return sources;
}
