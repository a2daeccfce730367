// The workbench in a real browser: the built app served by the real server over a temp
// store, models answered by the in-repo protocol server, an access token required on
// every request (so the page must send it, streams included). Each test opens its own tab
// and sets up what it checks, so any one of them runs alone (`-t`).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { runEvalSuite } from "../../src/evals/index.js";
import { resolveModel } from "../../src/models/model-store/index.js";
import { ingest } from "../../src/rag/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { defaultWebRoot, startServer } from "../../src/server/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { flywheelAgainst } from "../support/flywheel-fixture.js";
import { startProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";
import { runTrace } from "../support/span-factory.js";
import { openBrowser, screenshot } from "./browser.js";
import type { TestBrowser } from "./browser.js";

const canary = "sk-canary-browser-9f8e7d6c5b4a3210";
const handbook = path.join(import.meta.dirname, "..", "fixtures", "handbook");
// The embedded models' store, shared with the other tests so weights are pulled once.
const modelHome = process.env.FLYWHEEL_HOME ?? path.join(os.homedir(), ".cache", "flywheel");
const token = "workbench-test-token-5a1f0c";
const models = ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5"];
let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(path.join(defaultWebRoot, "index.html"))) throw new Error("web/dist is not built: run `npm run build` first");
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, { env: { OPENAI_API_KEY: canary, FLYWHEEL_HOME: modelHome }, config: { defaultModel: models[0], defaultEmbeddingModel: "openai:text-embedding-3-small" } });
  await ingest(flywheel, { collection: "handbook", inputs: [handbook], cwd: handbook });
  const hour = 3_600_000;
  const seeded = Array.from({ length: 36 }, (_value, index) =>
    runTrace({ model: index % 3 === 0 ? models[1]! : models[0]!, startTime: Date.now() - (index + 1) * (hour / 2), input: `seeded question ${index}`, inputTokens: 20 + index, outputTokens: 40 + 2 * index, costUsd: 0.0001 * (1 + (index % 7)), status: index % 9 === 4 ? "error" : "ok" }),
  );
  await flywheel.store.traces.writeSpans(seeded.flat());
  server = await startServer({ flywheel, port: 0, accessToken: token });
  browser = await openBrowser();
});

beforeEach(async () => {
  page = await browser.context.newPage();
});

afterEach(async () => {
  await page?.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await flywheel?.close();
  await upstream?.close();
});

/** Opens a workbench page in this test's tab, handing it the access token as `flywheel ui` prints it. */
async function open(route: string): Promise<void> {
  await page.goto(`${server.url}${route}#token=${token}`);
}

/** Fills the playground: one prompt with a variable, on both hosted models. */
async function fillPlayground(): Promise<void> {
  await open("/playground");
  await page.getByLabel("Model 1", { exact: true }).fill(models[0]!);
  await page.getByLabel("Model 2", { exact: true }).fill(models[1]!);
  await page.getByLabel("System message").fill("Answer briefly.");
  await page.getByLabel("Prompt").fill("Tell me about {{topic}}");
  await page.locator('input[name="var-topic"]').fill("flywheels");
  await page.locator('input[name="temperature"]').fill("0.3");
}

/** Runs the filled playground and waits until both models have answered. */
async function runPlayground(): Promise<void> {
  await page.getByRole("button", { name: /^Run/ }).click();
  for (const model of models) await page.locator(`article.output[data-model="${model}"] footer`).waitFor();
}

/** Sends the filled playground to the eval suite `evals/<name>.yaml` and returns that file. */
async function sendToSuite(name: string): Promise<string> {
  await page.locator('input[name="save-name"]').fill(name);
  await page.getByRole("button", { name: "Send to eval suite" }).click();
  await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
  return path.join(flywheel.folder, "evals", `${name}.yaml`);
}

