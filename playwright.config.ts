import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { ANVIL_PORT, APP_PORT, BASE_URL, DEMO_API_KEY } from "./e2e/env";

/**
 * End-to-end tests: `npx playwright test` builds the app when needed, starts it with its own
 * anvil chain and database in a fresh temporary DATA_DIR, and drives the checkout page with a
 * test wallet (e2e/wallet.ts).
 *
 * Playwright evaluates this file in the runner and again in each worker; the runner makes the
 * data dir and hands it to workers through the environment, so one run uses exactly one dir.
 * It is removed when the runner exits unless E2E_KEEP_DATA=1 (to read anvil's log afterwards).
 */
const DATA_DIR_VARIABLE = "CHECKOUT_E2E_RUN_DATA_DIR";
let dataDir = process.env[DATA_DIR_VARIABLE];
if (!dataDir) {
  const created = mkdtempSync(join(tmpdir(), "checkout-e2e-"));
  dataDir = created;
  process.env[DATA_DIR_VARIABLE] = created;
  if (process.env.E2E_KEEP_DATA !== "1") {
    process.on("exit", () => rmSync(created, { recursive: true, force: true }));
  }
}

/** What `npm start` runs, its node flags included, without npm around it. */
const startCommand: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;

const DEBIAN_CHROMIUM = "/usr/bin/chromium";
const executablePath =
  process.env.CHROMIUM_PATH || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/artifacts/test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { outputFolder: "e2e/artifacts/report", open: "never" }]],
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: startCommand,
    url: `${BASE_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(APP_PORT),
      ANVIL_PORT: String(ANVIL_PORT),
      DATA_DIR: dataDir,
      DEMO_API_KEY,
      PUBLIC_URL: BASE_URL,
      NEXT_TELEMETRY_DISABLED: "1",
      // Always the embedded local chain and PGlite, whatever the developer's shell exports.
      CHAINS: "",
      DATABASE_URL: "",
    },
  },
});
