import { afterEach, describe, expect, it } from "vitest";
import { GET as checkoutRoute } from "@/app/api/checkout/[id]/route";
import { resetConfigForTests } from "@/lib/config/config";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";
import { GET as getInvoiceRoute } from "./invoices/[id]/route";
import { POST as createInvoiceRoute } from "./invoices/route";

afterEach(() => {
  process.env.RATE_LIMIT_PER_KEY = "0";
  process.env.RATE_LIMIT_PER_ADDRESS = "0";
  resetConfigForTests();
});

describe("rate limits", () => {
  it("per API key: past the burst a 429 with Retry-After, other keys unaffected", async () => {
    const shop = await createMerchant();
    const other = await createMerchant();
    process.env.RATE_LIMIT_PER_KEY = "1"; // 1 per second, bursts of 2
    resetConfigForTests();
    const create = (apiKey: string) =>
      callRoute(createInvoiceRoute, { apiKey, body: { amount: "1.00", currency: "USD" } });
    expect((await create(shop.apiKey)).status).toBe(201);
    expect((await create(shop.apiKey)).status).toBe(201);
    const limited = await create(shop.apiKey);
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ type: "rate_limit_error", code: "rate_limited" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("x-request-id")).toMatch(/^req_/);
    expect((await create(other.apiKey)).status).toBe(201);
  });

  it("per client address on public endpoints", async () => {
    const shop = await createMerchant();
    const { json: invoice } = await callRoute(createInvoiceRoute, {
      apiKey: shop.apiKey,
      body: { amount: "1.00", currency: "USD" },
    });
    process.env.RATE_LIMIT_PER_ADDRESS = "1"; // 1 per second, bursts of 6
    resetConfigForTests();
    const view = (address: string) =>
      callRoute(checkoutRoute, {
        params: { id: invoice.id },
        headers: { "x-client-address": address },
      });
    for (let i = 0; i < 6; i++) expect((await view("203.0.113.7")).status).toBe(200);
    const limited = await view("203.0.113.7");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await view("198.51.100.1")).status).toBe(200);
    // The merchant API is limited per key, not per address.
    const read = await callRoute(getInvoiceRoute, {
      apiKey: shop.apiKey,
      params: { id: invoice.id },
      headers: { "x-client-address": "203.0.113.7" },
    });
    expect(read.status).toBe(200);
  });

  it("failed authentication per client address: wrong keys, then every attempt from there, a 429", async () => {
    const shop = await createMerchant();
    const { json: invoice } = await callRoute(createInvoiceRoute, {
      apiKey: shop.apiKey,
      body: { amount: "1.00", currency: "USD" },
    });
    process.env.RATE_LIMIT_PER_ADDRESS = "1000"; // the public limit out of the way
    resetConfigForTests();
    const get = (apiKey: string, address: string) =>
      callRoute(getInvoiceRoute, {
        apiKey,
        params: { id: invoice.id },
        headers: { "x-client-address": address },
      });
    const wrong = `sk_test_${"x".repeat(32)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await get(wrong, "198.51.100.7")).status);
    expect(statuses.every((status) => status === 401)).toBe(true);
    const limited = await get(wrong, "198.51.100.7");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // The right key from that address waits too; from another address it works.
    expect((await get(shop.apiKey, "198.51.100.7")).status).toBe(429);
    expect((await get(shop.apiKey, "198.51.100.8")).status).toBe(200);
    // A malformed key counts as a failure as well, and is refused without a database read.
    for (let i = 0; i < 20; i++) expect((await get("nope", "198.51.100.9")).status).toBe(401);
    expect((await get("nope", "198.51.100.9")).status).toBe(429);
  });
});
