import vm from "node:vm";
import { ConfigError } from "../../errors/index.js";

/**
 * Compiles an HTTP target's `transformResponse`: an expression over `json`, `text` and
 * `context` (`json.choices[0].message.content`), or an arrow function `(json, text) => ...`.
 * It is the user's own config code; it runs in a `node:vm` context with a 1 s limit.
 */
export function compileTransform(expression: string, where: string): (json: unknown, text: string, context: unknown) => unknown {
  let script: vm.Script;
  try {
    script = new vm.Script(`(function (json, text, context) { const value = (${expression}); return typeof value === "function" ? value(json, text, context) : value; })`, { filename: "transformResponse.js" });
  } catch (error) {
    throw new ConfigError({ file: where, key: "transformResponse", found: `invalid JavaScript (${error instanceof Error ? error.message : String(error)})`, expected: "an expression such as json.output" });
  }
  const sandbox = vm.createContext({});
  const fn = script.runInContext(sandbox, { timeout: 1000 }) as (json: unknown, text: string, context: unknown) => unknown;
  return (json, text, context) => fn(json, text, context);
}
