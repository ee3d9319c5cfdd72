import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startAnvil } from "../../demo/anvil";
import { fundLocalRelayer } from "../../demo/localRelayer";
import { ensureTestTokens } from "../../demo/testTokens";
import { freePort } from "./free-port";

declare module "vitest" {
  export interface ProvidedContext {
    anvilPort: number;
    anvilRpcUrl: string;
  }
}

/**
 * One real anvil for the whole integration run, on a free port so a running demo is untouched,
 * with the test stablecoins deployed and dev accounts 1 to 8 funded.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "checkout-int-"));
  const port = await freePort();
  const anvil = await startAnvil({ port, logPath: join(dir, "anvil.log") });
  await ensureTestTokens(anvil.rpcUrl);
  await fundLocalRelayer(anvil.rpcUrl);
  project.provide("anvilPort", port);
  project.provide("anvilRpcUrl", anvil.rpcUrl);
  const database = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
  console.log(`Integration tests on ${database}, anvil at ${anvil.rpcUrl}`);
  return async () => {
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
