// `tsx test/support/protocol-server/serve.ts [--port N] [--latency-ms N] [--chunk-delay-ms N]`:
// runs the protocol server in a process of its own (benchmarks, manual CLI runs),
// prints its URL as the first line on stdout, and stops on SIGINT or SIGTERM.
import { parseArgs } from "node:util";
import { startProtocolServer } from "./protocol-server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "latency-ms": { type: "string", default: "0" },
    "chunk-delay-ms": { type: "string", default: "0" },
  },
});
const settings = { port: Number(values.port), latencyMs: Number(values["latency-ms"]), chunkDelayMs: Number(values["chunk-delay-ms"]) };
const invalid = Object.entries(settings).filter(([, value]) => !Number.isInteger(value) || value < 0);
if (invalid.length > 0) {
  console.error(`error: ${invalid.map(([name]) => name).join(", ")} must be a whole number of zero or more`);
  process.exitCode = 2;
} else {
  const server = await startProtocolServer(settings);
  console.log(server.url);
  const stop = (): void => void server.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
