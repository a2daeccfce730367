import { NotFoundError, UsageError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";
import type { RadarFeedbackOptions } from "../commands/radar-feedback.js";

const SHORTEST_PREFIX = 6;

/** Records useful/noise feedback on a radar cluster named by its id or a unique prefix. */
export async function radarFeedback(context: CommandContext, idOrPrefix: string, verdict: string, options: RadarFeedbackOptions): Promise<void> {
  if (verdict !== "useful" && verdict !== "noise") throw new UsageError(`unknown verdict "${verdict}"`, "use useful or noise, e.g. `flywheel radar feedback <cluster-id> useful`");
  if (idOrPrefix.length < SHORTEST_PREFIX) throw new UsageError(`cluster id "${idOrPrefix}" is too short`, `give the whole id or at least ${SHORTEST_PREFIX} characters of it`);
  const store = await context.store();
  const matches = await store.radar.clusterIdsWithPrefix(idOrPrefix, 2);
  if (matches.length === 0) throw new NotFoundError({ what: "radar cluster", id: idOrPrefix, hint: "copy the id from `flywheel radar run` or its JSON output" });
  if (matches.length > 1) throw new UsageError(`cluster id prefix "${idOrPrefix}" matches more than one cluster`, "give more characters of the id");
  const clusterId = matches[0]!;
  const at = Date.now();
  await store.radar.setFeedback(clusterId, verdict, at);
  if (options.json === true) context.terminal.line(JSON.stringify({ clusterId, feedback: verdict, feedbackAt: at }, null, 2));
  else context.terminal.line(`marked cluster ${clusterId} ${verdict}: ${verdict === "useful" ? "similar stories rise" : "it and similar stories sink"} in the next digest`);
}
