// Seeded random inputs for fuzz tests: hostile strings, JSON values of random shapes, and
// mutations of a valid value. The same seed gives the same inputs, so a failure can be replayed.

/** A seeded pseudo-random source (mulberry32). */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [0, max). */
  int(max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of the items. */
  pick<T>(items: readonly T[]): T;
}

/** A seeded random source; the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return { next, int, chance: (p) => next() < p, pick: (items) => items[int(items.length)]! };
}

/** Names that reach Object.prototype when used as keys of a plain object. */
export const prototypeKeys = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf"] as const;

const hostileStrings = [
  "",
  " ",
  ...prototypeKeys,
  "__proto__:x",
  "constructor:x",
  "__proto__:constructor",
  "toString:valueOf",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f",
  "%00",
  "\u0000",
  "a\u0000b",
  "file:///etc/passwd",
  "file://evil.js",
  "file://../evil.mjs:run",
  "python:evil.py",
  "exec:rm -rf /",
  "javascript:alert(1)",
  "data:text/plain,hi",
  "http://169.254.169.254/latest/meta-data/",
  "{{constructor}}",
  "{{#__proto__}}x{{/__proto__}}",
  "{{> partial}}",
  "{{{env.OPENAI_API_KEY}}}",
  "'; DROP TABLE traces; --",
  '" OR 1=1 --',
  "NEAR(a b) AND *",
  "😀",
  "\ud800",
  "\uffff\ufffe",
  "-1",
  "0",
  "1e309",
  "NaN",
  "Infinity",
  "0x10",
  "9".repeat(400),
  "local:embed",
  "local:default",
  "local:__proto__",
  "openai:gpt-4o-mini",
  "anthropic:claude-haiku-4-5",
  "openai:text-embedding-3-small",
  "default",
  "nope:x",
  "openai:",
  ":x",
  "a:b:c:d",
  "\r\nSet-Cookie: x=1",
  "<script>alert(1)</script>",
  "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
  "good",
  "bad",
  "vector",
  "hybrid",
  "true",
  "null",
];

/** A hostile or odd string: a known trouble-maker, random characters, or a long run. */
export function hostileString(random: Random): string {
  const roll = random.next();
  if (roll < 0.6) return random.pick(hostileStrings);
  if (roll < 0.9) {
    let text = "";
    for (let index = random.int(24); index > 0; index -= 1) text += String.fromCharCode(random.chance(0.8) ? 32 + random.int(95) : random.int(0x3000));
    return text;
  }
  if (roll < 0.998) return random.pick(["x", "é", "𝕏", "{{a}}", "%"]).repeat(1 + random.int(random.chance(0.9) ? 100 : 5000));
  return "x".repeat(100_000 + random.int(200_000));
}

const numbers = [0, -0, 1, -1, 0.5, 2, 7, 100, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 1e-320, 4096, 2048, 65_536];

/** A JSON value of a random type and shape, with prototype keys among its object keys. */
export function hostileValue(random: Random, depth = 0): unknown {
  const roll = random.int(depth > 3 ? 5 : 8);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(numbers);
    case 3:
    case 4:
      return hostileString(random);
    case 5:
      return Array.from({ length: random.int(5) }, () => hostileValue(random, depth + 1));
    case 6:
      return objectWith(Array.from({ length: random.int(5) }, () => [random.chance(0.4) ? random.pick(prototypeKeys) : hostileString(random).slice(0, 40), hostileValue(random, depth + 1)]));
    default:
      return random.chance(0.9) ? hostileString(random) : nested(random.chance(0.5) ? "array" : "object", 10 + random.int(random.chance(0.9) ? 100 : 3000));
  }
}

/** A value nested `depth` levels deep. */
export function nested(kind: "array" | "object", depth: number): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level += 1) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** A plain object with the entries as own properties (a `__proto__` key included, as JSON.parse would make it). */
function objectWith(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** A copy of a valid value with a few random changes: a field replaced, removed or added, a type swapped. */
export function mutate(random: Random, value: unknown, changes = 1 + random.int(3)): unknown {
  let result = structuredClone(value);
  for (let change = 0; change < changes; change += 1) result = mutateOnce(random, result);
  return result;
}

function mutateOnce(random: Random, value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || random.chance(0.3)) return random.chance(0.5) ? [...value, hostileValue(random)] : hostileValue(random);
    const index = random.int(value.length);
    return value.map((item, position) => (position === index ? mutateOnce(random, item) : item));
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    const roll = random.int(4);
    if (roll === 0 || entries.length === 0) return objectWith([...entries, [random.chance(0.5) ? random.pick(prototypeKeys) : hostileString(random).slice(0, 30), hostileValue(random)]]);
    const index = random.int(entries.length);
    if (roll === 1) return objectWith(entries.filter((_, position) => position !== index));
    return objectWith(entries.map(([key, item], position) => [key, position === index ? (roll === 2 ? hostileValue(random) : mutateOnce(random, item)) : item]));
  }
  return hostileValue(random);
}
