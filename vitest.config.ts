import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // A real PostgreSQL with pgvector for the store, queue and team tests (started once a run).
    globalSetup: ["test/support/global-postgres.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    // `npm test` passes --coverage: a summary in its output, per-file numbers in coverage/.
    // Code run by spawned CLI processes is not counted, so CLI-only paths read low.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/**/*.test.ts"],
      reporter: ["text-summary", "json-summary", "html"],
      reportsDirectory: "coverage",
      reportOnFailure: true,
    },
  },
});
