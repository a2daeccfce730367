import type { ExportResult } from "@opentelemetry/core";
import { ExportResultCode } from "@opentelemetry/core";
import type { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { redactSpan } from "./redact-span.js";

/**
 * The OTLP/HTTP exporter, loaded with its protobuf stack on the first export: the module
 * costs ~100 ms to import, which no command should pay before it has a span to send.
 * Spans leave redacted, as they are when written to the store.
 */
export class LazyOtlpExporter implements SpanExporter {
  private exporter: Promise<OTLPTraceExporter> | undefined;

  constructor(private readonly options: { url: string; headers: Record<string, string> }) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.load().then(
      (exporter) => exporter.export(spans.map(redactSpan), resultCallback),
      (error: unknown) => resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  async forceFlush(): Promise<void> {
    if (this.exporter !== undefined) await (await this.exporter).forceFlush();
  }

  async shutdown(): Promise<void> {
    if (this.exporter !== undefined) await (await this.exporter).shutdown();
  }

  private load(): Promise<OTLPTraceExporter> {
    this.exporter ??= import("@opentelemetry/exporter-trace-otlp-http").then(({ OTLPTraceExporter }) => new OTLPTraceExporter(this.options));
    return this.exporter;
  }
}