describe("workbench in a browser", () => {
  it("takes the access token from the URL fragment, hides it, and loads every page", async () => {
    await open("/traces");
    await page.getByRole("heading", { name: "Traces" }).waitFor();
    expect(page.url()).not.toContain(token);
    await page.locator("table.traces tbody tr").first().waitFor();
    const lastDay = await flywheel.store.traces.listTraces({ since: Date.now() - 86_400_000, limit: 100 });
    expect(lastDay.traces.length).toBeGreaterThanOrEqual(36);
    expect(await page.locator("table.traces tbody tr").count()).toBe(Math.min(50, lastDay.traces.length));
    await page.locator(".chart canvas").first().waitFor();
    await screenshot(page, "traces");
    for (const [link, heading] of [["Playground", "Playground"], ["Evals", "Evals"], ["Collections", "Collections"]] as const) {
      await page.getByRole("navigation").getByRole("link", { name: link }).click();
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await page.waitForLoadState("networkidle");
      expect(await page.locator(".note.error").count(), link).toBe(0);
      await screenshot(page, link.toLowerCase());
    }
    // The Radar page listens to /api/events, so the network never idles there: wait for its empty state.
    await page.getByRole("navigation").getByRole("link", { name: "Radar" }).click();
    await page.getByText("No digest yet.").waitFor();
    expect(await page.locator(".note.error").count()).toBe(0);
  });

  it("renders every page when the browser reports a language tag that Intl rejects", async () => {
    // Chromium started under LANG=C.UTF-8 reports en-US@posix, which no Intl constructor accepts.
    const posix = await openBrowser({ locale: "en-US@posix" });
    try {
      const errors: Error[] = [];
      posix.page.on("pageerror", (error) => errors.push(error));
      await posix.page.goto(`${server.url}/traces#token=${token}`);
      const reported = await posix.page.evaluate(() => Object.getOwnPropertyDescriptor(Navigator.prototype, "language")!.get!.call(navigator) as string);
      expect(reported).toBe("en-US@posix");
      expect(errors.map(String)).toEqual([]);
      // What the app and its libraries read instead: the same language, as a tag Intl accepts.
      expect(await posix.page.evaluate(() => navigator.language)).toBe("en-US");
      await posix.page.locator("table.traces tbody tr").first().waitFor();
      await posix.page.locator(".chart canvas").first().waitFor();
      expect(await posix.page.locator("table.traces tbody tr td").first().innerText()).toMatch(/\d/);
      for (const link of ["Playground", "Evals", "Collections", "Radar"]) {
        await posix.page.getByRole("navigation").getByRole("link", { name: link }).click();
        await posix.page.getByRole("heading", { name: link, exact: true }).waitFor();
      }
      expect(errors.map(String)).toEqual([]);
    } finally {
      await posix.close();
    }
  });

  it("shows an error panel, not a blank page, when a page fails to render, and the other pages still work", async () => {
    // A server answering in a shape this app does not know (another version): the run list without its array.
    const runList = (url: URL) => url.pathname === "/api/evals/runs";
    await page.route(runList, (route) => route.fulfill({ json: { runs: null } }));
    await open("/evals");
    await page.getByRole("heading", { name: "This page failed" }).waitFor();
    expect(await page.getByRole("alert").innerText()).toContain("Cannot read properties of null");
    expect(await page.getByRole("navigation").getByRole("link").count()).toBe(7);
    await screenshot(page, "page-error");
    await page.getByRole("navigation").getByRole("link", { name: "Collections" }).click();
    await page.getByRole("heading", { name: "Collections", exact: true }).waitFor();
    await page.unroute(runList);
    await page.getByRole("navigation").getByRole("link", { name: "Evals" }).click();
    await page.getByRole("heading", { name: "Evals", exact: true }).waitFor();
    expect(await page.getByRole("heading", { name: "This page failed" }).count()).toBe(0);
  });

  it("refuses to show data without the token", async () => {
    await page.goto(`${server.url}/traces`);
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").innerText()).toContain("a valid access token is required");
  });

  it("runs one prompt on two models side by side, streamed", async () => {
    await fillPlayground();
    await runPlayground();
    for (const model of models) {
      const output = page.locator(`article.output[data-model="${model}"]`);
      expect(await output.locator("pre").innerText()).toBe("You said: Tell me about flywheels");
      expect(await output.locator("footer").innerText()).toMatch(/in \/ .* out/);
    }
    await screenshot(page, "playground-run");
  });

  it("saves the prompt as a prompt file and sends it to an eval suite", async () => {
    await fillPlayground();
    const suite = readFileSync(await sendToSuite("flywheel-facts"), "utf8");
    expect(suite).toContain("file://../prompts/flywheel-facts.prompt.md");
    expect(suite).toContain("topic: flywheels");
    expect(suite).toContain(models[1]);
    expect(readFileSync(path.join(flywheel.folder, "prompts", "flywheel-facts.prompt.md"), "utf8")).toContain("Tell me about {{topic}}");
  });

  it("opens a run's trace, shows its spans, and takes feedback", async () => {
    await fillPlayground();
    await runPlayground();
    await page.locator(`article.output[data-model="${models[1]}"] footer`).getByRole("link", { name: "trace" }).click();
    await page.getByRole("heading", { level: 1, name: /playground/ }).waitFor();
    await page.locator("table.span-tree tbody tr").first().waitFor();
    expect(await page.locator("table.span-tree tbody tr").count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId("span-output").innerText()).toContain("You said: Tell me about flywheels");
    await page.getByRole("button", { name: "Good", exact: true }).click();
    await page.getByLabel("Comment").fill("concise and right");
    await page.getByRole("button", { name: "Save feedback" }).click();
    await page.locator(".feedback-list li").filter({ hasText: "concise and right" }).waitFor();
    const traceId = page.url().split("/").at(-1)!;
    const stored = await flywheel.store.feedback.list({ traceId });
    expect(stored).toMatchObject([{ label: "good", note: "concise and right", spanId: null }]);
    await screenshot(page, "trace");
  });

  it("runs the embedded model beside a hosted one", async () => {
    await resolveModel(modelHome, "tiny", { autoPull: true });
    await open("/playground");
    await page.getByLabel("Model 1", { exact: true }).fill("local:tiny");
    await page.getByLabel("Model 2", { exact: true }).fill(models[0]!);
    await page.getByLabel("Prompt").fill("What is the capital of France?");
    await page.locator('input[name="maxTokens"]').fill("12");
    await page.locator('input[name="temperature"]').fill("0");
    await page.getByRole("button", { name: /^Run/ }).click();
    const local = page.locator('article.output[data-model="local:tiny"]');
    await local.locator("footer").waitFor({ timeout: 120_000 });
    expect((await local.locator("pre").innerText()).trim().length).toBeGreaterThan(0);
    expect(await local.locator("footer").innerText()).toMatch(/\d+ in \/ \d+ out/);
    await page.locator(`article.output[data-model="${models[0]}"] footer`).waitFor();
    await screenshot(page, "playground-local");
  }, 400_000);

  it("compares two runs of the suite sent from the playground: statistics and output diffs", async () => {
    // A suite sent from the playground, given an assertion, run twice; the second time one model answers differently.
    await fillPlayground();
    const suiteFile = await sendToSuite("compare");
    const suite = parseYaml(readFileSync(suiteFile, "utf8")) as Record<string, unknown>;
    writeFileSync(suiteFile, stringifyYaml({ ...suite, description: "flywheel facts", defaultTest: { assert: [{ type: "icontains", value: "flywheels" }] } }));
    const first = await runEvalSuite(flywheel, { file: suiteFile, cwd: flywheel.folder, resume: false, cache: false });
    upstream.script("claude-haiku-4-5", () => ({ text: "I would rather talk about gears." }));
    const second = await runEvalSuite(flywheel, { file: suiteFile, cwd: flywheel.folder, resume: false, cache: false });
    upstream.reset();
    await open("/evals");
    await page.locator("table tbody tr").nth(1).waitFor();
    await page.getByLabel(`Pick run ${first.run.runId}`).check();
    await page.getByLabel(`Pick run ${second.run.runId}`).check();
    await screenshot(page, "evals-runs");
    await page.getByRole("button", { name: /Compare selected/ }).click();
    await page.getByRole("heading", { name: "Compare runs" }).waitFor();
    const rows = page.locator("table.statistics tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const regressed = rows.filter({ hasText: models[1]! });
    expect(await regressed.locator("td").nth(1).innerText()).toBe("100%");
    expect(await regressed.locator("td").nth(2).innerText()).toBe("0%");
    const changed = page.locator(".diff-row");
    expect(await changed.count()).toBe(1);
    expect((await changed.locator("pre.diff del").allInnerTexts()).join(" ")).toContain("flywheels");
    expect((await changed.locator("pre.diff ins").allInnerTexts()).join("")).toContain("gears.");
    await screenshot(page, "evals-compare");
    await page.getByRole("link", { name: "flywheel facts" }).last().click();
    await page.locator("table.matrix tbody tr").first().waitFor();
    expect(await page.locator("table.matrix .cell-result.fail").count()).toBe(1);
    await page.locator(".chart canvas").first().waitFor();
    await screenshot(page, "evals-run");
  });

  it("shows collections with their ingest status, and searches them in each mode with scores", async () => {
    await open("/collections");
    const row = page.locator("table tbody tr").filter({ hasText: "handbook" });
    await row.waitFor();
    expect(await row.locator("td").nth(1).innerText()).toBe("10");
    expect(Number(await row.locator("td").nth(2).innerText())).toBeGreaterThanOrEqual(10);
    await page.getByLabel("Search handbook").fill("feeding the sourdough starter");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const hits = page.locator("li.hit");
    await hits.first().waitFor();
    expect(await page.locator(".hits > p").innerText()).toContain("fused score");
    expect(await hits.first().locator("header").innerText()).toContain("vector #");
    await screenshot(page, "collections-search");
    await page.getByRole("radio", { name: "BM25" }).click();
    await expect.poll(() => page.locator(".hits > p").innerText()).toContain("BM25 score");
    expect(await hits.first().innerText()).toContain("sourdough-starter.md");
    await page.getByRole("radio", { name: "Vector" }).click();
    await expect.poll(() => page.locator(".hits > p").innerText()).toContain("cosine similarity");
    const score = Number(await hits.first().locator(".score").innerText());
    expect(score).toBeGreaterThan(-1);
    expect(score).toBeLessThanOrEqual(1);
  });

  it("shows a trace written by another process without a reload", async () => {
    const rows = page.locator("table.traces tbody tr");
    const listening = page.waitForResponse((response) => response.url().endsWith("/api/events"));
    await open("/traces?range=all&search=arrived%20live");
    await page.getByText("No traces match").waitFor();
    await listening;
    // Written as another process would: straight to the store, not through this server.
    await flywheel.store.traces.writeSpans(runTrace({ model: models[0]!, startTime: Date.now(), input: "arrived live", inputTokens: 1, outputTokens: 1, costUsd: 0 }));
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
  });

  it("filters and searches the trace list, and pages through it", async () => {
    // Traces of a model no other test calls, so every count below is this test's own.
    const model = "openai:gpt-4.1-nano";
    const traces = Array.from({ length: 60 }, (_value, index) =>
      runTrace({ model, startTime: Date.now() - (index + 1) * 60_000, input: `paged question ${index}`, inputTokens: 10, outputTokens: 20, costUsd: index % 4 === 0 ? 0.002 : 0.0001, status: index % 10 === 3 ? "error" : "ok" }),
    );
    await flywheel.store.traces.writeSpans(traces.flat());
    const rows = page.locator("table.traces tbody tr");
    await open("/traces?range=all");
    await page.getByLabel("Model").fill(model);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/model=/);
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => rows.count()).toBe(60);
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    await page.getByLabel("Search").fill("paged question 17");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/search=/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("reply to paged question 17");
    await page.goto(`${server.url}/traces?model=${encodeURIComponent(model)}&status=error`);
    await expect.poll(() => rows.count()).toBe(6);
    await page.goto(`${server.url}/traces?model=${encodeURIComponent(model)}&minCost=0.0005`);
    await expect.poll(() => rows.count()).toBe(15);
  });

  it("never shows or stores an API key", async () => {
    const responseBodies: string[] = [];
    page.on("response", (response) => {
      if (!response.url().includes("/api/")) return;
      response.text().then(
        (text) => responseBodies.push(text),
        () => undefined,
      );
    });
    // A run on the model whose key is the canary, then its trace and every section.
    await fillPlayground();
    await runPlayground();
    await page.locator(`article.output[data-model="${models[0]}"] footer`).getByRole("link", { name: "trace" }).click();
    await page.locator("table.span-tree tbody tr").first().waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.content(), "trace").not.toContain(canary);
    for (const route of ["/traces", "/playground", "/evals", "/collections"]) {
      await page.goto(`${server.url}${route}`);
      // The trace list keeps its /api/events stream open, so the network never idles there: wait for its rows.
      if (route === "/traces") await page.locator("table.traces tbody tr").first().waitFor();
      else await page.waitForLoadState("networkidle");
      expect(await page.content(), route).not.toContain(canary);
    }
    const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
    expect(storage).not.toContain(canary);
    expect(responseBodies.length).toBeGreaterThan(5);
    for (const body of responseBodies) expect(body).not.toContain(canary);
    // The access token lives in this tab's sessionStorage only, never on screen.
    expect(storage).not.toContain(`"local":{"flywheel`);
    expect(await page.locator("body").innerText()).not.toContain(token);
  });
});
