// What the workbench API answers about radar digests: the digest as the radar wrote it, with
// the user's read state and feedback on each entry. Type-only imports, so the web app
// type-checks against the same definitions the radar fills in.
import type { Digest, DigestEntry } from "../../radar/index.js";

/** One digest in the digests list, with its counts. */
export interface DigestSummaryView {
  id: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Start of the window the run looked at, epoch milliseconds. */
  since: number;
  entries: number;
  /** Entries not yet marked read. */
  unread: number;
  modelChanges: number;
  modelWatch: number;
  failures: number;
}

/** A digest entry with what the user did with its cluster. */
export interface DigestEntryView extends DigestEntry {
  /** When the cluster was marked read (epoch ms); absent while unread. */
  readAt?: number;
  feedback?: "useful" | "noise";
}

/** A whole digest, each entry with its read state and feedback. */
export interface DigestView extends Omit<Digest, "entries"> {
  entries: DigestEntryView[];
}

/** A cluster's read state and feedback after a change. */
export interface ClusterStateView {
  clusterId: string;
  readAt?: number;
  feedback?: "useful" | "noise";
}
