import { createHash, randomBytes } from "node:crypto";

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

/** The key's mode, or null when it is not shaped like a key (checked before any lookup). */
export function apiKeyMode(key: string): ApiKeyMode | null {
  const match = KEY_PATTERN.exec(key);
  return match ? (match[1] as ApiKeyMode) : null;
}

export function keyPrefix(key: string): string {
  return `${key.slice(0, key.indexOf("_", 3) + 5)}…`;
}
