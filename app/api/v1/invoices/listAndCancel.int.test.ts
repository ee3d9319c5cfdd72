import { eq } from "drizzle-orm";
import type { Hash } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { getDb } from "@/lib/db/client";
import { events, invoices, paymentSubmissions, payments } from "@/lib/db/schema";
import { recheckSubmissions } from "@/lib/payments/submission/submissionChecks";
import {
  callRoute,
  chainClients,
  createMerchant,
  send,
  walletFor,
} from "@/lib/tooling/testing/fixtures";
import { POST as cancelRoute } from "./[id]/cancel/route";
import { POST as createRoute, GET as listRoute } from "./route";

let shop: Awaited<ReturnType<typeof createMerchant>>;
beforeAll(async () => {
  shop = await createMerchant({ name: "List Shop" });
});

const create = async (body: Record<string, unknown>, apiKey = shop.apiKey) => {
  const { status, json } = await callRoute(createRoute, {
    apiKey,
    body: { amount: "1.00", currency: "USD", ...body },
  });
  expect(status, JSON.stringify(json)).toBe(201);
  return json;
};

const list = (query: string, apiKey = shop.apiKey) =>
  callRoute(listRoute, { apiKey, path: `/api/v1/invoices${query}` });

const cancel = (id: string, apiKey = shop.apiKey, headers?: Record<string, string>) =>
  callRoute(cancelRoute, { apiKey, method: "POST", params: { id }, headers });

describe("GET /api/v1/invoices", () => {
  it("lists newest first and pages with limit and starting_after until has_more is false", async () => {
    const merchant = await createMerchant();
    const created: string[] = [];
    for (let i = 0; i < 7; i++)
      created.push((await create({ order_id: `p-${i}` }, merchant.apiKey)).id);
    const seen: string[] = [];
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const { status, json } = await list(
        `?limit=3${cursor ? `&starting_after=${cursor}` : ""}`,
        merchant.apiKey,
      );
      expect(status).toBe(200);
      expect(json.object).toBe("list");
      expect(json.data.length).toBeLessThanOrEqual(3);
      seen.push(...json.data.map((invoice: { id: string }) => invoice.id));
      if (!json.has_more) break;
      cursor = json.data.at(-1).id;
    }
    expect(seen).toEqual([...created].reverse());
  });

  it("defaults to 20 and filters by status, order_id and creation time", async () => {
    const merchant = await createMerchant();
    const first = await create({ order_id: "keep" }, merchant.apiKey);
    const second = await create({ order_id: "other" }, merchant.apiKey);
    await cancel(second.id, merchant.apiKey);

    const byOrder = await list("?order_id=keep", merchant.apiKey);
    expect(byOrder.json.data.map((i: { id: string }) => i.id)).toEqual([first.id]);
    const canceled = await list("?status=canceled", merchant.apiKey);
    expect(canceled.json.data.map((i: { id: string }) => i.id)).toEqual([second.id]);

    const created = Date.parse(first.created_at);
    const after = await list(
      `?created[gte]=${new Date(created + 1).toISOString()}`,
      merchant.apiKey,
    );
    expect(after.json.data.map((i: { id: string }) => i.id)).not.toContain(first.id);
    const seconds = Math.floor(created / 1000) + 1;
    const before = await list(`?created[lte]=${seconds}`, merchant.apiKey);
    expect(before.json.data.map((i: { id: string }) => i.id)).toContain(first.id);
    const all = await list("", merchant.apiKey);
    expect(all.json.data).toHaveLength(2);
    expect(all.json.has_more).toBe(false);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?limit=ten", "limit"],
    ["?status=done", "status"],
    ["?created[gte]=yesterday", "created[gte]"],
    ["?starting_after=inv_00000000000000000000000000", "starting_after"],
    ["?colour=red", "colour"],
    ["?limit=1&limit=2", "limit"],
  ])("%s is a 400 naming %s", async (query, param) => {
    const { status, json } = await list(query);
    expect(status).toBe(400);
    expect(json.error.param).toBe(param);
  });

  it("never lists another merchant's invoices, nor accepts one as a cursor", async () => {
    const mine = await createMerchant();
    const theirs = await createMerchant();
    await create({ order_id: "mine" }, mine.apiKey);
    const theirInvoice = await create({ order_id: "theirs" }, theirs.apiKey);
    const listed = await list("?limit=100", mine.apiKey);
    expect(listed.json.data.map((i: { order_id: string }) => i.order_id)).toEqual(["mine"]);
    const cursor = await list(`?starting_after=${theirInvoice.id}`, mine.apiKey);
    expect(cursor.status).toBe(400);
  });
});

