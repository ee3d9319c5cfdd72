import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listInvoicesRoute } from "@/app/api/v1/invoices/route";
import { getDb } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { type SessionHeaders, signedInMerchant } from "@/lib/tooling/testing/dashboard";
import { callRoute } from "@/lib/tooling/testing/fixtures";
import { POST as revokeRoute } from "./[id]/revoke/route";
import { POST as createRoute, GET as listRoute } from "./route";

let shop: Awaited<ReturnType<typeof signedInMerchant>>;
let other: Awaited<ReturnType<typeof signedInMerchant>>;
beforeAll(async () => {
  shop = await signedInMerchant({ name: "Key Shop" });
  other = await signedInMerchant({ name: "Other Shop" });
});

const create = (body: unknown, headers: SessionHeaders = shop.headers) =>
  callRoute(createRoute, { headers, body });
const revoke = (id: string, headers: SessionHeaders = shop.headers) =>
  callRoute(revokeRoute, { headers, params: { id }, method: "POST" });
const list = (headers: SessionHeaders = shop.headers) => callRoute(listRoute, { headers });

async function keyCount(merchantId: string): Promise<number> {
  const db = await getDb();
  return (await db.select().from(apiKeys).where(eq(apiKeys.merchantId, merchantId))).length;
}

describe("dashboard API keys", () => {
  it("creates a key whose secret is shown once and works for the API; revoking stops it at once", async () => {
    const created = await create({ label: "Shop backend" });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      mode: "test",
      label: "Shop backend",
      last_used_at: null,
      revoked_at: null,
    });
    expect(created.json.secret).toMatch(/^sk_test_/);
    expect(created.json.secret.startsWith(created.json.prefix.replace("…", ""))).toBe(true);

    const listed = await list();
    expect(listed.status).toBe(200);
    expect(listed.json.modes).toEqual(["test"]);
    const row = listed.json.data.find((key: { id: string }) => key.id === created.json.id);
    expect(row).toMatchObject({ label: "Shop backend", prefix: created.json.prefix });
    expect(row.secret).toBeUndefined();
    expect(JSON.stringify(listed.json)).not.toContain(created.json.secret);

    // Use it (the API answers and records last use), then revoke: the next request is a 401.
    const used = await callRoute(listInvoicesRoute, {
      apiKey: created.json.secret,
      path: "/api/v1/invoices",
    });
    expect(used.status).toBe(200);
    const revoked = await revoke(created.json.id);
    expect(revoked.status).toBe(200);
    expect(revoked.json.revoked_at).toBeTruthy();
    const refused = await callRoute(listInvoicesRoute, {
      apiKey: created.json.secret,
      path: "/api/v1/invoices",
    });
    expect(refused.status).toBe(401);
    // The merchant's other key still works.
    const still = await callRoute(listInvoicesRoute, {
      apiKey: shop.apiKey,
      path: "/api/v1/invoices",
    });
    expect(still.status).toBe(200);
    // Revoking twice keeps the first time.
    const again = await revoke(created.json.id);
    expect(again.json.revoked_at).toBe(revoked.json.revoked_at);
  });

  it("refuses bad input with a 400 naming the field, and writes nothing", async () => {
    const before = await keyCount(shop.merchant.id);
    const cases: [unknown, string][] = [
      [{}, "label"],
      [{ label: "   " }, "label"],
      [{ label: "x".repeat(101) }, "label"],
      [{ label: "ok", mode: "prod" }, "mode"],
      // No live chain on this deployment: a live key could take no payments.
      [{ label: "ok", mode: "live" }, "mode"],
      [{ label: "ok", scope: "all" }, "scope"],
    ];
    for (const [body, param] of cases) {
      const { status, json } = await create(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error.param, JSON.stringify(body)).toBe(param);
    }
    expect(await keyCount(shop.merchant.id)).toBe(before);
  });

  it("401 without a session, 403 without the CSRF token; nothing written", async () => {
    const before = await keyCount(shop.merchant.id);
    expect((await callRoute(listRoute)).status).toBe(401);
    const anonymous = await callRoute(createRoute, {
      body: { label: "x" },
      headers: { origin: shop.headers.origin },
    });
    expect(anonymous.status).toBe(401);
    const { "x-csrf-token": _, ...noCsrf } = shop.headers;
    const forged = await callRoute(createRoute, { body: { label: "x" }, headers: noCsrf });
    expect(forged.status).toBe(403);
    const [key] = (await list()).json.data;
    const forgedRevoke = await callRoute(revokeRoute, {
      headers: noCsrf,
      params: { id: key.id },
      method: "POST",
    });
    expect(forgedRevoke.status).toBe(403);
    expect(await keyCount(shop.merchant.id)).toBe(before);
    expect((await list()).json.data[0].revoked_at).toBeNull();
  });

  it("another merchant's keys are 404 to revoke and never listed", async () => {
    const { json: key } = await create({ label: "Mine" });
    const foreign = await revoke(key.id, other.headers);
    expect(foreign.status).toBe(404);
    const listed = await list(other.headers);
    expect(listed.json.data.map((k: { id: string }) => k.id)).not.toContain(key.id);
    const mine = (await list()).json.data.find((k: { id: string }) => k.id === key.id);
    expect(mine.revoked_at).toBeNull();
    const works = await callRoute(listInvoicesRoute, {
      apiKey: key.secret,
      path: "/api/v1/invoices",
    });
    expect(works.status).toBe(200);
  });
});
