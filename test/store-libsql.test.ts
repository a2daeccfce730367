import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrate, openLibsqlClient, openStore } from "../src/store/index.js";
import { StoreError } from "../src/errors/index.js";
import { describeStoreConformance } from "./support/store-conformance.js";

const freshFile = () => path.join(mkdtempSync(path.join(tmpdir(), "flywheel-store-")), "nested", "flywheel.db");

describeStoreConformance("libSQL file", () => openStore({ url: freshFile() }));

describe("libSQL store", () => {
  it("uses WAL and creates the folder of the file", async () => {
    const file = freshFile();
    const store = await openStore({ url: file });
    const [row] = await store.sql.query("PRAGMA journal_mode");
    expect(String(Object.values(row!)[0]).toLowerCase()).toBe("wal");
    await store.close();
  });

  it("applies migrations once: reopening applies nothing", async () => {
    const file = freshFile();
    await (await openStore({ url: file })).close();
    const client = await openLibsqlClient({ url: file });
    const { migrations } = await import("../src/store/index.js");
    expect(await migrate(client, migrations)).toEqual([]);
    await client.close();
  });

  it("refuses a store written by a newer version", async () => {
    const file = freshFile();
    const store = await openStore({ url: file });
    await store.sql.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    await store.close();
    const error = await openStore({ url: file }).catch((caught: unknown) => caught);
    expect(StoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("newer than this Flywheel knows");
  });

  it("keeps every write when two processes migrate and write at once", async () => {
    const file = freshFile();
    const worker = path.join(import.meta.dirname, "support", "write-spans-worker.ts");
    const tsx = path.join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
    const run = (label: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(tsx, [worker, file, label, "150"], { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker ${label} exited ${code}: ${stderr}`))));
      });
    await Promise.all([run("a"), run("b")]);
    const store = await openStore({ url: file });
    const [traces] = await store.sql.query<{ n: number }>("SELECT COUNT(*) AS n FROM traces");
    const [spans] = await store.sql.query<{ n: number }>("SELECT COUNT(*) AS n FROM spans");
    const [tokens] = await store.sql.query<{ n: number }>("SELECT SUM(input_tokens) AS n FROM traces");
    expect(Number(traces!.n)).toBe(300);
    expect(Number(spans!.n)).toBe(600);
    expect(Number(tokens!.n)).toBe(300 * 7);
    await store.close();
  }, 60_000);
});
