import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropicErrorBody } from "./anthropic-error-body.js";
import { anthropicMessagesProtocol } from "./anthropic-messages.js";
import { handleEmbeddings } from "./embeddings.js";
import { handleChat } from "./handle-chat.js";
import { handleFineTuning } from "./fine-tuning.js";
import type { FineTuningState } from "./fine-tuning-state.js";
import { defaultModels, modelList } from "./model-list.js";
import { openaiChatProtocol } from "./openai-chat.js";
import { openaiErrorBody } from "./openai-error-body.js";
import type { ScriptHandler } from "./reply-spec.js";
import { safeParseJson } from "./safe-parse-json.js";
import { sendError } from "./send-error.js";
import { sendJson } from "./send-json.js";
import { ServerState } from "./server-state.js";
import type { RecordedRequest } from "./server-state.js";
import { isGone } from "./sse.js";

/** Settings for `startProtocolServer`. */
export interface ProtocolServerOptions {
  /** Port to listen on; 0 (default) picks a free one. The server always binds 127.0.0.1. */
  port?: number;
  /** Fixed delay before every response, in milliseconds (default 0; benchmarks use 20). */
  latencyMs?: number;
  /** Delay between streamed chunks, in milliseconds (default 0: the whole stream in one write). */
  chunkDelayMs?: number;
  /** What `GET /v1/models` lists at first (default: gpt-4o-mini, gpt-4o, text-embedding-3-small, claude-sonnet-4-5). */
  models?: readonly string[];
}

/** A running protocol server. */
export interface ProtocolServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `${url}/v1`: the `baseURL` for `createOpenAI` / `createOpenAICompatible`, and `OPENAI_BASE_URL`. */
  openaiBaseURL: string;
  /** `${url}/v1`: the `baseURL` for `createAnthropic`. */
  anthropicBaseURL: string;
  /** Every request, oldest first (the last 10,000). */
  requests: RecordedRequest[];
  /** Files uploaded and fine-tuning jobs created through the OpenAI endpoints. */
  fineTuning: FineTuningState;
  /** The names `GET /v1/models` lists; push to it (or splice) to change the list between two requests. */
  models: string[];
  /** Scripts the replies for one model name (or every name starting with `<prefix>` when given `<prefix>*`); overrides the behaviour the name selects. */
  script(model: string, handler: ScriptHandler): void;
  /** Clears `requests`, scripts and per-model counters. */
  reset(): void;
  /** Ends open and hanging requests and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that speaks OpenAI chat completions,
 * embeddings and models, and Anthropic messages, so the real provider clients
 * run end to end against it. Replies are chosen by script (`script()`) or by
 * model name (`flaky-429-2`, `hang`, `tool-get_weather`, …; see `behaviourReply`).
 */
export async function startProtocolServer(options: ProtocolServerOptions = {}): Promise<ProtocolServer> {
  const state = new ServerState(options.latencyMs ?? 0, options.chunkDelayMs ?? 0);
  const models = [...(options.models ?? defaultModels)];
  const server = createServer((request, response) => {
    route(state, models, request, response).catch((error: unknown) => failRequest(request, response, error));
  });
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: `${url}/v1`,
    requests: state.requests,
    models,
    fineTuning: state.fineTuning,
    script: (model, handler) => {
      state.scripts.set(model, handler);
    },
    reset: () => state.reset(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        state.delays.cancelAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function route(state: ServerState, models: readonly string[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = request.url ?? "/";
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const text = await readBody(request);
  // File uploads are multipart/form-data, not JSON.
  const multipart = (request.headers["content-type"] ?? "").startsWith("multipart/form-data");
  const parsed = text.length === 0 || multipart ? undefined : safeParseJson(text);
  const body = multipart ? text : parsed === undefined ? undefined : parsed.success ? parsed.value : text;
  state.record({ method: request.method ?? "GET", path, headers: headersOf(request), body });

  if (state.latencyMs > 0 && !(await state.delays.wait(state.latencyMs))) return;
  const endpoint = path.startsWith("/v1/") ? path.slice(3) : path;
  const anthropic = isAnthropic(request);
  const errorBody = anthropic ? anthropicErrorBody : openaiErrorBody;
  if (parsed?.success === false) {
    return sendError(response, { status: 400, type: "invalid_request_error", message: "We could not parse the JSON body of your request." }, errorBody);
  }
  if (!anthropic && handleFineTuning(state.fineTuning, request, endpoint + (queryStart === -1 ? "" : url.slice(queryStart)), body, response)) return;
  switch (`${request.method} ${endpoint}`) {
    case "POST /chat/completions":
      return handleChat(openaiChatProtocol, state, body, response);
    case "POST /messages":
      return handleChat(anthropicMessagesProtocol, state, body, response);
    case "POST /embeddings":
      return handleEmbeddings(state, body, response);
    case "GET /models":
      return sendJson(response, 200, modelList(anthropic, models));
    default:
      return sendError(response, { status: 404, type: anthropic ? "not_found_error" : "invalid_request_error", message: `Invalid URL (${request.method} ${path})` }, errorBody);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

// Anthropic clients send `anthropic-version`; errors and lists answer in their shape.
function isAnthropic(request: IncomingMessage): boolean {
  return request.headers["anthropic-version"] !== undefined || (request.url ?? "").includes("/messages");
}

// A failure inside the server (a script handler that threw) becomes a 500 the test can see.
function failRequest(request: IncomingMessage, response: ServerResponse, error: unknown): void {
  if (isGone(response)) return;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const message = `protocol server: ${error instanceof Error ? error.message : String(error)}`;
  sendError(response, { status: 500, message }, isAnthropic(request) ? anthropicErrorBody : openaiErrorBody);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}
