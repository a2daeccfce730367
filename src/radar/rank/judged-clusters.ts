import type { RadarStore } from "../../store/index.js";
import { clusterText } from "./cluster-text.js";
import type { JudgedCluster } from "./score-clusters.js";

/** Latest judgements that steer a ranking; older ones have had their say. */
const MOST_JUDGED = 200;

/** The clusters the user marked useful or noise (latest first), by their words, and the ids marked noise. */
export async function judgedClusters(radar: RadarStore): Promise<{ judged: JudgedCluster[]; noise: Set<string> }> {
  const states = (await radar.clusterStates())
    .filter((state) => state.feedback !== undefined)
    .sort((a, b) => (b.feedbackAt ?? 0) - (a.feedbackAt ?? 0))
    .slice(0, MOST_JUDGED);
  const items = await radar.itemsByCluster(states.map((state) => state.clusterId));
  const judged = states.flatMap((state) => {
    const own = items.filter((item) => item.clusterId === state.clusterId);
    return own.length === 0 ? [] : [{ title: own[0]!.title, text: clusterText({ title: own[0]!.title, items: own }), verdict: state.feedback! }];
  });
  return { judged, noise: new Set(states.filter((state) => state.feedback === "noise").map((state) => state.clusterId)) };
}
