import type { Migration } from "./migration.js";

/**
 * A collection's search calibration (JSON, null until calibrated): the mode or fusion weights
 * chosen from pseudo-queries drawn from its own chunks, with the scores that decided it.
 */
export const collectionCalibrationMigration: Migration = {
  version: 16,
  name: "collection-calibration",
  up: () => ["ALTER TABLE rag_collections ADD COLUMN calibration TEXT"],
};
