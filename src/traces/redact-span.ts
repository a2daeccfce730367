import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { redactDeep, redactSecrets } from "../secrets/index.js";

/** A copy of a finished span with secrets redacted from its name, status, attributes, events and links. */
export function redactSpan(span: ReadableSpan): ReadableSpan {
  return {
    name: redactSecrets(span.name),
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status.message === undefined ? span.status : { ...span.status, message: redactSecrets(span.status.message) },
    attributes: redactAttributes(span.attributes),
    links: span.links.map((link) => ({ ...link, ...(link.attributes === undefined ? {} : { attributes: redactAttributes(link.attributes) }) })),
    events: span.events.map((event) => ({ ...event, ...(event.attributes === undefined ? {} : { attributes: redactAttributes(event.attributes) }) })),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

function redactAttributes(attributes: Attributes): Attributes {
  return redactDeep({ ...attributes });
}
