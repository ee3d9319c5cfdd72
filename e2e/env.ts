/**
 * Settings shared by playwright.config.ts and the tests: which ports the app and its local chain
 * listen on during the end-to-end run, and the demo merchant's API key the server is seeded with.
 */

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a port number from 1 to 65535, not "${raw}".`);
  }
  return value;
}

/** Port of the Next.js app under test (E2E_PORT overrides). */
export const APP_PORT = port("E2E_PORT", 3100);
/** Port of the anvil chain the app starts (E2E_ANVIL_PORT overrides). */
export const ANVIL_PORT = port("E2E_ANVIL_PORT", 8645);

export const BASE_URL = `http://127.0.0.1:${APP_PORT}`;
/** The local chain's JSON-RPC endpoint: what the test wallet signs for and the tests read. */
export const RPC_URL = `http://127.0.0.1:${ANVIL_PORT}`;
export const LOCAL_CHAIN_ID = 31337;

/** The demo merchant's test key (DEMO_API_KEY of the server under test). */
export const DEMO_API_KEY = "sk_test_e2e_0000000000000000000000";

/** anvil's well-known dev mnemonic; accounts 1..8 hold test USDC and USDT, 9 is Demo Store's. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
