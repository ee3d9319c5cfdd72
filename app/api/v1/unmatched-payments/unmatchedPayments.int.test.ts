import { and, eq } from "drizzle-orm";
import type { Address, Hash } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { devAccount } from "@/lib/chains/devAccounts";
import { getDb } from "@/lib/db/client";
import { apiKeys, events } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { transferCalldata } from "@/lib/invoices/paymentOptions";
import { generateApiKey, hashApiKey, keyPrefix } from "@/lib/merchants/keyMaterial";
import { callRoute, createMerchant, send } from "@/lib/tooling/testing/fixtures";
import {
  localWatcher,
  newInvoice,
  plainTransfer,
  usdcOption,
} from "@/lib/tooling/testing/payments";
import { GET as listRoute } from "./route";

/**
 * GET /api/v1/unmatched-payments, fed by real transfers on the local chain that the watcher
 * found and credited to no invoice: a plain transfer of an amount no invoice holds, dust, and a
 * USDC transfer naming a EUR invoice.
 */
type Listed = Record<string, unknown> & { id: string; reason: string; tx_hash: string };

let owner: Awaited<ReturnType<typeof createMerchant>>;
let stranger: Awaited<ReturnType<typeof createMerchant>>;
let ownerLiveKey: string;
let eurInvoiceId: string;
let usdc: Address;
const sent: Record<"plain" | "dust" | "otherCurrency" | "stranger", Hash> = {
  plain: "0x",
  dust: "0x",
  otherCurrency: "0x",
  stranger: "0x",
};

const list = (apiKey: string | undefined, query = "") =>
  callRoute(listRoute, { apiKey, path: `/api/v1/unmatched-payments${query}` });

beforeAll(async () => {
  owner = await createMerchant({ name: "Unmatched Shop" });
  stranger = await createMerchant({ name: "Stranger Shop" });
  ownerLiveKey = generateApiKey("live");
  const db = await getDb();
  await db.insert(apiKeys).values({
    id: newId("key"),
    merchantId: owner.merchant.id,
    mode: "live",
    keyHash: hashApiKey(ownerLiveKey),
    keyPrefix: keyPrefix(ownerLiveKey),
  });
  const watcher = await localWatcher();
  await watcher.runOnce();
  // Open invoices, so that both merchants' addresses are watched.
  const usdInvoice = await newInvoice(owner.apiKey, { amount: "10.00" });
  const eurInvoice = await newInvoice(owner.apiKey, { amount: "5.00", currency: "EUR" });
  const strangerInvoice = await newInvoice(stranger.apiKey, { amount: "10.00" });
  eurInvoiceId = eurInvoice.id;
  const option = usdcOption(usdInvoice);
  usdc = option.token.address;
  const ownerAddress = owner.merchant.settlementAddress as Address;

  sent.plain = await plainTransfer(3, usdc, ownerAddress, 3_210_000n);
  sent.dust = await plainTransfer(3, usdc, ownerAddress, 1n);
  sent.otherCurrency = await send(4, {
    to: usdc,
    data: transferCalldata(ownerAddress, 5_000_000n, eurInvoice.payment_options[0]!.reference),
  });
  sent.stranger = await plainTransfer(3, usdc, usdcOption(strangerInvoice).recipient, 7_770_000n);
  await watcher.runOnce();
});

