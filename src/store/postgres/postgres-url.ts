import { parse } from "pg-connection-string";

/** True for a `postgres://` or `postgresql://` connection string. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * `host:port/database` of a connection string, for messages: never the user's password. A
 * Unix socket (`?host=/path`) is shown as its folder.
 */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = parse(url);
    const host = parsed.host || "localhost";
    const port = parsed.port || (host.startsWith("/") ? "" : "5432");
    return `${host}${port ? `:${port}` : ""}/${parsed.database || parsed.user || "postgres"}`;
  } catch {
    return "an unparsable PostgreSQL URL";
  }
}

/** The password of a connection string ("" when it has none), so that messages can remove it. */
export function postgresPassword(url: string): string {
  try {
    return parse(url).password ?? "";
  } catch {
    return "";
  }
}

/** The URL without its password, for `Store.location` and logs. */
export function withoutPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/i, "$1@");
}

/** The same server with another database name. */
export function withDatabase(url: string, database: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)([^?]*)/i, `$1${encodeURIComponent(database)}`);
}
