import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { GET as getEventRoute } from "@/app/api/v1/events/[id]/route";
import { GET as listEventsRoute } from "@/app/api/v1/events/route";
import { POST as cancelRoute } from "@/app/api/v1/invoices/[id]/cancel/route";
import { resetConfigForTests } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";
import { newInvoice, payByWallet, postHash, usdcOption } from "@/lib/tooling/testing/payments";
import { startWebhookReceiver, type WebhookReceiver } from "@/lib/tooling/testing/webhookReceiver";
import { failPausedDeliveriesPastWindow, PAUSED_TOO_LONG } from "@/lib/webhooks/pausedDeliveries";
import { DEFAULT_RETRY_DELAYS_SECONDS } from "@/lib/webhooks/schedule";
import { deliverDueWebhooks } from "@/lib/webhooks/sender";
import { POST as redeliverRoute } from "./[id]/deliveries/[delivery_id]/redeliver/route";
import { GET as deliveriesRoute } from "./[id]/deliveries/route";
import { POST as rotateRoute } from "./[id]/rotate-secret/route";
import { DELETE as deleteRoute, GET as getRoute, POST as updateRoute } from "./[id]/route";
import { POST as testRoute } from "./[id]/test/route";
import { POST as createRoute, GET as listRoute } from "./route";

const receivers: WebhookReceiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
});
afterEach(() => {
  delete process.env.WEBHOOK_RETRY_SCHEDULE;
  delete process.env.WEBHOOK_TIMEOUT_MS;
  resetConfigForTests();
});

async function receiver(options: Parameters<typeof startWebhookReceiver>[0] = {}) {
  const started = await startWebhookReceiver(options);
  receivers.push(started);
  return started;
}

async function endpointFor(
  apiKey: string,
  target: WebhookReceiver,
  body: Record<string, unknown> = {},
) {
  const { status, json } = await callRoute(createRoute, {
    apiKey,
    body: { url: target.url, ...body },
  });
  expect(status, JSON.stringify(json)).toBe(201);
  target.setSecret(json.secret);
  return json as { id: string; secret: string };
}

/** Runs the sender until nothing is due (the background loop does this every half second). */
async function drain() {
  const db = await getDb();
  while ((await deliverDueWebhooks(db)) > 0) {}
}

