import "server-only";
import type { PaymentChain } from "../../chains/registry";
import type { Database } from "../../db/client";
import type { ChainReader } from "./chainReader";
import { type Cursor, saveCursor } from "./cursor";
import type { Head } from "./types";

/** How far back a chain's first pass starts, and how far a reorg deeper than the saved
 * checkpoints rewinds: rescanning is harmless (a transfer credits once), missing is not. */
export const LOOKBACK_BLOCKS = 256n;

/**
 * The cursor if it is still on the chain; if not, the newest saved checkpoint that is (saved as
 * the cursor), or LOOKBACK_BLOCKS back when none is. Null: the node is behind, try later.
 */
export async function canonicalCursor(parameters: {
  db: Database;
  chain: PaymentChain;
  reader: ChainReader;
  cursor: Cursor;
  head: Head;
  now: Date;
}): Promise<Cursor | null> {
  const { db, chain, reader, cursor, head, now } = parameters;
  let canonical: boolean;
  if (head.number === cursor.number) canonical = head.hash === cursor.hash;
  else if (head.number === cursor.number + 1n) canonical = head.parentHash === cursor.hash;
  else {
    const block = await reader.blockAt(cursor.number);
    if (!block) return null;
    canonical = block.hash === cursor.hash;
  }
  if (canonical) return cursor;

  for (const checkpoint of [...cursor.checkpoints].reverse()) {
    const number = BigInt(checkpoint.number);
    if (number >= cursor.number) continue;
    const block = await reader.blockAt(number);
    if (!block) return null;
    if (block.hash === checkpoint.hash) {
      console.warn(`${chain.name}: blocks after ${number} were reorganised; reading them again.`);
      return saveCursor(db, chain.id, cursor, block, now, true);
    }
  }
  const number = cursor.number > LOOKBACK_BLOCKS ? cursor.number - LOOKBACK_BLOCKS : 0n;
  const block = await reader.blockAt(number);
  if (!block) return null;
  console.warn(
    `${chain.name}: a reorg went deeper than the saved checkpoints; reading again from block ${number}.`,
  );
  return saveCursor(db, chain.id, { ...cursor, checkpoints: [] }, block, now, true);
}
