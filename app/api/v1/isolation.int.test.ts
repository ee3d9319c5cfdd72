import { beforeAll, describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, keyPrefix } from "@/lib/api/keys";
import { getDb } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { callRoute, createMerchant } from "@/lib/testing/fixtures";
import { POST as cancelRoute } from "./invoices/[id]/cancel/route";
import { GET as getInvoiceRoute } from "./invoices/[id]/route";
import { POST as createInvoiceRoute, GET as listInvoicesRoute } from "./invoices/route";
import { GET as getLinkRoute, POST as updateLinkRoute } from "./payment-links/[id]/route";
import { POST as createLinkRoute, GET as listLinksRoute } from "./payment-links/route";

/**
 * One merchant's key never reads, lists, cancels, updates or replays another's objects, and a
 * live key never sees test-mode objects: every endpoint answers 404, as if they did not exist.
 */
let owner: Awaited<ReturnType<typeof createMerchant>>;
let stranger: Awaited<ReturnType<typeof createMerchant>>;
let ownerLiveKey: string;
let invoiceId: string;
let linkId: string;

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
});

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
