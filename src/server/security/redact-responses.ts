import type { MiddlewareHandler } from "hono";
import { createStreamRedactor } from "../../secrets/index.js";

/**
 * Redacts every known or key-shaped secret from text responses (JSON, SSE streams, plain
 * text) as they stream out, whichever route made them: what the store holds is redacted
 * already, this also covers what a route answers from memory (a run in progress, an echo).
 */
export function redactResponses(): MiddlewareHandler {
  return async (context, next) => {
    await next();
    const response = context.res;
    if (response.body === null || !/^(application\/json|text\/)/i.test(response.headers.get("content-type") ?? "")) return;
    const redactor = createStreamRedactor();
    const body = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(
        new TransformStream<string, string>({
          transform: (chunk, controller) => enqueueText(controller, redactor.push(chunk)),
          flush: (controller) => enqueueText(controller, redactor.flush()),
        }),
      )
      .pipeThrough(new TextEncoderStream());
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    // Cleared first: Hono copies the old response's headers (its length) onto a new one.
    context.res = undefined;
    context.res = new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}

function enqueueText(controller: TransformStreamDefaultController<string>, text: string): void {
  if (text !== "") controller.enqueue(text);
}
