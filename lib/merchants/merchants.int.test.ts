import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authenticateApiKey } from "../api/keys";
import { getPaymentChains } from "../chains/registry";
import { getDb } from "../db/client";
import { apiKeys, merchants } from "../db/schema";
import { DomainError } from "../errors";
import { runAdminCommand } from "./adminCommands";
import { createApiKey, listApiKeys, revokeApiKey } from "./apiKeys";
import { hashApiKey } from "./keyMaterial";
import {
  createMerchant,
  getMerchant,
  listMerchants,
  settlementAddressFor,
  updateMerchant,
} from "./merchants";

const ADDRESS = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError))
    throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const authenticate = async (key: string) =>
  authenticateApiKey(
    await getDb(),
    new Request("http://checkout.test/api/v1/invoices", {
      headers: { authorization: `Bearer ${key}` },
    }),
  );

async function rowCounts() {
  const db = await getDb();
  const [merchantRows] = await db.select({ n: count() }).from(merchants);
  const [keyRows] = await db.select({ n: count() }).from(apiKeys);
  return { merchants: merchantRows!.n, keys: keyRows!.n };
}

describe("merchants", () => {
  it("creates a merchant with a checksummed address, overrides and accepted tokens", async () => {
    const db = await getDb();
    const created = await createMerchant(db, {
      name: " Corner Shop ",
      settlementAddress: ADDRESS.toLowerCase(),
      settlementOverrides: { "31337": OTHER.toLowerCase() },
      acceptedTokens: [{ chainId: 31337, symbol: "usdt" }],
    });
    expect(created).toMatchObject({
      name: "Corner Shop",
      settlementAddress: ADDRESS,
      settlementOverrides: { "31337": OTHER },
      acceptedTokens: [{ chainId: 31337, symbol: "USDT" }],
    });
    expect(created.id).toMatch(/^mer_[0-9a-z]{26}$/);
    expect(await getMerchant(db, created.id)).toEqual(created);
    expect(settlementAddressFor(created, 31337)).toBe(OTHER);
  });

  it("accepts every token by default", async () => {
    const created = await createMerchant(await getDb(), {
      name: "All",
      settlementAddress: ADDRESS,
    });
    expect(created.acceptedTokens).toBeNull();
    expect(created.settlementOverrides).toEqual({});
  });

  it("writes nothing for an invalid merchant", async () => {
    const before = await rowCounts();
    const db = await getDb();
    const invalid = [
      { name: "", settlementAddress: ADDRESS },
      { name: "Shop", settlementAddress: "0xnope" },
      { name: "Shop", settlementAddress: ADDRESS, settlementOverrides: { "8453": OTHER } },
      {
        name: "Shop",
        settlementAddress: ADDRESS,
        acceptedTokens: [{ chainId: 1, symbol: "USDC" }],
      },
    ];
    for (const input of invalid) {
      expect((await rejection(createMerchant(db, input))).code).toMatch(/^parameter_/);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("lists merchants oldest first", async () => {
    const db = await getDb();
    const first = await createMerchant(db, { name: "First", settlementAddress: ADDRESS });
    const second = await createMerchant(db, { name: "Second", settlementAddress: ADDRESS });
    const ids = (await listMerchants(db)).map((merchant) => merchant.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
  });

  it("updates the fields given and leaves the others", async () => {
    const db = await getDb();
    const created = await createMerchant(db, {
      name: "Before",
      settlementAddress: ADDRESS,
      acceptedTokens: [{ chainId: 31337, symbol: "USDC" }],
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const renamed = await updateMerchant(db, created.id, { name: "After" });
    expect(renamed).toMatchObject({ name: "After", settlementAddress: ADDRESS });
    expect(renamed.acceptedTokens).toEqual([{ chainId: 31337, symbol: "USDC" }]);
    expect(renamed.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());

    const moved = await updateMerchant(db, created.id, {
      settlementAddress: OTHER.toLowerCase(),
      settlementOverrides: { "31337": ADDRESS },
      acceptedTokens: null,
    });
    expect(moved).toMatchObject({
      name: "After",
      settlementAddress: OTHER,
      settlementOverrides: { "31337": ADDRESS },
      acceptedTokens: null,
    });
    expect(await getMerchant(db, created.id)).toEqual(moved);

    const invalid = await rejection(
      updateMerchant(db, created.id, { acceptedTokens: [{ chainId: 31337, symbol: "DAI" }] }),
    );
    expect(invalid.param).toBe("accepted_tokens.0.symbol");
    expect((await getMerchant(db, created.id)).acceptedTokens).toBeNull();
  });

  it("is a 404 for an unknown merchant", async () => {
    const db = await getDb();
    // Thunks: each call starts only once the previous one's rejection is handled.
    for (const attempt of [
      () => getMerchant(db, "mer_unknown"),
      () => updateMerchant(db, "mer_unknown", { name: "x" }),
      () => createApiKey(db, { merchantId: "mer_unknown", mode: "test" }),
      () => listApiKeys(db, "mer_unknown"),
    ]) {
      const error = await rejection(attempt());
      expect(error.code).toBe("resource_not_found");
      expect(error.code).toBe("resource_not_found");
    }
  });

  it("offers the deployment's chains: the local chain here", () => {
    expect(getPaymentChains().map((chain) => chain.id)).toEqual([31337]);
  });
});

describe("API keys", () => {
  it("gives the key once and stores only its hash", async () => {
    const db = await getDb();
    const merchant = await createMerchant(db, { name: "Keys", settlementAddress: ADDRESS });
    const created = await createApiKey(db, {
      merchantId: merchant.id,
      mode: "live",
      label: "web",
    });
    expect(created.apiKey).toMatch(/^sk_live_[A-Za-z0-9]{32}$/);
    expect(created.key).toEqual({
      id: expect.stringMatching(/^key_[0-9a-z]{26}$/),
      mode: "live",
      prefix: `${created.apiKey.slice(0, 12)}…`,
      label: "web",
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
    });
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.key.id));
    expect(row!.keyHash).toBe(hashApiKey(created.apiKey));
    expect(JSON.stringify(row)).not.toContain(created.apiKey);

    const auth = await authenticate(created.apiKey);
    expect(auth).toMatchObject({ keyId: created.key.id, mode: "live", livemode: true });
    expect(auth.merchant.id).toBe(merchant.id);
  });

  it("lists several keys per merchant, with last use, never the key or its hash", async () => {
    const db = await getDb();
    const merchant = await createMerchant(db, { name: "Many keys", settlementAddress: ADDRESS });
    const test = await createApiKey(db, { merchantId: merchant.id, mode: "test" });
    const live = await createApiKey(db, { merchantId: merchant.id, mode: "live", label: "prod" });
    await authenticate(test.apiKey);

    const listed = await listApiKeys(db, merchant.id);
    expect(listed.map((key) => [key.id, key.mode, key.label])).toEqual([
      [test.key.id, "test", null],
      [live.key.id, "live", "prod"],
    ]);
    for (const key of listed) {
      expect(Object.keys(key).sort()).toEqual(
        ["created_at", "id", "label", "last_used_at", "mode", "prefix", "revoked_at"].sort(),
      );
    }
    expect(listed[0]!.last_used_at).not.toBeNull();
    expect(listed[1]!.last_used_at).toBeNull();
    const shown = JSON.stringify(listed);
    for (const secret of [test.apiKey, live.apiKey, hashApiKey(test.apiKey)]) {
      expect(shown).not.toContain(secret);
    }
  });

  it("revokes a key once and for all; revoking again changes nothing", async () => {
    const db = await getDb();
    const merchant = await createMerchant(db, { name: "Revoker", settlementAddress: ADDRESS });
    const kept = await createApiKey(db, { merchantId: merchant.id, mode: "test" });
    const revoked = await createApiKey(db, { merchantId: merchant.id, mode: "test" });

    const first = await revokeApiKey(db, { merchantId: merchant.id, keyId: revoked.key.id });
    expect(first.revoked_at).not.toBeNull();
    const again = await revokeApiKey(db, { merchantId: merchant.id, keyId: revoked.key.id });
    expect(again.revoked_at).toBe(first.revoked_at);

    expect((await rejection(authenticate(revoked.apiKey))).code).toBe("api_key_invalid");
    expect((await authenticate(kept.apiKey)).keyId).toBe(kept.key.id);
  });

  it("is a 404 for another merchant's key, which stays usable", async () => {
    const db = await getDb();
    const owner = await createMerchant(db, { name: "Owner", settlementAddress: ADDRESS });
    const stranger = await createMerchant(db, { name: "Stranger", settlementAddress: OTHER });
    const key = await createApiKey(db, { merchantId: owner.id, mode: "test" });

    const error = await rejection(revokeApiKey(db, { merchantId: stranger.id, keyId: key.key.id }));
    expect(error.code).toBe("resource_not_found");
    expect(error.param).toBe("key_id");
    expect(
      (await rejection(revokeApiKey(db, { merchantId: owner.id, keyId: "key_unknown" }))).code,
    ).toBe("resource_not_found");
    expect((await authenticate(key.apiKey)).merchant.id).toBe(owner.id);
    expect(await listApiKeys(db, stranger.id)).toEqual([]);
  });

  it("refuses a bad mode or label", async () => {
    const db = await getDb();
    const merchant = await createMerchant(db, { name: "Labels", settlementAddress: ADDRESS });
    const mode = await rejection(
      createApiKey(db, { merchantId: merchant.id, mode: "prod" as "test" }),
    );
    expect(mode).toMatchObject({ code: expect.stringMatching(/^parameter_/), param: "mode" });
    const label = await rejection(
      createApiKey(db, { merchantId: merchant.id, mode: "test", label: "x".repeat(101) }),
    );
    expect(label).toMatchObject({ code: expect.stringMatching(/^parameter_/), param: "label" });
    expect(await listApiKeys(db, merchant.id)).toEqual([]);
  });
});

describe("runAdminCommand", () => {
  it("creates a merchant with its first key, and shows both", async () => {
    const db = await getDb();
    const created = (await runAdminCommand(db, {
      command: "merchant.create",
      name: "Admin Shop",
      settlement_address: ADDRESS,
      key_mode: "test",
    })) as { merchant: { id: string }; api_key: string; key: { id: string } };
    expect((await authenticate(created.api_key)).merchant.id).toBe(created.merchant.id);

    const shown = await runAdminCommand(db, {
      command: "merchant.show",
      merchant_id: created.merchant.id,
    });
    expect(shown).toMatchObject({
      merchant: { id: created.merchant.id, name: "Admin Shop", settlement_address: ADDRESS },
      keys: [{ id: created.key.id, mode: "test", revoked_at: null }],
    });
    expect(JSON.stringify(shown)).not.toContain(created.api_key);
  });

  it("creates nothing when the first key cannot be made", async () => {
    const before = await rowCounts();
    const error = await rejection(
      runAdminCommand(await getDb(), {
        command: "merchant.create",
        name: "Half",
        settlement_address: ADDRESS,
        key_mode: "test",
        key_label: "",
      }),
    );
    expect(error).toMatchObject({ code: expect.stringMatching(/^parameter_/), param: "label" });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses an unknown command or field", async () => {
    const db = await getDb();
    expect(await rejection(runAdminCommand(db, { command: "merchant.delete" }))).toMatchObject({
      code: expect.stringMatching(/^parameter_/),
      param: "command",
    });
    expect(
      await rejection(runAdminCommand(db, { command: "merchant.list", extra: true })),
    ).toMatchObject({ code: "parameter_unknown" });
  });
});
