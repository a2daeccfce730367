import { Hono } from "hono";
import { z } from "zod";
import { FlywheelError } from "../../errors/index.js";
import type { Digest } from "../../radar/index.js";
import type { RadarClusterState, RadarStore } from "../../store/index.js";
import type { ServerContext } from "../server-context.js";
import { validateBody, validateQuery } from "../validate-body.js";
import type { ClusterStateView, DigestSummaryView, DigestView } from "../views/radar-views.js";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }).strict();
const readBody = z.object({ read: z.boolean() }).strict();
const feedbackBody = z.object({ feedback: z.enum(["useful", "noise"]) }).strict();
const noDigest = "run `flywheel radar run` to write one, or pick one from the Radar page";

/**
 * `/api/radar`: the radar's digests (a list with counts, one by id, the latest), each entry
 * with its cluster's read state and feedback, and the two things a reader changes: a cluster
 * read or unread, and useful or noise, which the next ranking takes into account.
 */
export function radarRoutes(server: ServerContext): Hono {
  const app = new Hono();
  const radar = server.flywheel.store.radar;

  app.get("/digests", async (context) => {
    const query = validateQuery(context, listQuery);
    const digests = (await radar.digests(query.limit ?? 50)).map((row) => row.body as Digest);
    const states = await radar.clusterStates(digests.flatMap((digest) => digest.entries.map((entry) => entry.clusterId)));
    const read = new Set(states.filter((state) => state.readAt !== undefined).map((state) => state.clusterId));
    const summaries: DigestSummaryView[] = digests.map((digest) => ({
      id: digest.id,
      createdAt: digest.createdAt,
      since: digest.since,
      entries: digest.entries.length,
      unread: digest.entries.filter((entry) => !read.has(entry.clusterId)).length,
      modelChanges: digest.modelChanges.length,
      modelWatch: digest.modelWatch.length,
      failures: digest.failures.length,
    }));
    return context.json({ digests: summaries });
  });

  app.get("/digests/latest", async (context) => {
    const [latest] = await radar.digests(1);
    if (latest === undefined) throw new FlywheelError({ code: "not-found", message: "no radar digest yet", hint: noDigest });
    return context.json(await withStates(radar, latest.body as Digest));
  });

  app.get("/digests/:id", async (context) => {
    const stored = await radar.digest(context.req.param("id"));
    if (stored === undefined) throw new FlywheelError({ code: "not-found", message: `no radar digest "${context.req.param("id")}"`, hint: noDigest });
    return context.json(await withStates(radar, stored.body as Digest));
  });

  app.post("/clusters/:id/read", async (context) => {
    const id = clusterId(context.req.param("id"));
    const body = await validateBody(context, readBody);
    await radar.markRead(id, body.read, Date.now());
    return context.json(await stateOf(radar, id));
  });

  app.post("/clusters/:id/feedback", async (context) => {
    const id = clusterId(context.req.param("id"));
    const body = await validateBody(context, feedbackBody);
    await radar.setFeedback(id, body.feedback, Date.now());
    return context.json(await stateOf(radar, id));
  });

  return app;
}

function clusterId(id: string): string {
  if (id.length > 200) throw new FlywheelError({ code: "invalid-request", message: "cluster id: longer than 200 characters", hint: "use a cluster id from a digest entry" });
  return id;
}

/** The digest with each entry's read state and feedback. */
async function withStates(radar: RadarStore, digest: Digest): Promise<DigestView> {
  const states = new Map((await radar.clusterStates(digest.entries.map((entry) => entry.clusterId))).map((state) => [state.clusterId, state]));
  return { ...digest, entries: digest.entries.map((entry) => ({ ...entry, ...userState(states.get(entry.clusterId)) })) };
}

async function stateOf(radar: RadarStore, id: string): Promise<ClusterStateView> {
  const [state] = await radar.clusterStates([id]);
  return { clusterId: id, ...userState(state) };
}

function userState(state: RadarClusterState | undefined): Omit<ClusterStateView, "clusterId"> {
  return { ...(state?.readAt === undefined ? {} : { readAt: state.readAt }), ...(state?.feedback === undefined ? {} : { feedback: state.feedback }) };
}
