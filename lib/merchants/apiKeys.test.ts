import { describe, expect, it } from "vitest";
import { presentApiKey } from "./apiKeys";
import { generateApiKey, hashApiKey, keyPrefix } from "./keyMaterial";

describe("presentApiKey", () => {
  const key = generateApiKey("live");
  const row = {
    id: "key_x",
    merchantId: "mer_x",
    mode: "live" as const,
    keyHash: hashApiKey(key),
    keyPrefix: keyPrefix(key),
    label: "checkout server",
    createdAt: new Date("2026-01-02T03:04:05.000Z"),
    lastUsedAt: null,
    revokedAt: new Date("2026-01-03T00:00:00.000Z"),
  };

  it("lists exactly what a merchant may see of a key", () => {
    expect(presentApiKey(row)).toEqual({
      id: "key_x",
      mode: "live",
      prefix: keyPrefix(key),
      label: "checkout server",
      created_at: "2026-01-02T03:04:05.000Z",
      last_used_at: null,
      revoked_at: "2026-01-03T00:00:00.000Z",
    });
  });

  it("never carries the key, its hash or its merchant", () => {
    const shown = JSON.stringify(presentApiKey(row));
    expect(shown).not.toContain(key);
    expect(shown).not.toContain(row.keyHash);
    expect(shown).not.toContain("mer_x");
    // The prefix tells keys apart without being usable.
    expect(presentApiKey(row).prefix).toMatch(/^sk_live_[A-Za-z0-9]{4}…$/);
  });
});
