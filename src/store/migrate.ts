import { StoreError } from "../errors/index.js";
import type { Migration } from "./migrations/index.js";
import type { SqlClient } from "./sql-client.js";

/**
 * Applies the migrations newer than the database's version, each in its own write
 * transaction. Safe when two processes open the same new database at once: the second
 * waits for the first's lock and then finds the version already applied.
 * Returns the versions it applied.
 */
export async function migrate(client: SqlClient, migrations: Migration[]): Promise<number[]> {
  await client.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.execute(`CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)`);
  });
  const known = Math.max(0, ...migrations.map((migration) => migration.version));
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await client.transaction(async (tx) => {
      await lockMigrations(tx);
      const rows = await tx.query<{ version: number }>("SELECT version FROM schema_migrations WHERE version = ?", [migration.version]);
      if (rows.length > 0) return false;
      for (const statement of migration.up(client.dialect)) await tx.execute(statement);
      await tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  const [newest] = await client.query<{ version: number | null }>("SELECT MAX(version) AS version FROM schema_migrations");
  if (newest?.version != null && Number(newest.version) > known) {
    throw new StoreError({
      message: `the store is at schema version ${newest.version}, newer than this Flywheel knows (${known})`,
      hint: "upgrade Flywheel, or point FLYWHEEL_DB at another file",
    });
  }
  return applied;
}

/**
 * On PostgreSQL, a transaction-scoped advisory lock makes processes that start at once migrate
 * one after another (libSQL's write transaction already does).
 */
async function lockMigrations(tx: SqlClient): Promise<void> {
  if (tx.dialect === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?)", [MIGRATION_LOCK_KEY]);
}

/** The advisory lock key of Flywheel's migrations ("flywheel" in ASCII, as a number). */
const MIGRATION_LOCK_KEY = 0x666c7977;
