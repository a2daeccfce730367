import { isIP } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { ServerType } from "@hono/node-server";
import { UsageError } from "../errors/index.js";
import type { Flywheel } from "../runtime/index.js";
import type { CollectionsBackend } from "./backends/collections-backend.js";
import type { EvalsBackend } from "./backends/evals-backend.js";
import { ragCollections } from "./backends/rag-collections.js";
import { storedEvalRuns } from "./backends/stored-eval-runs.js";
import { createServerApp } from "./create-app.js";
import { generateAccessToken } from "./security/access-token.js";

/** Options for `startServer`. */
export interface StartServerOptions {
  flywheel: Flywheel;
  /** Address to bind (default 127.0.0.1). Anything but loopback requires a token (named, or the workbench token). */
  host?: string;
  /** Port (default 4141; 0 picks a free one). */
  port?: number;
  /** Workbench access token; generated when the host is not loopback, none is given and no named API token exists. */
  accessToken?: string;
  /** Where saved prompts go (default `<cwd>/prompts`). */
  promptsDirectory?: string;
  /** Where eval suites from the playground go (default `<cwd>/evals`). */
  evalsDirectory?: string;
  /** Stored eval runs for the Evals page (default: the runs in the store). */
  evals?: EvalsBackend;
  /** Retrieval collections for the Collections page (default: the collections in the store). */
  collections?: CollectionsBackend;
  /** Folder of the built web app (default: the package's `web/dist`). */
  webRoot?: string;
}

/** A running workbench server. */
export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4141 */
  url: string;
  /** The access token in force, if any (print it once; never log it again). */
  accessToken: string | undefined;
  /** Whether the token was generated here (to print it once). */
  generatedToken: boolean;
  /** Whether every request needs a token (the workbench token or a named API token). */
  tokenRequired: boolean;
  /** Answers a request in-process, through the same guards and routes as a request over the socket. */
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** The package's built web app folder. */
export const defaultWebRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "web", "dist");

/** Starts the server. Binds loopback by default; other addresses require an access token. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  if (host !== "localhost" && isIP(host) === 0) throw new UsageError(`"${host}" is not an IP address`, "use --host 127.0.0.1, 0.0.0.0 or an address of this machine");
  const loopback = LOOPBACK.has(host);
  const generatedToken = !loopback && options.accessToken === undefined && !(await options.flywheel.store.tokens.any());
  const accessToken = options.accessToken ?? (generatedToken ? generateAccessToken() : undefined);
  const tokenRequired = !loopback || accessToken !== undefined;
  // Bind first (port 0 picks one), then build the app for the actual port: Host and Origin
  // checks must name it.
  let handle: (request: Request) => Response | Promise<Response> = () => new Response("starting", { status: 503 });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve({ fetch: (request: Request) => handle(request), hostname: host, port: options.port ?? 4141 }, () => resolve(instance));
    instance.once("error", reject);
  });
  const address = server.address();
  const port = address !== null && typeof address === "object" ? address.port : (options.port ?? 4141);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  const app = createServerApp({
    flywheel: options.flywheel,
    promptsDirectory: options.promptsDirectory ?? path.join(options.flywheel.config.cwd, "prompts"),
    evalsDirectory: options.evalsDirectory ?? path.join(options.flywheel.config.cwd, "evals"),
    evals: options.evals ?? storedEvalRuns(options.flywheel),
    collections: options.collections ?? ragCollections(options.flywheel),
    webRoot: options.webRoot ?? defaultWebRoot,
    accessToken,
    tokenRequired,
    allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`, url],
    allowedHosts: loopback ? [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`] : undefined,
  });
  handle = (request) => app.fetch(request);
  return {
    url,
    accessToken,
    generatedToken,
    tokenRequired,
    fetch: async (request) => handle(request),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
