import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { events, invoices } from "@/lib/db/schema";
import { callRoute, createMerchant, revokeKey } from "@/lib/tooling/testing/fixtures";
import { GET as getInvoiceRoute } from "./[id]/route";
import { POST as createInvoiceRoute } from "./route";

let shop: Awaited<ReturnType<typeof createMerchant>>;
let other: Awaited<ReturnType<typeof createMerchant>>;

beforeAll(async () => {
  shop = await createMerchant({ name: "API Shop" });
  other = await createMerchant({ name: "Another Shop" });
});

const create = (body: unknown, apiKey = shop.apiKey, headers?: Record<string, string>) =>
  callRoute(createInvoiceRoute, { apiKey, path: "/api/v1/invoices", body, headers });

const get = (id: string, apiKey = shop.apiKey) =>
  callRoute(getInvoiceRoute, { apiKey, path: `/api/v1/invoices/${id}`, params: { id } });

async function invoiceCount() {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(invoices);
  const [eventRow] = await db.select({ n: count() }).from(events);
  return { invoices: row!.n, events: eventRow!.n };
}

describe("POST /api/v1/invoices", () => {
  it("creates an invoice with a payment option per accepted chain and token", async () => {
    const { status, json, headers } = await create({
      amount: "12.50",
      currency: "USD",
      order_id: "A-100",
      description: "Two coffees",
      metadata: { customer: "c_42" },
      expires_in: 900,
      redirect_url: "http://shop.test/thanks",
    });
    expect(status).toBe(201);
    expect(headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    expect(json).toMatchObject({
      object: "invoice",
      livemode: false,
      status: "open",
      exception: null,
      amount: "12.50",
      currency: "USD",
      amount_paid: "0.00",
      amount_due: "12.50",
      order_id: "A-100",
      description: "Two coffees",
      metadata: { customer: "c_42" },
      redirect_url: "http://shop.test/thanks",
      paid_at: null,
      payments: [],
    });
    expect(json.id).toMatch(/^inv_[0-9a-z]{26}$/);
    expect(json.checkout_url).toBe(`http://checkout.test/pay/${json.id}`);
    const expiresIn = Date.parse(json.expires_at) - Date.parse(json.created_at);
    expect(expiresIn).toBe(900_000);

    expect(
      json.payment_options.map((option: { token: { symbol: string } }) => option.token.symbol),
    ).toEqual(["USDC", "USDT"]);
    for (const option of json.payment_options) {
      expect(option).toMatchObject({
        chain_id: 31337,
        chain_name: "Local chain",
        token: { decimals: 6 },
        amount: "12500000",
        recipient: shop.merchant.settlementAddress,
        transaction: { to: option.token.address, value: "0" },
      });
      expect(option.reference).toMatch(/^0x[0-9a-f]{32}$/);
      expect(option.transaction.data.startsWith("0xa9059cbb")).toBe(true);
      expect(option.transaction.data.endsWith(option.reference.slice(2))).toBe(true);
    }
    // One reference per invoice, shared by its options.
    expect(json.payment_options[0].reference).toBe(json.payment_options[1].reference);
  });

  it("defaults to a 30-minute expiry and accepts lowercase currency", async () => {
    const { status, json } = await create({ amount: "1", currency: "usd" });
    expect(status).toBe(201);
    expect(json.currency).toBe("USD");
    expect(json.amount).toBe("1.00");
    expect(Date.parse(json.expires_at) - Date.parse(json.created_at)).toBe(1800_000);
  });

  it("writes the invoice.created event in the same transaction", async () => {
    const { json } = await create({ amount: "3.00", currency: "USD" });
    const db = await getDb();
    const rows = await db.select().from(events).where(eq(events.invoiceId, json.id));
    expect(rows.map((row) => row.type)).toEqual(["invoice.created"]);
    expect(rows[0]!.data).toMatchObject({ id: json.id, status: "open", amount: "3.00" });
  });

  it.each([
    [{ amount: "abc", currency: "USD" }, "amount", "parameter_invalid"],
    [{ amount: "-1", currency: "USD" }, "amount", "parameter_invalid"],
    [{ amount: "0", currency: "USD" }, "amount", "parameter_invalid"],
    [{ amount: "0.00", currency: "USD" }, "amount", "parameter_invalid"],
    [{ amount: "1.234", currency: "USD" }, "amount", "parameter_invalid"],
    [{ amount: "1000000000.01", currency: "USD" }, "amount", "parameter_invalid"],
    [{ amount: `1${"0".repeat(61)}`, currency: "EUR" }, "amount", "parameter_invalid"],
    [
      {
        amount: "10.00",
        currency: "USD",
        items: [{ name: "Big", quantity: 1, unit_amount: `1${"0".repeat(61)}` }],
      },
      "items.0.unit_amount",
      "parameter_invalid",
    ],
    [
      {
        amount: "1000000000.00",
        currency: "USD",
        items: [{ name: "Many", quantity: 1_000_000, unit_amount: "999999.99" }],
      },
      "items",
      "parameter_invalid",
    ],
    [{ amount: 12.5, currency: "USD" }, "amount", "parameter_invalid"],
    [{ currency: "USD" }, "amount", "parameter_missing"],
    [{ amount: "1.00" }, "currency", "parameter_missing"],
    [{ amount: "1.00", currency: "GBP" }, "currency", "parameter_invalid"],
    [{ amount: "1.00", currency: "USD", expires_in: 59 }, "expires_in", "parameter_invalid"],
    [{ amount: "1.00", currency: "USD", expires_in: 604_801 }, "expires_in", "parameter_invalid"],
    [{ amount: "1.00", currency: "USD", expires_in: "600" }, "expires_in", "parameter_invalid"],
    [
      { amount: "1.00", currency: "USD", redirect_url: "javascript:alert(1)" },
      "redirect_url",
      "parameter_invalid",
    ],
    [
      { amount: "1.00", currency: "USD", metadata: { a: "x".repeat(501) } },
      "metadata.a",
      "parameter_invalid",
    ],
    [{ amount: "1.00", currency: "USD", metadata: { a: 1 } }, "metadata.a", "parameter_invalid"],
    [{ amount: "1.00", currency: "USD", amount_due: "1" }, "amount_due", "parameter_unknown"],
  ])("refuses %j naming %s, writing nothing", async (body, param, code) => {
    const before = await invoiceCount();
    const { status, json } = await create(body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: "invalid_request_error", code, param });
    expect(json.error.message.length).toBeGreaterThan(10);
    expect(await invoiceCount()).toEqual(before);
  });

  it("takes the largest amount, 1000000000.00, and stores it exactly", async () => {
    const { status, json } = await create({ amount: "1000000000.00", currency: "USD" });
    expect(status).toBe(201);
    expect(json).toMatchObject({ amount: "1000000000.00", amount_due: "1000000000.00" });
    expect((await get(json.id)).json.amount).toBe("1000000000.00");
  });

  it("an amount past the limit is a 400 saying what the limit is, never a 500", async () => {
    const before = await invoiceCount();
    const { status, json } = await create({ amount: "9".repeat(70), currency: "USD" });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({
      code: "parameter_invalid",
      param: "amount",
      message: "Invalid amount: must be at most 1000000000.00.",
    });
    expect(await invoiceCount()).toEqual(before);
  });

  it("refuses metadata with more than 50 keys", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    const { status, json } = await create({ amount: "1.00", currency: "USD", metadata });
    expect(status).toBe(400);
    expect(json.error.param).toBe("metadata");
  });

  it("refuses malformed JSON, other content types and oversized bodies", async () => {
    const before = await invoiceCount();
    const malformed = await callRoute(createInvoiceRoute, {
      apiKey: shop.apiKey,
      rawBody: '{"amount": "1.00",',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("invalid_json");
    const form = await callRoute(createInvoiceRoute, {
      apiKey: shop.apiKey,
      rawBody: "amount=1.00&currency=USD",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    const huge = await create({ amount: "1.00", currency: "USD", description: "x".repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe("body_too_large");
    expect(await invoiceCount()).toEqual(before);
  });

  it("a currency none of the merchant's accepted tokens takes is a 400 currency_not_accepted", async () => {
    const usdOnly = await createMerchant();
    const db = await getDb();
    const { merchants } = await import("@/lib/db/schema");
    await db
      .update(merchants)
      .set({ acceptedTokens: [{ chainId: 31337, symbol: "USDC" }] })
      .where(eq(merchants.id, usdOnly.merchant.id));
    const before = await invoiceCount();
    const { status, json } = await create({ amount: "1.00", currency: "EUR" }, usdOnly.apiKey);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: "currency_not_accepted", param: "currency" });
    expect(await invoiceCount()).toEqual(before);
  });

  it("live mode refuses a redirect_url that is not https, before anything else", async () => {
    const live = await createMerchant({ mode: "live" });
    const before = await invoiceCount();
    const { status, json } = await create(
      { amount: "1.00", currency: "USD", redirect_url: "http://shop.example/thanks" },
      live.apiKey,
    );
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: "parameter_invalid", param: "redirect_url" });
    expect(await invoiceCount()).toEqual(before);
  });

  it("a live key on a deployment with only test chains cannot create invoices", async () => {
    const live = await createMerchant({ mode: "live" });
    const { status, json } = await create({ amount: "1.00", currency: "USD" }, live.apiKey);
    expect(status).toBe(400);
    expect(json.error.code).toBe("currency_not_accepted");
  });
});

describe("authentication", () => {
  it.each([
    ["no Authorization header", undefined, "api_key_missing"],
    ["a key of the wrong shape", "Bearer hello", "api_key_invalid"],
    ["an unknown key", `Bearer sk_test_${"A".repeat(32)}`, "api_key_invalid"],
    ["a Basic header", "Basic c2tfdGVzdDp4", "api_key_invalid"],
  ])("%s is a 401 and writes nothing", async (_label, authorization, code) => {
    const before = await invoiceCount();
    const { status, json } = await callRoute(createInvoiceRoute, {
      body: { amount: "1.00", currency: "USD" },
      headers: authorization ? { authorization } : {},
    });
    expect(status).toBe(401);
    expect(json.error).toMatchObject({ type: "authentication_error", code });
    expect(await invoiceCount()).toEqual(before);
  });

  it("a revoked key is refused", async () => {
    const doomed = await createMerchant();
    expect((await create({ amount: "1.00", currency: "USD" }, doomed.apiKey)).status).toBe(201);
    await revokeKey(doomed.apiKey);
    expect((await create({ amount: "1.00", currency: "USD" }, doomed.apiKey)).status).toBe(401);
  });
});

describe("GET /api/v1/invoices/{id}", () => {
  it("returns the merchant's invoice", async () => {
    const { json: created } = await create({ amount: "8.00", currency: "USD" });
    const { status, json } = await get(created.id);
    expect(status).toBe(200);
    expect(json).toEqual(created);
  });

  it("another merchant's invoice is a 404, as if it did not exist", async () => {
    const { json: created } = await create({ amount: "8.00", currency: "USD" });
    const { status, json } = await get(created.id, other.apiKey);
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ code: "resource_not_found", param: "id" });
    const missing = await get("inv_00000000000000000000000000");
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual(json);
  });

  it("needs a key", async () => {
    const { json: created } = await create({ amount: "8.00", currency: "USD" });
    const { status } = await callRoute(getInvoiceRoute, { params: { id: created.id } });
    expect(status).toBe(401);
  });
});