describe("POST /api/v1/invoices/{id}/cancel", () => {
  it("cancels an open invoice, once, with an invoice.canceled event", async () => {
    const invoice = await create({});
    const first = await cancel(invoice.id);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ id: invoice.id, status: "canceled", payment_options: [] });
    expect(first.json.canceled_at).not.toBeNull();
    const again = await cancel(invoice.id);
    expect(again.status).toBe(200);
    const db = await getDb();
    const types = (await db.select().from(events).where(eq(events.invoiceId, invoice.id))).map(
      (e) => e.type,
    );
    expect(types.sort()).toEqual(["invoice.canceled", "invoice.created"]);
  });

  it("is a 409 once something is paid, and changes nothing", async () => {
    const invoice = await create({ amount: "2.00" });
    const option = invoice.payment_options[0];
    const hash = await send(1, option.transaction);
    await callRoute(submitPaymentRoute, {
      params: { id: invoice.id },
      body: { chain_id: 31337, tx_hash: hash },
    });
    const { status, json } = await cancel(invoice.id);
    expect(status).toBe(409);
    expect(json.error).toMatchObject({
      code: "invoice_not_cancelable",
      type: "invalid_request_error",
    });
    const db = await getDb();
    const [row] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(row!.status).toBe("paid");
  });

  /** The invoice row and its events: what a refused cancel must leave as it was. */
  async function snapshot(id: string) {
    const db = await getDb();
    const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
    const types = await db.select().from(events).where(eq(events.invoiceId, id));
    return { row, events: types.map((event) => event.type).sort() };
  }

  it("is a 409 while a posted payment is on its way (not mined yet), and changes nothing", async () => {
    const invoice = await create({ amount: "3.00" });
    const { testClient } = chainClients();
    await testClient.setAutomine(false);
    try {
      const option = invoice.payment_options[0];
      const hash = await walletFor(6).sendTransaction({
        to: option.transaction.to,
        data: option.transaction.data,
      });
      const posted = await callRoute(submitPaymentRoute, {
        params: { id: invoice.id },
        body: { chain_id: 31337, tx_hash: hash },
      });
      expect(posted.status).toBe(202);

      const before = await snapshot(invoice.id);
      const { status, json } = await cancel(invoice.id);
      expect(status).toBe(409);
      expect(json.error).toMatchObject({
        type: "invalid_request_error",
        code: "invoice_not_cancelable",
      });
      expect(json.error.message).toMatch(/payment for this invoice is on its way/);
      expect(json.error.message).toContain(hash);
      expect(await snapshot(invoice.id)).toEqual(before);
      expect(before.row!.status).toBe("open");

      // The transfer lands: the invoice is paid, as the shopper was promised.
      await testClient.mine({ blocks: 1 });
      await recheckSubmissions(await getDb());
      const db = await getDb();
      const [row] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
      expect(row!.status).toBe("paid");
      expect((await cancel(invoice.id)).status).toBe(409);
    } finally {
      await testClient.setAutomine(true);
    }
  });

  it("a posted hash the chain's node does not know holds nothing: cancel works at once", async () => {
    const invoice = await create({ amount: "3.10" });
    const ghost = `0x${"ab".repeat(32)}` as Hash;
    const posted = await callRoute(submitPaymentRoute, {
      params: { id: invoice.id },
      body: { chain_id: 31337, tx_hash: ghost },
    });
    expect(posted.status).toBe(202);
    expect(posted.json.invoice.submissions).toEqual([
      expect.objectContaining({ tx_hash: ghost, status: "unseen" }),
    ]);
    const { status, json } = await cancel(invoice.id);
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "canceled", exception: null, payments: [] });
    const db = await getDb();
    expect(await db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toEqual([]);
    // Given up after an hour of asking, like any hash that never lands.
    await recheckSubmissions(db, new Date(Date.now() + 61 * 60 * 1000));
    const [submission] = await db
      .select()
      .from(paymentSubmissions)
      .where(eq(paymentSubmissions.invoiceId, invoice.id));
    expect(submission!.status).toBe("abandoned");
  });

  it("another merchant's invoice is a 404 and stays open", async () => {
    const invoice = await create({});
    const other = await createMerchant();
    const { status } = await cancel(invoice.id, other.apiKey);
    expect(status).toBe(404);
    const db = await getDb();
    const [row] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(row!.status).toBe("open");
  });
});

