import "server-only";
import { statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Chain } from "viem";
import * as viemChains from "viem/chains";
import { z } from "zod";
import { CURRENCY_SCALE } from "../money/currencies";
import { loadRelayerConfig, type RelayerConfig } from "./relayerConfig";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type ProductionChainSetting = {
  chain: Chain;
  /** Server-side RPC endpoint; may carry a provider key, so it never reaches the browser. */
  rpcUrl: string;
  /** Optional WebSocket endpoint: the watcher subscribes to new blocks instead of polling. */
  wsUrl: string | null;
  confirmations: number;
};

export type LocalChainSetting = {
  port: number;
  /** Seconds between blocks; null: one block per transaction (anvil's automine). */
  blockTime: number | null;
  confirmations: number;
};

export type AppConfig = {
  port: number;
  /** Base URL of the app as shoppers reach it, without a trailing slash. */
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | null;
  /** The embedded local chain; null when production chains are configured. */
  localChain: LocalChainSetting | null;
  productionChains: ProductionChainSetting[];
  /** Token symbols offered on production chains (default: every known stablecoin). */
  tokenSymbols: string[] | null;
  demoApiKey: string | null;
  /** How long after expiry a late payment is still credited. */
  monitoringWindowSeconds: number;
  /**
   * Transfers worth less than this (invoice-level units, the same figure in every currency) are
   * dust: never credited, no event; the merchant still sees them among unmatched payments.
   */
  dustFloor: bigint;
  /** Proxies in front of the app whose X-Forwarded-For entries are believed (0: none). */
  trustedProxies: number;
  /** Requests per second allowed per API key and per client address on public endpoints (0: off). */
  rateLimitPerKey: number;
  rateLimitPerAddress: number;
  /** Seconds between webhook attempts; null: the default schedule (about 3 days). */
  webhookRetryDelays: number[] | null;
  /** How long a webhook endpoint has to answer, and how long a sender holds a claimed delivery. */
  webhookTimeoutMs: number;
  webhookLeaseMs: number;
  /** /api/health answers 503 when a watcher's cursor stood still this long with blocks waiting, */
  healthStallSeconds: number;
  /** or when it is more than this many blocks behind the head. */
  healthMaxLagBlocks: number;
  /** The gasless relayer's key and limits per chain (see relayerConfig.ts). */
  relayer: RelayerConfig;
  /**
   * The merchant's ERC-7677 paymaster service per chain id (PAYMASTER_URL_<id>). It may carry the
   * provider's key: the server forwards to it, browsers only see the checkout's own proxy URL.
   */
  paymasterUrls: Record<number, string>;
  /**
   * Whether a signed-in wallet may create a merchant in the dashboard. "closed": merchants come
   * from the operator's CLI (`npm run merchant -- create --owner 0x…`) and people join by invitation.
   */
  signup: SignupPolicy;
};

export type SignupPolicy = "open" | "closed";

/** Block depth before a payment counts, by chain id; documented in the README. */
export const DEFAULT_CONFIRMATIONS: Record<number, number> = {
  1: 3,
  10: 3,
  56: 3,
  137: 16,
  8453: 3,
  42161: 3,
  43114: 1,
};
const DEFAULT_MAINNET_CONFIRMATIONS = 3;
const DEFAULT_TESTNET_CONFIRMATIONS = 1;

const chainsByName = new Map<string, Chain>();
const chainsById = new Map<number, Chain>();
/** The viem/chains name CHAINS takes for a chain id (the first one exported for it). */
const nameById = new Map<number, string>();
for (const [name, value] of Object.entries(viemChains)) {
  const chain = value as Chain;
  if (typeof chain !== "object" || typeof chain.id !== "number") continue;
  chainsByName.set(name.toLowerCase(), chain);
  if (!chainsById.has(chain.id)) chainsById.set(chain.id, chain);
  if (!nameById.has(chain.id)) nameById.set(chain.id, name);
}

