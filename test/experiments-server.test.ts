import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExperimentListing, ExperimentReport } from "../src/experiments/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { generateApiToken, hashApiToken, startServer } from "../src/server/index.js";
import type { RunningServer } from "../src/server/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { experimentTrace } from "./support/span-factory.js";

// `/api/experiments`: the list, one report, and shipping a winner with a write token.
let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
const tokens = { read: generateApiToken(), write: generateApiToken() };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, {
    config: { experiments: { checkout: { variants: { control: {}, concise: { model: "openai:gpt-4o" } }, unit: "session", metric: "latency", minSamples: 20 } } },
  });
  const spans = Array.from({ length: 80 }, (_, index) =>
    experimentTrace({ experiment: "checkout", variant: index % 2 === 0 ? "control" : "concise", unit: `session-${index % 40}`, startTime: 1_700_000_000_000 + index * 1000, durationMs: index % 2 === 0 ? 800 + (index % 7) : 400 + (index % 5) }),
  );
  await flywheel.store.traces.writeSpans(spans);
  await flywheel.store.tokens.create({ name: "viewer", scope: "read", tokenHash: hashApiToken(tokens.read) }, Date.now());
  await flywheel.store.tokens.create({ name: "ci", scope: "write", tokenHash: hashApiToken(tokens.write) }, Date.now());
  server = await startServer({ flywheel, port: 0, webRoot: flywheel.folder, accessToken: generateApiToken() });
});

afterAll(async () => {
  await server.close();
  await flywheel.close();
  await upstream.close();
});

describe("/api/experiments", () => {
  it("lists the experiments and reports one: a faster variant on a latency metric ships", async () => {
    const listed = await fetch(`${server.url}/api/experiments`, { headers: bearer(tokens.read) });
    expect(listed.status).toBe(200);
    expect((await listed.json()) as ExperimentListing[]).toEqual([
      { name: "checkout", status: "running", winner: null, declared: true, metric: "latency", calls: { control: 40, concise: 40 }, startedAt: null, endedAt: null },
    ]);
    const response = await fetch(`${server.url}/api/experiments/checkout`, { headers: bearer(tokens.read) });
    expect(response.status).toBe(200);
    const report = (await response.json()) as ExperimentReport;
    expect(report.variants.map((variant) => [variant.name, variant.calls, variant.units])).toEqual([["control", 40, 20], ["concise", 40, 20]]);
    expect(report.direction).toBe("lower");
    expect(report.comparisons[0]!.high).toBeLessThan(0);
    expect(report.verdict).toMatchObject({ kind: "ship", variant: "concise" });
  });

  it("answers an unknown experiment with 404, and a bad ship body with 400", async () => {
    const unknown = await fetch(`${server.url}/api/experiments/nothing`, { headers: bearer(tokens.read) });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string; hint: string } }).error).toMatchObject({ code: "unknown-experiment", hint: "declared experiments: checkout" });
    const post = (body: unknown, token: string) => fetch(`${server.url}/api/experiments/checkout/ship`, { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify(body) });
    const badVariant = await post({ variant: "verbose" }, tokens.write);
    expect(badVariant.status).toBe(404);
    expect(((await badVariant.json()) as { error: { code: string } }).error.code).toBe("unknown-variant");
    expect((await post({ winner: "concise" }, tokens.write)).status).toBe(400);
  });

  it("ships a winner with a write token only", async () => {
    const post = (token: string) => fetch(`${server.url}/api/experiments/checkout/ship`, { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify({ variant: "concise" }) });
    const refused = await post(tokens.read);
    expect(refused.status).toBe(403);
    expect(await flywheel.store.experiments.state("checkout")).toBeUndefined();
    const shipped = await post(tokens.write);
    expect(shipped.status).toBe(200);
    expect(((await shipped.json()) as ExperimentReport).state).toMatchObject({ status: "shipped", winner: "concise" });
    expect(await flywheel.store.experiments.state("checkout")).toMatchObject({ status: "shipped", winner: "concise" });
  });
});
