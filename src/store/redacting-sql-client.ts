import { redactSecrets } from "../secrets/index.js";
import type { SqlClient, SqlStatement, SqlValue } from "./sql-client.js";

/**
 * Wraps a SqlClient so that every string bound to a statement is redacted first: no known
 * or key-shaped secret reaches any table (traces, the response cache, eval runs and cells,
 * datasets, jobs, collections), whichever repository writes it. Lookups are redacted the
 * same way, so they still match what was stored.
 */
export function redactingSqlClient(client: SqlClient): SqlClient {
  return {
    dialect: client.dialect,
    query: (sql, params) => client.query(sql, redactParams(params)),
    execute: (sql, params) => client.execute(sql, redactParams(params)),
    batch: (statements) => client.batch(statements.map(redactStatement)),
    transaction: (work) => client.transaction((inner) => work(redactingSqlClient(inner))),
    close: () => client.close(),
  };
}

function redactStatement(statement: SqlStatement): SqlStatement {
  return statement.params === undefined ? statement : { sql: statement.sql, params: redactParams(statement.params) };
}

function redactParams(params: SqlValue[] | undefined): SqlValue[] | undefined {
  return params?.map((value) => (typeof value === "string" ? redactSecrets(value) : value));
}
