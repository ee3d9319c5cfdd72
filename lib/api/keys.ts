import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, merchants } from "../db/schema";
import { ApiError } from "./errors";

export type ApiKeyMode = "test" | "live";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PATTERN = /^sk_(test|live)_[A-Za-z0-9_]{16,128}$/;

/** sk_test_ / sk_live_ followed by 32 base62 characters (190 bits). */
export function generateApiKey(mode: ApiKeyMode): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every
  // character equally likely.
  let body = "";
  while (body.length < 32) {
    for (const byte of randomBytes(48)) {
      if (byte < 248 && body.length < 32) body += BASE62[byte % 62];
    }
  }
  return `sk_${mode}_${body}`;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function apiKeyMode(key: string): ApiKeyMode | null {
  const match = KEY_PATTERN.exec(key);
  return match ? (match[1] as ApiKeyMode) : null;
}

export function keyPrefix(key: string): string {
  return `${key.slice(0, key.indexOf("_", 3) + 5)}…`;
}

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

/** Resolves `Authorization: Bearer sk_...` to its merchant, or throws a 401. */
export async function authenticateApiKey(
  db: Database,
  request: Request,
): Promise<AuthenticatedKey> {
  const header = request.headers.get("authorization");
  if (!header) {
    throw new ApiError(
      401,
      "api_key_missing",
      "Send your API key as Authorization: Bearer sk_test_... or sk_live_...",
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const key = match?.[1] ?? "";
  const mode = apiKeyMode(key);
  const invalid = new ApiError(401, "api_key_invalid", "The API key is not valid.");
  if (!mode) throw invalid;

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
    throw invalid;
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
