// Server: the workbench's HTTP layer (Hono). A JSON API over the library with SSE for
// streams, an OpenAI-compatible /v1 for any registry model, and the built web app.
export { createServerApp } from "./create-app.js";
export type { ServerAppOptions } from "./create-app.js";
export { startServer, defaultWebRoot } from "./start-server.js";
export type { StartServerOptions, RunningServer } from "./start-server.js";
export { generateAccessToken, tokensMatch } from "./security/access-token.js";
export { API_TOKEN_PREFIX, generateApiToken, hashApiToken } from "./security/api-token.js";
export type { EvalsBackend } from "./backends/evals-backend.js";
export { storedEvalRuns } from "./backends/stored-eval-runs.js";
export type { CollectionsBackend, CollectionSearchOptions } from "./backends/collections-backend.js";
export { ragCollections } from "./backends/rag-collections.js";
export type * from "./views/eval-views.js";
export type * from "./views/collection-views.js";
export type * from "./views/radar-views.js";
