// The Prompts page in a real browser: two versions of a prompt file run through runPrompt
// against the protocol server, with feedback and online check results, served by the real
// server with an access token required.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPrompt } from "../../src/prompts/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { defaultWebRoot, startServer } from "../../src/server/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { flywheelAgainst } from "../support/flywheel-fixture.js";
import { startProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";
import { openBrowser, screenshot } from "./browser.js";
import type { TestBrowser } from "./browser.js";

const token = "prompts-test-token-5e8a";
let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
let browser: TestBrowser;
let page: Page;
const hashes: string[] = [];

async function runVersion(text: string, inputs: string[], feedback: "good" | "bad"): Promise<void> {
  writeFileSync(path.join(flywheel.folder, "prompts", "support.prompt.md"), text);
  for (const input of inputs) {
    const result = await runPrompt(flywheel, { promptFile: path.join(flywheel.folder, "prompts", "support.prompt.md"), vars: { input } });
    await flywheel.store.feedback.add({ feedbackId: `f-${result.traceId}`, traceId: result.traceId, spanId: null, score: null, label: feedback, correction: null, note: null, author: "user", createdAt: Date.now() });
    if (!hashes.includes(result.promptHash!)) hashes.push(result.promptHash!);
  }
}

beforeAll(async () => {
  if (!existsSync(path.join(defaultWebRoot, "index.html"))) throw new Error("web/dist is not built: run `npm run build` first");
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, { config: { prompts: { checks: { support: [{ type: "icontains", value: "refund", name: "mentions-refund" }] } } } });
  mkdirSync(path.join(flywheel.folder, "prompts"));
  await runVersion("---\nmodel: openai:gpt-4o-mini\n---\nReply to: {{input}}\n", ["refund my order", "where is it", "hello"], "bad");
  await runVersion("---\nmodel: openai:gpt-4o-mini\n---\nReply kindly to: {{input}}\n", ["refund please", "thanks"], "good");
  await flywheel.checks.drain(20_000);
  await flywheel.tracing.flush();
  server = await startServer({ flywheel, port: 0, accessToken: token });
  browser = await openBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
  await flywheel?.close();
  await upstream?.close();
});

describe("the Prompts page", () => {
  it("lists each version by hash with calls, feedback and check pass rates, and shows a word diff of two versions", async () => {
    await page.goto(`${server.url}/prompts#token=${token}`);
    await page.getByRole("heading", { name: "Prompts", exact: true }).waitFor();
    const rows = page.locator('article[data-prompt="support"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const [old, current] = [await rows.nth(0).innerText(), await rows.nth(1).innerText()];
    expect(old).toContain(hashes[0]!.slice(0, 8));
    expect(old).toMatch(/\t3\t.*\t0\.00 \(3\)\t33\.3% of 3\t/);
    expect(current).toContain(`${hashes[1]!.slice(0, 8)} (file)`);
    expect(current).toMatch(/\t2\t.*\t1\.00 \(2\)\t50\.0% of 2\t/);
    await page.getByRole("checkbox", { name: `compare ${hashes[0]!.slice(0, 8)}` }).check();
    await page.getByRole("checkbox", { name: `compare ${hashes[1]!.slice(0, 8)}` }).check();
    await page.locator(".prompt-diff ins").first().waitFor();
    expect(await page.locator(".prompt-diff ins").allInnerTexts()).toEqual(["kindly "]);
    expect(await page.locator(".note.error").count()).toBe(0);
    await screenshot(page, "prompts");
  });

  it("answers the API's bad input with one-line errors", async () => {
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const missing = await fetch(`${server.url}/api/prompts/nope`, auth);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "unknown-prompt" } });
    const notHash = await fetch(`${server.url}/api/prompts/support/versions/xyz`, auth);
    expect(notHash.status).toBe(404);
    const version = (await (await fetch(`${server.url}/api/prompts/support/versions/${hashes[0]!.slice(0, 8)}`, auth)).json()) as { hash: string; source: string };
    expect(version).toMatchObject({ hash: hashes[0] });
    expect(version.source).toContain("Reply to: {{input}}");
    expect((await fetch(`${server.url}/api/prompts`)).status).toBe(401);
  });
});
