import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promptsConfigSchema } from "../config/index.js";
import { openStore } from "../store/index.js";
import type { Store } from "../store/index.js";
import { parsePromptFile } from "./prompt-file.js";
import { resolvePromptReferenceCached } from "./resolve-prompt-reference-cached.js";

const folder = mkdtempSync(path.join(tmpdir(), "flywheel-prompt-cache-"));
let store: Store;
beforeAll(async () => {
  mkdirSync(path.join(folder, "prompts"));
  store = await openStore({ url: path.join(folder, "flywheel.db") });
});
afterAll(() => store.close());

describe("resolvePromptReferenceCached", () => {
  it("reads an edited prompt again only once the TTL has passed, and does not remember a miss", async () => {
    const context = { config: { cwd: folder, prompts: promptsConfigSchema.parse({}) }, store };
    const file = path.join(folder, "prompts", "hello.prompt.md");
    writeFileSync(file, "Hello {{name}}.\n");
    const first = await resolvePromptReferenceCached(context, "hello", { ttlMs: 1_000, now: 10_000 });
    expect(first.hash).toBe(parsePromptFile("Hello {{name}}.\n").hash);
    writeFileSync(file, "Hi {{name}}!\n");
    expect((await resolvePromptReferenceCached(context, "hello", { ttlMs: 1_000, now: 10_999 })).hash).toBe(first.hash);
    expect((await resolvePromptReferenceCached(context, "hello", { ttlMs: 1_000, now: 11_000 })).hash).toBe(parsePromptFile("Hi {{name}}!\n").hash);
    await expect(resolvePromptReferenceCached(context, "later", { ttlMs: 1_000, now: 20_000 })).rejects.toMatchObject({ code: "unknown-prompt" });
    writeFileSync(path.join(folder, "prompts", "later.prompt.md"), "Later.\n");
    expect((await resolvePromptReferenceCached(context, "later", { ttlMs: 1_000, now: 20_001 })).template).toBe("Later.");
  });
});
