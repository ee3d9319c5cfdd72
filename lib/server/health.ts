import "server-only";
import type { PublicClient } from "viem";
import { getPaymentChains, publicClientFor } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import { getConfig } from "../config/config";
import { type Database, ping } from "../db/client";
import { chainCursors } from "../db/schema";
import { watcherFailing } from "../payments/watcher/cursor";
import { type RelayerHealth, relayerHealth } from "../relayer/relayerHealth";

export type ChainHealth = {
  chain_id: number;
  name: string;
  /** The chain's head block, asked now. */
  head: string | null;
  /** The last block the payment watcher has scanned (null: it has not run yet). */
  cursor: string | null;
  /** head - cursor: blocks not scanned yet. */
  lag: string | null;
  /** When the cursor last moved. */
  cursor_advanced_at: string | null;
  /** When the watcher last finished a pass that worked (its heartbeat, at least every 10 s). */
  checked_at: string | null;
  /** The watcher's most recent failure and when it happened, kept after it recovered. */
  last_error: string | null;
  last_error_at: string | null;
  /** True when the watcher's latest pass worked and it keeps up with the head. */
  healthy: boolean;
  /** Why it is not healthy, in a sentence; null when it is. */
  problem: string | null;
  /** Why the head could not be read right now. */
  error: string | null;
};

export type Health = {
  status: "ok" | "degraded";
  database: "ok" | "error";
  chains: ChainHealth[];
  /** The gasless relayer per chain: a low balance warns without degrading (wallets still pay). */
  relayers: RelayerHealth[];
};

type CursorRow = typeof chainCursors.$inferSelect;
type Thresholds = { stallMs: number; maxLag: bigint };

/**
 * Whether the watcher keeps up. `degraded` (a 503) when it is more than `maxLag` blocks behind,
 * or when its cursor has not moved for `stallMs` while a block past it has been waiting as long
 * (the block's own time, so a quiet chain's first new block is not mistaken for a stall). A pass
 * that just failed is unhealthy but not degraded: the watcher retries, and a failure that lasts
 * becomes a stall.
 */
async function watcherProblem(
  client: PublicClient,
  cursor: CursorRow,
  head: bigint,
  now: Date,
  thresholds: Thresholds,
): Promise<{ problem: string | null; degraded: boolean }> {
  const lag = head - cursor.blockNumber;
  if (lag > thresholds.maxLag) {
    return {
      problem: `The watcher is ${lag} blocks behind the head (more than ${thresholds.maxLag}).`,
      degraded: true,
    };
  }
  const still = now.getTime() - cursor.updatedAt.getTime();
  if (lag > 0n && still > thresholds.stallMs) {
    const waitingSince = await client
      .getBlock({ blockNumber: cursor.blockNumber + 1n })
      .then((block) => Number(block.timestamp) * 1000)
      // Unreadable: the cursor's age alone decides, with blocks known to be waiting.
      .catch(() => cursor.updatedAt.getTime());
    if (now.getTime() - waitingSince > thresholds.stallMs) {
      return {
        problem: `The watcher's cursor has not moved for ${Math.round(still / 1000)} s while ${lag} newer block(s) wait.`,
        degraded: true,
      };
    }
  }
  if (watcherFailing(cursor)) {
    return {
      problem: `The watcher's last pass failed (${cursor.lastError}); retrying.`,
      degraded: false,
    };
  }
  return { problem: null, degraded: false };
}

/** Whether the database and every chain's RPC answer right now, and whether each watcher keeps up. */
export async function chainHealth(db: Database, options: { now?: Date } = {}): Promise<Health> {
  const config = getConfig();
  const thresholds: Thresholds = {
    stallMs: config.healthStallSeconds * 1000,
    maxLag: BigInt(config.healthMaxLagBlocks),
  };
  const [database, cursors] = await Promise.all([
    ping(db).then(
      () => "ok" as const,
      () => "error" as const,
    ),
    db
      .select()
      .from(chainCursors)
      .catch(() => []),
  ]);
  let degraded = database !== "ok";
  const chains = await Promise.all(
    getPaymentChains().map(async (chain): Promise<ChainHealth> => {
      const cursor = cursors.find((row) => row.chainId === chain.id);
      const watcher = {
        cursor: cursor?.blockNumber.toString() ?? null,
        cursor_advanced_at: cursor?.updatedAt.toISOString() ?? null,
        checked_at: cursor?.checkedAt.toISOString() ?? null,
        last_error: cursor?.lastError ?? null,
        last_error_at: cursor?.lastErrorAt?.toISOString() ?? null,
      };
      const client = publicClientFor(chain);
      let head: bigint;
      try {
        head = await client.getBlockNumber({ cacheTime: 0 });
      } catch (error) {
        degraded = true;
        const message = describeRpcError(error);
        return {
          chain_id: chain.id,
          name: chain.name,
          head: null,
          ...watcher,
          lag: null,
          healthy: false,
          problem: `The chain's RPC does not answer (${message}).`,
          error: message,
        };
      }
      const lag = cursor ? head - cursor.blockNumber : null;
      const verdict = cursor
        ? await watcherProblem(client, cursor, head, options.now ?? new Date(), thresholds)
        : { problem: "The watcher has not scanned this chain yet.", degraded: false };
      if (verdict.degraded) degraded = true;
      return {
        chain_id: chain.id,
        name: chain.name,
        head: head.toString(),
        ...watcher,
        lag: lag === null ? null : (lag > 0n ? lag : 0n).toString(),
        healthy: verdict.problem === null,
        problem: verdict.problem,
        error: null,
      };
    }),
  );
  const relayers = await relayerHealth(db, getPaymentChains());
  return { status: degraded ? "degraded" : "ok", database, chains, relayers };
}
