import "server-only";
import { and, eq, sql } from "drizzle-orm";
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
        oldest_pending_at: row?.oldest ? new Date(row.oldest).toISOString() : null,
        available: state !== null && state.problem === null,
        problem: state?.problem ?? null,
      };
    }),
  );
}
