import type { DatasetRow } from "../dataset-row.js";

/** A row that could not be read, by line number. */
export interface ImportProblem {
  /** 1-based line in the file where the row starts. */
  line: number;
  /** What is wrong with it, in plain words. */
  reason: string;
}

/** What a reader got out of a file. */
export interface ImportedRows {
  rows: DatasetRow[];
  problems: ImportProblem[];
  /** Rows (or records) seen, good and bad. */
  read: number;
}

/** Formats a zod or JSON error into one short reason. */
export function describeIssue(error: unknown): string {
  if (error !== null && typeof error === "object" && "issues" in error && Array.isArray((error as { issues: unknown[] }).issues)) {
    const issue = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues[0];
    if (issue !== undefined) return `${issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : ""}${issue.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