describe("webhook endpoints API", () => {
  it("creates an endpoint whose whsec_ secret is shown once", async () => {
    const { apiKey } = await createMerchant();
    const target = await receiver();
    const { status, json } = await callRoute(createRoute, {
      apiKey,
      body: { url: target.url, enabled_events: ["invoice.paid"], description: "orders" },
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      object: "webhook_endpoint",
      livemode: false,
      url: target.url,
      enabled_events: ["invoice.paid"],
      description: "orders",
      enabled: true,
      flagged_at: null,
    });
    expect(json.id).toMatch(/^we_/);
    expect(json.secret).toMatch(/^whsec_/);
    const read = await callRoute(getRoute, { apiKey, params: { id: json.id } });
    expect(read.json.secret).toBeUndefined();
    const listed = await callRoute(listRoute, { apiKey, path: "/api/v1/webhook-endpoints" });
    expect(listed.json.data.map((e: { id: string }) => e.id)).toEqual([json.id]);
    expect(listed.json.data[0].secret).toBeUndefined();
  });

  it.each([
    [{ url: "ftp://127.0.0.1/" }, "url"],
    [{ url: "http://[::a9fe:a9fe]/hooks" }, "url"],
    [{ url: "http://169.254.169.254/latest" }, "url"],
    [{ url: "http://127.0.0.1/", enabled_events: ["invoice.exploded"] }, "enabled_events.0"],
    [{ url: "http://127.0.0.1/", enabled_events: [] }, "enabled_events"],
    [{ url: "http://127.0.0.1/", colour: "red" }, "colour"],
    [{}, "url"],
  ])("refuses %j naming %s, creating nothing", async (body, param) => {
    const { apiKey } = await createMerchant();
    const { status, json } = await callRoute(createRoute, { apiKey, body });
    expect(status).toBe(400);
    expect(json.error.param).toBe(param);
    const listed = await callRoute(listRoute, { apiKey, path: "/api/v1/webhook-endpoints" });
    expect(listed.json.data).toEqual([]);
  });

  it("live mode takes https to public addresses only", async () => {
    const live = await createMerchant({ mode: "live" });
    for (const url of [
      "http://93.184.216.34/hooks",
      "https://127.0.0.1/hooks",
      "https://[::1]/hooks",
      "https://192.168.1.20/",
      // IPv6 forms of loopback, link-local and private IPv4 addresses.
      "https://[::7f00:1]/",
      "https://[::a9fe:a9fe]/",
      "https://[2002:7f00:1::1]/",
      "https://[::ffff:0:7f00:1]/",
      "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
      "https://[fec0::1]/",
      "https://[64:ff9b::a9fe:a9fe]/",
    ]) {
      const { status, json } = await callRoute(createRoute, { apiKey: live.apiKey, body: { url } });
      expect(status, url).toBe(400);
      expect(json.error.param).toBe("url");
    }
    const ok = await callRoute(createRoute, {
      apiKey: live.apiKey,
      body: { url: "https://93.184.216.34/hooks" },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.livemode).toBe(true);
  });

  it("updates, disables, deletes", async () => {
    const { apiKey } = await createMerchant();
    const target = await receiver();
    const endpoint = await endpointFor(apiKey, target);
    const changed = await callRoute(updateRoute, {
      apiKey,
      params: { id: endpoint.id },
      body: {
        enabled_events: ["invoice.paid", "invoice.expired"],
        description: null,
        enabled: false,
      },
    });
    expect(changed.json).toMatchObject({
      enabled_events: ["invoice.paid", "invoice.expired"],
      description: null,
      enabled: false,
    });
    const deleted = await callRoute(deleteRoute, {
      apiKey,
      method: "DELETE",
      params: { id: endpoint.id },
    });
    expect(deleted.json).toMatchObject({ id: endpoint.id, deleted: true });
    expect((await callRoute(getRoute, { apiKey, params: { id: endpoint.id } })).status).toBe(404);
  });

  it("another merchant's or the other mode's endpoint is a 404 everywhere", async () => {
    const owner = await createMerchant();
    const stranger = await createMerchant();
    const live = await createMerchant({ mode: "live" });
    const endpoint = await endpointFor(owner.apiKey, await receiver());
    for (const apiKey of [stranger.apiKey, live.apiKey]) {
      const params = { id: endpoint.id };
      expect((await callRoute(getRoute, { apiKey, params })).status).toBe(404);
      expect(
        (await callRoute(updateRoute, { apiKey, params, body: { enabled: false } })).status,
      ).toBe(404);
      expect((await callRoute(deleteRoute, { apiKey, method: "DELETE", params })).status).toBe(404);
      expect((await callRoute(rotateRoute, { apiKey, method: "POST", params })).status).toBe(404);
      expect((await callRoute(testRoute, { apiKey, method: "POST", params })).status).toBe(404);
      expect((await callRoute(deliveriesRoute, { apiKey, params })).status).toBe(404);
      const listed = await callRoute(listRoute, { apiKey, path: "/api/v1/webhook-endpoints" });
      expect(listed.json.data.map((e: { id: string }) => e.id)).not.toContain(endpoint.id);
    }
    expect(
      (await callRoute(getRoute, { apiKey: owner.apiKey, params: { id: endpoint.id } })).json
        .enabled,
    ).toBe(true);
  });
});

describe("delivery", () => {
  it("a paid invoice produces exactly the expected events, in order, each delivered and verified", async () => {
    const { apiKey } = await createMerchant({ name: "Hook Shop" });
    const target = await receiver();
    await endpointFor(apiKey, target);
    const invoice = await newInvoice(apiKey, { amount: "12.00" });
    const hash = await payByWallet(1, usdcOption(invoice));
    expect((await postHash(submitPaymentRoute, invoice.id, hash)).json.invoice.status).toBe("paid");
    await drain();

    const accepted = target.accepted();
    expect(accepted.map((entry) => entry.type)).toEqual(["invoice.created", "invoice.paid"]);
    expect(target.received.every((entry) => entry.verified)).toBe(true);
    const paid = JSON.parse(accepted[1]!.body);
    expect(paid).toMatchObject({
      object: "event",
      type: "invoice.paid",
      livemode: false,
      data: { id: invoice.id, status: "paid", amount_paid: "12.00" },
    });
    expect(accepted[1]!.headers["webhook-id"]).toBe(paid.id);
    // Each exactly once: nothing is left to send.
    await drain();
    expect(target.received).toHaveLength(2);

    // The events API shows the same events.
    const listed = await callRoute(listEventsRoute, { apiKey, path: "/api/v1/events?limit=10" });
    const ours = listed.json.data.filter(
      (event: { data: { id: string } }) => event.data.id === invoice.id,
    );
    expect(ours.map((event: { type: string }) => event.type)).toEqual([
      "invoice.paid",
      "invoice.created",
    ]);
    const one = await callRoute(getEventRoute, { apiKey, params: { id: paid.id } });
    expect(one.json).toEqual(paid);
  });

  it("only subscribed types are delivered, and nothing in the other mode or to another merchant", async () => {
    const { apiKey } = await createMerchant();
    const other = await createMerchant();
    const target = await receiver();
    const otherTarget = await receiver();
    await endpointFor(apiKey, target, { enabled_events: ["invoice.canceled"] });
    await endpointFor(other.apiKey, otherTarget);
    const invoice = await newInvoice(apiKey);
    await callRoute(cancelRoute, { apiKey, method: "POST", params: { id: invoice.id } });
    await drain();
    expect(target.accepted().map((entry) => entry.type)).toEqual(["invoice.canceled"]);
    expect(otherTarget.received).toEqual([]);
  });

  it("500 three times, then 200: delivered once successfully, every attempt recorded", async () => {
    process.env.WEBHOOK_RETRY_SCHEDULE = "1,1,1,1";
    resetConfigForTests();
    const { apiKey } = await createMerchant();
    const target = await receiver({ answers: [500, 500, 500] });
    const endpoint = await endpointFor(apiKey, target, { enabled_events: ["invoice.created"] });
    await newInvoice(apiKey);
    const db = await getDb();
    for (let round = 0; round < 20 && target.accepted().length === 0; round++) {
      await deliverDueWebhooks(db);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(target.received.map((entry) => entry.status)).toEqual([500, 500, 500, 200]);
    expect(target.accepted()).toHaveLength(1);
    const { json } = await callRoute(deliveriesRoute, { apiKey, params: { id: endpoint.id } });
    expect(json.data).toHaveLength(1);
    expect(json.data[0]).toMatchObject({
      status: "succeeded",
      attempts: 4,
      last_status_code: 200,
      next_attempt_at: null,
    });
    expect(
      json.data[0].attempt_history.map((attempt: { status_code: number }) => attempt.status_code),
    ).toEqual([500, 500, 500, 200]);
    expect(
      json.data[0].attempt_history.every(
        (attempt: { latency_ms: number }) => attempt.latency_ms >= 0,
      ),
    ).toBe(true);
  });

  it("an endpoint slower than the timeout: the attempt is recorded as failed and retried", async () => {
    process.env.WEBHOOK_TIMEOUT_MS = "500";
    process.env.WEBHOOK_RETRY_SCHEDULE = "1,1";
    resetConfigForTests();
    const { apiKey } = await createMerchant();
    // The first answer takes 1.5 s, three times the timeout; the next is at once.
    const target = await receiver({ delaysMs: [1500] });
    const endpoint = await endpointFor(apiKey, target, { enabled_events: ["invoice.created"] });
    await newInvoice(apiKey);
    const db = await getDb();
    const started = Date.now();
    await deliverDueWebhooks(db);
    // The sender gave up at the timeout, not when the endpoint finally answered.
    expect(Date.now() - started).toBeLessThan(1450);
    const first = (await callRoute(deliveriesRoute, { apiKey, params: { id: endpoint.id } })).json
      .data[0];
    expect(first).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: null,
      last_error: "no answer within 0.5 s",
    });
    expect(first.last_latency_ms).toBeGreaterThanOrEqual(500);
    expect(Date.parse(first.next_attempt_at)).toBeGreaterThan(started);

    for (let round = 0; round < 20 && target.accepted().length < 2; round++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await deliverDueWebhooks(db);
    }
    const after = (await callRoute(deliveriesRoute, { apiKey, params: { id: endpoint.id } })).json
      .data[0];
    expect(after).toMatchObject({ status: "succeeded", attempts: 2, last_status_code: 200 });
    expect(
      after.attempt_history.map((attempt: { status_code: number | null }) => attempt.status_code),
    ).toEqual([null, 200]);
    // The slow endpoint did process the first request late: the same event id arrives twice,
    // which is why receivers drop a second copy by webhook-id.
    expect(target.accepted().map((entry) => entry.id)).toEqual([after.event_id, after.event_id]);
  });

  it("after the last attempt the delivery fails and the endpoint is flagged; a redelivery that works clears it", async () => {
    process.env.WEBHOOK_RETRY_SCHEDULE = "1";
    resetConfigForTests();
    const { apiKey } = await createMerchant();
    const target = await receiver({ answers: [503, 503] });
    const endpoint = await endpointFor(apiKey, target, { enabled_events: ["invoice.created"] });
    await newInvoice(apiKey);
    const db = await getDb();
    for (let round = 0; round < 20; round++) {
      await deliverDueWebhooks(db);
      const [row] = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpoint.id));
      if (row?.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const listed = await callRoute(deliveriesRoute, { apiKey, params: { id: endpoint.id } });
    const delivery = listed.json.data[0];
    expect(delivery).toMatchObject({ status: "failed", attempts: 2, last_status_code: 503 });
    expect(
      (await callRoute(getRoute, { apiKey, params: { id: endpoint.id } })).json.flagged_at,
    ).not.toBeNull();

    const again = await callRoute(redeliverRoute, {
      apiKey,
      method: "POST",
      params: { id: endpoint.id, delivery_id: delivery.id },
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: "succeeded", attempts: 3, last_status_code: 200 });
    expect(
      (await callRoute(getRoute, { apiKey, params: { id: endpoint.id } })).json.flagged_at,
    ).toBeNull();
    expect(target.accepted()).toHaveLength(1);
  });

  it("disabling pauses: retries and new events wait, then go out oldest first on re-enable", async () => {
    process.env.WEBHOOK_RETRY_SCHEDULE = "1,1,1";
    resetConfigForTests();
    const { apiKey } = await createMerchant();
    const target = await receiver({ answers: [500] });
    const endpoint = await endpointFor(apiKey, target, { enabled_events: ["invoice.created"] });
    const first = await newInvoice(apiKey);
    await drain();
    expect(target.received.map((entry) => entry.status)).toEqual([500]);

    const paused = await callRoute(updateRoute, {
      apiKey,
      params: { id: endpoint.id },
      body: { enabled: false },
    });
    expect(paused.json.enabled).toBe(false);
    // Events while paused: two it subscribes to, and one (canceled) it does not.
    const second = await newInvoice(apiKey);
    const third = await newInvoice(apiKey);
    await callRoute(cancelRoute, { apiKey, method: "POST", params: { id: third.id } });
    // Past the first retry's time: a paused endpoint is still not tried, nor its retry failed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await drain();
    expect(target.received).toHaveLength(1);
    const waiting = await callRoute(deliveriesRoute, { apiKey, params: { id: endpoint.id } });
    expect(
      waiting.json.data.map((d: { status: string; attempts: number }) => [d.status, d.attempts]),
    ).toEqual([
      ["pending", 0],
      ["pending", 0],
      ["pending", 1],
    ]);

    await callRoute(updateRoute, { apiKey, params: { id: endpoint.id }, body: { enabled: true } });
    await drain();
    const delivered = target.accepted().map((entry) => JSON.parse(entry.body).data.id);
    expect(delivered).toEqual([first.id, second.id, third.id]);
    expect(target.accepted().map((entry) => entry.type)).toEqual([
      "invoice.created",
      "invoice.created",
      "invoice.created",
    ]);
    const after = await callRoute(deliveriesRoute, { apiKey, params: { id: endpoint.id } });
    expect(after.json.data.map((d: { status: string }) => d.status)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
  });

  it("a paused delivery older than the retry window fails instead of going out days late", async () => {
    const { apiKey } = await createMerchant();
    const target = await receiver();
    const endpoint = await endpointFor(apiKey, target, { enabled_events: ["invoice.created"] });
    await callRoute(updateRoute, { apiKey, params: { id: endpoint.id }, body: { enabled: false } });
    const [stale, alsoStale, recent] = [
      await newInvoice(apiKey),
      await newInvoice(apiKey),
      await newInvoice(apiKey),
    ];
    const db = await getDb();
    const deliveryOf = async (invoiceId: string) => {
      const [row] = await db
        .select({ delivery: webhookDeliveries })
        .from(webhookDeliveries)
        .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
        .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(events.invoiceId, invoiceId)));
      return row!.delivery;
    };
    const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000);
    const age = async (invoiceId: string) =>
      db
        .update(webhookDeliveries)
        .set({ createdAt: fourDaysAgo, nextAttemptAt: fourDaysAgo })
        .where(eq(webhookDeliveries.id, (await deliveryOf(invoiceId)).id));

    // The sender's periodic sweep: about 3 days after the event, a paused delivery fails.
    await age(stale.id);
    const failed = await failPausedDeliveriesPastWindow(db, {
      now: new Date(),
      retryDelays: DEFAULT_RETRY_DELAYS_SECONDS,
    });
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(await deliveryOf(stale.id)).toMatchObject({ status: "failed", attempts: 0 });
    expect((await deliveryOf(recent.id)).status).toBe("pending");

    // Re-enabling does the same before anything goes out.
    await age(alsoStale.id);
    await callRoute(updateRoute, { apiKey, params: { id: endpoint.id }, body: { enabled: true } });
    await drain();
    expect(target.accepted().map((entry) => JSON.parse(entry.body).data.id)).toEqual([recent.id]);
    expect(await deliveryOf(alsoStale.id)).toMatchObject({
      status: "failed",
      lastError: PAUSED_TOO_LONG,
    });
    // The merchant paused it: that is not the endpoint failing.
    expect(
      (await callRoute(getRoute, { apiKey, params: { id: endpoint.id } })).json.flagged_at,
    ).toBeNull();
  });

  it("the test button sends a verified webhook.test event to that endpoint only", async () => {
    const { apiKey } = await createMerchant();
    const [one, two] = [await receiver(), await receiver()];
    const endpoint = await endpointFor(apiKey, one, { enabled_events: ["invoice.paid"] });
    await endpointFor(apiKey, two);
    const { status, json } = await callRoute(testRoute, {
      apiKey,
      method: "POST",
      params: { id: endpoint.id },
    });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      object: "webhook_delivery",
      event_type: "webhook.test",
      status: "pending",
    });
    await drain();
    expect(one.accepted().map((entry) => entry.type)).toEqual(["webhook.test"]);
    expect(two.received).toEqual([]);
  });

  it("after a rotation both secrets verify for 24 hours; the new one alone after that", async () => {
    const { apiKey } = await createMerchant();
    const target = await receiver();
    const endpoint = await endpointFor(apiKey, target, { enabled_events: ["webhook.test"] });
    const rotated = await callRoute(rotateRoute, {
      apiKey,
      method: "POST",
      params: { id: endpoint.id },
    });
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(endpoint.secret);
    await callRoute(testRoute, { apiKey, method: "POST", params: { id: endpoint.id } });
    await drain();
    const [delivered] = target.accepted();
    const headers = delivered!.headers as Record<string, string>;
    expect(() => new Webhook(endpoint.secret).verify(delivered!.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.json.secret).verify(delivered!.body, headers)).not.toThrow();

    // The merchant deploys the new secret; a day later the old one stops signing.
    target.setSecret(rotated.json.secret);
    const db = await getDb();
    await db
      .update(webhookEndpoints)
      .set({ previousSecretExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await callRoute(testRoute, { apiKey, method: "POST", params: { id: endpoint.id } });
    await drain();
    expect(target.accepted()).toHaveLength(2);
    const latest = target.accepted().at(-1)!;
    const latestHeaders = latest.headers as Record<string, string>;
    expect(latestHeaders["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(() => new Webhook(endpoint.secret).verify(latest.body, latestHeaders)).toThrow();
    expect(() => new Webhook(rotated.json.secret).verify(latest.body, latestHeaders)).not.toThrow();
  });

  it("a tampered body or a replayed request with another id fails verification at the receiver", async () => {
    const { apiKey } = await createMerchant();
    const target = await receiver();
    const endpoint = await endpointFor(apiKey, target, { enabled_events: ["webhook.test"] });
    await callRoute(testRoute, { apiKey, method: "POST", params: { id: endpoint.id } });
    await drain();
    const [genuine] = target.accepted();
    const headers = { ...(genuine!.headers as Record<string, string>) };
    const replay = (body: string, extra: Record<string, string> = {}) =>
      fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": headers["webhook-id"]!,
          "webhook-timestamp": headers["webhook-timestamp"]!,
          "webhook-signature": headers["webhook-signature"]!,
          ...extra,
        },
        body,
      });
    expect((await replay(genuine!.body)).status).toBe(200);
    expect((await replay(genuine!.body.replace("test event", "paid event"))).status).toBe(400);
    expect((await replay(genuine!.body, { "webhook-id": "evt_forged" })).status).toBe(400);
    expect(
      (
        await replay(genuine!.body, {
          "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600),
        })
      ).status,
    ).toBe(400);
  });

  it("never connects to an internal address, even if the endpoint's host later points there", async () => {
    const live = await createMerchant({ mode: "live" });
    const created = await callRoute(createRoute, {
      apiKey: live.apiKey,
      body: { url: "https://93.184.216.34/hooks" },
    });
    // As if DNS now answered with the metadata service (a rebinding attack).
    const db = await getDb();
    await db
      .update(webhookEndpoints)
      .set({ url: "http://169.254.169.254/latest/meta-data" })
      .where(eq(webhookEndpoints.id, created.json.id));
    await callRoute(testRoute, {
      apiKey: live.apiKey,
      method: "POST",
      params: { id: created.json.id },
    });
    await deliverDueWebhooks(db);
    const [attempt] = await db
      .select()
      .from(webhookAttempts)
      .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
      .where(eq(webhookDeliveries.endpointId, created.json.id));
    expect(attempt!.webhook_attempts.statusCode).toBeNull();
    expect(attempt!.webhook_attempts.error).toMatch(/may not reach/);
  });
});

beforeAll(() => {
  resetConfigForTests();
});
