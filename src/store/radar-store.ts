import type { SqlClient, SqlValue } from "./sql-client.js";

/** A stored radar item: one feed entry with its identity and its cluster. */
export interface RadarItemRecord {
  /** Stable id: a hash of the canonical URL. */
  id: string;
  /** The feed it came from. */
  sourceUrl: string;
  /** The source's name: its configured name, else the feed's title, else its host. */
  sourceName: string;
  /** The entry's link (absolute). */
  url: string;
  /** The URL without tracking parameters, fragment, default port or trailing slash, lower-case host. */
  canonicalUrl: string;
  /** The feed's own id of the entry (guid, id). */
  guid?: string;
  title: string;
  /** Plain text of the entry's summary or content (never markup). */
  text: string;
  /** Publication time (epoch ms) when the feed gives one. */
  publishedAt?: number;
  /** When this item was first stored (epoch ms). */
  fetchedAt: number;
  /** SHA-256 of the normalised title and text. */
  contentHash: string;
  /** The cluster of items telling the same story. */
  clusterId: string;
  /** Embedding of the title, kept so a later run need not embed it again. */
  titleVector?: number[];
}

/** What the last fetch of a feed left: the validators for the next conditional GET. */
export interface RadarSourceState {
  url: string;
  etag?: string;
  lastModified?: string;
  fetchedAt: number;
  /** HTTP status of the last fetch (0 when it failed before an answer). */
  status: number;
  /** The last failure's message, when the last fetch failed. */
  error?: string;
  /** Entries the feed held at the last successful fetch. */
  itemCount: number;
}

/** What the user did with a cluster in a digest. */
export interface RadarClusterState {
  clusterId: string;
  readAt?: number;
  feedback?: "useful" | "noise";
  feedbackAt?: number;
}

/** One model as last seen in a provider's list or the catalog. */
export interface RadarModelRecord {
  /** `provider:model`. */
  modelId: string;
  /** Where it was seen: a provider name, or `catalog`. */
  origin: string;
  contextWindow?: number;
  /** US dollars per million input tokens. */
  inputPerMTok?: number;
  /** US dollars per million output tokens. */
  outputPerMTok?: number;
}

/** Feeds' fetch state, items and clusters, feedback, digests and the model snapshot of the radar. */
export interface RadarStore {
  /** The fetch state of a feed, if it was fetched before. */
  sourceState(url: string): Promise<RadarSourceState | undefined>;
  /** Records a fetch of a feed (replacing the last one). */
  saveSourceState(state: RadarSourceState): Promise<void>;
  /** Adds items; an id already stored is left as it is. Returns the ids that were new. */
  addItems(items: readonly RadarItemRecord[]): Promise<string[]>;
  /** Items by id (those that exist). */
  items(ids: readonly string[]): Promise<RadarItemRecord[]>;
  /** Items of the given clusters, earliest first. */
  itemsByCluster(clusterIds: readonly string[]): Promise<RadarItemRecord[]>;
  /** Stored items with the given content hashes. */
  itemsByContentHash(hashes: readonly string[]): Promise<RadarItemRecord[]>;
  /** Items published (or, without a date, fetched) at or after `since`, newest first. */
  recentItems(options: { since: number; limit?: number }): Promise<RadarItemRecord[]>;
  /** Every item of the given clusters. */
  clusterItems(clusterIds: readonly string[]): Promise<RadarItemRecord[]>;
  /** Moves items to clusters. */
  assignClusters(assignments: readonly { itemId: string; clusterId: string }[]): Promise<void>;
  /** Stores items' title embeddings. */
  saveTitleVectors(vectors: readonly { itemId: string; vector: number[] }[]): Promise<void>;
  /** Ids of clusters (those with items) that start with `prefix`, at most `limit`. */
  clusterIdsWithPrefix(prefix: string, limit: number): Promise<string[]>;
  /** Read state and feedback of clusters (those with any). */
  clusterStates(clusterIds?: readonly string[]): Promise<RadarClusterState[]>;
  /** Marks a cluster read or unread. */
  markRead(clusterId: string, read: boolean, now: number): Promise<void>;
  /** Records feedback on a cluster (replacing earlier feedback). */
  setFeedback(clusterId: string, feedback: "useful" | "noise", now: number): Promise<void>;
  /** Saves a digest (its JSON body as produced by the radar). */
  saveDigest(digest: { id: string; createdAt: number; body: unknown }): Promise<void>;
  /** Digests, newest first. */
  digests(limit: number): Promise<{ id: string; createdAt: number; body: unknown }[]>;
  /** A digest by id. */
  digest(id: string): Promise<{ id: string; createdAt: number; body: unknown } | undefined>;
  /** The last snapshot of watched models. */
  modelSnapshot(): Promise<(RadarModelRecord & { firstSeenAt: number; lastSeenAt: number })[]>;
  /** Adds or refreshes models in the snapshot (a model not listed keeps its last facts). */
  saveModelSnapshot(models: readonly RadarModelRecord[], now: number): Promise<void>;
  /** Traced model calls that started at or after `since`, outside eval runs (which try models, not use them), by model id, most called first. */
  modelCalls(since: number): Promise<{ model: string; calls: number }[]>;
}

