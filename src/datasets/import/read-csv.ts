import { parse } from "csv-parse/sync";
import { UsageError } from "../../errors/index.js";
import type { ChatMessage, DatasetRow } from "../dataset-row.js";
import { datasetSplitSchema } from "../dataset-row.js";
import type { ImportedRows, ImportProblem } from "./import-problem.js";

/** Which CSV column feeds which part of a row. */
export interface CsvMapping {
  /** The user's message (required). */
  user: string;
  /** The assistant's reply (required). */
  assistant: string;
  /** A system prompt column. */
  system?: string;
  /** A `train` / `validation` / `test` column. */
  split?: string;
  /** A conversation id column, so turns stay in one split. */
  conversation?: string;
}

const defaults: Record<"user" | "assistant" | "system", string[]> = {
  user: ["user", "input", "prompt", "question"],
  assistant: ["assistant", "output", "completion", "answer", "expected", "response"],
  system: ["system", "system_prompt"],
};

/** Parses `user=question,assistant=answer` into a mapping. */
export function parseCsvMapping(text: string): Partial<CsvMapping> {
  const mapping: Partial<CsvMapping> = {};
  for (const pair of text.split(",")) {
    const [field, column] = pair.split("=").map((part) => part.trim());
    if (field === undefined || column === undefined || column === "" || !["user", "assistant", "system", "split", "conversation"].includes(field)) {
      throw new UsageError(`invalid column mapping "${pair}"`, "write field=column pairs, e.g. --map user=question,assistant=answer (fields: user, assistant, system, split, conversation)");
    }
    mapping[field as keyof CsvMapping] = column;
  }
  return mapping;
}

/** Reads a CSV file with a header row into rows, by a column mapping (or the usual column names). */
export function readCsv(text: string, mappingInput: Partial<CsvMapping> = {}): ImportedRows {
  const problems: ImportProblem[] = [];
  const records = parse(text, {
    columns: true,
    skip_empty_lines: true,
    info: true,
    bom: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error !== undefined) problems.push({ line: (error as { lines?: number }).lines ?? 0, reason: error.message.replace(/^Invalid Record Length: /, "wrong number of columns: ") });
    },
  }) as { record: Record<string, string>; info: { lines: number } }[];
  const header = records[0] === undefined ? [] : Object.keys(records[0].record);
  const column = (field: "user" | "assistant" | "system"): string | undefined => mappingInput[field] ?? defaults[field].find((name) => header.includes(name));
  const mapping = { user: column("user"), assistant: column("assistant"), system: column("system"), split: mappingInput.split, conversation: mappingInput.conversation };
  if (records.length > 0) {
    for (const field of ["user", "assistant"] as const) {
      if (mapping[field] === undefined || !header.includes(mapping[field])) {
        throw new UsageError(`the CSV has no column for the ${field} message (columns: ${header.join(", ")})`, `map it: --map ${field}=<column>`);
      }
    }
  }
  const rows: DatasetRow[] = [];
  for (const { record, info } of records) {
    // info.lines is the line where the record ends; a record spans several lines only when quoted.
    const line = info.lines;
    const user = record[mapping.user!] ?? "";
    const assistant = record[mapping.assistant!] ?? "";
    if (user.trim() === "" || assistant.trim() === "") {
      problems.push({ line, reason: `empty ${user.trim() === "" ? mapping.user : mapping.assistant} column` });
      continue;
    }
    const messages: ChatMessage[] = [];
    const system = mapping.system === undefined ? undefined : record[mapping.system];
    if (system !== undefined && system.trim() !== "") messages.push({ role: "system", content: system });
    messages.push({ role: "user", content: user }, { role: "assistant", content: assistant });
    let split: DatasetRow["split"];
    if (mapping.split !== undefined && (record[mapping.split] ?? "") !== "") {
      const parsed = datasetSplitSchema.safeParse(record[mapping.split]);
      if (!parsed.success) {
        problems.push({ line, reason: `unknown split "${record[mapping.split]}" (use train, validation or test)` });
        continue;
      }
      split = parsed.data;
    }
    const conversation = mapping.conversation === undefined ? undefined : record[mapping.conversation];
    rows.push({
      messages,
      metadata: { source: "csv", line, ...(conversation ? { conversationId: conversation } : {}) },
      ...(split === undefined ? {} : { split }),
    });
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line), read: records.length + problems.filter((problem) => problem.reason.startsWith("wrong number")).length };
}
