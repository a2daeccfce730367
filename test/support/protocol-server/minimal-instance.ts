import { isRecord } from "./is-record.js";
import type { JsonSchema } from "./normalized-request.js";

// Deep or self-referencing schemas stop here rather than recursing forever.
const maxDepth = 24;

const stringFormats: Record<string, string> = {
  email: "test@example.com",
  "idn-email": "test@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  "uri-reference": "https://example.com",
  iri: "https://example.com",
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "00:00:00Z",
  duration: "P1D",
  uuid: "00000000-0000-4000-8000-000000000000",
  ipv4: "127.0.0.1",
  ipv6: "::1",
  hostname: "example.com",
  "idn-hostname": "example.com",
};

// `@ai-sdk/anthropic` moves constraints Anthropic rejects into the description
// ("minimum: 2; max length: 5."), where a real model reads them; so do we.
const describedConstraint = /(minimum|maximum|exclusive minimum|exclusive maximum|multiple of|min length|max length|min items|max items|format): ([^;\s]+?)(?=;|\.?$|\.?\n)/gm;

/**
 * A small valid instance of a JSON Schema, deterministic: required properties
 * only, strings `"test"` (or a value of the declared format), numbers 1 (moved
 * into minimum/maximum), booleans `true`, the first enum value or union
 * branch, arrays of `minItems` elements. Local `$ref`s are followed, and
 * constraints written in a description (`minimum: 2.`) count like keywords.
 */
export function minimalInstance(schema: unknown): unknown {
  return instanceOf(schema, isRecord(schema) ? schema : {}, 0);
}

function instanceOf(schema: unknown, root: JsonSchema, depth: number): unknown {
  if (!isRecord(schema) || depth > maxDepth) return {};
  const node = withDescribedConstraints(schema);
  if (typeof node.$ref === "string") return instanceOf(resolveRef(root, node.$ref), root, depth + 1);
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (Array.isArray(node.allOf)) return mergeAll(node.allOf.map((part) => instanceOf(part, root, depth + 1)));
  const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (union !== undefined && union.length > 0) {
    const branch = union.find((option) => !(isRecord(option) && option.type === "null")) ?? union[0];
    return instanceOf(branch, root, depth + 1);
  }
  switch (typeOf(node)) {
    case "string":
      return stringInstance(node);
    case "number":
      return numberInstance(node, false);
    case "integer":
      return numberInstance(node, true);
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return arrayInstance(node, root, depth);
    default:
      return objectInstance(node, root, depth);
  }
}

function withDescribedConstraints(node: JsonSchema): JsonSchema {
  if (typeof node.description !== "string" || !node.description.includes(": ")) return node;
  let result: Record<string, unknown> | undefined;
  for (const [, name = "", text = ""] of node.description.matchAll(describedConstraint)) {
    const keyword = name.replace(/ (\w)/g, (_, letter: string) => letter.toUpperCase());
    if (keyword in node) continue;
    const value = keyword === "format" ? text : Number(text);
    if (typeof value === "number" && Number.isNaN(value)) continue;
    result ??= { ...node };
    result[keyword] = value;
  }
  return result ?? node;
}

function typeOf(node: JsonSchema): string {
  if (typeof node.type === "string") return node.type;
  if (Array.isArray(node.type)) {
    const types = node.type.filter((type): type is string => typeof type === "string");
    return types.find((type) => type !== "null") ?? types[0] ?? "object";
  }
  if ("items" in node || "prefixItems" in node) return "array";
  return "object";
}

function stringInstance(node: JsonSchema): string {
  let value = typeof node.format === "string" ? (stringFormats[node.format] ?? "test") : "test";
  if (typeof node.minLength === "number" && value.length < node.minLength) value = value.padEnd(node.minLength, "t");
  if (typeof node.maxLength === "number" && value.length > node.maxLength) value = value.slice(0, node.maxLength);
  return value;
}

function numberInstance(node: JsonSchema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  let value = 1;
  if (typeof node.minimum === "number" && value < node.minimum) value = node.minimum;
  if (typeof node.exclusiveMinimum === "number" && value <= node.exclusiveMinimum) value = node.exclusiveMinimum + step;
  if (typeof node.maximum === "number" && value > node.maximum) value = node.maximum;
  if (typeof node.exclusiveMaximum === "number" && value >= node.exclusiveMaximum) value = node.exclusiveMaximum - step;
  if (typeof node.multipleOf === "number" && node.multipleOf > 0) value = Math.ceil(value / node.multipleOf) * node.multipleOf;
  return integer ? Math.ceil(value) : value;
}

function arrayInstance(node: JsonSchema, root: JsonSchema, depth: number): unknown[] {
  const tuple = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : undefined;
  if (tuple !== undefined) return tuple.map((item) => instanceOf(item, root, depth + 1));
  const count = typeof node.minItems === "number" ? node.minItems : 0;
  return Array.from({ length: count }, () => instanceOf(node.items, root, depth + 1));
}

function objectInstance(node: JsonSchema, root: JsonSchema, depth: number): Record<string, unknown> {
  const properties = isRecord(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required : [];
  const value: Record<string, unknown> = {};
  for (const name of required) {
    if (typeof name === "string") value[name] = instanceOf(properties[name], root, depth + 1);
  }
  return value;
}

function mergeAll(parts: unknown[]): unknown {
  if (parts.every(isRecord)) return Object.assign({}, ...parts) as Record<string, unknown>;
  return parts[0] ?? {};
}

function resolveRef(root: JsonSchema, ref: string): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return {};
  let node: unknown = root;
  for (const segment of ref.slice(2).split("/")) {
    if (!isRecord(node)) return {};
    node = node[segment.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return node;
}
