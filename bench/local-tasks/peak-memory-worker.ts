// Run in its own process by `measurePeakMemory`: loads one side (argv[2]: `flywheel` or
// `direct`; argv[3]: the settings as JSON), answers the benchmark prompt once, and prints the
// process's peak resident memory in MiB as JSON on the last line of stdout.
import { openDirectSide, openFlywheelSide } from "./chat-sides.js";
import type { ChatSideSettings } from "./chat-sides.js";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
const side = process.argv[2] === "direct" ? await openDirectSide(JSON.parse(process.argv[3]!) as ChatSideSettings) : await openFlywheelSide(JSON.parse(process.argv[3]!) as ChatSideSettings);
await side.answer(0);
await side.close();
console.log(JSON.stringify({ peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
