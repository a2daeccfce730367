import type { SqlDialect } from "../sql-client.js";

/**
 * One numbered schema change. Statements are portable SQL unless `up` branches on the
 * dialect; types are chosen so both engines accept them (DOUBLE PRECISION, BIGINT, TEXT).
 */
export interface Migration {
  /** Applied in ascending order; never reuse or renumber. */
  version: number;
  /** Short name for logs. */
  name: string;
  /** Statements that apply the change. */
  up(dialect: SqlDialect): string[];
}
