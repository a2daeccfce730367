import type { TestProject } from "vitest/node";
import { startPostgresServer } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the run's PostgreSQL server (its `postgres` database). */
    postgresUrl: string;
  }
}

/**
 * One real PostgreSQL with pgvector for the whole test run; each test file makes its own
 * database on it (`createPostgresDatabase`), so files never see each other's rows.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