function fail(message: string): never {
  throw new ConfigError(message);
}

function integer(env: Environment, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(raw);
  if (!parsed.success) fail(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return parsed.data;
}

function httpUrl(name: string, raw: string): string {
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(raw);
  // The value is not repeated: an RPC URL may carry a provider key.
  if (!parsed.success) fail(`${name} must be an http(s) URL.`);
  return parsed.data.replace(/\/+$/, "");
}

function wsUrl(name: string, raw: string): string {
  const parsed = z.url({ protocol: /^wss?$/ }).safeParse(raw);
  if (!parsed.success) fail(`${name} must be a ws(s) URL.`);
  return parsed.data.replace(/\/+$/, "");
}

function resolveChain(entry: string): Chain {
  const key = entry.trim().toLowerCase();
  const chain = /^\d+$/.test(key) ? chainsById.get(Number(key)) : chainsByName.get(key);
  if (!chain) {
    fail(
      `CHAINS includes "${entry.trim()}", which is not a known chain; use names from viem/chains (base, arbitrum, mainnet, polygon, ...) or chain ids.`,
    );
  }
  return chain;
}

/**
 * DATA_DIR must be a directory, or creatable as one: the nearest part of the path that exists
 * must be a directory (a file there would only fail later, deep in a write, with ENOTDIR).
 */
function checkDataDir(dataDir: string): void {
  for (let path = dataDir; ; path = dirname(path)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === "ENOENT" || code === "ENOTDIR") && dirname(path) !== path) continue;
      fail(`DATA_DIR (${dataDir}) cannot be used: ${code ?? String(error)}.`);
    }
    if (isDirectory) return;
    fail(
      path === dataDir
        ? `DATA_DIR (${dataDir}) is a file, not a directory; point DATA_DIR at a directory.`
        : `DATA_DIR (${dataDir}) cannot be created because ${path} is a file; point DATA_DIR at a directory.`,
    );
  }
}

/**
 * An RPC URL for a chain CHAINS does not list would be silently ignored (with CHAINS empty, the
 * app would even run its local chain instead): refuse it, saying how to fix it.
 */
function checkStrayRpcUrls(env: Environment, chainIds: readonly number[]): void {
  for (const name of Object.keys(env).sort()) {
    const match = /^RPC(?:_WS)?_URL_(\d+)$/.exec(name);
    if (!match || !env[name]) continue;
    const id = Number(match[1]);
    if (chainIds.includes(id)) continue;
    if (id === viemChains.anvil.id) {
      fail(
        `${name} is set, but the local chain is the app's own (see ANVIL_PORT); remove ${name}.`,
      );
    }
    const chainName = nameById.get(id) ?? String(id);
    const fix =
      chainIds.length === 0
        ? `set CHAINS=${chainName}`
        : `add ${chainName} to CHAINS (${env.CHAINS?.trim()})`;
    fail(`${name} is set but CHAINS does not list chain ${id}; ${fix} or remove ${name}.`);
  }
}

/** Reads and checks the whole configuration; any problem is a ConfigError naming the variable. */
export type Environment = Record<string, string | undefined>;

