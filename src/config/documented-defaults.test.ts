import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { parseDuration } from "../datasets/index.js";
import {
  agentBudgetsSchema,
  agentsConfigSchema,
  fileToolsSettingsSchema,
  httpGetSettingsSchema,
  runJsSettingsSchema,
  searchCollectionSettingsSchema,
} from "./agents-schema.js";
import { radarConfigSchema } from "./radar-schema.js";
import { configFileSchema, datasetsConfigSchema, ragConfigSchema } from "./schema.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Each schema a doc comment can sit in, with its defaults (the least valid input, parsed). */
const defaultsBySchema: Record<string, unknown> = {
  configFileSchema: configFileSchema.parse({}),
  datasetsConfigSchema: datasetsConfigSchema.parse({}),
  ragConfigSchema: ragConfigSchema.parse({}),
  agentBudgetsSchema: agentBudgetsSchema.parse({}),
  agentsConfigSchema: agentsConfigSchema.parse({}),
  fileToolsSettingsSchema: fileToolsSettingsSchema.parse({}),
  httpGetSettingsSchema: httpGetSettingsSchema.parse({}),
  searchCollectionSettingsSchema: searchCollectionSettingsSchema.parse({ collection: "docs" }),
  runJsSettingsSchema: runJsSettingsSchema.parse({}),
  radarConfigSchema: radarConfigSchema.parse({}),
} satisfies Record<string, z.output<z.ZodType>>;

/** The value at a dotted path; an object of numbers (the split) as its list of values, the way docs write it. */
function valueAt(root: unknown, keys: string[]): unknown {
  const value = keys.reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], root);
  const numbers = typeof value === "object" && value !== null && !Array.isArray(value) ? Object.values(value) : undefined;
  return numbers !== undefined && numbers.length > 0 && numbers.every((item) => typeof item === "number") ? numbers : value;
}

/** `120,000 ms` -> 120000, `0.8, 0.1, 0.1` -> [0.8, 0.1, 0.1], `5m` -> 300000, `hybrid` -> "hybrid". */
function parseDocumented(text: string): unknown {
  const items = text
    .split(/: /)[0]!
    .split(/, (?=[\d.])/)
    .map((item) => item.trim().split(" ")[0]!);
  const values = items.map((item): unknown => {
    if (/^-?[\d,]*\d(\.\d+)?$/.test(item)) return Number(item.replaceAll(",", ""));
    if (/^\d+[smhdw]$/.test(item)) return parseDuration(item);
    if (item === "true" || item === "false") return item === "true";
    if (item === "none") return [];
    return item;
  });
  return values.length === 1 ? values[0] : values;
}

/** Doc comments that state a default, with the dotted key they document, from the schema sources. */
function documentedSchemaDefaults(file: string): { schema: string; keys: string[]; documented: string }[] {
  const lines = readFileSync(path.join(here, file), "utf8").split("\n");
  const found: { schema: string; keys: string[]; documented: string }[] = [];
  let schema = "";
  let stack: { indent: number; key: string }[] = [];
  lines.forEach((line, index) => {
    const root = /^export const (\w+) = z/.exec(line);
    if (root !== null) {
      schema = root[1]!;
      stack = [];
      return;
    }
    const keyLine = /^(\s*)(\w+): [\w.]+/.exec(line);
    if (keyLine === null || schema === "") return;
    const indent = keyLine[1]!.length;
    stack = stack.filter((entry) => entry.indent < indent);
    stack.push({ indent, key: keyLine[2]! });
    const documented = /\(default ([^)]+)\)/.exec(lines[index - 1] ?? "");
    if (documented !== null && (lines[index - 1] ?? "").includes("/**")) found.push({ schema, keys: stack.map((entry) => entry.key), documented: documented[1]! });
  });
  return found;
}

describe("documented defaults", () => {
  it("every default a config schema comment states is the default the schema applies", () => {
    const documented = [...documentedSchemaDefaults("schema.ts"), ...documentedSchemaDefaults("agents-schema.ts"), ...documentedSchemaDefaults("radar-schema.ts")];
    // The scan must see the comments it is meant to check.
    expect(documented.map((entry) => entry.keys.join("."))).toEqual(expect.arrayContaining(["rrfK", "seed", "requests.timeoutMs", "maxTimeMs", "memoryMb"]));
    expect(documented.length).toBeGreaterThan(30);
    for (const { schema, keys, documented: text } of documented) {
      expect(valueAt(defaultsBySchema[schema], keys), `${schema}: ${keys.join(".")} (documented "${text}")`).toEqual(parseDocumented(text));
    }
  });

  it("every CLI option that names a config key states that key's default", () => {
    const defaults = configFileSchema.parse({});
    const folder = path.join(here, "..", "cli", "commands");
    const stated = readdirSync(folder).flatMap((file) =>
      [...readFileSync(path.join(folder, file), "utf8").matchAll(/\(default: ([\w.]+) in config, ([^)]+)\)/g)].map((match) => ({ file, key: match[1]!, text: match[2]! })),
    );
    expect(stated.length).toBeGreaterThan(10);
    for (const { file, key, text } of stated) {
      const used = valueAt(defaults, key.split("."));
      // `else 5`: the key has no default; the call decides (ask and search differ).
      if (text.startsWith("else ")) expect(used, `${file}: ${key}`).toBeUndefined();
      else expect(used, `${file}: ${key} (stated "${text}")`).toEqual(parseDocumented(text.replaceAll(",", ", ")));
    }
  });
});
