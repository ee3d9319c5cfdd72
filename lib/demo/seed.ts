import "server-only";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq, isNull, ne } from "drizzle-orm";
import type { AppConfig } from "../config/config";
import type { Database } from "../db/client";
import { apiKeys, merchantMembers, merchants } from "../db/schema";
import { newId } from "../ids";
import { forgetCachedApiKeys } from "../merchants/keyLookup";
import { generateApiKey, hashApiKey, keyPrefix } from "../merchants/keyMaterial";

export const DEMO_MERCHANT_ID = "mer_00000000000000000000000000";
export const DEMO_MERCHANT_NAME = "Demo Store";
/** anvil's dev account 9 receives the demo store's payments. */
export const DEMO_SETTLEMENT_ADDRESS = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const DEMO_KEY_LABEL = "demo";

export function demoApiKeyPath(dataDir: string): string {
  return join(dataDir, "demo-api-key");
}

/** DEMO_API_KEY when set; otherwise a key generated on the first start and kept in DATA_DIR. */
export function resolveDemoApiKey(config: Pick<AppConfig, "dataDir" | "demoApiKey">): string {
  if (config.demoApiKey) return config.demoApiKey;
  const path = demoApiKeyPath(config.dataDir);
  if (existsSync(path)) {
    const saved = readFileSync(path, "utf8").trim();
    if (saved.startsWith("sk_test_")) return saved;
  }
  const key = generateApiKey("test");
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * The demo merchant, its owner wallet (dev account 9) and its test key exist, and that key is its
 * only demo key.
 */
export async function seedDemoMerchant(db: Database, apiKey: string): Promise<void> {
  await db
    .insert(merchants)
    .values({
      id: DEMO_MERCHANT_ID,
      name: DEMO_MERCHANT_NAME,
      settlementAddress: DEMO_SETTLEMENT_ADDRESS,
    })
    .onConflictDoNothing({ target: merchants.id });
  // The settlement wallet (dev account 9) owns the demo store in the dashboard.
  await db
    .insert(merchantMembers)
    .values({ merchantId: DEMO_MERCHANT_ID, address: DEMO_SETTLEMENT_ADDRESS, role: "owner" })
    .onConflictDoNothing();

  const keyHash = hashApiKey(apiKey);
  await db.transaction(async (tx) => {
    // A changed DEMO_API_KEY replaces the previous demo key rather than adding a second one.
    await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(apiKeys.merchantId, DEMO_MERCHANT_ID),
          eq(apiKeys.label, DEMO_KEY_LABEL),
          ne(apiKeys.keyHash, keyHash),
          isNull(apiKeys.revokedAt),
        ),
      );
    await tx
      .insert(apiKeys)
      .values({
        id: newId("key"),
        merchantId: DEMO_MERCHANT_ID,
        mode: "test",
        keyHash,
        keyPrefix: keyPrefix(apiKey),
        label: DEMO_KEY_LABEL,
      })
      .onConflictDoUpdate({ target: apiKeys.keyHash, set: { revokedAt: null } });
  });
  forgetCachedApiKeys();
}
