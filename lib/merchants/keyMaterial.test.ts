import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { apiKeyMode, generateApiKey, hashApiKey, keyPrefix } from "./keyMaterial";

const BASE62_BODY = /^[0-9A-Za-z]{32}$/;

describe("generateApiKey", () => {
  it("is sk_test_ followed by 32 base62 characters", () => {
    const key = generateApiKey("test");
    expect(key).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    expect(key).toHaveLength(40);
  });

  it("is sk_live_ followed by 32 base62 characters for live keys", () => {
    expect(generateApiKey("live")).toMatch(/^sk_live_[0-9A-Za-z]{32}$/);
  });

  it("creates 1,000 unique keys", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey("test")));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key.slice(8)).toMatch(BASE62_BODY);
  });

  it("uses the whole base62 alphabet", () => {
    const seen = new Set(
      Array.from({ length: 1000 }, () => generateApiKey("test").slice(8)).join(""),
    );
    expect(seen.size).toBe(62);
  });

  it("generates keys that it recognises", () => {
    expect(apiKeyMode(generateApiKey("test"))).toBe("test");
    expect(apiKeyMode(generateApiKey("live"))).toBe("live");
  });
});

describe("apiKeyMode", () => {
  it("reads the mode of test and live keys", () => {
    expect(apiKeyMode("sk_test_abcdefghijklmnop")).toBe("test");
    expect(apiKeyMode("sk_live_abcdefghijklmnop")).toBe("live");
  });

  it.each([
    "",
    "garbage",
    "sk_test_",
    "sk_test_short",
    "sk_prod_abcdefghijklmnop",
    "pk_test_abcdefghijklmnop",
    "SK_TEST_abcdefghijklmnop",
    "sk_test_abcdefghijklmno!",
    " sk_test_abcdefghijklmnop",
    "sk_test_abcdefghijklmnop ",
    `sk_test_${"a".repeat(129)}`,
  ])("returns null for %j", (key) => {
    expect(apiKeyMode(key)).toBeNull();
  });
});

describe("hashApiKey", () => {
  it("is the SHA-256 of the key as 64 lowercase hex characters", () => {
    expect(hashApiKey("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    const key = generateApiKey("test");
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(createHash("sha256").update(key).digest("hex"));
  });

  it("is stable for the same key and differs between keys", () => {
    const key = generateApiKey("live");
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(generateApiKey("live")));
  });

  it("does not contain the key", () => {
    const key = generateApiKey("test");
    expect(hashApiKey(key)).not.toContain(key.slice(8));
  });
});

describe("keyPrefix", () => {
  it("shows the mode and only the first 4 characters of the secret", () => {
    expect(keyPrefix("sk_test_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")).toBe("sk_test_ABCD…");
    expect(keyPrefix("sk_live_abcdEFGHIJKLMNOPQRSTUVWXYZ012345")).toBe("sk_live_abcd…");
  });

  it("never reveals more than 4 secret characters of a generated key", () => {
    for (let i = 0; i < 100; i++) {
      const key = generateApiKey(i % 2 ? "live" : "test");
      const shown = keyPrefix(key);
      expect(shown).toBe(`${key.slice(0, 12)}…`);
      expect(shown).not.toContain(key.slice(8, 13));
    }
  });
});
