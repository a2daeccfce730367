// Datasets: human feedback on traces, and versioned datasets built from traces, eval results
// and files: cleaned (secret and PII scrub, exact and near-duplicate removal, context limit),
// split without leakage, diffed and exported for fine-tuning.
export { addFeedback, feedbackInputSchema } from "./feedback.js";
export type { FeedbackInput } from "./feedback.js";
export { chatMessageSchema, datasetRowSchema, datasetSplitSchema, toolCallSchema, targetMessage, promptMessages } from "./dataset-row.js";
export type { ChatMessage, DatasetRow, DatasetSplit, ToolCall } from "./dataset-row.js";
export { contentHash, rowKey, canonicalJson } from "./content-hash.js";
export { DatasetNotFoundError, DatasetTooSmallError, EmptyDatasetError, DatasetImportError } from "./dataset-errors.js";
export { checkDatasetName, parseDatasetReference, resolveDatasetVersion, readDatasetRows } from "./dataset-reference.js";
export { saveDatasetVersion } from "./save-dataset-version.js";
export type { SaveDatasetVersionOptions, SavedDatasetVersion } from "./save-dataset-version.js";
export { cleanRows } from "./clean/clean-rows.js";
export type { CleanOptions, CleanStepReport } from "./clean/clean-rows.js";
export { scrubText, scrubValue, scrubRows, passesLuhn, piiPlaceholders } from "./clean/pii-scrub.js";
export type { PiiCounts, PiiKind } from "./clean/pii-scrub.js";
export { removeExactDuplicates, removeNearDuplicates } from "./clean/dedupe.js";
export { MinHasher, signatureSimilarity, similarPairs } from "./clean/minhash.js";
export { estimateTokens, exampleText } from "./clean/example-text.js";
export { splitRows } from "./split/grouped-split.js";
export type { SplitOptions, SplitResult } from "./split/grouped-split.js";
export { rowsFromTraces } from "./sources/from-traces.js";
export type { TraceSelection, TraceSourceReport } from "./sources/from-traces.js";
export { parseDuration } from "./sources/duration.js";
export { createDatasetFromTraces } from "./create-from-traces.js";
export type { CreateFromTracesOptions } from "./create-from-traces.js";
export { importDataset } from "./import/import-dataset.js";
export type { ImportDatasetOptions, ImportDatasetResult, ImportFormat } from "./import/import-dataset.js";
export { readOpenAiJsonl } from "./import/read-openai-jsonl.js";
export { readCsv, parseCsvMapping } from "./import/read-csv.js";
export type { CsvMapping } from "./import/read-csv.js";
export { readPromptfoo } from "./import/read-promptfoo.js";
export type { ImportProblem, ImportedRows } from "./import/import-problem.js";
export { exportDataset, rowsToJsonl } from "./export/export-dataset.js";
export type { ExportDatasetOptions } from "./export/export-dataset.js";
export { exportFormats, exportRow } from "./export/export-formats.js";
export type { ExportFormat } from "./export/export-formats.js";
export { diffDatasetVersions } from "./diff-versions.js";
export type { DatasetDiff } from "./diff-versions.js";
