import { Hono } from "hono";
import { z } from "zod";
import { addFeedback } from "../../datasets/index.js";
import { FlywheelError } from "../../errors/index.js";
import type { ServerContext } from "../server-context.js";
import { validateBody, validateQuery } from "../validate-body.js";

const number = z.coerce.number().refine(Number.isFinite, "a number");
const listQuery = z
  .object({
    model: z.string().optional(),
    status: z.enum(["ok", "error", "cancelled", "running", "interrupted", "unset"]).optional(),
    since: number.optional(),
    until: number.optional(),
    minCost: number.optional(),
    maxCost: number.optional(),
    search: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const statsQuery = z
  .object({
    since: number.optional(),
    buckets: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

const feedbackBody = z
  .object({
    label: z.enum(["good", "bad"]).optional(),
    score: z.number().min(0).max(1).optional(),
    correction: z.string().min(1).max(100_000).optional(),
    note: z.string().max(10_000).optional(),
    spanId: z.string().max(64).optional(),
    author: z.string().max(200).optional(),
  })
  .strict();

/** `/api/traces`: list with filters and search, one trace with its spans, feedback, and time-series stats. */
export function traceRoutes(server: ServerContext): Hono {
  const app = new Hono();
  const { store } = server.flywheel;

  app.get("/", async (context) => {
    const query = validateQuery(context, listQuery);
    const page = await store.traces.listTraces({
      model: query.model,
      status: query.status,
      since: query.since,
      until: query.until,
      minCostUsd: query.minCost,
      maxCostUsd: query.maxCost,
      search: query.search,
      limit: query.limit,
      cursor: query.cursor,
    });
    return context.json(page);
  });

  app.get("/stats", async (context) => {
    const query = validateQuery(context, statsQuery);
    return context.json(await store.traces.stats({ since: query.since ?? Date.now() - 7 * 86_400_000, until: Date.now(), buckets: query.buckets ?? 48 }));
  });

  app.get("/:id", async (context) => {
    const id = context.req.param("id");
    let detail = await store.traces.getTrace(id);
    if (detail === undefined) {
      // A trace just finished (a playground run's link) may still be queued in memory.
      await server.flywheel.tracing.flush();
      detail = await store.traces.getTrace(id);
    }
    if (detail === undefined) throw new FlywheelError({ code: "not-found", message: `no trace "${context.req.param("id")}"` });
    const feedback = await store.feedback.list({ traceId: detail.summary.traceId });
    return context.json({ ...detail, feedback });
  });

  app.post("/:id/feedback", async (context) => {
    const body = await validateBody(context, feedbackBody);
    const record = await addFeedback(store, { traceId: context.req.param("id"), ...body, author: body.author ?? "workbench" });
    return context.json(record, 201);
  });

  return app;
}
