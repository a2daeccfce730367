import path from "node:path";
import { dereference } from "@apidevtools/json-schema-ref-parser";
import { ConfigError } from "../../errors/index.js";

type Parameters = { holder: Record<string, unknown>; value: unknown }[];

/**
 * Replaces every `$ref` in a suite (`#/assertionTemplates/...`, or a file relative to the
 * suite's folder) with what it points to, as promptfoo does when it loads a config. Like
 * promptfoo, the JSON schemas of provider `functions` and `tools` (`parameters`) are left as
 * written: a `$ref` there belongs to the schema sent to the model. Remote (http) references
 * are not fetched.
 */
export async function dereferenceSuite(raw: unknown, baseDir: string, name: string): Promise<unknown> {
  if (!JSON.stringify(raw ?? null).includes('"$ref"')) return raw;
  const suite = structuredClone(raw) as Record<string, unknown>;
  const parameters = detachToolParameters(suite);
  let resolved: Record<string, unknown>;
  try {
    resolved = (await dereference(path.join(baseDir, "suite.json"), suite, { resolve: { http: false }, dereference: { circular: false } })) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError({
      file: name,
      key: "$ref",
      found: error instanceof Error ? error.message.split("\n")[0]! : String(error),
      expected: "a `$ref` to a part of this file (`#/assertionTemplates/name`) or to a local file",
      hint: "check the path after `#` and that every referenced file exists",
    });
  }
  for (const { holder, value } of parameters) holder.parameters = value;
  return resolved;
}

/** Takes `parameters` out of provider `functions` and `tools`, to put back after dereferencing. */
function detachToolParameters(suite: Record<string, unknown>): Parameters {
  const detached: Parameters = [];
  const providers = Array.isArray(suite.providers) ? suite.providers : [];
  for (const entry of providers) {
    if (entry === null || typeof entry !== "object") continue;
    const provider = ("config" in entry ? entry : Object.values(entry)[0]) as { config?: { functions?: unknown; tools?: unknown } } | undefined;
    const holders = [
      ...(Array.isArray(provider?.config?.functions) ? provider.config.functions : []),
      ...(Array.isArray(provider?.config?.tools) ? provider.config.tools.map((tool: { function?: unknown }) => tool?.function) : []),
    ];
    for (const holder of holders) {
      if (holder === null || typeof holder !== "object" || !("parameters" in holder)) continue;
      const record = holder as Record<string, unknown>;
      detached.push({ holder: record, value: record.parameters });
      delete record.parameters;
    }
  }
  return detached;
}
