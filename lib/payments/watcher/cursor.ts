import "server-only";
import { eq } from "drizzle-orm";
import type { Hash } from "viem";
import type { Executor } from "../../db/client";
import { type ChainCheckpoint, chainCursors } from "../../db/schema";

/** Range ends kept for walking back after a reorg. */
const CHECKPOINTS_KEPT = 64;

export type BlockRef = { number: bigint; hash: Hash };
export type Cursor = BlockRef & { checkpoints: ChainCheckpoint[] };

export async function loadCursor(executor: Executor, chainId: number): Promise<Cursor | null> {
  const [row] = await executor
    .select()
    .from(chainCursors)
    .where(eq(chainCursors.chainId, chainId))
    .limit(1);
  if (!row) return null;
  return { number: row.blockNumber, hash: row.blockHash as Hash, checkpoints: row.checkpoints };
}

/**
 * Records that every block up to and including `block` has been scanned. `rewound` replaces the
 * checkpoints (after a reorg) instead of appending to them.
 */
export async function saveCursor(
  executor: Executor,
  chainId: number,
  previous: Cursor | null,
  block: BlockRef,
  now: Date,
  rewound = false,
): Promise<Cursor> {
  const kept = rewound
    ? (previous?.checkpoints ?? []).filter((checkpoint) => BigInt(checkpoint.number) < block.number)
    : (previous?.checkpoints ?? []);
  const checkpoints = [...kept, { number: block.number.toString(), hash: block.hash }].slice(
    -CHECKPOINTS_KEPT,
  );
  const values = {
    blockNumber: block.number,
    blockHash: block.hash,
    checkpoints,
    updatedAt: now,
    checkedAt: now,
  };
  await executor
    .insert(chainCursors)
    .values({ chainId, ...values })
    .onConflictDoUpdate({ target: chainCursors.chainId, set: values });
  return { ...block, checkpoints };
}

/**
 * What /api/health shows. A pass that succeeded saves the head it saw and `checkedAt` (the
 * heartbeat); one that failed saves only the error and its time. The last error stays for the
 * record: the watcher is failing right now while `lastErrorAt` is later than `checkedAt`.
 */
export async function saveWatcherStatus(
  executor: Executor,
  chainId: number,
  status: { head: bigint | null; error: string | null; now: Date },
): Promise<void> {
  await executor
    .update(chainCursors)
    .set(
      status.error !== null
        ? { lastError: status.error, lastErrorAt: status.now }
        : { ...(status.head !== null ? { head: status.head } : {}), checkedAt: status.now },
    )
    .where(eq(chainCursors.chainId, chainId));
}

/** Whether the watcher's latest recorded pass failed (it retries by itself). */
export function watcherFailing(row: { lastErrorAt: Date | null; checkedAt: Date }): boolean {
  return row.lastErrorAt !== null && row.lastErrorAt.getTime() >= row.checkedAt.getTime();
}
