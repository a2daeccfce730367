import { parse } from "csv-parse/sync";
import { ConfigError } from "../../errors/index.js";
import { assertionFromString } from "./assertion-from-string.js";
import type { AssertionSpec } from "./eval-suite.js";
import type { TestEntry } from "./suite-schema.js";

/** Options for `testsFromCsv`. */
export interface CsvTestsOptions {
  /** File name, for messages. */
  file: string;
}

// Columns promptfoo reads that Flywheel cannot honour: running without them would change the prompt or the output.
const refusedColumns: Record<string, string> = {
  __prefix: "put the text in the prompt instead",
  __suffix: "put the text in the prompt instead",
  __providerOutput: "give the output through an echo or file:// provider instead",
};

/**
 * Turns a CSV file into tests, promptfoo style: each column is a var, except
 * `__expected` (and `__expected1`, `__expected2`, ...) which hold assertions as text,
 * `__description`, `__metric` (applied to the row's assertions), `__threshold`,
 * `__metadata:<name>` (`__metadata:<name>[]` splits on unescaped commas) and
 * `__config:__expected<N>:threshold`. Throws a ConfigError naming any other `__` column.
 */
export function testsFromCsv(text: string, options: CsvTestsOptions): TestEntry[] {
  const rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_quotes: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((row) => {
    const vars: Record<string, string> = {};
    const assert: AssertionSpec[] = [];
    const metadata: Record<string, unknown> = {};
    const thresholds: number[] = [];
    let description: string | undefined;
    let metric: string | undefined;
    let threshold: number | undefined;
    for (const [rawKey, value] of Object.entries(row)) {
      const key = rawKey.trim();
      if (key.startsWith("__expected")) {
        if (value.trim() !== "") assert.push(assertionFromString(value.trim()));
      } else if (key === "__description") description = value;
      else if (key === "__metric") metric = value;
      else if (key === "__threshold") threshold = parseFiniteNumber(value);
      else if (key.startsWith("__metadata:")) {
        const name = key.slice("__metadata:".length);
        if (value.trim() === "") continue;
        if (name.endsWith("[]")) metadata[name.slice(0, -2)] = value.split(/(?<!\\),/).map((item) => item.trim().replace(/\\,/g, ","));
        else metadata[name] = value;
      } else if (key.startsWith("__config:")) {
        const match = /^__config:__expected(\d*):threshold$/.exec(key);
        const index = match === null ? undefined : match[1] === "" ? 0 : Number(match[1]) - 1;
        const parsed = parseFiniteNumber(value);
        if (index === undefined || index < 0) throw csvColumnError(options.file, key, unsupported(key), "`__config:__expected:threshold` or `__config:__expected<N>:threshold`");
        // Like promptfoo, an empty or non-numeric cell stops the load.
        if (parsed === undefined) throw csvColumnError(options.file, key, `"${value}"`, "a number");
        thresholds[index] = parsed;
      } else if (key.startsWith("__")) throw csvColumnError(options.file, key, unsupported(key), "a column Flywheel supports", refusedColumns[key]);
      else vars[key] = value;
    }
    for (const [index, assertion] of assert.entries()) {
      if (metric !== undefined && metric !== "") assertion.metric = metric;
      const configured = thresholds[index];
      // promptfoo copies a `__config` threshold into the test's metadata too.
      if (configured !== undefined) metadata.threshold = assertion.threshold = configured;
    }
    return {
      vars,
      assert: assert as TestEntry["assert"],
      ...(description ? { description } : {}),
      ...(threshold === undefined ? {} : { threshold }),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    };
  });
}

// promptfoo's rule: a plain decimal or exponent number, else no value ("abc" and "Infinity" are ignored).
function parseFiniteNumber(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function unsupported(column: string): string {
  return `\`${column}\`, which Flywheel does not support`;
}

function csvColumnError(file: string, column: string, found: string, expected: string, hint?: string): ConfigError {
  return new ConfigError({ file, key: `column ${column}`, found, expected, hint: hint ?? `fix or remove the column ${column} in ${file}` });
}
