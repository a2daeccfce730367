import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { describe, expect, it } from "vitest";
import { registerSecret } from "../../secrets/index.js";
import { redactResponses } from "./redact-responses.js";

describe("redactResponses", () => {
  it("redacts known secrets from JSON answers and from SSE streams, also when a secret straddles two events' writes", async () => {
    const secret = "api-canary-3c5e7a9b1d";
    registerSecret(secret);
    const app = new Hono();
    app.use("*", redactResponses());
    app.get("/json", (context) => context.json({ echo: `you said ${secret}` }));
    app.get("/stream", (context) =>
      streamSSE(context, async (stream) => {
        await stream.write(`data: ${secret.slice(0, 7)}`);
        await stream.write(`${secret.slice(7)} done\n\n`);
      }),
    );
    const json = await app.request("/json");
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(await json.json()).toEqual({ echo: "you said [REDACTED]" });
    expect(await (await app.request("/stream")).text()).toBe("data: [REDACTED] done\n\n");
  });
});
