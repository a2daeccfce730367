// Numbered schema migrations, applied in order on open. Add a file, then add it to the list.
import { tracesMigration } from "./001-traces.js";
import { responseCacheMigration } from "./002-response-cache.js";
import { evalsMigration } from "./003-evals.js";
import { ragMigration } from "./004-rag.js";
import { feedbackMigration } from "./006-feedback.js";
import { datasetsMigration } from "./007-datasets.js";
import { jobsMigration } from "./008-jobs.js";
import { traceSearchMigration } from "./009-trace-search.js";
import { vectorVersionMigration } from "./010-vector-version.js";
import { traceOwnerMigration } from "./011-trace-owner.js";
import { pgvectorMigration } from "./012-pgvector.js";
import { workersMigration } from "./013-workers.js";
import { evalRunSuitesMigration } from "./014-eval-run-suites.js";
import { apiTokensMigration } from "./015-api-tokens.js";
import { collectionCalibrationMigration } from "./016-collection-calibration.js";
import { radarMigration } from "./017-radar.js";
import { promptsExperimentsMigration } from "./018-prompts-experiments.js";
import type { Migration } from "./migration.js";

export type { Migration } from "./migration.js";

/** Every migration, in version order. */
export const migrations: Migration[] = [tracesMigration, responseCacheMigration, evalsMigration, ragMigration, feedbackMigration, datasetsMigration, jobsMigration, traceSearchMigration, vectorVersionMigration, traceOwnerMigration, pgvectorMigration, workersMigration, evalRunSuitesMigration, apiTokensMigration, collectionCalibrationMigration, radarMigration, promptsExperimentsMigration].sort(
  (a, b) => a.version - b.version,
);
