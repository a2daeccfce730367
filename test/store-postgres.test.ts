import { describe, expect, inject, it } from "vitest";
import { openStore } from "../src/store/index.js";
import { StoreError } from "../src/errors/index.js";
import { loadConfig } from "../src/config/index.js";
import { redactSecrets } from "../src/secrets/index.js";
import { describeStoreConformance } from "./support/store-conformance.js";
import { createPostgresDatabase } from "./support/postgres-server.js";

const freshDatabase = () => createPostgresDatabase(inject("postgresUrl"));

describeStoreConformance("PostgreSQL", async () => openStore({ url: await freshDatabase() }));

describe("PostgreSQL store", () => {
  it("names host and database but never the password when it cannot connect", async () => {
    const error = await openStore({ url: "postgres://flywheel:PlantedSecret-93xq@127.0.0.1:1/teamdb" }).catch((caught: unknown) => caught);
    expect(StoreError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("127.0.0.1:1/teamdb");
    expect(message).not.toContain("PlantedSecret-93xq");
    expect(JSON.stringify(error)).not.toContain("PlantedSecret-93xq");
  });

  it("registers the connection string's password for redaction as soon as the config is read", async () => {
    await loadConfig({ cwd: process.cwd(), env: { FLYWHEEL_DB: "postgres://team:Wz81-rotating-pass@db.internal:5432/flywheel" } });
    expect(redactSecrets("connecting with Wz81-rotating-pass")).not.toContain("Wz81-rotating-pass");
  });
});
