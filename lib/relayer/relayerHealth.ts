import "server-only";
import { and, eq, gte, ne, sql } from "drizzle-orm";
import { formatEther } from "viem";
import type { PaymentChain } from "../chains/registry";
import type { Database } from "../db/client";
import { relayerTransactions } from "../db/schema";
import { relayerAccountFor, relayerSettingFor, relayerState } from "./relayerState";

export type RelayerHealth = {
  chain_id: number;
  /** The relayer's address: send it the chain's gas token to keep gasless payment on. */
  address: string;
  /** Its balance and the warning floor, in the chain's gas token (decimal strings). */
  balance: string | null;
  balance_floor: string;
  gas_token: string;
  /** True under the floor: top it up. */
  low: boolean;
  /** Transactions it sent that are not mined yet, and since when the oldest waits. */
  pending: number;
  oldest_pending_at: string | null;
  /** x402 settlements it relayed (x402 URLs and merchants' own servers): last 24 hours, and pending. */
  x402: { settled_24h: number; failed_24h: number; pending: number };
  /** True while it can pay for a payment now (gasless is offered). */
  available: boolean;
  problem: string | null;
};

/** Each chain's relayer as the dashboard and /api/health show it. */
export async function relayerHealth(
  db: Database,
  chains: readonly PaymentChain[],
): Promise<RelayerHealth[]> {
  const relaying = chains.filter((chain) => relayerAccountFor(chain) !== null);
  if (relaying.length === 0) return [];
  const backlog = await db
    .select({
      chainId: relayerTransactions.chainId,
      pending: sql<number>`count(*)::int`,
      oldest: sql<string | null>`min(${relayerTransactions.createdAt})::text`,
    })
    .from(relayerTransactions)
    .where(and(eq(relayerTransactions.status, "pending")))
    .groupBy(relayerTransactions.chainId)
    .catch(() => []);
  const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const x402 = await db
    .select({
      chainId: relayerTransactions.chainId,
      settled: sql<number>`(count(*) filter (where ${relayerTransactions.status} = 'mined'))::int`,
      failed: sql<number>`(count(*) filter (where ${relayerTransactions.status} in ('reverted', 'replaced')))::int`,
      pending: sql<number>`(count(*) filter (where ${relayerTransactions.status} = 'pending'))::int`,
    })
    .from(relayerTransactions)
    .where(
      and(ne(relayerTransactions.source, "checkout"), gte(relayerTransactions.createdAt, since)),
    )
    .groupBy(relayerTransactions.chainId)
    .catch(() => []);
  return Promise.all(
    relaying.map(async (chain) => {
      const account = relayerAccountFor(chain)!;
      const state = await relayerState(chain, 2_000);
      const floor = relayerSettingFor(chain)?.balanceFloor ?? 0n;
      const row = backlog.find((entry) => entry.chainId === chain.id);
      const balance =
        state && !state.problem?.startsWith("The chain could not") ? state.balance : null;
      return {
        chain_id: chain.id,
        address: account.address,
        balance: balance === null ? null : formatEther(balance),
        balance_floor: formatEther(floor),
        gas_token: chain.chain.nativeCurrency.symbol,
        low: balance !== null && balance < floor,
        pending: row?.pending ?? 0,
        x402: x402Counts(x402.find((entry) => entry.chainId === chain.id)),
        oldest_pending_at: row?.oldest ? new Date(row.oldest).toISOString() : null,
        available: state !== null && state.problem === null,
        problem: state?.problem ?? null,
      };
    }),
  );
}

function x402Counts(
  row: { settled: number; failed: number; pending: number } | undefined,
): RelayerHealth["x402"] {
  return {
    settled_24h: row?.settled ?? 0,
    failed_24h: row?.failed ?? 0,
    pending: row?.pending ?? 0,
  };
}
