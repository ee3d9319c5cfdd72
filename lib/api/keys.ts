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
  const [row] = await db
    .select({ key: apiKeys, merchant: merchants })
    .from(apiKeys)
    .innerJoin(merchants, eq(apiKeys.merchantId, merchants.id))
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  // The lookup is by hash; compare again in constant time so no early exit leaks anything.
  if (
    !row ||
    !timingSafeEqual(Buffer.from(row.key.keyHash, "hex"), Buffer.from(hash, "hex")) ||
    row.key.mode !== mode
  ) {
    throw invalid;
  }

  const now = new Date();
  if (
    !row.key.lastUsedAt ||
    now.getTime() - row.key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS
  ) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
  }
  return { keyId: row.key.id, mode, livemode: mode === "live", merchant: row.merchant };
}
