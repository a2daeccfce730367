import { FlywheelError } from "../errors/index.js";

/** A dataset name or version that is not in the store. */
export class DatasetNotFoundError extends FlywheelError {
  constructor(options: { reference: string }) {
    super({ code: "dataset-not-found", message: `no dataset "${options.reference}"`, hint: "list datasets with `flywheel datasets list`" });
    this.name = "DatasetNotFoundError";
  }
}

/** Too few rows (or groups of rows) to give every split at least one. */
export class DatasetTooSmallError extends FlywheelError {
  constructor(options: { rows: number; groups: number; needed: number }) {
    super({
      code: "dataset-too-small",
      message: `the dataset has ${options.rows} rows in ${options.groups} independent groups, too few for ${options.needed} splits`,
      hint: "add more examples, or set the validation and test fractions to 0 (--split 1,0,0)",
    });
    this.name = "DatasetTooSmallError";
  }
}

/** Nothing was left to store: no matching source rows, or cleaning removed them all. */
export class EmptyDatasetError extends FlywheelError {
  constructor(options: { reason: string; hint?: string }) {
    super({ code: "dataset-empty", message: `no rows for the dataset: ${options.reason}`, hint: options.hint ?? "widen the filters (--since, --model) or check the source" });
    this.name = "EmptyDatasetError";
  }
}

/** An import file had rows that could not be read, and `--strict` was set (or no row was readable). */
export class DatasetImportError extends FlywheelError {
  /** `line N: reason` for each bad row. */
  readonly problems: string[];
  constructor(options: { file: string; problems: string[]; strict: boolean }) {
    const first = options.problems[0] ?? "no rows";
    super({
      code: "dataset-import-failed",
      message: `${options.file}: ${options.problems.length} bad row${options.problems.length === 1 ? "" : "s"} (${first})${options.strict ? "; nothing imported (--strict)" : ""}`,
      hint: options.strict ? "fix the rows listed, or import without --strict to skip them" : "check the file format (--format) and column mapping (--map)",
    });
    this.name = "DatasetImportError";
    this.problems = options.problems;
  }
}
