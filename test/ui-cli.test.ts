import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { runCli } from "./support/run-cli.js";

/** Polls `read` until it returns a value, for up to `timeoutMs`. */
async function waitFor<T>(read: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(50);
  }
}

interface Reply {
  status: number;
  contentType: string | null;
  body: string;
}

/** A GET read to the end (before the server stops). */
async function get(url: string): Promise<Reply> {
  const response = await fetch(url);
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() };
}

describe("flywheel ui", () => {
  it("serves the workbench and its API on the port it prints until Ctrl-C, then exits 0 and stops listening", async () => {
    const cwd = temporaryFolder("flywheel-ui-");
    const env = { FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
    let served: Promise<{ url: string; health: Reply; page: Reply; deepLink: Reply }> | undefined;
    const result = await runCli(["ui", "--port", "0", "--no-open"], {
      cwd,
      env,
      onSpawn: (child, output) => {
        served = (async () => {
          try {
            const url = await waitFor(() => /^Flywheel workbench (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output.stdout())?.[1], 20_000);
            return { url, health: await get(`${url}/api/health`), page: await get(`${url}/`), deepLink: await get(`${url}/traces`) };
          } finally {
            child.kill("SIGINT");
          }
        })();
      },
    });
    const { url, health, page, deepLink } = await served!;
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    expect(page.status).toBe(200);
    expect(page.contentType).toContain("text/html");
    const html = page.body;
    expect(html).toContain("<title>Flywheel workbench</title>");
    expect(html).toContain('<div id="root"></div>');
    // A page of the app loads the same shell, so a link to it works.
    expect(deepLink.body).toBe(html);
    expect(result.stdout).toContain(`OpenAI-compatible API: ${url}/v1 (model ids such as local:default)`);
    expect(result.stderr).toBe("Ctrl-C stops the server\n");
    expect(result.code).toBe(0);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});
