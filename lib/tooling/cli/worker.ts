/**
 * `npm run worker`: the payment watchers, webhook deliveries and housekeeping without the web app, for deployments
 * that run them apart. Any number may run against one PostgreSQL: each chain is watched by
 * exactly one of them (and of the app servers) at a time, and another takes over within seconds
 * when that one dies. The embedded PGlite store serves one process, so it is refused here.
 */
import { getPaymentChains, registerLocalChainTokens } from "../../chains/registry";
import { ConfigError, getConfig } from "../../config/config";
import { closeDatabase, getDatabaseHandle } from "../../db/client";
import { localTestTokens } from "../../demo/testTokens";
import { startJobs } from "../../jobs/startJobs";

function fail(message: string): never {
  console.error(`\nCannot start the worker: ${message}\n`);
  process.exit(1);
}

let chains: ReturnType<typeof getPaymentChains>;
// On the local chain, the test stablecoins it carries (ignored with production chains).
registerLocalChainTokens(localTestTokens());
try {
  if (!getConfig().databaseUrl) {
    fail(
      "it needs a PostgreSQL DATABASE_URL; with the embedded PGlite store the server watches payments itself.",
    );
  }
  chains = getPaymentChains();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const handle = await getDatabaseHandle();
const jobs = startJobs(handle);
console.log(
  `Worker started for ${chains.map((chain) => `${chain.name} (chain ${chain.id})`).join(", ")}; each chain is watched by whichever instance holds its lock.`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await jobs.stop();
    await closeDatabase();
    process.exit(0);
  });
}
