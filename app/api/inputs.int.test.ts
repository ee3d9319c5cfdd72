import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as eventsRoute } from "@/app/api/checkout/[id]/events/route";
import { POST as postPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { GET as checkoutRoute } from "@/app/api/checkout/[id]/route";
import { GET as getInvoiceRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createInvoiceRoute, GET as listInvoicesRoute } from "@/app/api/v1/invoices/route";
import {
  GET as getLinkRoute,
  POST as updateLinkRoute,
} from "@/app/api/v1/payment-links/[id]/route";
import { POST as createLinkRoute } from "@/app/api/v1/payment-links/route";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook-endpoints/route";
import { GET as x402InvoiceRoute } from "@/app/api/x402/invoices/[id]/route";
import { getDb } from "@/lib/db/client";
import { invoices, paymentLinks, webhookEndpoints } from "@/lib/db/schema";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";

let apiKey: string;

beforeAll(async () => {
  ({ apiKey } = await createMerchant({ name: "Input Shop" }));
});

async function rows() {
  const db = await getDb();
  const [a] = await db.select({ n: count() }).from(invoices);
  const [b] = await db.select({ n: count() }).from(paymentLinks);
  const [c] = await db.select({ n: count() }).from(webhookEndpoints);
  return [a!.n, b!.n, c!.n];
}

const NUL = "\u0000";
const LONE = "\ud800";

describe("text that cannot be stored: a 400 naming the field, nothing written", () => {
  it("in every text field of invoices, links and webhook endpoints", async () => {
    const before = await rows();
    const invoice = { amount: "5.00", currency: "USD" };
    const cases: [string, typeof createInvoiceRoute, Record<string, unknown>, string][] = [
      ["description", createInvoiceRoute, { ...invoice, description: `tea${NUL}` }, "description"],
      ["order_id", createInvoiceRoute, { ...invoice, order_id: `A${LONE}` }, "order_id"],
      ["metadata", createInvoiceRoute, { ...invoice, metadata: { note: NUL } }, "metadata.note"],
      [
        "metadata key",
        createInvoiceRoute,
        { ...invoice, metadata: { [NUL]: "x" } },
        `metadata.${NUL}`,
      ],
      [
        "item name",
        createInvoiceRoute,
        { ...invoice, items: [{ name: `Tea${NUL}`, quantity: 1, unit_amount: "5.00" }] },
        "items.0.name",
      ],
      ["link description", createLinkRoute, { ...invoice, description: LONE }, "description"],
      [
        "endpoint description",
        createEndpointRoute,
        { url: "http://127.0.0.1:9/hook", description: `x${NUL}` },
        "description",
      ],
    ];
    for (const [what, route, body, param] of cases) {
      const answer = await callRoute(route, { apiKey, body });
      expect(answer.status, what).toBe(400);
      expect(answer.json.error, what).toMatchObject({ code: "parameter_invalid", param });
    }
    expect(await rows()).toEqual(before);
  });

  it("in a link's update and in query parameters", async () => {
    const link = await callRoute(createLinkRoute, {
      apiKey,
      body: { amount: "2.00", currency: "USD", description: "Class" },
    });
    const update = await callRoute(updateLinkRoute, {
      apiKey,
      params: { id: link.json.id },
      body: { description: `Class${NUL}` },
    });
    expect(update.status).toBe(400);
    expect(update.json.error.param).toBe("description");
    const unchanged = await callRoute(getLinkRoute, { apiKey, params: { id: link.json.id } });
    expect(unchanged.json.description).toBe("Class");

    const listed = await callRoute(listInvoicesRoute, {
      apiKey,
      path: "/api/v1/invoices?starting_after=inv_%00",
    });
    expect(listed.status).toBe(400);
    expect(listed.json.error.param).toBe("starting_after");
  });
});

describe("amounts", () => {
  it("are read as the number they spell and echoed in their normal form; other spellings are refused", async () => {
    for (const [given, normal] of [
      [" 12.5", "12.50"],
      ["00012.50", "12.50"],
      ["7", "7.00"],
    ]) {
      const created = await callRoute(createInvoiceRoute, {
        apiKey,
        body: { amount: given, currency: "USD" },
      });
      expect(created.status, given).toBe(201);
      expect(created.json.amount, given).toBe(normal);
    }
    const before = await rows();
    for (const given of ["1e3", "12,50", "-1", "+5", "0x10", "12.505", "", " "]) {
      const refused = await callRoute(createInvoiceRoute, {
        apiKey,
        body: { amount: given, currency: "USD" },
      });
      expect(refused.status, given).toBe(400);
      expect(refused.json.error.param, given).toBe("amount");
    }
    expect(await rows()).toEqual(before);
  });
});

describe("an id that cannot be stored is a 404, on the API and the public endpoints", () => {
  it("GET /api/v1/invoices/%00, /api/checkout/%00 and its events, posts to it, x402", async () => {
    for (const id of [NUL, `inv_${NUL}`, LONE]) {
      const params = { id };
      const answers = [
        await callRoute(getInvoiceRoute, { apiKey, params }),
        await callRoute(checkoutRoute, { params }),
        await callRoute(eventsRoute, { params }),
        await callRoute(postPaymentRoute, {
          params,
          body: { chain_id: 31337, tx_hash: `0x${"ab".repeat(32)}` },
        }),
        await callRoute(x402InvoiceRoute, { params }),
      ];
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(id)).toBe(404);
        expect(answer.json.error.code).toBe("resource_not_found");
      }
    }
  });
});
