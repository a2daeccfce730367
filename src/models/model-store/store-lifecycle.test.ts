import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnknownModelError } from "../../errors/index.js";
import { ModelHashMismatchError, ModelNotPulledError, ModelStoreDiskError, listModels, pullModel, removeModel, resolveModel } from "./index.js";

let home = "";
let source = "";
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), "flywheel-store-"));
  source = path.join(home, "Tiny Model.gguf");
  writeFileSync(source, randomBytes(100_000));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("the model store", () => {
  it("pulls a local file, lists it, resolves it and removes it", async () => {
    const pulled = await pullModel({ home, source });
    expect(pulled).toMatchObject({ alias: "tiny-model", kind: "chat", format: "gguf", size: 100_000, source, fetched: true });
    expect(pulled.mainPath).toBe(path.join(home, "models", "tiny-model", "Tiny Model.gguf"));
    const listed = await listModels(home);
    expect(listed.map((model) => [model.alias, model.sha256, model.size])).toEqual([["tiny-model", pulled.sha256, 100_000]]);
    expect((await resolveModel(home, "tiny-model")).mainPath).toBe(pulled.mainPath);
    expect(await removeModel(home, "tiny-model")).toBe("tiny-model");
    expect(await listModels(home)).toEqual([]);
    await expect(removeModel(home, "tiny-model")).rejects.toBeInstanceOf(ModelNotPulledError);
  });

  it("names the corrupt file and the fix when a pulled file changes", async () => {
    const pulled = await pullModel({ home, source, alias: "my-model" });
    const handle = openSync(pulled.mainPath, "r+");
    writeSync(handle, Buffer.from([0xff, 0x00, 0xff]), 0, 3, 5_000);
    closeSync(handle);
    const error = await resolveModel(home, "my-model").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelHashMismatchError);
    expect((error as ModelHashMismatchError).message).toContain(pulled.mainPath);
    expect((error as ModelHashMismatchError).hint).toBe("pull it again: `flywheel models pull --force my-model`");
    await pullModel({ home, source, alias: "my-model", force: true });
    await expect(resolveModel(home, "my-model")).resolves.toMatchObject({ alias: "my-model" });
  });

  it("asks for a pull when a catalog model is absent and auto-pull is off", async () => {
    const error = await resolveModel(home, "default", { autoPull: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelNotPulledError);
    expect((error as ModelNotPulledError).hint).toBe("pull it: `flywheel models pull qwen2.5-coder-1.5b`");
  });

  it("lists the known aliases for an unknown one", async () => {
    const error = await resolveModel(home, "gpt-9").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownModelError);
    expect((error as UnknownModelError).hint).toMatch(/default, qwen2.5-coder-1.5b.*tiny, smollm2-135m.*embed, all-minilm-l6-v2/);
    await expect(pullModel({ home, source: "gpt-9" })).rejects.toBeInstanceOf(UnknownModelError);
  });

  it("reports a store it cannot write as a disk error", async () => {
    const notAFolder = path.join(home, "a-file");
    writeFileSync(notAFolder, "");
    const error = await pullModel({ home: notAFolder, source }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelStoreDiskError);
    expect((error as ModelStoreDiskError).message).toMatch(/^cannot (read|create) .*a-file\/models\/tiny-model\b/);
    expect((error as ModelStoreDiskError).hint).toMatch(/FLYWHEEL_HOME/);
  });

  it("refuses an alias that already names a catalog model", async () => {
    await expect(pullModel({ home, source, alias: "tiny" })).rejects.toMatchObject({ code: "usage", message: "--alias tiny already names the catalog model smollm2-135m" });
  });

  it("refuses aliases that would escape the store", async () => {
    await expect(pullModel({ home, source, alias: "../../etc" })).rejects.toMatchObject({ code: "usage" });
  });
});
