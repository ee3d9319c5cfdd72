import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { apiKeys, webhookAttempts, webhookDeliveries } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { generateApiKey, hashApiKey, keyPrefix } from "@/lib/merchants/keyMaterial";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";
import { GET as getEventRoute } from "./events/[id]/route";
import { GET as listEventsRoute } from "./events/route";
import { POST as cancelRoute } from "./invoices/[id]/cancel/route";
import { GET as getInvoiceRoute } from "./invoices/[id]/route";
import { POST as createInvoiceRoute, GET as listInvoicesRoute } from "./invoices/route";
import { GET as getLinkRoute, POST as updateLinkRoute } from "./payment-links/[id]/route";
import { POST as createLinkRoute, GET as listLinksRoute } from "./payment-links/route";
import { POST as redeliverRoute } from "./webhook-endpoints/[id]/deliveries/[delivery_id]/redeliver/route";
import { GET as listDeliveriesRoute } from "./webhook-endpoints/[id]/deliveries/route";
import { POST as createEndpointRoute } from "./webhook-endpoints/route";

/**
 * One merchant's key never reads, lists, cancels, updates or replays another's objects, and a
 * live key never sees test-mode objects: every endpoint answers 404, as if they did not exist.
 */
let owner: Awaited<ReturnType<typeof createMerchant>>;
let stranger: Awaited<ReturnType<typeof createMerchant>>;
let ownerLiveKey: string;
let invoiceId: string;
let linkId: string;
let eventId: string;
let endpointId: string;
let deliveryId: string;
let strangerEndpointId: string;

beforeAll(async () => {
  owner = await createMerchant({ name: "Owner" });
  stranger = await createMerchant({ name: "Stranger" });
  ownerLiveKey = generateApiKey("live");
  const db = await getDb();
  await db.insert(apiKeys).values({
    id: newId("key"),
    merchantId: owner.merchant.id,
    mode: "live",
    keyHash: hashApiKey(ownerLiveKey),
    keyPrefix: keyPrefix(ownerLiveKey),
  });
  // An endpoint first, so the invoice's invoice.created event gets a delivery to it.
  endpointId = (
    await callRoute(createEndpointRoute, {
      apiKey: owner.apiKey,
      body: { url: "http://127.0.0.1:9/owner-hook" },
    })
  ).json.id;
  strangerEndpointId = (
    await callRoute(createEndpointRoute, {
      apiKey: stranger.apiKey,
      body: { url: "http://127.0.0.1:9/stranger-hook" },
    })
  ).json.id;
  invoiceId = (
    await callRoute(createInvoiceRoute, {
      apiKey: owner.apiKey,
      body: { amount: "3.00", currency: "USD" },
    })
  ).json.id;
  linkId = (
    await callRoute(createLinkRoute, {
      apiKey: owner.apiKey,
      body: { amount: "3.00", currency: "USD" },
    })
  ).json.id;
  const ownEvents = await callRoute(listEventsRoute, {
    apiKey: owner.apiKey,
    path: "/api/v1/events?limit=100",
  });
  eventId = ownEvents.json.data[0].id;
  const deliveries = await callRoute(listDeliveriesRoute, {
    apiKey: owner.apiKey,
    path: `/api/v1/webhook-endpoints/${endpointId}/deliveries`,
    params: { id: endpointId },
  });
  deliveryId = deliveries.json.data[0].id;
  expect(eventId).toMatch(/^evt_/);
  expect(deliveryId).toBeTruthy();
});

/** The owner's delivery row and its attempts: what a refused redelivery must leave alone. */
async function deliveryState() {
  const db = await getDb();
  const [delivery] = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, deliveryId));
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId));
  return { delivery, attempts: attempts.length };
}

const outsiders = () => [
  ["another merchant's key", stranger.apiKey],
  ["the owner's live key (test-mode objects)", ownerLiveKey],
];

