import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { createPostgresDatabase } from "./support/postgres-server.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";
import { startUiProcess } from "./support/ui-process.js";

/** A real SSE client on `/api/events`: collects event names as they arrive. */
async function listen(url: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/events`, { signal: controller.signal });
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const events: string[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (const match of buffer.matchAll(/^event: (\S+)$/gm)) events.push(match[1]!);
        buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
      }
    } catch {
      // Closed by the test.
    }
  })();
  const until = async (event: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!events.includes(event)) {
      if (Date.now() > deadline) throw new Error(`no "${event}" event; got ${events.join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    events.splice(0);
  };
  await until("ready");
  return { until, close: () => controller.abort() };
}

let upstream: ProtocolServer;
beforeAll(async () => {
  upstream = await startProtocolServer();
});
afterAll(async () => {
  await upstream.close();
});

const engines: [string, (folder: string) => Promise<string>][] = [
  ["libSQL", async (folder) => path.join(folder, "shared.db")],
  ["PostgreSQL", async () => createPostgresDatabase(inject("postgresUrl"))],
];

describe.each(engines)("two workbench processes on one %s store", (_label, database) => {
  it("show the same data, and a client of one hears about writes made through the other and by a CLI run", async () => {
    const cwd = temporaryFolder("flywheel-shared-");
    const env = { FLYWHEEL_DB: await database(cwd), FLYWHEEL_HOME: path.join(cwd, "home"), OPENAI_BASE_URL: upstream.openaiBaseURL, OPENAI_API_KEY: "test-openai-key-0001" };
    const [a, b] = await Promise.all([startUiProcess({ cwd, env }), startUiProcess({ cwd, env })]);
    try {
      const events = await listen(b.url);
      const chat = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "written through A" }] }) };
      expect((await fetch(`${a.url}/v1/chat/completions`, chat)).status).toBe(200);
      await events.until("traces");
      const fromB = (await (await fetch(`${b.url}/api/traces`)).json()) as { traces: { traceId: string; inputPreview: string }[] };
      expect(fromB.traces.map((trace) => trace.inputPreview)).toEqual([expect.stringContaining("written through A")]);
      expect(await (await fetch(`${a.url}/api/traces`)).json()).toEqual(fromB);

      const feedback = await fetch(`${a.url}/api/traces/${fromB.traces[0]!.traceId}/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ label: "good" }) });
      expect(feedback.status).toBe(201);
      await events.until("feedback");

      const run = await runCli(["run", "written by the CLI", "--model", "openai:gpt-4o-mini"], { cwd, env });
      expect(run.code, run.stderr).toBe(0);
      await events.until("traces");
      const after = (await (await fetch(`${b.url}/api/traces`)).json()) as { traces: { inputPreview: string }[] };
      expect(after.traces.map((trace) => trace.inputPreview)).toEqual([expect.stringContaining("written by the CLI"), expect.stringContaining("written through A")]);
      events.close();
    } finally {
      expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    }
  });
});
