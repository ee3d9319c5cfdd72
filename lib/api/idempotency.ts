import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { DomainError } from "../errors";

/** How long a saved answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** A request still "processing" after this long is taken to have died with its process. */
const STALE_PROCESSING_MS = 60_000;
const WAIT_FOR_CONCURRENT_MS = 15_000;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type SavedResponse = { status: number; body: unknown };

type Scope = { merchantId: string; livemode: boolean; key: string };

export function idempotencyKeyFrom(request: Request): string | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (!KEY_PATTERN.test(key)) {
    throw new DomainError(
      "parameter_invalid",
      "Invalid Idempotency-Key header: use 1 to 255 printable ASCII characters, such as a UUID.",
      "Idempotency-Key",
    );
  }
  return key;
}

export function requestHash(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method}\n${path}\n${body}`).digest("hex");
}

const where = (scope: Scope) =>
  and(
    eq(idempotencyKeys.merchantId, scope.merchantId),
    eq(idempotencyKeys.livemode, scope.livemode),
    eq(idempotencyKeys.key, scope.key),
  );

/**
 * Runs `execute` at most once per (merchant, mode, key) within 24 hours. The row is claimed
 * before the work starts, so a concurrent duplicate waits for the first to finish and replays
 * its answer; the same key with another request is a 409. Answers of 500 and above are not
 * kept, so the client's retry runs again.
 */
export async function runIdempotently(
  db: Database,
  scope: Scope,
  hash: string,
  execute: () => Promise<SavedResponse>,
): Promise<SavedResponse & { replayed: boolean }> {
  const deadline = Date.now() + WAIT_FOR_CONCURRENT_MS;
  for (;;) {
    const now = new Date();
    const claimed = await db
      .insert(idempotencyKeys)
      .values({
        ...scope,
        requestHash: hash,
        status: "processing",
        createdAt: now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });

    if (claimed.length > 0) {
      let response: SavedResponse;
      try {
        response = await execute();
      } catch (error) {
        await db.delete(idempotencyKeys).where(where(scope));
        throw error;
      }
      if (response.status >= 500) {
        await db.delete(idempotencyKeys).where(where(scope));
      } else {
        await db
          .update(idempotencyKeys)
          .set({
            status: "completed",
            responseStatus: response.status,
            responseBody: response.body,
          })
          .where(where(scope));
      }
      return { ...response, replayed: false };
    }

    const [existing] = await db.select().from(idempotencyKeys).where(where(scope));
    if (!existing) continue; // deleted between our insert and select: claim it again
    const expired = existing.expiresAt.getTime() <= now.getTime();
    const stale =
      existing.status === "processing" &&
      now.getTime() - existing.createdAt.getTime() > STALE_PROCESSING_MS;
    if (expired || stale) {
      await db
        .delete(idempotencyKeys)
        .where(and(where(scope), eq(idempotencyKeys.createdAt, existing.createdAt)));
      continue;
    }
    if (existing.requestHash !== hash) {
      throw new DomainError(
        "idempotency_key_reuse",
        "This Idempotency-Key was already used with a different request; use a new key for a new request.",
        "Idempotency-Key",
      );
    }
    if (existing.status === "completed") {
      return { status: existing.responseStatus!, body: existing.responseBody, replayed: true };
    }
    if (Date.now() > deadline) {
      throw new DomainError(
        "idempotency_key_in_use",
        "A request with this Idempotency-Key is still being processed; retry in a moment.",
        "Idempotency-Key",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
