import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { apiKeys } from "../db/schema";
import { notFound } from "../errors";
import { newId } from "../ids";
import { forgetCachedApiKeys } from "./keyLookup";
import { generateApiKey, hashApiKey, keyPrefix } from "./keyMaterial";
import { getMerchant } from "./merchants";
import {
  type CreateApiKeyInput,
  createApiKeyInputSchema,
  type RevokeApiKeyInput,
  revokeApiKeyInputSchema,
} from "./schemas";
import { parseMerchantsInput } from "./validation";

/** An API key as its merchant sees it: never the key itself, never its hash. */
export type ApiKeyView = {
  id: string;
  mode: "test" | "live";
  prefix: string;
  label: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

export type CreateApiKeyReturnType = {
  /** The key itself: shown this once, stored nowhere. */
  apiKey: string;
  key: ApiKeyView;
};

export function presentApiKey(row: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: row.id,
    mode: row.mode,
    prefix: row.keyPrefix,
    label: row.label,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiKey(
  db: Executor,
  input: CreateApiKeyInput,
): Promise<CreateApiKeyReturnType> {
  const parsed = parseMerchantsInput(createApiKeyInputSchema, input);
  await getMerchant(db, parsed.merchantId);
  const apiKey = generateApiKey(parsed.mode);
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: newId("key"),
      merchantId: parsed.merchantId,
      mode: parsed.mode,
      keyHash: hashApiKey(apiKey),
      keyPrefix: keyPrefix(apiKey),
      label: parsed.label ?? null,
    })
    .returning();
  return { apiKey, key: presentApiKey(row!) };
}

/** The merchant's keys, revoked ones included, oldest first; a 404 for an unknown merchant. */
export async function listApiKeys(db: Executor, merchantId: string): Promise<ApiKeyView[]> {
  await getMerchant(db, merchantId);
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.merchantId, merchantId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  return rows.map(presentApiKey);
}

/**
 * Revokes a key of this merchant; revoking it again changes nothing (the first revocation time
 * stays). An unknown key, or another merchant's, is a 404.
 */
export async function revokeApiKey(db: Executor, input: RevokeApiKeyInput): Promise<ApiKeyView> {
  const parsed = parseMerchantsInput(revokeApiKeyInputSchema, input);
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.id, parsed.keyId), eq(apiKeys.merchantId, parsed.merchantId)))
    .returning();
  if (!row) throw notFound("API key for this merchant", "key_id");
  forgetCachedApiKeys();
  return presentApiKey(row);
}
