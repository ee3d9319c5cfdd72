import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { registerLocalChainTokens } from "../../chains/registry";
import { resetConfigForTests } from "../../config/config";
import { closeDatabase, useDatabaseForTests } from "../../db/client";
import { localTestTokens } from "../../demo/testTokens";
import { openTestDatabase } from "./database";

// The local chain the tests run on carries the test stablecoins.
registerLocalChainTokens(localTestTokens());

// Every integration file gets the shared test chain and a database of its own.
process.env.ANVIL_PORT = String(inject("anvilPort"));
const dataDir = mkdtempSync(join(tmpdir(), "checkout-int-data-"));
process.env.DATA_DIR = dataDir;
process.env.PUBLIC_URL = "http://checkout.test";
// Tests call handlers far faster than any client; the rate-limit tests turn limits back on.
process.env.RATE_LIMIT_PER_KEY = "0";
process.env.RATE_LIMIT_PER_ADDRESS = "0";
delete process.env.CHAINS;
delete process.env.DATABASE_URL;
// The local chain's default (open); the sign-up tests close it themselves.
delete process.env.SIGNUP;
resetConfigForTests();

let dropDatabase: (() => Promise<void>) | undefined;
beforeAll(async () => {
  const { handle, drop } = await openTestDatabase();
  dropDatabase = drop;
  useDatabaseForTests(handle);
});

afterAll(async () => {
  await closeDatabase();
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});
