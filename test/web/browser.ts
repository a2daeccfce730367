import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";

const repositoryRoot = path.join(import.meta.dirname, "..", "..");

/** Where page screenshots go, kept with the test output. */
export const screenshotDirectory = path.join(repositoryRoot, "test-results", "screenshots");

/**
 * Flags that keep the browser off the network and out of the user's profile. The flags
 * @sparticuz/chromium suggests are for AWS Lambda (one process, no web security) and are
 * left out: the workbench is tested with the same-origin rules a user's browser applies.
 */
const offlineFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--no-default-browser-check",
  "--metrics-recording-only",
];

/** How to start Chromium: the executable, and the environment its process needs. */
interface ChromiumInstall {
  executablePath: string;
  env?: Record<string, string | undefined>;
}

/**
 * The Chromium to drive: `CHROMIUM_PATH` when set (a system browser), otherwise the headless
 * Chromium that the dev dependency @sparticuz/chromium ships (Linux x64), with the NSS
 * libraries it links to, which a bare system may lack, unpacked once under
 * node_modules/.cache. The package unpacks into a shared temp path that a second test file
 * may find half written, so it unpacks here in a child process whose temp folder is a
 * private one, then renamed into place: a test file starting at the same time either wins
 * that rename or finds the folder complete.
 */
async function chromiumInstall(): Promise<ChromiumInstall> {
  const systemChromium = process.env.CHROMIUM_PATH;
  if (systemChromium !== undefined && systemChromium !== "") {
    if (!existsSync(systemChromium)) throw new Error(`CHROMIUM_PATH is ${systemChromium}, which does not exist (unset it to use the Chromium from npm)`);
    return { executablePath: systemChromium };
  }
  const packageFolder = path.join(path.dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..");
  const { version } = JSON.parse(readFileSync(path.join(packageFolder, "package.json"), "utf8")) as { version: string };
  const folder = path.join(repositoryRoot, "node_modules", ".cache", `sparticuz-chromium-${version}`);
  const install = {
    executablePath: path.join(folder, "chromium"),
    env: { ...process.env, LD_LIBRARY_PATH: [path.join(folder, "al2023", "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") },
  };
  if (existsSync(install.executablePath)) return install;
  mkdirSync(path.dirname(folder), { recursive: true });
  const staging = mkdtempSync(`${folder}-unpacking-`);
  try {
    const libraries = JSON.stringify(path.join(packageFolder, "bin", "al2023.tar.br"));
    const unpack = `import chromium, { inflate } from "@sparticuz/chromium"; await chromium.executablePath(); await inflate(${libraries});`;
    await promisify(execFile)(process.execPath, ["--input-type=module", "--eval", unpack], { cwd: repositoryRoot, env: { ...process.env, TMPDIR: staging } });
    renameSync(staging, folder);
  } catch (error) {
    if (!existsSync(install.executablePath)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return install;
}

/** Options for `openBrowser`. */
export interface OpenBrowserOptions {
  /** The language the browser reports (navigator.language); default en-US, whatever the machine's locale. */
  locale?: string;
}

/** A headless Chromium with a fresh profile folder, removed on close. */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Starts headless Chromium on a fresh `--user-data-dir`. */
export async function openBrowser(options: OpenBrowserOptions = {}): Promise<TestBrowser> {
  const install = await chromiumInstall();
  const profile = mkdtempSync(path.join(tmpdir(), "flywheel-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    ...install,
    headless: true,
    args: offlineFlags,
    locale: options.locale ?? "en-US",
    viewport: { width: 1360, height: 900 },
    timeout: 30_000,
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDirectory, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDirectory, `${name}.png`), fullPage: true });
}
