import { datasetRowSchema } from "../dataset-row.js";
import type { DatasetRow } from "../dataset-row.js";
import { describeIssue } from "./import-problem.js";
import type { ImportedRows, ImportProblem } from "./import-problem.js";

/** Reads OpenAI chat fine-tuning JSONL: one `{"messages": [...], "tools"?: [...]}` object per line. */
export function readOpenAiJsonl(text: string): ImportedRows {
  const rows: DatasetRow[] = [];
  const problems: ImportProblem[] = [];
  let read = 0;
  // Editors on Windows start UTF-8 files with a byte-order mark, which JSON.parse rejects.
  text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    read += 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push({ line: index + 1, reason: `not valid JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    const parsed = datasetRowSchema.safeParse(value);
    if (!parsed.success) {
      problems.push({ line: index + 1, reason: describeIssue(parsed.error) });
      return;
    }
    if (parsed.data.messages.at(-1)?.role !== "assistant") {
      problems.push({ line: index + 1, reason: "the last message must be the assistant's reply" });
      return;
    }
    rows.push(parsed.data);
  });
  return { rows, problems, read };
}
