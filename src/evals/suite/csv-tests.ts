import { parse } from "csv-parse/sync";
import { assertionFromString } from "./assertion-from-string.js";
import type { AssertionSpec } from "./eval-suite.js";
import type { TestEntry } from "./suite-schema.js";

/** Options for `testsFromCsv`. */
export interface CsvTestsOptions {
  /** File name, for messages. */
  file: string;
  /** Collects columns Flywheel ignores (e.g. `__prefix`). */
  unsupported: Set<string>;
}

/**
 * Turns a CSV file into tests, promptfoo style: each column is a var, except
 * `__expected` (and `__expected1`, `__expected2`, ...) which hold assertions as text,
 * `__description`, `__metric` (applied to the row's assertions) and `__threshold`.
 */
export function testsFromCsv(text: string, options: CsvTestsOptions): TestEntry[] {
  const rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_quotes: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((row) => {
    const vars: Record<string, string> = {};
    const assert: AssertionSpec[] = [];
    let description: string | undefined;
    let metric: string | undefined;
    let threshold: number | undefined;
    for (const [key, value] of Object.entries(row)) {
      if (key.startsWith("__expected")) {
        if (value.trim() !== "") assert.push(assertionFromString(value));
      } else if (key === "__description") description = value;
      else if (key === "__metric") metric = value;
      else if (key === "__threshold") threshold = Number.parseFloat(value);
      else if (key.startsWith("__")) options.unsupported.add(`${options.file}: column ${key}`);
      else vars[key] = value;
    }
    if (metric !== undefined && metric !== "") for (const assertion of assert) assertion.metric = metric;
    return {
      vars,
      assert: assert as TestEntry["assert"],
      ...(description ? { description } : {}),
      ...(threshold ? { threshold } : {}),
    };
  });
}
