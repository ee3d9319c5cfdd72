import "server-only";
import { join } from "node:path";
import { getPaymentChains, publicClientFor, registerLocalChainTokens } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import { ConfigError, getConfig } from "../config/config";
import { getDatabaseHandle } from "../db/client";
import { DataDirBusyError } from "../db/dataDirLock";
import { AnvilError, startAnvil } from "../demo/anvil";
import { fundLocalRelayer } from "../demo/localRelayer";
import { resolveDemoApiKey, seedDemoMerchant } from "../demo/seed";
import { ensureTestTokens, localTestTokens } from "../demo/testTokens";
import { startJobs } from "../jobs/startJobs";
import { installClientAddressHeader } from "./clientAddress";

const booted = globalThis as typeof globalThis & { __checkoutBoot?: Promise<void> };

/**
 * Everything the server needs before it answers: configuration, the local chain with its test
 * tokens (when no production chain is configured), the migrated database, the demo merchant,
 * and the background jobs (payment watchers, housekeeping, webhook sender). A problem stops the process with one sentence.
 */
export function bootServer(): Promise<void> {
  booted.__checkoutBoot ??= boot().catch((error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof AnvilError ||
      error instanceof DataDirBusyError
    ) {
      console.error(`\nCannot start: ${error.message}\n`);
    } else {
      console.error("\nCannot start:", error, "\n");
    }
    process.exit(1);
  });
  return booted.__checkoutBoot;
}

async function boot(): Promise<void> {
  const config = getConfig();
  installClientAddressHeader(config.trustedProxies);
  // Start-up knows the local chain's tokens (it deploys them); the registry is handed them.
  registerLocalChainTokens(localTestTokens());
  const chains = getPaymentChains();

  if (config.localChain) {
    const anvil = await startAnvil({
      port: config.localChain.port,
      statePath: join(config.dataDir, "anvil", "state.json"),
      logPath: join(config.dataDir, "anvil", "anvil.log"),
      blockTime: config.localChain.blockTime ?? undefined,
    });
    const tokens = await ensureTestTokens(anvil.rpcUrl);
    await fundLocalRelayer(anvil.rpcUrl);
    console.log(
      `Local chain ${anvil.reused ? "reused" : "started"} at ${anvil.rpcUrl} (chain id ${anvil.chainId})` +
        (tokens.deployed.length > 0 ? `; deployed test ${tokens.deployed.join(", ")}` : ""),
    );
  } else {
    await Promise.all(chains.map(checkRpcChainId));
  }

  const { db, kind } = await getDatabaseHandle();
  console.log(
    `Database: ${kind === "pglite" ? `PGlite in ${join(config.dataDir, "pglite")}` : "PostgreSQL"}`,
  );
  if (config.localChain) await seedDemoMerchant(db, resolveDemoApiKey(config));
  startJobs(await getDatabaseHandle());
}

/** A wrong RPC_URL_<id> must stop the server; one that is merely down is reported and retried. */
async function checkRpcChainId(chain: ReturnType<typeof getPaymentChains>[number]): Promise<void> {
  try {
    const answered = await publicClientFor(chain).getChainId();
    if (answered !== chain.id) {
      throw new ConfigError(
        `RPC_URL_${chain.id} answers for chain ${answered}, not ${chain.name} (chain ${chain.id}).`,
      );
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    console.warn(
      `${chain.name}: RPC_URL_${chain.id} did not answer (${describeRpcError(error)}); retrying in the background.`,
    );
  }
}
