import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { type SessionHeaders, signedInMerchant } from "@/lib/tooling/testing/dashboard";
import { callRoute } from "@/lib/tooling/testing/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "@/lib/tooling/testing/webhookReceiver";
import { deliverDueWebhooks } from "@/lib/webhooks/sender";
import { POST as redeliverRoute } from "./[id]/deliveries/[delivery_id]/redeliver/route";
import { GET as deliveriesRoute } from "./[id]/deliveries/route";
import { POST as rotateRoute } from "./[id]/rotate-secret/route";
import { DELETE as deleteRoute, GET as getRoute, POST as updateRoute } from "./[id]/route";
import { POST as testRoute } from "./[id]/test/route";
import { POST as createRoute, GET as listRoute } from "./route";

let shop: Awaited<ReturnType<typeof signedInMerchant>>;
let other: Awaited<ReturnType<typeof signedInMerchant>>;
let target: WebhookReceiver;
beforeAll(async () => {
  shop = await signedInMerchant({ name: "Hook Shop" });
  other = await signedInMerchant({ name: "Other Shop" });
  target = await startWebhookReceiver();
});
afterAll(() => target.close());

const create = (body: unknown, headers: SessionHeaders = shop.headers) =>
  callRoute(createRoute, { headers, body });
const list = (headers: SessionHeaders = shop.headers) => callRoute(listRoute, { headers });
const at = <Params>(params: Params, headers: SessionHeaders = shop.headers, body?: unknown) => ({
  headers,
  params,
  body,
  method: body === undefined ? "POST" : undefined,
});

async function drain() {
  const db = await getDb();
  while ((await deliverDueWebhooks(db)) > 0) {}
}

async function endpointCount(merchantId: string): Promise<number> {
  const db = await getDb();
  return (
    await db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.merchantId, merchantId), isNull(webhookEndpoints.deletedAt)))
  ).length;
}

