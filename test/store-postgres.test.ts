import { describe, expect, inject, it } from "vitest";
import { openStore } from "../src/store/index.js";
import { StoreError } from "../src/errors/index.js";
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
});
