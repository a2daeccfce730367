import { UsageError } from "../../errors/index.js";
import { parseDuration } from "./duration.js";
import type { TraceSelection } from "./from-traces.js";

/**
 * Parses a trace filter string, `key=value` pairs separated by commas or spaces:
 * `model=openai:gpt-4o-mini since=7d tag=support prompt=triage feedback=good min-score=0.5 limit=500`.
 * An empty string selects every trace.
 */
export function parseTraceFilters(text: string, now = Date.now()): TraceSelection {
  const selection: TraceSelection = {};
  for (const pair of text.split(/[,\s]+/).filter((part) => part !== "")) {
    const equals = pair.indexOf("=");
    const key = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? "" : pair.slice(equals + 1);
    if (value === "") throw invalid(pair);
    switch (key) {
      case "model":
        selection.model = value;
        break;
      case "since":
        selection.since = now - parseDuration(value);
        break;
      case "tag":
        selection.tag = value;
        break;
      case "prompt":
        selection.prompt = value;
        break;
      case "feedback":
        if (value !== "good" && value !== "bad") throw invalid(pair);
        selection.feedback = value;
        break;
      case "min-score": {
        const score = Number(value);
        if (!(score >= 0 && score <= 1)) throw invalid(pair);
        selection.minScore = score;
        break;
      }
      case "limit": {
        const limit = Number(value);
        if (!Number.isInteger(limit) || limit < 1) throw invalid(pair);
        selection.limit = limit;
        break;
      }
      default:
        throw invalid(pair);
    }
  }
  return selection;
}

function invalid(pair: string): UsageError {
  return new UsageError(`invalid trace filter "${pair}"`, "use key=value pairs: model=<id>, since=7d, tag=<tag>, prompt=<name>, feedback=good|bad, min-score=0..1, limit=<n>");
}
