import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flywheel } from "../src/runtime/index.js";
import { hashApiToken, startServer } from "../src/server/index.js";
import type { RunningServer } from "../src/server/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";
import { startUiProcess } from "./support/ui-process.js";

let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
let cwd: string;
let env: Record<string, string>;
const tokens: Record<string, string> = {};

const cli = (args: string[]) => runCli(args, { cwd, env });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const save = (url: string, headers: Record<string, string>, name = "saved") =>
  fetch(`${url}/api/playground/save`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ name, prompt: "hi" }) });
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

beforeAll(async () => {
  upstream = await startProtocolServer();
  cwd = temporaryFolder("flywheel-tokens-");
  env = { FLYWHEEL_DB: path.join(cwd, "flywheel.db"), FLYWHEEL_HOME: path.join(cwd, "home"), OPENAI_BASE_URL: upstream.openaiBaseURL, OPENAI_API_KEY: "test-openai-key-0001", NO_COLOR: "1" };
  for (const [name, scope] of [["viewer", "read"], ["ci", "write"]] as const) {
    const created = await cli(["tokens", "create", name, "--scope", scope]);
    expect(created.code, created.stderr).toBe(0);
    tokens[name] = created.stdout.trim();
  }
  flywheel = await flywheelAgainst(upstream, { env: { FLYWHEEL_DB: env.FLYWHEEL_DB } });
  server = await startServer({ flywheel, port: 0, webRoot: cwd, promptsDirectory: path.join(cwd, "prompts") });
});
afterAll(async () => {
  await server.close();
  await flywheel.close();
  await upstream.close();
});

describe("flywheel tokens", () => {
  it("prints a new token once, keeps only its hash, refuses taken names and unknown scopes, and lists and revokes by name", async () => {
    expect(tokens.viewer).toMatch(/^fwk_[A-Za-z0-9_-]{43}$/);
    expect(tokens.ci).not.toBe(tokens.viewer);
    const taken = await cli(["tokens", "create", "ci"]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('error: a token named "ci" already exists');
    const badScope = await cli(["tokens", "create", "x", "--scope", "root"]);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('error: unknown scope "root"');
    expect((await cli(["tokens", "create", "bad name"])).code).toBe(2);
    const listed = await cli(["tokens", "list", "--json"]);
    expect((JSON.parse(listed.stdout) as { name: string; scope: string }[]).map((token) => [token.name, token.scope])).toEqual([["viewer", "read"], ["ci", "write"]]);
    expect(listed.stdout).not.toContain(tokens.ci);
    expect((await cli(["tokens", "list"])).stdout).toMatch(/viewer\s+read/);
    const unknown = await cli(["tokens", "revoke", "nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error: no live token named "nobody"');
  });

  it("lets a read token read but not write, a write token write, and refuses wrong and revoked tokens; /v1 needs a token once any exists", async () => {
    expect((await fetch(`${server.url}/api/models`, { headers: bearer(tokens.viewer!) })).status).toBe(200);
    const readWrite = await save(server.url, bearer(tokens.viewer!));
    expect(readWrite.status).toBe(403);
    expect(await errorCode(readWrite)).toBe("forbidden-scope");
    expect((await save(server.url, bearer(tokens.ci!), "by-ci")).status).toBe(201);
    const wrong = await fetch(`${server.url}/api/models`, { headers: bearer(`fwk_${"A".repeat(43)}`) });
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe("unauthorized");
    // The loopback workbench itself keeps working without a token; /v1 does not once tokens exist.
    expect((await save(server.url, {}, "by-page")).status).toBe(201);
    expect((await fetch(`${server.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${server.url}/v1/models`, { headers: bearer(tokens.viewer!) })).status).toBe(200);
    const chat = { method: "POST", headers: { "content-type": "application/json", ...bearer(tokens.viewer!) }, body: JSON.stringify({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "x" }] }) };
    expect((await fetch(`${server.url}/v1/chat/completions`, chat)).status).toBe(403);

    const revoked = await cli(["tokens", "revoke", "viewer"]);
    expect(revoked.code).toBe(0);
    expect((await fetch(`${server.url}/api/models`, { headers: bearer(tokens.viewer!) })).status).toBe(401);
    expect((await cli(["tokens", "revoke", "viewer"])).code).toBe(1);

    // Every write let through is recorded with the token that made it.
    const writes = JSON.parse((await cli(["tokens", "writes", "--json"])).stdout) as { tokenName: string; method: string; path: string; status: number }[];
    expect(writes.map((write) => [write.tokenName, write.method, write.path, write.status])).toEqual([
      ["loopback", "POST", "/api/playground/save", 201],
      ["ci", "POST", "/api/playground/save", 201],
    ]);
    expect((await cli(["tokens", "writes", "--token", "ci"])).stdout).toContain("POST /api/playground/save");
  });

  it("requires a named token on a non-loopback bind once tokens exist, and generates no workbench token then", async () => {
    const exposed = await startServer({ flywheel, host: "0.0.0.0", port: 0, webRoot: cwd });
    try {
      expect(exposed.accessToken).toBeUndefined();
      expect(exposed.tokenRequired).toBe(true);
      const local = exposed.url.replace("0.0.0.0", "127.0.0.1");
      expect((await fetch(`${local}/api/models`)).status).toBe(401);
      expect((await fetch(`${local}/api/models`, { headers: bearer(tokens.ci!) })).status).toBe(200);
    } finally {
      await exposed.close();
    }
  });

  it("keeps a planted token out of the server's output, the traces and the store, which hold only its hash", async () => {
    // Bound beyond loopback with named tokens in the store: no workbench token, a named one is needed.
    const ui = await startUiProcess({ cwd, env, args: ["--host", "0.0.0.0"] });
    expect((await fetch(`${ui.url}/api/models`)).status).toBe(401);
    const body = { model: "openai:gpt-4o-mini", messages: [{ role: "user", content: `my token is ${tokens.ci!}, keep it safe` }] };
    const reply = await fetch(`${ui.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...bearer(tokens.ci!) }, body: JSON.stringify(body) });
    expect(reply.status).toBe(200);
    expect(await reply.text()).not.toContain(tokens.ci!);
    // Stopping flushes the trace of that call to the store.
    expect(await ui.stop()).toBe(0);
    const { stdout, stderr } = ui.output();
    expect(stdout).toContain("every request needs a named API token");
    expect(stdout + stderr).not.toContain(tokens.ci!);
    const tables = (await flywheel.store.sql.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((row) => row.name);
    let dump = "";
    for (const table of tables) dump += JSON.stringify(await flywheel.store.sql.query(`SELECT * FROM "${table}"`));
    expect(dump).toContain("my token is [REDACTED]");
    expect(dump).not.toContain(tokens.ci!);
    expect(dump).not.toContain(tokens.ci!.slice(4));
    expect(dump).toContain(hashApiToken(tokens.ci!));
  });
});
