import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createTracing, withSpan } from "../src/traces/index.js";

describe("OTLP/HTTP export", () => {
  it("sends spans to a collector, headers included", async () => {
    const bodies: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const collector = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        bodies.push({ headers: request.headers, body });
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      const tracing = createTracing({ otlp: { endpoint: `http://127.0.0.1:${port}/v1/traces`, headers: { "x-collector-token": "abc" } } });
      await withSpan(tracing.tracer, "exported run", { kind: "run" }, async () => {
        await withSpan(tracing.tracer, "exported step", { kind: "step" }, async () => undefined);
      });
      await tracing.shutdown();
      expect(bodies.length).toBeGreaterThan(0);
      expect(bodies[0]!.headers["x-collector-token"]).toBe("abc");
      const payload = JSON.parse(bodies.map((entry) => entry.body).join("")) as {
        resourceSpans: { scopeSpans: { spans: { name: string; attributes: { key: string; value: { stringValue?: string } }[] }[] }[] }[];
      };
      const spans = payload.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
      expect(spans.map((span) => span.name).sort()).toEqual(["exported run", "exported step"]);
      expect(spans.find((span) => span.name === "exported step")!.attributes).toContainEqual({ key: "flywheel.span.kind", value: { stringValue: "step" } });
    } finally {
      collector.close();
    }
  });
});
