import { Delays } from "./delays.js";
import { FineTuningState } from "./fine-tuning-state.js";
import type { ScriptHandler } from "./reply-spec.js";

/** A request as the server received it. */
export interface RecordedRequest {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** URL path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Request headers, lower-case names (repeated headers joined with `, `). Includes `authorization` / `x-api-key`. */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it was not JSON; `undefined` when empty. */
  body: unknown;
}

/** Most requests kept in `requests`; older ones are dropped first. */
export const maxRecordedRequests = 10_000;

/** Mutable state one server shares across requests: settings, scripts, counters and the request log. */
export class ServerState {
  /** Every request, oldest first, capped at `maxRecordedRequests`. */
  readonly requests: RecordedRequest[] = [];
  /** Script handlers by model name. */
  readonly scripts = new Map<string, ScriptHandler>();
  /** The server's cancellable timers. */
  readonly delays = new Delays();
  /** Uploaded files and fine-tuning jobs. */
  readonly fineTuning = new FineTuningState();
  private readonly counters = new Map<string, number>();
  private sequence = 0;

  constructor(
    /** Delay before every response. */
    readonly latencyMs: number,
    /** Delay between streamed chunks. */
    readonly chunkDelayMs: number,
  ) {}

  /** The script registered as `<prefix>*` whose prefix starts the model name (e.g. `ft:gpt-4o-mini:*`). */
  scriptByPrefix(model: string): ScriptHandler | undefined {
    for (const [key, handler] of this.scripts) if (key.endsWith("*") && model.startsWith(key.slice(0, -1))) return handler;
    return undefined;
  }

  /** Appends to the request log, dropping the oldest entry when full. */
  record(request: RecordedRequest): void {
    if (this.requests.length >= maxRecordedRequests) this.requests.shift();
    this.requests.push(request);
  }

  /** 0-based index of this request among requests to `model`, counted since start or `reset()`. */
  nextCallIndex(model: string): number {
    const index = this.counters.get(model) ?? 0;
    this.counters.set(model, index + 1);
    return index;
  }

  /** Server-wide answer number, used in generated ids (never reset, so ids stay unique). */
  nextSequence(): number {
    return ++this.sequence;
  }

  /** Clears the request log, scripts and per-model counters. */
  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
    this.counters.clear();
    this.fineTuning.clear();
  }
}
