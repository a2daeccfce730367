import { apiHeaders, failure } from "./request.js";

/** One server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * POSTs a JSON body and yields the server-sent events of the answer. Read with fetch
 * rather than EventSource, which cannot send a body or the Authorization header.
 */
export function postForEvents(path: string, body: unknown, signal?: AbortSignal): AsyncGenerator<ServerSentEvent> {
  return eventsOf(fetch(path, { method: "POST", headers: apiHeaders(true), body: JSON.stringify(body), signal }));
}

/** GETs a stream of server-sent events (with the access token, which EventSource cannot send). */
export function getForEvents(path: string, signal?: AbortSignal): AsyncGenerator<ServerSentEvent> {
  return eventsOf(fetch(path, { headers: apiHeaders(false), signal }));
}

async function* eventsOf(request: Promise<Response>): AsyncGenerator<ServerSentEvent> {
  const response = await request;
  if (!response.ok) throw await failure(response);
  if (response.body === null) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event !== undefined) yield event;
        end = buffer.indexOf("\n\n");
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parseEvent(block: string): ServerSentEvent | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length === 0 ? undefined : { event, data: data.join("\n") };
}
