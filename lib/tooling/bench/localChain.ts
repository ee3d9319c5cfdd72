import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hash,
  type Hex,
  http,
  type PublicClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { anvil as anvilChain } from "viem/chains";
import { devAccount } from "../../chains/devAccounts";
import {
  getPaymentChains,
  type PaymentChain,
  registerLocalChainTokens,
} from "../../chains/registry";
import { resetConfigForTests } from "../../config/config";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { merchants } from "../../db/schema";
import { startAnvil } from "../../demo/anvil";
import { fundLocalRelayer } from "../../demo/localRelayer";
import { ensureTestTokens, localTestTokens } from "../../demo/testTokens";
import { newId } from "../../ids";
import { freePort } from "../testing/free-port";

export type BenchChain = {
  rpcUrl: string;
  chain: PaymentChain;
  publicClient: PublicClient;
  testClient: ReturnType<typeof createTestClient>;
  stop(): Promise<void>;
};

/**
 * A private anvil for a benchmark, on a free port, with the test stablecoins, and this process's
 * configuration pointed at it (so the lib code under test sees it as the local chain).
 */
export async function startBenchChain(options: { blockTime?: number } = {}): Promise<BenchChain> {
  const dir = mkdtempSync(join(tmpdir(), "checkout-bench-chain-"));
  const port = await freePort();
  const anvil = await startAnvil({ port, logPath: join(dir, "anvil.log"), ...options });
  await ensureTestTokens(anvil.rpcUrl);
  await fundLocalRelayer(anvil.rpcUrl);
  process.env.ANVIL_PORT = String(port);
  process.env.DATA_DIR = dir;
  process.env.CHAINS = "";
  process.env.PUBLIC_URL = "http://checkout.bench";
  delete process.env.CONFIRMATIONS_31337;
  resetConfigForTests();
  registerLocalChainTokens(localTestTokens());
  const chain = getPaymentChains()[0]!;
  const viemChain = { ...anvilChain, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
  return {
    rpcUrl: anvil.rpcUrl,
    chain,
    publicClient: createPublicClient({
      chain: viemChain,
      transport: http(anvil.rpcUrl),
    }) as PublicClient,
    testClient: createTestClient({
      chain: viemChain,
      mode: "anvil",
      transport: http(anvil.rpcUrl),
    }),
    async stop() {
      await anvil.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An in-memory PGlite, or a fresh database on the PostgreSQL server at `serverUrl`. */
export async function openBenchDatabase(
  serverUrl?: string,
): Promise<DatabaseHandle & { label: string }> {
  if (!serverUrl) return { ...(await openDatabase({ kind: "pglite" })), label: "PGlite" };
  const pg = (await import("pg")).default;
  const name = `checkout_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    ...(await openDatabase({ kind: "postgres", url: url.toString(), maxConnections: 20 })),
    label: "PostgreSQL",
  };
}

export async function insertMerchants(handle: DatabaseHandle, count: number) {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: newId("mer"),
    name: `Bench Shop ${index + 1}`,
    settlementAddress: privateKeyToAccount(generatePrivateKey()).address,
  }));
  return handle.db.insert(merchants).values(rows).returning();
}

/**
 * Sends transactions from anvil's funded dev accounts 1..8, nonces kept here so that a hundred
 * can wait in the pool for the next block.
 */
export function createSender(bench: BenchChain) {
  const accounts = [1, 2, 3, 4, 5, 6, 7, 8].map((index) => devAccount(index));
  const wallets = accounts.map((account) =>
    createWalletClient({ account, chain: bench.chain.chain, transport: http(bench.rpcUrl) }),
  );
  const nonces = new Map<number, number>();
  let turn = 0;
  return {
    /** Reads every account's next nonce; call before a burst of sends. */
    async syncNonces(): Promise<void> {
      await Promise.all(
        accounts.map(async (account, index) => {
          nonces.set(
            index,
            await bench.publicClient.getTransactionCount({
              address: account.address,
              blockTag: "pending",
            }),
          );
        }),
      );
    },
    send(to: Address, data: Hex): Promise<Hash> {
      const index = turn++ % wallets.length;
      const nonce = nonces.get(index);
      if (nonce === undefined) throw new Error("call syncNonces() before sending");
      nonces.set(index, nonce + 1);
      return wallets[index]!.sendTransaction({
        to,
        data,
        nonce,
        gas: 120_000n,
        maxFeePerGas: 50_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      });
    },
    transferData(to: Address, amount: bigint): Hex {
      return encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] });
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
