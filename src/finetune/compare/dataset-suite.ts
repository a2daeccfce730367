import type { DatasetRow } from "../../datasets/index.js";
import { promptMessages, targetMessage } from "../../datasets/index.js";
import type { SuiteFile } from "../../evals/index.js";
import { UsageError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { chatTarget } from "./chat-target.js";

/** How each case's reply is checked. */
export type DatasetAssertion = "auto" | "exact" | "json-schema" | "similar" | "llm-rubric";

/** The assertion names `--assert` accepts. */
export const datasetAssertions: readonly DatasetAssertion[] = ["auto", "exact", "json-schema", "similar", "llm-rubric"];

/** Options of `datasetEvalSuite`. */
export interface DatasetSuiteOptions {
  /** Cases: rows whose last assistant message is the expected reply. */
  rows: readonly DatasetRow[];
  /** Models to run, each an eval target labelled with `label` (or the model id). */
  models: { modelId: string; label?: string }[];
  /** Suite description (and identity for resuming). */
  description: string;
  /**
   * `auto` (default): JSON-equal for JSON replies, else exact; `exact`; `json-schema` (with
   * `schema`); `similar` (embedding cosine >= 0.8); `llm-rubric` (the grader judges the reply
   * against the expected one). A row's own `metadata.assert` always wins.
   */
  assertion?: DatasetAssertion;
  /** JSON schema for `json-schema`. */
  schema?: Record<string, unknown>;
  /** Longest reply per case (default 64 tokens). */
  maxTokens?: number;
  /** Cells in flight at once (default 2). */
  concurrency?: number;
}

function assertionsFor(row: DatasetRow, options: DatasetSuiteOptions): { type: string; value?: unknown; threshold?: number }[] {
  const custom = row.metadata?.assert;
  if (Array.isArray(custom) && custom.length > 0) return custom as { type: string; value?: unknown }[];
  const expected = targetMessage(row)?.content.trim() ?? "";
  switch (options.assertion ?? "auto") {
    case "exact":
      return [{ type: "equals", value: expected }];
    case "json-schema":
      if (options.schema === undefined) throw new UsageError("--assert json-schema needs a schema", "pass --schema <file.json>");
      return [{ type: "is-json", value: options.schema }];
    case "similar":
      return [{ type: "similar", value: expected, threshold: 0.8 }];
    case "llm-rubric":
      return [{ type: "llm-rubric", value: `The reply gives the same answer as this reference reply, in substance: ${expected}` }];
    case "auto":
      try {
        const parsed: unknown = JSON.parse(expected);
        if (parsed !== null && typeof parsed === "object") return [{ type: "equals", value: parsed }];
      } catch {
        // Not JSON: compare the text.
      }
      return [{ type: "equals", value: expected }];
  }
}

/**
 * An eval suite (for the eval runner) from dataset rows: one test per row, whose
 * conversation goes to each model at temperature 0 and whose expected reply is checked
 * with the chosen assertion.
 */
export function datasetEvalSuite(flywheel: Flywheel, options: DatasetSuiteOptions): SuiteFile {
  const rows = options.rows.filter((row) => targetMessage(row) !== undefined);
  if (rows.length === 0) throw new UsageError("there are no test cases in the dataset", "create the dataset with a test fraction above 0 (--split)");
  const maxTokens = options.maxTokens ?? 64;
  return {
    description: options.description,
    // Custom targets: objects with a `call` method, which the suite schema accepts as providers.
    providers: options.models.map((model) => {
      const target = chatTarget({ flywheel, id: model.label ?? model.modelId, modelId: model.modelId, maxTokens });
      return { id: target.id, label: target.label, call: target.call.bind(target) };
    }),
    tests: rows.map((row, index) => ({
      description: `case ${index + 1}`,
      vars: { messages: promptMessages(row), expected: targetMessage(row)!.content },
      assert: assertionsFor(row, options),
      metadata: { ...(row.metadata?.traceId === undefined ? {} : { traceId: row.metadata.traceId }) },
    })),
    concurrency: options.concurrency ?? 2,
    cache: false,
  };
}
