import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { paymentLinks } from "@/lib/db/schema";
import { openPaymentLink } from "@/lib/paymentLinks/openLink";
import { type SessionHeaders, signedInMerchant } from "@/lib/tooling/testing/dashboard";
import { callRoute } from "@/lib/tooling/testing/fixtures";
import { GET as getRoute, POST as updateRoute } from "./[id]/route";
import { POST as createRoute, GET as listRoute } from "./route";

let shop: Awaited<ReturnType<typeof signedInMerchant>>;
let other: Awaited<ReturnType<typeof signedInMerchant>>;
beforeAll(async () => {
  shop = await signedInMerchant({ name: "Link Shop" });
  other = await signedInMerchant({ name: "Other Shop" });
});

const create = (body: Record<string, unknown>, headers: SessionHeaders = shop.headers) =>
  callRoute(createRoute, { headers, body });
const update = (id: string, body: unknown, headers: SessionHeaders = shop.headers) =>
  callRoute(updateRoute, { headers, params: { id }, body });
const list = (headers: SessionHeaders = shop.headers, query = "") =>
  callRoute(listRoute, { headers, path: `/api/dashboard/payment-links${query}` });

async function linkCount(merchantId: string): Promise<number> {
  const db = await getDb();
  return (await db.select().from(paymentLinks).where(eq(paymentLinks.merchantId, merchantId)))
    .length;
}

describe("dashboard payment links", () => {
  it("creates a fixed-amount link and an open-amount one, lists them newest first, reads one", async () => {
    const fixed = await create({
      amount: "25.00",
      currency: "USD",
      description: "Yoga class",
      redirect_url: "http://shop.test/thanks",
    });
    expect(fixed.status, JSON.stringify(fixed.json)).toBe(201);
    expect(fixed.json).toMatchObject({
      object: "payment_link",
      livemode: false,
      active: true,
      amount: "25.00",
      currency: "USD",
      description: "Yoga class",
      redirect_url: "http://shop.test/thanks",
    });
    expect(fixed.json.url).toBe(`http://checkout.test/l/${fixed.json.id}`);

    const open = await create({ amount: null, currency: "eur", description: "Tips" });
    expect(open.status).toBe(201);
    expect(open.json).toMatchObject({ amount: null, currency: "EUR" });

    const listed = await list();
    expect(listed.status).toBe(200);
    expect(listed.json.data.map((link: { id: string }) => link.id)).toEqual([
      open.json.id,
      fixed.json.id,
    ]);
    const read = await callRoute(getRoute, {
      headers: shop.headers,
      params: { id: fixed.json.id },
    });
    expect(read.status).toBe(200);
    expect(read.json.id).toBe(fixed.json.id);

    // The link works for shoppers like one made through the API.
    expect(await openPaymentLink(fixed.json.id)).toMatch(/^inv_/);
  });

  it("edits, deactivates and reactivates a link; an inactive link issues no invoice", async () => {
    const { json: link } = await create({ amount: "10.00", currency: "USD" });
    const edited = await update(link.id, {
      amount: null,
      description: "Pay what you want",
      redirect_url: null,
    });
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    expect(edited.json).toMatchObject({
      amount: null,
      description: "Pay what you want",
      redirect_url: null,
    });
    const off = await update(link.id, { active: false });
    expect(off.json.active).toBe(false);
    await expect(openPaymentLink(link.id)).rejects.toMatchObject({
      code: "payment_link_inactive",
    });
    const inactiveOnly = await list(shop.headers, "?active=false");
    expect(inactiveOnly.json.data.map((l: { id: string }) => l.id)).toContain(link.id);
    const on = await update(link.id, { active: true });
    expect(on.json.active).toBe(true);
  });

  it("refuses bad input with a 400 naming the field, and writes nothing", async () => {
    const before = await linkCount(shop.merchant.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: "abc", currency: "USD" }, "amount"],
      [{ amount: "0", currency: "USD" }, "amount"],
      [{ amount: "1.005", currency: "USD" }, "amount"],
      [{ amount: "5.00", currency: "GBP" }, "currency"],
      [{ amount: "5.00" }, "currency"],
      [{ amount: "5.00", currency: "USD", redirect_url: "javascript:alert(1)" }, "redirect_url"],
      [{ amount: "5.00", currency: "USD", description: "x".repeat(1001) }, "description"],
      [{ amount: "5.00", currency: "USD", colour: "red" }, "colour"],
    ];
    for (const [body, param] of cases) {
      const { status, json } = await create(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error.param, JSON.stringify(body)).toBe(param);
    }
    expect(await linkCount(shop.merchant.id)).toBe(before);

    const { json: link } = await create({ amount: "7.00", currency: "USD" });
    const bad = await update(link.id, { amount: "-1" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe("amount");
    const badActive = await update(link.id, { active: "no" });
    expect(badActive.status).toBe(400);
    expect(badActive.json.error.param).toBe("active");
    const read = await callRoute(getRoute, { headers: shop.headers, params: { id: link.id } });
    expect(read.json).toMatchObject({ amount: "7.00", active: true });
  });

  it("401 without a session, 403 without the CSRF token or from another origin; nothing written", async () => {
    const before = await linkCount(shop.merchant.id);
    const body = { amount: "5.00", currency: "USD" };
    const anonymous = await callRoute(createRoute, {
      body,
      headers: { origin: shop.headers.origin },
    });
    expect(anonymous.status).toBe(401);
    expect((await callRoute(listRoute)).status).toBe(401);
    const { "x-csrf-token": _, ...noCsrf } = shop.headers;
    const forged = await callRoute(createRoute, { body, headers: noCsrf });
    expect(forged.status).toBe(403);
    expect(forged.json.error.code).toBe("csrf_failed");
    const foreign = await callRoute(createRoute, {
      body,
      headers: { ...shop.headers, origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(await linkCount(shop.merchant.id)).toBe(before);
  });

  it("another merchant's links are 404 and never listed", async () => {
    const { json: link } = await create({ amount: "9.00", currency: "USD" });
    const read = await callRoute(getRoute, { headers: other.headers, params: { id: link.id } });
    expect(read.status).toBe(404);
    const edit = await update(link.id, { active: false }, other.headers);
    expect(edit.status).toBe(404);
    const listed = await list(other.headers);
    expect(listed.json.data.map((l: { id: string }) => l.id)).not.toContain(link.id);
    const mine = await callRoute(getRoute, { headers: shop.headers, params: { id: link.id } });
    expect(mine.json.active).toBe(true);
  });
});
