// `npm run bench [-- <name> ...]`: runs the named benchmarks (all when none is named),
// each a module in this folder exporting `run()`; results go to bench/results/*.json.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts")
  .map((file) => file.slice(0, -3))
  .sort();
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`error: unknown benchmark ${unknown.join(", ")}`);
  console.error(`hint: choose from ${available.join(", ")}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : available) {
  const module = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { run: () => Promise<void> };
  await module.run();
}