describe("dashboard webhook endpoints", () => {
  it("creates an endpoint (secret shown once), sends a test event, logs the delivery, resends it", async () => {
    const created = await create({
      url: target.url,
      enabled_events: ["invoice.paid", "invoice.expired"],
      description: "Orders",
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      object: "webhook_endpoint",
      livemode: false,
      url: target.url,
      enabled_events: ["invoice.paid", "invoice.expired"],
      description: "Orders",
      enabled: true,
    });
    expect(created.json.secret).toMatch(/^whsec_/);
    target.setSecret(created.json.secret);
    const id = created.json.id as string;

    const listed = await list();
    expect(listed.json.data.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.secret);
    const read = await callRoute(getRoute, { headers: shop.headers, params: { id } });
    expect(read.json.secret).toBeUndefined();

    const test = await callRoute(testRoute, at({ id }));
    expect(test.status, JSON.stringify(test.json)).toBe(201);
    expect(test.json).toMatchObject({ event_type: "webhook.test", status: "pending" });
    await drain();
    expect(target.accepted().map((hook) => hook.type)).toEqual(["webhook.test"]);

    const log = await callRoute(deliveriesRoute, {
      headers: shop.headers,
      params: { id },
      path: `/api/dashboard/webhook-endpoints/${id}/deliveries`,
    });
    expect(log.status).toBe(200);
    expect(log.json.data).toHaveLength(1);
    expect(log.json.data[0]).toMatchObject({
      id: test.json.id,
      event_type: "webhook.test",
      status: "succeeded",
      attempts: 1,
      last_status_code: 200,
    });
    expect(log.json.data[0].attempt_history).toHaveLength(1);

    const resent = await callRoute(redeliverRoute, at({ id, delivery_id: test.json.id }));
    expect(resent.status, JSON.stringify(resent.json)).toBe(200);
    expect(resent.json).toMatchObject({ status: "succeeded", attempts: 2, last_status_code: 200 });
    expect(resent.json.attempt_history).toHaveLength(2);
    expect(target.accepted()).toHaveLength(2);
  });

  it("disables and enables, rotates the secret (shown once), deletes", async () => {
    const { json: endpoint } = await create({ url: target.url });
    expect(endpoint.enabled_events).toEqual(["*"]);
    const off = await callRoute(
      updateRoute,
      at({ id: endpoint.id }, shop.headers, { enabled: false }),
    );
    expect(off.status).toBe(200);
    expect(off.json.enabled).toBe(false);
    const on = await callRoute(
      updateRoute,
      at({ id: endpoint.id }, shop.headers, { enabled: true }),
    );
    expect(on.json.enabled).toBe(true);

    const rotated = await callRoute(rotateRoute, at({ id: endpoint.id }));
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(endpoint.secret);
    expect(rotated.json.previous_secret_expires_at).toBeTruthy();

    const deleted = await callRoute(deleteRoute, at({ id: endpoint.id }));
    expect(deleted.status).toBe(200);
    expect(deleted.json.deleted).toBe(true);
    const gone = await callRoute(getRoute, { headers: shop.headers, params: { id: endpoint.id } });
    expect(gone.status).toBe(404);
    expect((await list()).json.data.map((e: { id: string }) => e.id)).not.toContain(endpoint.id);
  });

  it("refuses bad input with a 400 naming the field, and writes nothing", async () => {
    const before = await endpointCount(shop.merchant.id);
    const cases: [unknown, string][] = [
      [{}, "url"],
      [{ url: "not a url" }, "url"],
      [{ url: "ftp://127.0.0.1/hooks" }, "url"],
      [{ url: "http://[fe80::1]/hooks" }, "url"],
      [{ url: target.url, enabled_events: [] }, "enabled_events"],
      [{ url: target.url, enabled_events: ["invoice.shipped"] }, "enabled_events"],
      [{ url: target.url, description: "x".repeat(501) }, "description"],
      [{ url: target.url, secret: "whsec_mine" }, "secret"],
    ];
    for (const [body, param] of cases) {
      const { status, json } = await create(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(String(json.error.param), JSON.stringify(body)).toMatch(new RegExp(`^${param}`));
    }
    expect(await endpointCount(shop.merchant.id)).toBe(before);

    const [endpoint] = (await list()).json.data;
    const bad = await callRoute(
      updateRoute,
      at({ id: endpoint.id }, shop.headers, { enabled: "yes" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe("enabled");
    const badUrl = await callRoute(
      updateRoute,
      at({ id: endpoint.id }, shop.headers, { url: "http://0.0.0.0/" }),
    );
    expect(badUrl.status).toBe(400);
    expect(badUrl.json.error.param).toBe("url");
    const read = await callRoute(getRoute, { headers: shop.headers, params: { id: endpoint.id } });
    expect(read.json).toMatchObject({ url: endpoint.url, enabled: endpoint.enabled });
  });

  it("401 without a session, 403 without the CSRF token; nothing written or sent", async () => {
    const before = await endpointCount(shop.merchant.id);
    expect((await callRoute(listRoute)).status).toBe(401);
    const anonymous = await callRoute(createRoute, {
      body: { url: target.url },
      headers: { origin: shop.headers.origin },
    });
    expect(anonymous.status).toBe(401);
    const { "x-csrf-token": _, ...noCsrf } = shop.headers;
    expect(
      (await callRoute(createRoute, { body: { url: target.url }, headers: noCsrf })).status,
    ).toBe(403);
    expect(await endpointCount(shop.merchant.id)).toBe(before);

    const [endpoint] = (await list()).json.data;
    const db = await getDb();
    const deliveriesBefore = (
      await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))
    ).length;
    for (const route of [testRoute, rotateRoute]) {
      const { status } = await callRoute(route, {
        headers: noCsrf,
        params: { id: endpoint.id },
        method: "POST",
      });
      expect(status).toBe(403);
    }
    const forgedDelete = await callRoute(deleteRoute, {
      headers: noCsrf,
      params: { id: endpoint.id },
      method: "DELETE",
    });
    expect(forgedDelete.status).toBe(403);
    const deliveriesAfter = (
      await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))
    ).length;
    expect(deliveriesAfter).toBe(deliveriesBefore);
    expect(
      (await callRoute(getRoute, { headers: shop.headers, params: { id: endpoint.id } })).status,
    ).toBe(200);
  });

  it("another merchant's endpoints and deliveries are 404 and never listed", async () => {
    const { json: endpoint } = await create({ url: target.url });
    target.setSecret(endpoint.secret);
    const { json: delivery } = await callRoute(testRoute, at({ id: endpoint.id }));
    await drain();
    const id = endpoint.id as string;
    const asOther = other.headers;
    expect((await callRoute(getRoute, { headers: asOther, params: { id } })).status).toBe(404);
    expect((await callRoute(updateRoute, at({ id }, asOther, { enabled: false }))).status).toBe(
      404,
    );
    expect((await callRoute(rotateRoute, at({ id }, asOther))).status).toBe(404);
    expect((await callRoute(testRoute, at({ id }, asOther))).status).toBe(404);
    expect(
      (await callRoute(deleteRoute, { headers: asOther, params: { id }, method: "DELETE" })).status,
    ).toBe(404);
    expect(
      (
        await callRoute(deliveriesRoute, {
          headers: asOther,
          params: { id },
          path: `/api/dashboard/webhook-endpoints/${id}/deliveries`,
        })
      ).status,
    ).toBe(404);
    expect(
      (await callRoute(redeliverRoute, at({ id, delivery_id: delivery.id }, asOther))).status,
    ).toBe(404);
    expect((await list(asOther)).json.data).toEqual([]);

    // A delivery of one endpoint cannot be resent through another endpoint, even the merchant's own.
    const { json: otherEndpoint } = await create({ url: target.url }, asOther);
    const crossed = await callRoute(
      redeliverRoute,
      at({ id: otherEndpoint.id, delivery_id: delivery.id }, asOther),
    );
    expect(crossed.status).toBe(404);

    const mine = await callRoute(getRoute, { headers: shop.headers, params: { id } });
    expect(mine.json.enabled).toBe(true);
  });
});
