import { useState } from "react";
import { getJson } from "../api/request.js";
import type { CollectionView, SearchModeView, SearchView } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { formatCount, formatTime } from "../format.js";
import { useResource } from "../use-resource.js";

const modes: { mode: SearchModeView; label: string; score: string }[] = [
  { mode: "hybrid", label: "Hybrid", score: "fused score" },
  { mode: "vector", label: "Vector", score: "cosine similarity" },
  { mode: "bm25", label: "BM25", score: "BM25 score" },
];

/** Retrieval collections with their ingest status, and a search with a mode switch that shows scores. */
export function CollectionsPage() {
  const collections = useResource((signal) => getJson<{ collections: CollectionView[] }>("/api/collections", {}, signal), "collections");
  const [collection, setCollection] = useState<string>();
  const [query, setQuery] = useState("");
  const [mode, setMode] = useState<SearchModeView>("hybrid");
  const [result, setResult] = useState<SearchView>();
  const [error, setError] = useState<unknown>();
  const [searching, setSearching] = useState(false);
  const chosen = collection ?? collections.data?.collections[0]?.name;
  const search = async (searchMode = mode) => {
    if (chosen === undefined || query.trim() === "") return;
    setSearching(true);
    setError(undefined);
    try {
      setResult(await getJson<SearchView>(`/api/collections/${encodeURIComponent(chosen)}/search`, { query, mode: searchMode, k: 10 }));
    } catch (caught) {
      setError(caught);
    } finally {
      setSearching(false);
    }
  };
  return (
    <section>
      <h1>Collections</h1>
      {collections.error !== undefined && <ErrorNote error={collections.error} />}
      {collections.data !== undefined && collections.data.collections.length === 0 && (
        <p className="empty">
          No collections yet. Ingest documents with <code>flywheel ingest &lt;folder&gt; --collection docs</code>.
        </p>
      )}
      {collections.data !== undefined && collections.data.collections.length > 0 && (
        <>
          <table>
            <thead>
              <tr>
                <th>Collection</th>
                <th className="number">Documents</th>
                <th className="number">Chunks</th>
                <th>Embedding model</th>
                <th>Index</th>
                <th>Last ingest</th>
              </tr>
            </thead>
            <tbody>
              {collections.data.collections.map((item) => (
                <tr key={item.name} className={item.name === chosen ? "selected" : undefined} onClick={() => setCollection(item.name)}>
                  <td>
                    <button type="button" className="link" onClick={() => setCollection(item.name)}>
                      {item.name}
                    </button>
                  </td>
                  <td className="number">{formatCount(item.documentCount)}</td>
                  <td className="number">{formatCount(item.chunkCount)}</td>
                  <td className="mono">
                    {item.embeddingModel} <span className="muted">({item.dimensions} dims)</span>
                  </td>
                  <td>{item.vectorIndex}</td>
                  <td>{formatTime(item.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form
            className="filters"
            onSubmit={(event) => {
              event.preventDefault();
              void search();
            }}
          >
            <label className="grow">
              Search {chosen}
              <input type="search" name="query" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="a question or keywords" />
            </label>
            <div className="segmented" role="radiogroup" aria-label="Search mode">
              {modes.map((item) => (
                <button
                  type="button"
                  key={item.mode}
                  role="radio"
                  aria-checked={mode === item.mode}
                  className={mode === item.mode ? "on" : undefined}
                  onClick={() => {
                    setMode(item.mode);
                    if (result !== undefined) void search(item.mode);
                  }}
                >
                  {item.label}
                </button>
              ))}
            </div>
            <button type="submit" className="primary" disabled={searching || query.trim() === ""}>
              Search
            </button>
          </form>
        </>
      )}
      {error !== undefined && <ErrorNote error={error} />}
      {result !== undefined && (
        <div className="hits">
          <p className="muted">
            {result.hits.length} hits in {Math.round(result.tookMs)} ms · scores are {modes.find((item) => item.mode === result.mode)?.score}
          </p>
          {result.warnings.map((warning) => (
            <div key={warning} className="note">
              {warning}
            </div>
          ))}
          <ol>
            {result.hits.map((hit) => (
              <li key={hit.chunkId} className="hit">
                <header>
                  <span className="score">{hit.score.toFixed(4)}</span> <strong>{hit.title}</strong> <span className="mono muted">{hit.source}</span>
                  {hit.location.lineStart !== undefined && <span className="muted"> lines {hit.location.lineStart}–{hit.location.lineEnd}</span>}
                  {hit.location.page !== undefined && <span className="muted"> page {hit.location.page}</span>}
                  {hit.ranks !== undefined && (
                    <span className="muted">
                      {" "}
                      (vector #{hit.ranks.vector ?? "–"}, bm25 #{hit.ranks.bm25 ?? "–"})
                    </span>
                  )}
                </header>
                {hit.headingPath.length > 0 && <div className="muted">{hit.headingPath.join(" › ")}</div>}
                <pre className="text">{hit.text}</pre>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
