import "server-only";
import { timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, merchants } from "../db/schema";
import { type ApiKeyMode, apiKeyMode, hashApiKey } from "./keyMaterial";

export type AuthenticatedKey = {
  keyId: string;
  mode: ApiKeyMode;
  livemode: boolean;
  merchant: typeof merchants.$inferSelect;
};

const LAST_USED_RESOLUTION_MS = 60_000;
/**
 * A verified key is remembered this long, so busy clients cost no lookup per request. Revoking a
 * key or changing its merchant clears this process's cache at once (forgetCachedApiKeys); other
 * processes on the same PostgreSQL notice within this time.
 */
export const AUTH_CACHE_TTL_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;

type CachedKey = { auth: AuthenticatedKey; hash: string; expiresAt: number; lastUsedAt: number };
const store = globalThis as typeof globalThis & { __checkoutAuthCache?: Map<string, CachedKey> };
store.__checkoutAuthCache ??= new Map();
const authCache = store.__checkoutAuthCache;

export function forgetCachedApiKeys(): void {
  authCache.clear();
}

/** The merchant and mode of an active API key, or null for anything else. */
export async function findActiveApiKey(
  db: Database,
  key: string,
): Promise<AuthenticatedKey | null> {
  const mode = apiKeyMode(key);
  if (!mode) return null;
  const hash = hashApiKey(key);
  const now = Date.now();
  const cached = authCache.get(hash);
  if (cached && cached.expiresAt > now && sameHash(cached.hash, hash)) {
    await noteUse(db, cached, now);
    return cached.auth;
  }

  const [row] = await db
    .select({ key: apiKeys, merchant: merchants })
    .from(apiKeys)
    .innerJoin(merchants, eq(apiKeys.merchantId, merchants.id))
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  // The lookup is by hash; compare again in constant time so no early exit leaks anything.
  if (!row || !sameHash(row.key.keyHash, hash) || row.key.mode !== mode) {
    authCache.delete(hash);
    return null;
  }
  const entry: CachedKey = {
    auth: { keyId: row.key.id, mode, livemode: mode === "live", merchant: row.merchant },
    hash,
    expiresAt: now + AUTH_CACHE_TTL_MS,
    lastUsedAt: row.key.lastUsedAt?.getTime() ?? 0,
  };
  if (authCache.size >= AUTH_CACHE_MAX) authCache.clear();
  authCache.set(hash, entry);
  await noteUse(db, entry, now);
  return entry.auth;
}

function sameHash(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}

/** Keeps last_used_at to the minute without a write per request. */
async function noteUse(db: Database, entry: CachedKey, now: number): Promise<void> {
  if (now - entry.lastUsedAt <= LAST_USED_RESOLUTION_MS) return;
  entry.lastUsedAt = now;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(eq(apiKeys.id, entry.auth.keyId));
}
