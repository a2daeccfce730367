// The Experiments page in a real browser: calls of an experiment written as the tracer writes
// them (root spans labelled with the experiment, variant and unit) with feedback on each,
// served by the real server with an access token required.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flywheel } from "../../src/runtime/index.js";
import { defaultWebRoot, startServer } from "../../src/server/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { flywheelAgainst } from "../support/flywheel-fixture.js";
import { startProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";
import { experimentTrace } from "../support/span-factory.js";
import { openBrowser, screenshot } from "./browser.js";
import type { TestBrowser } from "./browser.js";

const token = "experiments-test-token-4b1d";
let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
let browser: TestBrowser;
let page: Page;
let written = 0;

/** `count` calls, alternating variants, one user each, an hour apart from two days ago; `friendly` is liked twice as often. */
async function writeCalls(count: number): Promise<void> {
  const start = Date.now() - 2 * 86_400_000;
  const spans = Array.from({ length: count }, (_, offset) => {
    const index = written + offset;
    const variant = index % 2 === 0 ? "terse" : "friendly";
    return experimentTrace({ experiment: "tone", variant, unit: `user-${index}`, startTime: start + index * 600_000, durationMs: 300 + (index % 9) * 10 });
  });
  await flywheel.store.traces.writeSpans(spans);
  for (const [offset, span] of spans.entries()) {
    const index = written + offset;
    const good = index % 2 === 0 ? index % 6 === 0 : index % 6 !== 5;
    await flywheel.store.feedback.add({ feedbackId: `f-${index}`, traceId: span.traceId, spanId: null, score: null, label: good ? "good" : "bad", correction: null, note: null, author: "user", createdAt: span.startTime + 5000 });
  }
  written += count;
}

beforeAll(async () => {
  if (!existsSync(path.join(defaultWebRoot, "index.html"))) throw new Error("web/dist is not built: run `npm run build` first");
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, {
    config: {
      experiments: {
        tone: {
          description: "Friendly replies against terse ones",
          variants: { terse: {}, friendly: { temperature: 0.7 } },
          metric: "feedback",
          guardrails: [{ metric: "latency", maxWorse: 500 }],
          minSamples: 50,
        },
      },
    },
  });
  await writeCalls(240);
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

describe("the Experiments page", () => {
  it("shows each variant with its interval, the difference narrowing over time, SRM, guardrails and the verdict; refreshes live; ships", async () => {
    await page.goto(`${server.url}/experiments#token=${token}`);
    await page.getByRole("heading", { name: "Experiments", exact: true }).waitFor();
    await page.getByRole("heading", { name: "tone" }).waitFor();
    const rows = page.getByRole("table", { name: "Variants" }).locator("tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/^terse \(control\)\t120\t120\t120\t0\.3\d\d\t\[0\.\d{3}, 0\.\d{3}\]/);
    expect(await rows.nth(1).innerText()).toMatch(/^friendly\t120\t120\t120\t0\.6\d\d\t\[0\.\d{3}, 0\.\d{3}\]\t\+0\.\d{3} \[\+0\.\d{3}, \+0\.\d{3}\]\t< 0\.001/);
    expect(await page.locator(".experiment-verdict").innerText()).toContain("ship friendly");
    expect(await page.locator(".experiment-srm").innerText()).toBe("Sample ratio: terse 120 (expected 120), friendly 120 (expected 120); p = 1.00, ok");
    expect(await page.getByRole("table", { name: "Guardrails" }).locator("tbody tr").innerText()).toMatch(/^latency\tfriendly\t.* ms \[.* ms, .* ms\]\t500 ms worse\tok$/);
    await page.locator(".chart canvas").first().waitFor();
    expect(await page.locator(".chart .u-title").innerText()).toBe("Difference in feedback vs control, with its 95% anytime-valid interval");
    expect(await page.locator(".note.error").count()).toBe(0);
    await screenshot(page, "experiments");

    await writeCalls(20);
    await rows.nth(0).getByText("130", { exact: true }).first().waitFor();

    await page.getByRole("button", { name: "Ship friendly" }).click();
    await page.getByText("shipped (winner: friendly)").waitFor();
    expect(await page.getByRole("button", { name: "Ship terse" }).isDisabled()).toBe(true);
    expect(await flywheel.store.experiments.state("tone")).toMatchObject({ status: "shipped", winner: "friendly" });
  });
});
