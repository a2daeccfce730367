import { spawn } from "node:child_process";
import { registerSecret } from "../../secrets/index.js";
import { startServer } from "../../server/index.js";
import type { CommandContext } from "../command-context.js";
import type { UiCommandOptions } from "../commands/ui.js";
import { colors } from "../output/terminal.js";

/** Serves the workbench until Ctrl-C. */
export async function ui(context: CommandContext, options: UiCommandOptions): Promise<number> {
  const flywheel = await context.flywheel();
  const server = await startServer({ flywheel, host: options.host, port: options.port, accessToken: options.token ?? process.env.FLYWHEEL_UI_TOKEN });
  const { terminal } = context;
  const pageUrl = server.accessToken === undefined ? server.url : `${server.url}/#token=${server.accessToken}`;
  terminal.line(`${colors.bold("Flywheel workbench")} ${pageUrl}`);
  terminal.line(colors.dim(`OpenAI-compatible API: ${server.url}/v1 (model ids such as ${flywheel.config.defaultModel})`));
  if (server.generatedToken) {
    terminal.line(colors.yellow(`access token (shown once; send it as "Authorization: Bearer <token>"): ${server.accessToken}`));
  } else if (server.tokenRequired && server.accessToken === undefined) {
    terminal.line(colors.yellow('every request needs a named API token ("Authorization: Bearer fwk_..."); create one with `flywheel tokens create <name> --scope read|write`'));
  }
  // Shown once above, on purpose; from here on the token is redacted wherever it appears.
  registerSecret(server.accessToken);
  terminal.info(colors.dim("Ctrl-C stops the server"));
  if (options.open !== false && process.stdout.isTTY === true) openBrowser(pageUrl);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    context.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}

function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const child = spawn(command, [url], { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // No browser here: the URL is printed above.
  }
}