export function loadConfig(env: Environment = process.env): AppConfig {
  const port = integer(env, "PORT", 3000, 1, 65535);
  const publicUrl = env.PUBLIC_URL
    ? httpUrl("PUBLIC_URL", env.PUBLIC_URL)
    : `http://localhost:${port}`;
  const dataDirRaw = env.DATA_DIR || ".data";
  const dataDir = isAbsolute(dataDirRaw)
    ? dataDirRaw
    : resolve(/*turbopackIgnore: true*/ process.cwd(), dataDirRaw);
  checkDataDir(dataDir);

  let databaseUrl: string | null = null;
  if (env.DATABASE_URL) {
    if (!/^postgres(ql)?:\/\/.+/.test(env.DATABASE_URL)) {
      fail("DATABASE_URL must be a postgres:// or postgresql:// connection URL.");
    }
    databaseUrl = env.DATABASE_URL;
  }

  const chainEntries = (env.CHAINS ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const productionChains: ProductionChainSetting[] = [];
  for (const entry of chainEntries) {
    const chain = resolveChain(entry);
    if (chain.id === viemChains.anvil.id) {
      fail(`CHAINS must not include the local chain (${entry}); leave CHAINS unset to run it.`);
    }
    if (productionChains.some((setting) => setting.chain.id === chain.id)) {
      fail(`CHAINS names chain ${chain.id} (${chain.name}) twice.`);
    }
    const rpcName = `RPC_URL_${chain.id}`;
    const rpcRaw = env[rpcName];
    if (!rpcRaw) fail(`${rpcName} is required because CHAINS includes ${chain.name}.`);
    const fallbackConfirmations =
      DEFAULT_CONFIRMATIONS[chain.id] ??
      (chain.testnet ? DEFAULT_TESTNET_CONFIRMATIONS : DEFAULT_MAINNET_CONFIRMATIONS);
    productionChains.push({
      chain,
      rpcUrl: httpUrl(rpcName, rpcRaw),
      wsUrl: env[`RPC_WS_URL_${chain.id}`]
        ? wsUrl(`RPC_WS_URL_${chain.id}`, env[`RPC_WS_URL_${chain.id}`] as string)
        : null,
      confirmations: integer(env, `CONFIRMATIONS_${chain.id}`, fallbackConfirmations, 1, 1000),
    });
  }

  checkStrayRpcUrls(
    env,
    productionChains.map((setting) => setting.chain.id),
  );

  const localChain: LocalChainSetting | null =
    productionChains.length === 0
      ? {
          port: integer(env, "ANVIL_PORT", 8545, 1, 65535),
          blockTime: env.ANVIL_BLOCK_TIME ? integer(env, "ANVIL_BLOCK_TIME", 1, 1, 3600) : null,
          confirmations: integer(env, "CONFIRMATIONS_31337", 1, 1, 1000),
        }
      : null;

  let tokenSymbols: string[] | null = null;
  if (env.TOKENS) {
    tokenSymbols = env.TOKENS.split(",")
      .map((symbol) => symbol.trim().toUpperCase())
      .filter(Boolean);
    if (tokenSymbols.length === 0)
      fail("TOKENS must list at least one token symbol, such as USDC.");
  }

  const demoApiKey = env.DEMO_API_KEY || null;
  if (demoApiKey !== null && !/^sk_test_[A-Za-z0-9_]{16,}$/.test(demoApiKey)) {
    fail("DEMO_API_KEY must start with sk_test_ followed by at least 16 letters, digits or _.");
  }

  const paymasterUrls = loadPaymasterUrls(
    env,
    localChain ? [viemChains.anvil.id] : productionChains.map(({ chain }) => chain.id),
  );

  return {
    port,
    publicUrl,
    dataDir,
    databaseUrl,
    localChain,
    productionChains,
    tokenSymbols,
    demoApiKey,
    monitoringWindowSeconds: integer(env, "MONITORING_WINDOW", 86_400, 0, 30 * 86_400),
    dustFloor: dustFloor(env.DUST_FLOOR),
    trustedProxies: integer(env, "TRUST_PROXY", 0, 0, 10),
    rateLimitPerKey: integer(env, "RATE_LIMIT_PER_KEY", 50, 0, 1_000_000),
    rateLimitPerAddress: integer(env, "RATE_LIMIT_PER_ADDRESS", 5, 0, 1_000_000),
    webhookRetryDelays: retrySchedule(env.WEBHOOK_RETRY_SCHEDULE),
    ...webhookTiming(env),
    healthStallSeconds: integer(env, "HEALTH_STALL_SECONDS", 120, 1, 86_400),
    healthMaxLagBlocks: integer(env, "HEALTH_MAX_LAG_BLOCKS", 100, 1, 1_000_000),
    relayer: loadRelayerConfig(
      env,
      localChain
        ? [{ id: viemChains.anvil.id, gasToken: "ETH" }]
        : productionChains.map(({ chain }) => ({
            id: chain.id,
            gasToken: chain.nativeCurrency.symbol,
          })),
      fail,
    ),
    signup: signupPolicy(env.SIGNUP, productionChains.length > 0),
    paymasterUrls,
  };
}

/**
 * PAYMASTER_URL_<id>: an http(s) URL per chain the deployment runs (the local chain included,
 * for a test paymaster). One for a chain it does not run stops the start, as for RPC_URL_<id>.
 */
function loadPaymasterUrls(env: Environment, chainIds: readonly number[]): Record<number, string> {
  const urls: Record<number, string> = {};
  for (const name of Object.keys(env).sort()) {
    const match = /^PAYMASTER_URL_(\d+)$/.exec(name);
    if (!match || !env[name]) continue;
    const id = Number(match[1]);
    if (!chainIds.includes(id)) {
      const chainName = nameById.get(id) ?? String(id);
      fail(
        `${name} is set but the app does not run chain ${id}; add ${chainName} to CHAINS or remove ${name}.`,
      );
    }
    urls[id] = httpUrl(name, env[name] as string);
  }
  return urls;
}

/**
 * SIGNUP: open or closed. A deployment on real chains is closed unless its operator opens it, so
 * nobody can set up a store there by merely signing in; the local demo is open.
 */
function signupPolicy(raw: string | undefined, production: boolean): SignupPolicy {
  const value = raw?.trim().toLowerCase();
  if (!value) return production ? "closed" : "open";
  if (value !== "open" && value !== "closed") {
    fail(`SIGNUP must be open or closed, not "${raw}".`);
  }
  return value;
}

function webhookTiming(env: Environment) {
  const webhookTimeoutMs = integer(env, "WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000);
  const webhookLeaseMs = integer(env, "WEBHOOK_LEASE_MS", 60_000, 1000, 600_000);
  // The lease is renewed before each attempt: it must outlast one attempt and its bookkeeping.
  if (webhookLeaseMs < webhookTimeoutMs + 1000) {
    fail("WEBHOOK_LEASE_MS must be at least WEBHOOK_TIMEOUT_MS plus 1000.");
  }
  return { webhookTimeoutMs, webhookLeaseMs };
}

/** DUST_FLOOR: a decimal amount of the invoice currency, "0.01" unless set; "0" turns it off. */
function dustFloor(raw: string | undefined): bigint {
  const value = raw?.trim() || "0.01";
  const match = /^(\d{1,3})(?:\.(\d{1,6}))?$/.exec(value);
  if (!match || Number(value) > 100) {
    fail(
      `DUST_FLOOR must be an amount from 0 to 100 with at most 6 decimals, such as 0.01, not "${value}".`,
    );
  }
  const [whole, fraction = ""] = [match[1]!, match[2]];
  return BigInt(whole + fraction.padEnd(CURRENCY_SCALE, "0"));
}

function retrySchedule(raw: string | undefined): number[] | null {
  if (!raw) return null;
  const delays = raw.split(",").map((entry) => Number(entry.trim()));
  if (
    delays.length === 0 ||
    delays.length > 50 ||
    delays.some((d) => !Number.isInteger(d) || d < 1)
  ) {
    fail("WEBHOOK_RETRY_SCHEDULE must list whole seconds between attempts, such as 5,60,600.");
  }
  return delays;
}

const cache = globalThis as typeof globalThis & { __checkoutConfig?: AppConfig };

/** The configuration of this process, read once. */
export function getConfig(): AppConfig {
  cache.__checkoutConfig ??= loadConfig();
  return cache.__checkoutConfig;
}

/** For tests that change the environment between cases. */
export function resetConfigForTests(): void {
  cache.__checkoutConfig = undefined;
}
