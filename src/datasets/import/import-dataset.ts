import { readFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { CleanOptions } from "../clean/clean-rows.js";
import { DatasetImportError } from "../dataset-errors.js";
import { saveDatasetVersion } from "../save-dataset-version.js";
import type { SavedDatasetVersion } from "../save-dataset-version.js";
import type { SplitOptions } from "../split/grouped-split.js";
import type { ImportedRows, ImportProblem } from "./import-problem.js";
import { readCsv } from "./read-csv.js";
import type { CsvMapping } from "./read-csv.js";
import { readOpenAiJsonl } from "./read-openai-jsonl.js";
import { readPromptfoo } from "./read-promptfoo.js";

/** File formats `importDataset` reads. */
export type ImportFormat = "openai" | "csv" | "promptfoo";

/** Options of `importDataset`. */
export interface ImportDatasetOptions {
  /** Dataset to add a version to. */
  name: string;
  /** File to read. */
  file: string;
  /** Format; guessed from the extension when absent (.jsonl openai, .csv csv, .yaml/.yml/.json promptfoo). */
  format?: ImportFormat;
  /** CSV column mapping. */
  mapping?: Partial<CsvMapping>;
  /** promptfoo variable names. */
  inputVar?: string;
  outputVar?: string;
  /** Fail the whole import on any bad row instead of skipping it. */
  strict?: boolean;
  clean?: CleanOptions;
  /** Split settings, or `keep` to keep splits given in the file. */
  split?: SplitOptions | "keep";
  /** Called with the bad rows once the file is read, before anything is stored, so they are reported even when the import then fails. */
  onProblems?: (problems: ImportProblem[]) => void;
}

/** The saved version and the rows that were skipped. */
export interface ImportDatasetResult extends SavedDatasetVersion {
  problems: ImportProblem[];
  read: number;
}

/**
 * Imports a file as a new dataset version. Bad rows are reported by line number with the
 * reason and skipped; with `strict`, any bad row fails the import and nothing is stored.
 * Cleaning and split settings not given come from `datasets` in config.
 */
export async function importDataset(flywheel: Pick<Flywheel, "store" | "config">, options: ImportDatasetOptions): Promise<ImportDatasetResult> {
  const format = options.format ?? guessFormat(options.file);
  let text: string;
  try {
    text = await readFile(options.file, "utf8");
  } catch {
    throw new UsageError(`cannot read "${options.file}"`, "check the file path");
  }
  const imported: ImportedRows =
    format === "openai" ? readOpenAiJsonl(text) : format === "csv" ? readCsv(text, options.mapping) : readPromptfoo(text, { inputVar: options.inputVar, outputVar: options.outputVar });
  const problems = imported.problems.map((problem) => ({ ...problem }));
  if (problems.length > 0) options.onProblems?.(problems);
  if ((options.strict === true && problems.length > 0) || imported.rows.length === 0) {
    throw new DatasetImportError({ file: path.basename(options.file), problems: problems.map((problem) => `line ${problem.line}: ${problem.reason}`), strict: options.strict === true });
  }
  const saved = await saveDatasetVersion(flywheel, {
    name: options.name,
    rows: imported.rows,
    source: { kind: "import", format, file: path.basename(options.file) },
    sourceReport: { read: imported.read, skipped: problems.length, problems: problems.slice(0, 50) },
    ...(options.clean === undefined ? {} : { clean: options.clean }),
    ...(options.split === undefined ? {} : { split: options.split }),
  });
  return { ...saved, problems, read: imported.read };
}

function guessFormat(file: string): ImportFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".jsonl") return "openai";
  if (extension === ".csv") return "csv";
  if ([".yaml", ".yml", ".json"].includes(extension)) return "promptfoo";
  throw new UsageError(`cannot tell the format of "${path.basename(file)}"`, "pass --format openai|csv|promptfoo");
}
