import type { SqlClient, SqlStatement } from "./sql-client.js";

/** Split sizes of a version. */
export interface SplitCounts {
  train: number;
  validation: number;
  test: number;
}

/** One immutable version of a dataset. */
export interface DatasetVersionRecord {
  dataset: string;
  version: number;
  /** SHA-256 of the rows in order. */
  contentHash: string;
  rowCount: number;
  splits: SplitCounts;
  /** What the version was created from (source kind, filters, file, parent version). */
  source: Record<string, unknown>;
  /** What cleaning and splitting did (each step and what it removed). */
  report: Record<string, unknown>;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** A row as stored: its JSON body, split and identity key. */
export interface StoredDatasetRow {
  split: string | null;
  /** Hash of the row's conversation and tools. */
  rowKey: string;
  /** The row as JSON. */
  body: string;
}

/** Input of `DatasetStore.appendVersion`. */
export interface NewDatasetVersion {
  dataset: string;
  contentHash: string;
  splits: SplitCounts;
  source: Record<string, unknown>;
  report: Record<string, unknown>;
  rows: StoredDatasetRow[];
  createdAt: number;
}

/** Reads and appends dataset versions. Versions are never changed once written. */
export interface DatasetStore {
  /** Writes a new version (number = last + 1) with all its rows in one transaction. */
  appendVersion(input: NewDatasetVersion): Promise<DatasetVersionRecord>;
  /** One version; the latest when `version` is undefined. */
  getVersion(dataset: string, version?: number): Promise<DatasetVersionRecord | undefined>;
  /** Every version of a dataset, oldest first. */
  listVersions(dataset: string): Promise<DatasetVersionRecord[]>;
  /** The latest version of every dataset, by name. */
  listDatasets(): Promise<DatasetVersionRecord[]>;
  /** A version's rows in order, optionally one split, paged. */
  rows(dataset: string, version: number, options?: { split?: string; limit?: number; offset?: number }): Promise<StoredDatasetRow[]>;
}

const ROWS_PER_STATEMENT = 200;

/** A DatasetStore over any SqlClient. */
export function createDatasetStore(client: SqlClient): DatasetStore {
  const getVersion = async (dataset: string, version?: number) => {
    const rows =
      version === undefined
        ? await client.query("SELECT * FROM dataset_versions WHERE dataset = ? ORDER BY version DESC LIMIT 1", [dataset])
        : await client.query("SELECT * FROM dataset_versions WHERE dataset = ? AND version = ?", [dataset, version]);
    return rows[0] === undefined ? undefined : toVersion(rows[0]);
  };
  return {
    appendVersion: (input) =>
      client.transaction(async (tx) => {
        const [last] = await tx.query("SELECT MAX(version) AS version FROM dataset_versions WHERE dataset = ?", [input.dataset]);
        const version = Number(last?.version ?? 0) + 1;
        const statements: SqlStatement[] = [
          {
            sql: `INSERT INTO dataset_versions (dataset, version, content_hash, row_count, train_count, validation_count, test_count, source, report, created_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            params: [
              input.dataset,
              version,
              input.contentHash,
              input.rows.length,
              input.splits.train,
              input.splits.validation,
              input.splits.test,
              JSON.stringify(input.source),
              JSON.stringify(input.report),
              input.createdAt,
            ],
          },
        ];
        for (let start = 0; start < input.rows.length; start += ROWS_PER_STATEMENT) {
          const chunk = input.rows.slice(start, start + ROWS_PER_STATEMENT);
          statements.push({
            sql: `INSERT INTO dataset_rows (dataset, version, position, split, row_key, body) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}`,
            params: chunk.flatMap((row, index) => [input.dataset, version, start + index, row.split, row.rowKey, row.body]),
          });
        }
        for (const statement of statements) await tx.execute(statement.sql, statement.params);
        return {
          dataset: input.dataset,
          version,
          contentHash: input.contentHash,
          rowCount: input.rows.length,
          splits: input.splits,
          source: input.source,
          report: input.report,
          createdAt: input.createdAt,
        };
      }),
    getVersion,
    async listVersions(dataset) {
      const rows = await client.query("SELECT * FROM dataset_versions WHERE dataset = ? ORDER BY version ASC", [dataset]);
      return rows.map(toVersion);
    },
    async listDatasets() {
      const rows = await client.query(
        `SELECT v.* FROM dataset_versions v
         JOIN (SELECT dataset, MAX(version) AS version FROM dataset_versions GROUP BY dataset) latest
           ON latest.dataset = v.dataset AND latest.version = v.version
         ORDER BY v.dataset ASC`,
      );
      return rows.map(toVersion);
    },
    async rows(dataset, version, options = {}) {
      const params: (string | number)[] = [dataset, version];
      let where = "dataset = ? AND version = ?";
      if (options.split !== undefined) {
        where += " AND split = ?";
        params.push(options.split);
      }
      const rows = await client.query(`SELECT split, row_key, body FROM dataset_rows WHERE ${where} ORDER BY position ASC LIMIT ? OFFSET ?`, [
        ...params,
        Math.min(options.limit ?? 1_000_000, 1_000_000),
        options.offset ?? 0,
      ]);
      return rows.map((row) => ({ split: row.split === null || row.split === undefined ? null : String(row.split), rowKey: String(row.row_key), body: String(row.body) }));
    },
  };
}

function toVersion(row: Record<string, unknown>): DatasetVersionRecord {
  return {
    dataset: String(row.dataset),
    version: Number(row.version),
    contentHash: String(row.content_hash),
    rowCount: Number(row.row_count),
    splits: { train: Number(row.train_count), validation: Number(row.validation_count), test: Number(row.test_count) },
    source: parseObject(row.source),
    report: parseObject(row.report),
    createdAt: Number(row.created_at),
  };
}

function parseObject(value: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(String(value));
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
