import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { invoices } from "@/lib/db/schema";
import { openPaymentLink, paymentLinkView } from "@/lib/paymentLinks/openLink";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";
import { GET as getRoute, POST as updateRoute } from "./[id]/route";
import { POST as createRoute, GET as listRoute } from "./route";

let shop: Awaited<ReturnType<typeof createMerchant>>;
beforeAll(async () => {
  shop = await createMerchant({ name: "Link Shop" });
});

const create = async (body: Record<string, unknown>, apiKey = shop.apiKey) => {
  const answer = await callRoute(createRoute, { apiKey, body: { currency: "USD", ...body } });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json;
};
const update = (id: string, body: unknown, apiKey = shop.apiKey) =>
  callRoute(updateRoute, { apiKey, params: { id }, body });
const get = (id: string, apiKey = shop.apiKey) => callRoute(getRoute, { apiKey, params: { id } });

describe("payment links", () => {
  it("creates a fixed-amount link whose every visit issues a fresh invoice", async () => {
    const link = await create({
      amount: "15.00",
      description: "Yoga class",
      redirect_url: "http://shop.test/done",
      metadata: { sku: "yoga" },
      accept: [{ chain_id: 31337, token: "USDC" }],
      expires_in: 600,
    });
    expect(link).toMatchObject({
      object: "payment_link",
      livemode: false,
      active: true,
      amount: "15.00",
      currency: "USD",
      description: "Yoga class",
      redirect_url: "http://shop.test/done",
      metadata: { sku: "yoga" },
      expires_in: 600,
      accept: [{ chain_id: 31337, token: "USDC" }],
    });
    expect(link.id).toMatch(/^plink_[0-9a-z]{26}$/);
    expect(link.url).toBe(`http://checkout.test/l/${link.id}`);

    const first = await openPaymentLink(link.id);
    const second = await openPaymentLink(link.id);
    expect(first).not.toBe(second);
    const db = await getDb();
    const [invoice] = await db.select().from(invoices).where(eq(invoices.id, first));
    expect(invoice).toMatchObject({
      merchantId: shop.merchant.id,
      paymentLinkId: link.id,
      amount: 15_000_000_000_000_000_000n,
      description: "Yoga class",
      redirectUrl: "http://shop.test/done",
      metadata: { sku: "yoga" },
      status: "open",
    });
    expect(invoice!.paymentOptions.map((option) => option.token.symbol)).toEqual(["USDC"]);
    expect(invoice!.expiresAt.getTime() - invoice!.createdAt.getTime()).toBe(600_000);
  });

  it("an open-amount link takes the amount the shopper types, refusing bad ones", async () => {
    const link = await create({ amount: null, description: "Tip jar" });
    expect(link.amount).toBeNull();
    expect(await paymentLinkView(link.id)).toMatchObject({
      kind: "active",
      amount: null,
      description: "Tip jar",
    });
    await expect(openPaymentLink(link.id)).rejects.toMatchObject({
      code: expect.stringMatching(/^parameter_/),
      param: "amount",
    });
    for (const typed of ["abc", "-5", "0", "1.234", "", "1000000000.01", "9".repeat(80)]) {
      await expect(openPaymentLink(link.id, typed)).rejects.toMatchObject({
        code: expect.stringMatching(/^parameter_/),
        param: "amount",
      });
    }
    await expect(openPaymentLink(link.id, "1".repeat(62))).rejects.toMatchObject({
      code: expect.stringMatching(/^parameter_/),
      param: "amount",
      message: "Invalid amount: must be at most 1000000000.00.",
    });
    const db = await getDb();
    const issued = await db.select().from(invoices).where(eq(invoices.paymentLinkId, link.id));
    expect(issued).toEqual([]);
    const id = await openPaymentLink(link.id, "7.5");
    const [invoice] = await db.select().from(invoices).where(eq(invoices.id, id));
    expect(invoice!.amount).toBe(7_500_000_000_000_000_000n);
  });

  it("updates, deactivates (no more invoices, a clear page) and reactivates", async () => {
    const link = await create({ amount: "5.00" });
    const changed = await update(link.id, { amount: "6.00", description: "Now six" });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ amount: "6.00", description: "Now six", active: true });

    const off = await update(link.id, { active: false });
    expect(off.json.active).toBe(false);
    expect(await paymentLinkView(link.id)).toEqual({ kind: "inactive", merchantName: "Link Shop" });
    await expect(openPaymentLink(link.id)).rejects.toMatchObject({
      code: "payment_link_inactive",
    });

    const on = await update(link.id, { active: true });
    expect(on.json.active).toBe(true);
    expect(await openPaymentLink(link.id)).toMatch(/^inv_/);
    expect((await get(link.id)).json).toEqual(on.json);
  });

  it("clears optional fields with null", async () => {
    const link = await create({ amount: "5.00", description: "x", redirect_url: "http://a.test/" });
    const cleared = await update(link.id, { description: null, redirect_url: null });
    expect(cleared.json).toMatchObject({ description: null, redirect_url: null });
  });

  it.each([
    [{ amount: "abc" }, "amount"],
    [{ amount: "0" }, "amount"],
    [{ amount: "1.001" }, "amount"],
    [{ amount: "1000000000.01" }, "amount"],
    [{ amount: `1${"0".repeat(65)}` }, "amount"],
    [{ currency: "USD" }, "amount"],
    [{ amount: "1.00", currency: "JPY" }, "currency"],
    [{ amount: "1.00", colour: "red" }, "colour"],
    [{ amount: "1.00", accept: [{ chain_id: 1, token: "USDC" }] }, "accept.0"],
    [{ amount: "1.00", currency: "EUR", accept: [{ chain_id: 31337, token: "USDC" }] }, "accept.0"],
    [{ amount: "1.00", expires_in: 30 }, "expires_in"],
  ])("refuses %j naming %s, creating nothing", async (body, param) => {
    const merchant = await createMerchant();
    const answer = await callRoute(createRoute, {
      apiKey: merchant.apiKey,
      body: { currency: "USD", ...body },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.param).toBe(param);
    const listed = await callRoute(listRoute, {
      apiKey: merchant.apiKey,
      path: "/api/v1/payment-links",
    });
    expect(listed.json.data).toEqual([]);
  });

  it("refuses an update that changes nothing or breaks the terms", async () => {
    const link = await create({ amount: "5.00" });
    expect((await update(link.id, {})).status).toBe(400);
    expect(
      (await update(link.id, { currency: "EUR", accept: [{ chain_id: 31337, token: "USDT" }] }))
        .json.error.param,
    ).toBe("accept.0");
    expect((await get(link.id)).json.currency).toBe("USD");
    const tooLarge = await update(link.id, { amount: "1000000000.01" });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.json.error).toMatchObject({
      param: "amount",
      message: "Invalid amount: must be at most 1000000000.00.",
    });
    expect((await get(link.id)).json.amount).toBe("5.00");
  });

  it("lists newest first, filters by active, pages", async () => {
    const merchant = await createMerchant();
    const a = await create({ amount: "1.00" }, merchant.apiKey);
    const b = await create({ amount: "2.00" }, merchant.apiKey);
    const c = await create({ amount: null }, merchant.apiKey);
    await update(b.id, { active: false }, merchant.apiKey);
    const list = (query: string) =>
      callRoute(listRoute, { apiKey: merchant.apiKey, path: `/api/v1/payment-links${query}` });
    expect((await list("")).json.data.map((l: { id: string }) => l.id)).toEqual([c.id, b.id, a.id]);
    expect((await list("?active=false")).json.data.map((l: { id: string }) => l.id)).toEqual([
      b.id,
    ]);
    const page = await list("?limit=2");
    expect(page.json.has_more).toBe(true);
    const next = await list(`?limit=2&starting_after=${page.json.data[1].id}`);
    expect(next.json.data.map((l: { id: string }) => l.id)).toEqual([a.id]);
    expect(next.json.has_more).toBe(false);
  });

  it("another merchant's link is a 404 to read or update, and is not listed", async () => {
    const link = await create({ amount: "5.00" });
    const other = await createMerchant();
    expect((await get(link.id, other.apiKey)).status).toBe(404);
    expect((await update(link.id, { active: false }, other.apiKey)).status).toBe(404);
    expect((await get(link.id)).json.active).toBe(true);
    const listed = await callRoute(listRoute, {
      apiKey: other.apiKey,
      path: "/api/v1/payment-links",
    });
    expect(listed.json.data).toEqual([]);
  });

  it("live mode refuses a redirect_url that is not https", async () => {
    const live = await createMerchant({ mode: "live" });
    const answer = await callRoute(createRoute, {
      apiKey: live.apiKey,
      body: { amount: "1.00", currency: "USD", redirect_url: "http://shop.example/" },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.param).toBe("redirect_url");
  });

  it("an unknown link shows as missing", async () => {
    expect(await paymentLinkView("plink_00000000000000000000000000")).toEqual({ kind: "missing" });
  });
});
