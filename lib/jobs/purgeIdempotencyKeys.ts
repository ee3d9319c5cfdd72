import "server-only";
import { lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { idempotencyKeys } from "../db/schema";

/**
 * Forgets answers older than 24 hours; returns how many. Safe to run from several instances at
 * once: each row is deleted by whichever gets to it first.
 */
export async function purgeExpiredIdempotencyKeys(db: Database, now = new Date()): Promise<number> {
  const purged = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  return purged.length;
}
