import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { FlywheelError } from "../errors/index.js";
import { errorResponse } from "./error-response.js";
import { collectionRoutes } from "./routes/api-collections.js";
import { evalRoutes } from "./routes/api-evals.js";
import { eventRoutes } from "./routes/api-events.js";
import { experimentRoutes } from "./routes/api-experiments.js";
import { promptRoutes } from "./routes/api-prompts.js";
import { modelRoutes } from "./routes/api-models.js";
import { playgroundRoutes } from "./routes/api-playground.js";
import { radarRoutes } from "./routes/api-radar.js";
import { traceRoutes } from "./routes/api-traces.js";
import { openaiCompatibleRoutes } from "./routes/openai-compatible.js";
import { staticFiles } from "./routes/static-files.js";
import { requireApiAccess } from "./security/access-token.js";
import { redactResponses } from "./security/redact-responses.js";
import { allowHosts, allowOrigins } from "./security/request-guards.js";
import type { ServerContext } from "./server-context.js";
import { watchStore } from "./store-watcher.js";

/** Options for `createServerApp`. */
export interface ServerAppOptions extends ServerContext {
  /** The workbench token: when set, every `/api` and `/v1` request must carry it or a named API token. */
  accessToken?: string;
  /** Refuse requests without a token even when no workbench token is set (default: whether one is set). */
  tokenRequired?: boolean;
  /** Host headers accepted (e.g. `127.0.0.1:4000`, `localhost:4000`); any when omitted. */
  allowedHosts?: string[];
  /** Browser origins allowed to call the API (the workbench's own). */
  allowedOrigins: string[];
  /** Folder of the built web app. */
  webRoot: string;
  /** Largest request body in bytes (default 4 MiB). */
  maxBodyBytes?: number;
  /** How often `/api/events` reads the store for changes while a client listens (default 1000 ms). */
  eventsPollMs?: number;
}

/**
 * The workbench server: `/api` (JSON over the library, SSE for streams), `/v1`
 * (OpenAI-compatible), and the web app. Guards run before any route: Host check
 * (DNS rebinding), closed CORS (foreign Origin or Sec-Fetch-Site refused), body size limit, and the access token (named or the workbench's) where one is needed, with every write recorded by token;
 * `/api` answers leave with secrets redacted.
 */
export function createServerApp(options: ServerAppOptions): Hono {
  const app = new Hono();
  if (options.allowedHosts !== undefined) app.use("*", allowHosts(options.allowedHosts));
  // Same-host origins are safe only where the Host is checked or a token is required (DNS rebinding).
  const tokenRequired = options.tokenRequired ?? options.accessToken !== undefined;
  const origins = allowOrigins({ origins: options.allowedOrigins, sameHost: options.allowedHosts !== undefined || tokenRequired });
  app.use("/api/*", redactResponses());
  app.use("/api/*", origins);
  app.use("/v1/*", origins);
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 4 * 1024 * 1024,
    onError: (context) => errorResponse(context, new FlywheelError({ code: "payload-too-large", message: "the request body is too large", hint: "send less than 4 MiB" })),
  });
  app.use("/api/*", limit);
  app.use("/v1/*", limit);
  const access = requireApiAccess({ workbenchToken: options.accessToken, required: tokenRequired, tokens: options.flywheel.store.tokens });
  app.use("/api/*", access);
  app.use("/v1/*", access);
  app.route("/v1", openaiCompatibleRoutes(options));
  app.route("/api/traces", traceRoutes(options));
  app.route("/api/models", modelRoutes(options));
  app.route("/api/playground", playgroundRoutes(options));
  app.route("/api/evals", evalRoutes(options));
  app.route("/api/collections", collectionRoutes(options));
  app.route("/api/radar", radarRoutes(options));
  app.route("/api/experiments", experimentRoutes(options));
  app.route("/api/prompts", promptRoutes(options));
  app.route("/api/events", eventRoutes(watchStore(options.flywheel.store, options.eventsPollMs ?? 1000)));
  app.get("/api/health", (context) => context.json({ ok: true }));
  app.all("/api/*", (context) => errorResponse(context, new FlywheelError({ code: "not-found", message: `no API route ${context.req.method} ${context.req.path}` })));
  app.all("/v1/*", (context) => errorResponse(context, new FlywheelError({ code: "not-found", message: `no route ${context.req.method} ${context.req.path}` })));
  app.use("*", staticFiles(options.webRoot));
  app.onError((error, context) => errorResponse(context, error));
  return app;
}
