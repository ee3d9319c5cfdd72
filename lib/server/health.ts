import "server-only";
import { getPaymentChains, publicClientFor } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import { type Database, ping } from "../db/client";
import { chainCursors } from "../db/schema";

export type ChainHealth = {
  chain_id: number;
  name: string;
  /** The chain's head block, asked now. */
  head: string | null;
  /** The last block the payment watcher has scanned (null: it has not run yet). */
  cursor: string | null;
  /** head - cursor: blocks not scanned yet. */
  lag: string | null;
  /** When the watcher last finished a pass or failed one. */
  checked_at: string | null;
  /** The watcher's last failure and when it happened (it retries by itself). */
  last_error: string | null;
  last_error_at: string | null;
  /** Why the head could not be read right now. */
  error: string | null;
};

export type Health = { status: "ok" | "degraded"; database: "ok" | "error"; chains: ChainHealth[] };

/** Whether the database and every chain's RPC answer right now, and how far each watcher is. */
export async function chainHealth(db: Database): Promise<Health> {
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
  const chains = await Promise.all(
    getPaymentChains().map(async (chain): Promise<ChainHealth> => {
      const cursor = cursors.find((row) => row.chainId === chain.id);
      const watcher = {
        cursor: cursor?.blockNumber.toString() ?? null,
        checked_at: cursor?.checkedAt.toISOString() ?? null,
        last_error: cursor?.lastError ?? null,
        last_error_at: cursor?.lastErrorAt?.toISOString() ?? null,
      };
      try {
        const head = await publicClientFor(chain).getBlockNumber({ cacheTime: 0 });
        const lag = cursor ? head - cursor.blockNumber : null;
        return {
          chain_id: chain.id,
          name: chain.name,
          head: head.toString(),
          ...watcher,
          lag: lag === null ? null : (lag > 0n ? lag : 0n).toString(),
          error: null,
        };
      } catch (error) {
        return {
          chain_id: chain.id,
          name: chain.name,
          head: null,
          ...watcher,
          lag: null,
          error: describeRpcError(error),
        };
      }
    }),
  );
  const ok = database === "ok" && chains.every((chain) => chain.error === null);
  return { status: ok ? "ok" : "degraded", database, chains };
}
