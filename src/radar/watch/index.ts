// Model watch: lists the providers' models and the catalog, diffs them with the last snapshot,
// tries each change on the user's eval suites against the model in use within a hard budget;
// and the `radar` job queue that scheduled runs go through.
export { watchModels } from "./watch-models.js";
export { listWatchedModels } from "./list-watched-models.js";
export type { ListWatchedModelsOptions } from "./list-watched-models.js";
export { recommend, NO_WORSE_MARGIN } from "./recommend.js";
export { ModelListError } from "./model-list-error.js";
export { RADAR_QUEUE, radarJobHandler, radarJobPayloadSchema } from "./radar-job.js";
export type { RadarJobPayload, RadarRun } from "./radar-job.js";
