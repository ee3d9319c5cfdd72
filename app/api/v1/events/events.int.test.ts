import { expect, it } from "vitest";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { POST as cancelRoute } from "@/app/api/v1/invoices/[id]/cancel/route";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";
import { newInvoice, payByWallet, postHash, usdcOption } from "@/lib/tooling/testing/payments";
import { GET as getEventRoute } from "./[id]/route";
import { GET as listRoute } from "./route";

type ListedEvent = { id: string; type: string; created_at: string; data: { id: string } };

/** Every page of a listing, following starting_after from the last id of each page. */
async function allPages(apiKey: string, query: string) {
  const pages: ListedEvent[][] = [];
  let after: string | undefined;
  for (;;) {
    const path = `/api/v1/events?${query}${after ? `&starting_after=${after}` : ""}`;
    const { status, json } = await callRoute(listRoute, { apiKey, path });
    expect(status, JSON.stringify(json)).toBe(200);
    pages.push(json.data);
    if (!json.has_more) return pages;
    expect(json.data.length).toBeGreaterThan(0);
    after = json.data.at(-1).id;
  }
}

it("pages through a merchant's events newest first with starting_after, and filters by type", async () => {
  const { apiKey } = await createMerchant({ name: "Events Shop" });
  const stranger = await createMerchant();
  await newInvoice(stranger.apiKey);

  const invoices = [];
  for (let i = 0; i < 4; i++) invoices.push(await newInvoice(apiKey, { amount: "3.00" }));
  await callRoute(cancelRoute, { apiKey, method: "POST", params: { id: invoices[1]!.id } });
  // Paid by more than the amount: invoice.paid and invoice.overpaid in one transaction, 1 ms apart.
  const paid = invoices[3]!;
  const hash = await payByWallet(2, usdcOption(paid), 3_500_000n);
  expect((await postHash(submitPaymentRoute, paid.id, hash)).json.invoice).toMatchObject({
    status: "paid",
    exception: "overpaid",
  });

  const pages = await allPages(apiKey, "limit=2");
  expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
  const listed = pages.flat();
  expect(listed.map((event) => [event.type, event.data.id])).toEqual([
    ["invoice.overpaid", paid.id],
    ["invoice.paid", paid.id],
    ["invoice.canceled", invoices[1]!.id],
    ["invoice.created", invoices[3]!.id],
    ["invoice.created", invoices[2]!.id],
    ["invoice.created", invoices[1]!.id],
    ["invoice.created", invoices[0]!.id],
  ]);
  expect(new Set(listed.map((event) => event.id)).size).toBe(listed.length);
  const times = listed.map((event) => Date.parse(event.created_at));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  // One page of everything agrees with the pages.
  const whole = await callRoute(listRoute, { apiKey, path: "/api/v1/events?limit=100" });
  expect(whole.json.data.map((event: ListedEvent) => event.id)).toEqual(
    listed.map((event) => event.id),
  );
  expect(whole.json.has_more).toBe(false);

  // A type filter, paged too.
  const created = (await allPages(apiKey, "type=invoice.created&limit=3")).flat();
  expect(created.map((event) => event.data.id)).toEqual(
    [...invoices].reverse().map((invoice) => invoice.id),
  );
  expect(created.every((event) => event.type === "invoice.created")).toBe(true);
  const canceled = await callRoute(listRoute, {
    apiKey,
    path: "/api/v1/events?type=invoice.canceled",
  });
  expect(canceled.json.data.map((event: ListedEvent) => event.data.id)).toEqual([invoices[1]!.id]);
  const none = await callRoute(listRoute, { apiKey, path: "/api/v1/events?type=invoice.reverted" });
  expect(none.json).toMatchObject({ data: [], has_more: false });

  // Each listed event reads back as it was listed.
  const one = await callRoute(getEventRoute, { apiKey, params: { id: listed[2]!.id } });
  expect(one.json).toEqual(listed[2]);
});

it("refuses a starting_after that is not one of the merchant's events, and an unknown type", async () => {
  const { apiKey } = await createMerchant();
  const other = await createMerchant();
  await newInvoice(apiKey);
  await newInvoice(other.apiKey);
  const theirs = await callRoute(listRoute, { apiKey: other.apiKey, path: "/api/v1/events" });
  for (const after of [theirs.json.data[0].id, "evt_nothing"]) {
    const { status, json } = await callRoute(listRoute, {
      apiKey,
      path: `/api/v1/events?starting_after=${after}`,
    });
    expect(status).toBe(400);
    expect(json.error.param).toBe("starting_after");
  }
  const unknown = await callRoute(listRoute, { apiKey, path: "/api/v1/events?type=invoice.eaten" });
  expect(unknown.status).toBe(400);
  expect(unknown.json.error.param).toBe("type");
});