describe.each([0, 1])("as outsider %i", (which) => {
  const key = () => outsiders()[which]![1]!;

  it("GET /api/v1/invoices/{id} is a 404", async () => {
    const { status, json } = await callRoute(getInvoiceRoute, {
      apiKey: key(),
      params: { id: invoiceId },
    });
    expect(status).toBe(404);
    expect(json.error.code).toBe("resource_not_found");
  });

  it("GET /api/v1/invoices does not list it", async () => {
    const { json } = await callRoute(listInvoicesRoute, {
      apiKey: key(),
      path: "/api/v1/invoices?limit=100",
    });
    expect(json.data.map((invoice: { id: string }) => invoice.id)).not.toContain(invoiceId);
  });

  it("POST /api/v1/invoices/{id}/cancel is a 404 and the invoice stays open", async () => {
    const { status } = await callRoute(cancelRoute, {
      apiKey: key(),
      method: "POST",
      params: { id: invoiceId },
    });
    expect(status).toBe(404);
    const { json } = await callRoute(getInvoiceRoute, {
      apiKey: owner.apiKey,
      params: { id: invoiceId },
    });
    expect(json.status).toBe("open");
  });

  it("GET /api/v1/payment-links/{id} is a 404", async () => {
    expect((await callRoute(getLinkRoute, { apiKey: key(), params: { id: linkId } })).status).toBe(
      404,
    );
  });

  it("POST /api/v1/payment-links/{id} is a 404 and the link is unchanged", async () => {
    const { status } = await callRoute(updateLinkRoute, {
      apiKey: key(),
      params: { id: linkId },
      body: { active: false },
    });
    expect(status).toBe(404);
    const { json } = await callRoute(getLinkRoute, {
      apiKey: owner.apiKey,
      params: { id: linkId },
    });
    expect(json.active).toBe(true);
  });

  it("GET /api/v1/payment-links does not list it", async () => {
    const { json } = await callRoute(listLinksRoute, {
      apiKey: key(),
      path: "/api/v1/payment-links?limit=100",
    });
    expect(json.data.map((link: { id: string }) => link.id)).not.toContain(linkId);
  });

  it("GET /api/v1/events does not list the owner's events", async () => {
    const { status, json } = await callRoute(listEventsRoute, {
      apiKey: key(),
      path: "/api/v1/events?limit=100",
    });
    expect(status).toBe(200);
    const ids = json.data.map((event: { id: string }) => event.id);
    expect(ids).not.toContain(eventId);
    for (const event of json.data) expect(event.data.id).not.toBe(invoiceId);
  });

  it("GET /api/v1/events/{id} is a 404", async () => {
    const { status, json } = await callRoute(getEventRoute, {
      apiKey: key(),
      params: { id: eventId },
    });
    expect(status).toBe(404);
    expect(json.error.code).toBe("resource_not_found");
  });

  it("GET /api/v1/events with the owner's event as starting_after answers as for no such event", async () => {
    const list = (cursor: string) =>
      callRoute(listEventsRoute, {
        apiKey: key(),
        path: `/api/v1/events?starting_after=${cursor}`,
      });
    const theirs = await list(eventId);
    const missing = await list("evt_00000000000000000000000000");
    expect(theirs.status).toBe(400);
    expect(theirs.json).toEqual(missing.json);
    expect(theirs.json.error.param).toBe("starting_after");
  });

  it("GET /api/v1/payment-links with the owner's link as starting_after answers as for no such link", async () => {
    const list = (cursor: string) =>
      callRoute(listLinksRoute, {
        apiKey: key(),
        path: `/api/v1/payment-links?starting_after=${cursor}`,
      });
    const theirs = await list(linkId);
    const missing = await list("plink_00000000000000000000000000");
    expect(theirs.status).toBe(400);
    expect(theirs.json).toEqual(missing.json);
    expect(JSON.stringify(theirs.json)).not.toContain("3.00");
  });

  it("redelivering the owner's delivery through the owner's endpoint is a 404 and sends nothing", async () => {
    const before = await deliveryState();
    const { status, json } = await callRoute(redeliverRoute, {
      apiKey: key(),
      method: "POST",
      params: { id: endpointId, delivery_id: deliveryId },
    });
    expect(status).toBe(404);
    expect(json.error.code).toBe("resource_not_found");
    expect(await deliveryState()).toEqual(before);
  });

  it("an Idempotency-Key the owner used does not replay the owner's answer", async () => {
    const headers = { "idempotency-key": "isolation-key" };
    const mine = await callRoute(createLinkRoute, {
      apiKey: owner.apiKey,
      body: { amount: "9.00", currency: "USD" },
      headers,
    });
    const theirs = await callRoute(createLinkRoute, {
      apiKey: key(),
      body: { amount: "9.00", currency: "USD" },
      headers,
    });
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    if (theirs.status === 201) expect(theirs.json.id).not.toBe(mine.json.id);
    else expect(theirs.json.error.code).toBe("currency_not_accepted"); // live mode has no chain here
  });
});

describe("another merchant's delivery through one's own endpoint", () => {
  it("POST …/{own endpoint}/deliveries/{their delivery}/redeliver is a 404 and sends nothing", async () => {
    const before = await deliveryState();
    expect(before.delivery!.endpointId).toBe(endpointId);
    const { status, json } = await callRoute(redeliverRoute, {
      apiKey: stranger.apiKey,
      method: "POST",
      params: { id: strangerEndpointId, delivery_id: deliveryId },
    });
    expect(status).toBe(404);
    expect(json.error.code).toBe("resource_not_found");
    expect(await deliveryState()).toEqual(before);
  });
});