/** A RadarStore over any SqlClient. */
export function createRadarStore(client: SqlClient): RadarStore {
  return {
    async sourceState(url) {
      const [row] = await client.query("SELECT * FROM radar_sources WHERE url = ?", [url]);
      if (row === undefined) return undefined;
      return {
        url: String(row.url),
        ...optionalString("etag", row.etag),
        ...optionalString("lastModified", row.last_modified),
        fetchedAt: Number(row.fetched_at),
        status: Number(row.status),
        ...optionalString("error", row.error),
        itemCount: Number(row.item_count),
      };
    },
    async saveSourceState(state) {
      await client.execute(
        `INSERT INTO radar_sources (url, etag, last_modified, fetched_at, status, error, item_count) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at,
           status = excluded.status, error = excluded.error, item_count = excluded.item_count`,
        [state.url, state.etag ?? null, state.lastModified ?? null, state.fetchedAt, state.status, state.error ?? null, state.itemCount],
      );
    },
    async addItems(items) {
      if (items.length === 0) return [];
      const existing = new Set((await selectIn(client, "SELECT id FROM radar_items WHERE id IN", items.map((item) => item.id))).map((row) => String(row.id)));
      const fresh = items.filter((item, index) => !existing.has(item.id) && items.findIndex((other) => other.id === item.id) === index);
      if (fresh.length === 0) return [];
      await client.batch(
        fresh.map((item) => ({
          sql: `INSERT INTO radar_items (id, source_url, source_name, url, canonical_url, guid, title, text, published_at, fetched_at, content_hash, cluster_id, title_vector)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
          params: [
            item.id,
            item.sourceUrl,
            item.sourceName,
            item.url,
            item.canonicalUrl,
            item.guid ?? null,
            item.title,
            item.text,
            item.publishedAt ?? null,
            item.fetchedAt,
            item.contentHash,
            item.clusterId,
            item.titleVector === undefined ? null : JSON.stringify(item.titleVector),
          ],
        })),
      );
      return fresh.map((item) => item.id);
    },
    async items(ids) {
      return (await selectIn(client, "SELECT * FROM radar_items WHERE id IN", ids)).map(toItem);
    },
    async itemsByCluster(clusterIds) {
      const rows = await selectIn(client, "SELECT * FROM radar_items WHERE cluster_id IN", clusterIds);
      return rows.map(toItem).sort((a, b) => (a.publishedAt ?? a.fetchedAt) - (b.publishedAt ?? b.fetchedAt) || a.id.localeCompare(b.id));
    },
    async itemsByContentHash(hashes) {
      return (await selectIn(client, "SELECT * FROM radar_items WHERE content_hash IN", hashes)).map(toItem);
    },
    async recentItems({ since, limit }) {
      const rows = await client.query(
        `SELECT * FROM radar_items WHERE COALESCE(published_at, fetched_at) >= ? ORDER BY COALESCE(published_at, fetched_at) DESC, id${limit === undefined ? "" : " LIMIT ?"}`,
        limit === undefined ? [since] : [since, limit],
      );
      return rows.map(toItem);
    },
    async clusterItems(clusterIds) {
      return (await selectIn(client, "SELECT * FROM radar_items WHERE cluster_id IN", clusterIds)).map(toItem);
    },
    async assignClusters(assignments) {
      if (assignments.length === 0) return;
      await client.batch(assignments.map(({ itemId, clusterId }) => ({ sql: "UPDATE radar_items SET cluster_id = ? WHERE id = ?", params: [clusterId, itemId] })));
    },
    async saveTitleVectors(vectors) {
      if (vectors.length === 0) return;
      await client.batch(vectors.map(({ itemId, vector }) => ({ sql: "UPDATE radar_items SET title_vector = ? WHERE id = ?", params: [JSON.stringify(vector), itemId] })));
    },
    async clusterIdsWithPrefix(prefix, limit) {
      const rows = await client.query("SELECT DISTINCT cluster_id FROM radar_items WHERE substr(cluster_id, 1, ?) = ? ORDER BY cluster_id LIMIT ?", [prefix.length, prefix, limit]);
      return rows.map((row) => String(row.cluster_id));
    },
    async clusterStates(clusterIds) {
      const rows = clusterIds === undefined ? await client.query("SELECT * FROM radar_clusters") : await selectIn(client, "SELECT * FROM radar_clusters WHERE id IN", clusterIds);
      return rows.map((row) => ({
        clusterId: String(row.id),
        ...optionalNumber("readAt", row.read_at),
        ...(row.feedback === null || row.feedback === undefined ? {} : { feedback: String(row.feedback) as "useful" | "noise" }),
        ...optionalNumber("feedbackAt", row.feedback_at),
      }));
    },
    async markRead(clusterId, read, now) {
      await client.execute(
        "INSERT INTO radar_clusters (id, read_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET read_at = excluded.read_at",
        [clusterId, read ? now : null],
      );
    },
    async setFeedback(clusterId, feedback, now) {
      await client.execute(
        "INSERT INTO radar_clusters (id, feedback, feedback_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET feedback = excluded.feedback, feedback_at = excluded.feedback_at",
        [clusterId, feedback, now],
      );
    },
    async saveDigest(digest) {
      await client.execute("INSERT INTO radar_digests (id, created_at, body) VALUES (?, ?, ?)", [digest.id, digest.createdAt, JSON.stringify(digest.body)]);
    },
    async digests(limit) {
      const rows = await client.query("SELECT * FROM radar_digests ORDER BY created_at DESC, id DESC LIMIT ?", [limit]);
      return rows.map(toDigest);
    },
    async digest(id) {
      const [row] = await client.query("SELECT * FROM radar_digests WHERE id = ?", [id]);
      return row === undefined ? undefined : toDigest(row);
    },
    async modelSnapshot() {
      const rows = await client.query("SELECT * FROM radar_models ORDER BY model_id");
      return rows.map((row) => ({
        ...(JSON.parse(String(row.facts)) as RadarModelRecord),
        modelId: String(row.model_id),
        origin: String(row.origin),
        firstSeenAt: Number(row.first_seen_at),
        lastSeenAt: Number(row.last_seen_at),
      }));
    },
    async saveModelSnapshot(models, now) {
      if (models.length === 0) return;
      await client.batch(
        models.map((model) => ({
          sql: `INSERT INTO radar_models (model_id, origin, facts, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (model_id) DO UPDATE SET origin = excluded.origin, facts = excluded.facts, last_seen_at = excluded.last_seen_at`,
          params: [model.modelId, model.origin, JSON.stringify(model), now, now],
        })),
      );
    },
    async modelCalls(since) {
      const rows = await client.query(
        `SELECT s.model AS model, COUNT(*) AS calls FROM spans s LEFT JOIN traces t ON t.trace_id = s.trace_id
         WHERE s.kind = 'model' AND s.model IS NOT NULL AND s.start_time >= ? AND (t.kind IS NULL OR t.kind <> 'eval')
         GROUP BY s.model ORDER BY calls DESC, s.model`,
        [since],
      );
      return rows.map((row) => ({ model: String(row.model), calls: Number(row.calls) }));
    },
  };
}

/** Runs `<prefix> (?, ?, …)` over the values in chunks small enough for either engine. */
async function selectIn(client: SqlClient, prefix: string, values: readonly SqlValue[]): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (let start = 0; start < values.length; start += 500) {
    const chunk = values.slice(start, start + 500);
    rows.push(...(await client.query(`${prefix} (${chunk.map(() => "?").join(", ")})`, [...chunk])));
  }
  return rows;
}

function toItem(row: Record<string, unknown>): RadarItemRecord {
  return {
    id: String(row.id),
    sourceUrl: String(row.source_url),
    sourceName: String(row.source_name),
    url: String(row.url),
    canonicalUrl: String(row.canonical_url),
    ...optionalString("guid", row.guid),
    title: String(row.title),
    text: String(row.text),
    ...optionalNumber("publishedAt", row.published_at),
    fetchedAt: Number(row.fetched_at),
    contentHash: String(row.content_hash),
    clusterId: String(row.cluster_id),
    ...(row.title_vector === null || row.title_vector === undefined ? {} : { titleVector: JSON.parse(String(row.title_vector)) as number[] }),
  };
}

function toDigest(row: Record<string, unknown>): { id: string; createdAt: number; body: unknown } {
  return { id: String(row.id), createdAt: Number(row.created_at), body: JSON.parse(String(row.body)) as unknown };
}

function optionalString<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (value === null || value === undefined ? {} : { [key]: String(value) }) as { [P in K]?: string };
}

function optionalNumber<K extends string>(key: K, value: unknown): { [P in K]?: number } {
  return (value === null || value === undefined ? {} : { [key]: Number(value) }) as { [P in K]?: number };
}