describe("GET /api/v1/unmatched-payments", () => {
  it("lists the key's merchant's unmatched transfers, newest first, ready to refund", async () => {
    const { status, json } = await list(owner.apiKey);
    expect(status).toBe(200);
    expect(json.object).toBe("list");
    expect(json.has_more).toBe(false);
    const data = json.data as Listed[];
    expect(data.map((row) => [row.tx_hash, row.reason])).toEqual(
      expect.arrayContaining([
        [sent.otherCurrency, "other_currency"],
        [sent.dust, "below_minimum"],
        [sent.plain, "no_invoice"],
      ]),
    );
    expect(data).toHaveLength(3);
    // Newest recorded first (one watcher pass records its rows at one time: then by id).
    const order = data.map((row) => [row.created_at as string, row.id]);
    expect(order).toEqual([...order].sort(([a, x], [b, y]) => (b! + y!).localeCompare(a! + x!)));
    const byHash = (hash: Hash) => data.find((row) => row.tx_hash === hash);
    expect(byHash(sent.plain)).toEqual({
      id: expect.stringMatching(/^unp_/),
      object: "unmatched_payment",
      livemode: false,
      reason: "no_invoice",
      invoice: null,
      chain_id: 31337,
      tx_hash: sent.plain,
      log_index: expect.any(Number),
      block_number: expect.stringMatching(/^\d+$/),
      from: devAccount(3).address,
      to: owner.merchant.settlementAddress,
      token: usdc,
      token_symbol: "USDC",
      token_decimals: 6,
      amount: "3210000",
      currency_amount: "3.21",
      currency: "USD",
      created_at: expect.any(String),
    });
    expect(byHash(sent.otherCurrency)).toMatchObject({
      invoice: eurInvoiceId,
      from: devAccount(4).address,
      amount: "5000000",
      currency: "USD",
    });
    expect(byHash(sent.dust)).toMatchObject({ amount: "1", currency_amount: "0.000001" });
  });

  it("each but dust sent payment.unmatched carrying what the list shows", async () => {
    const { json } = await list(owner.apiKey);
    const db = await getDb();
    const sentEvents = await db
      .select()
      .from(events)
      .where(and(eq(events.merchantId, owner.merchant.id), eq(events.type, "payment.unmatched")));
    const byId = new Map(sentEvents.map((event) => [event.data.id, event.data]));
    for (const row of json.data as Listed[]) {
      if (row.reason === "below_minimum") expect(byId.has(row.id)).toBe(false);
      else expect(byId.get(row.id)).toEqual(row);
    }
  });

  it("filters by reason and by the invoice the reference named", async () => {
    const byReason = await list(owner.apiKey, "?reason=no_invoice");
    expect(byReason.json.data.map((row: Listed) => row.tx_hash)).toEqual([sent.plain]);
    const byInvoice = await list(owner.apiKey, `?invoice=${eurInvoiceId}`);
    expect(byInvoice.json.data.map((row: Listed) => row.tx_hash)).toEqual([sent.otherCurrency]);
    const both = await list(owner.apiKey, `?invoice=${eurInvoiceId}&reason=no_invoice`);
    expect(both.json).toEqual({ object: "list", data: [], has_more: false });
  });

  it("pages with limit and starting_after, each row once", async () => {
    const all = (await list(owner.apiKey)).json.data.map((row: Listed) => row.id);
    const seen: string[] = [];
    let cursor = "";
    for (;;) {
      const { status, json } = await list(
        owner.apiKey,
        `?limit=1${cursor ? `&starting_after=${cursor}` : ""}`,
      );
      expect(status).toBe(200);
      expect(json.data).toHaveLength(1);
      seen.push(json.data[0].id);
      if (!json.has_more) break;
      cursor = json.data[0].id;
    }
    expect(seen).toEqual(all);
  });

  it.each([
    ["?reason=refunded", "reason", "parameter_invalid"],
    ["?invoice=pay_123", "invoice", "parameter_invalid"],
    ["?limit=0", "limit", "parameter_invalid"],
    ["?limit=ten", "limit", "parameter_invalid"],
    ["?starting_after=unp_00000000000000000000000000", "starting_after", "parameter_invalid"],
    ["?reason=no_invoice&reason=ambiguous", "reason", "parameter_invalid"],
    ["?colour=red", "colour", "parameter_unknown"],
  ])("%s is a 400 naming %s", async (query, param, code) => {
    const { status, json } = await list(owner.apiKey, query);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: "invalid_request_error", code, param });
    expect(json.error.message).toContain(param);
  });

  it("answers 401 without a valid key", async () => {
    expect((await list(undefined)).status).toBe(401);
    expect((await list("sk_test_nope")).status).toBe(401);
  });
});

describe("isolation", () => {
  it("another merchant sees only its own, and the owner's never", async () => {
    const { json } = await list(stranger.apiKey, "?limit=100");
    expect(json.data.map((row: Listed) => [row.tx_hash, row.reason])).toEqual([
      [sent.stranger, "no_invoice"],
    ]);
    const owned = (await list(owner.apiKey)).json.data.map((row: Listed) => row.tx_hash);
    expect(owned).not.toContain(sent.stranger);
  });

  it("filtering by the owner's invoice lists nothing for another merchant", async () => {
    const { status, json } = await list(stranger.apiKey, `?invoice=${eurInvoiceId}`);
    expect(status).toBe(200);
    expect(json.data).toEqual([]);
  });

  it("the owner's live key lists none of the test-mode rows", async () => {
    const { status, json } = await list(ownerLiveKey);
    expect(status).toBe(200);
    expect(json.data).toEqual([]);
  });

  it("the owner's row as another's starting_after answers as for no such row", async () => {
    const ownerRow = (await list(owner.apiKey)).json.data[0].id as string;
    for (const key of [stranger.apiKey, ownerLiveKey]) {
      const theirs = await list(key, `?starting_after=${ownerRow}`);
      const missing = await list(key, "?starting_after=unp_00000000000000000000000000");
      expect(theirs.status).toBe(400);
      expect(theirs.json).toEqual(missing.json);
    }
  });
});