describe("items, accept and EUR", () => {
  it("keeps items whose total is the amount", async () => {
    const invoice = await create({
      amount: "7.50",
      items: [
        { name: "Espresso", quantity: 2, unit_amount: "2.50" },
        { name: "Croissant", quantity: 1, unit_amount: "2.5" },
      ],
    });
    expect(invoice.items).toEqual([
      { name: "Espresso", quantity: 2, unit_amount: "2.50" },
      { name: "Croissant", quantity: 1, unit_amount: "2.5" },
    ]);
  });

  it.each([
    [{ amount: "7.00", items: [{ name: "A", quantity: 2, unit_amount: "2.50" }] }, "items"],
    [
      { amount: "5.00", items: [{ name: "A", quantity: 2, unit_amount: "2.505" }] },
      "items.0.unit_amount",
    ],
    [
      { amount: "5.00", items: [{ name: "A", quantity: 0, unit_amount: "5.00" }] },
      "items.0.quantity",
    ],
    [{ amount: "5.00", items: [{ name: "", quantity: 1, unit_amount: "5.00" }] }, "items.0.name"],
    [{ amount: "5.00", items: [] }, "items"],
    [{ accept: [{ chain_id: 8453, token: "USDC" }] }, "accept.0"],
    [{ accept: [{ chain_id: 31337, token: "DAI" }] }, "accept.0"],
    [{ accept: [{ chain_id: 31337, token: "EURC" }] }, "accept.0"],
    [{ accept: [] }, "accept"],
  ])("refuses %j naming %s", async (body, param) => {
    const { status, json } = await callRoute(createRoute, {
      apiKey: shop.apiKey,
      body: { amount: "1.00", currency: "USD", ...body },
    });
    expect(status).toBe(400);
    expect(json.error.param).toBe(param);
  });

  it("accept narrows the payment options", async () => {
    const invoice = await create({ accept: [{ chain_id: 31337, token: "usdt" }] });
    expect(
      invoice.payment_options.map((o: { token: { symbol: string } }) => o.token.symbol),
    ).toEqual(["USDT"]);
  });

  it("an EUR invoice is paid in EURC", async () => {
    const invoice = await create({ amount: "9.99", currency: "EUR" });
    expect(invoice.currency).toBe("EUR");
    expect(
      invoice.payment_options.map((o: { token: { symbol: string } }) => o.token.symbol),
    ).toEqual(["EURC"]);
    const option = invoice.payment_options[0];
    const hash = await send(2, option.transaction);
    const { json } = await callRoute(submitPaymentRoute, {
      params: { id: invoice.id },
      body: { chain_id: 31337, tx_hash: hash },
    });
    expect(json.invoice).toMatchObject({ status: "paid", amount_paid: "9.99", currency: "EUR" });
  });

  it("a merchant's accepted tokens and per-chain settlement address shape the options", async () => {
    const merchant = await createMerchant();
    const db = await getDb();
    const override = "0x000000000000000000000000000000000000bEEF";
    const { merchants } = await import("@/lib/db/schema");
    await db
      .update(merchants)
      .set({
        acceptedTokens: [{ chainId: 31337, symbol: "USDC" }],
        settlementOverrides: { "31337": override },
      })
      .where(eq(merchants.id, merchant.merchant.id));
    const invoice = await create({}, merchant.apiKey);
    expect(invoice.payment_options).toHaveLength(1);
    expect(invoice.payment_options[0]).toMatchObject({
      token: { symbol: "USDC" },
      recipient: override,
    });
    const refused = await callRoute(createRoute, {
      apiKey: merchant.apiKey,
      body: { amount: "1.00", currency: "USD", accept: [{ chain_id: 31337, token: "USDT" }] },
    });
    expect(refused.json.error.param).toBe("accept.0");
  });
});
