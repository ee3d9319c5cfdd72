import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { idempotencyKeys, invoices, paymentLinks } from "@/lib/db/schema";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";
import { POST as cancelRoute } from "./invoices/[id]/cancel/route";
import { POST as createInvoiceRoute } from "./invoices/route";
import { POST as createLinkRoute } from "./payment-links/route";

let shop: Awaited<ReturnType<typeof createMerchant>>;
beforeAll(async () => {
  shop = await createMerchant({ name: "Retry Shop" });
});

const post = (body: unknown, key: string, apiKey = shop.apiKey) =>
  callRoute(createInvoiceRoute, {
    apiKey,
    path: "/api/v1/invoices",
    body,
    headers: { "idempotency-key": key },
  });

async function invoicesWithOrder(orderId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(invoices).where(eq(invoices.orderId, orderId));
  return row!.n;
}

describe("Idempotency-Key", () => {
  it("the same key and body return the saved answer, marked as replayed", async () => {
    const body = { amount: "4.00", currency: "USD", order_id: "idem-1" };
    const first = await post(body, "key-1");
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const second = await post(body, "key-1");
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(await invoicesWithOrder("idem-1")).toBe(1);
  });

  it("the same key with another body is a 409 idempotency_key_reuse, writing nothing", async () => {
    await post({ amount: "4.00", currency: "USD", order_id: "idem-2" }, "key-2");
    const reused = await post({ amount: "5.00", currency: "USD", order_id: "idem-2b" }, "key-2");
    expect(reused.status).toBe(409);
    expect(reused.json.error).toMatchObject({
      code: "idempotency_key_reuse",
      param: "Idempotency-Key",
    });
    expect(await invoicesWithOrder("idem-2b")).toBe(0);
  });

  it("the same key on another endpoint is another request: 409", async () => {
    await post({ amount: "4.00", currency: "USD" }, "key-3");
    const other = await callRoute(createLinkRoute, {
      apiKey: shop.apiKey,
      path: "/api/v1/payment-links",
      body: { amount: "4.00", currency: "USD" },
      headers: { "idempotency-key": "key-3" },
    });
    expect(other.status).toBe(409);
    const db = await getDb();
    const [links] = await db
      .select({ n: count() })
      .from(paymentLinks)
      .where(eq(paymentLinks.merchantId, shop.merchant.id));
    expect(links!.n).toBe(0);
  });

  it("ten concurrent requests with one key create one invoice and all get its answer", async () => {
    const body = { amount: "6.00", currency: "USD", order_id: "idem-race" };
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(body, "key-race")));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    const ids = new Set(answers.map((answer) => answer.json.id));
    expect(ids.size).toBe(1);
    expect(
      answers.filter((answer) => answer.headers.get("idempotent-replayed") === "true"),
    ).toHaveLength(9);
    expect(await invoicesWithOrder("idem-race")).toBe(1);
  });

  it("a validation error is saved and replayed too", async () => {
    const bad = { amount: "abc", currency: "USD" };
    const first = await post(bad, "key-bad");
    expect(first.status).toBe(400);
    const second = await post(bad, "key-bad");
    expect(second.status).toBe(400);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
  });

  it("keys belong to one merchant: another merchant's same key runs its own request", async () => {
    const other = await createMerchant();
    const mine = await post(
      { amount: "1.00", currency: "USD", order_id: "idem-mine" },
      "shared-key",
    );
    const theirs = await post(
      { amount: "2.00", currency: "USD", order_id: "idem-theirs" },
      "shared-key",
      other.apiKey,
    );
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.json.id).not.toBe(mine.json.id);
    expect(theirs.json.amount).toBe("2.00");
  });

  it("an expired key (older than 24 hours) runs the request again", async () => {
    const body = { amount: "3.00", currency: "USD", order_id: "idem-old" };
    await post(body, "key-old");
    const db = await getDb();
    await db
      .update(idempotencyKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(idempotencyKeys.key, "key-old"));
    const again = await post(body, "key-old");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(await invoicesWithOrder("idem-old")).toBe(2);
  });

  it("works on every POST: cancel replays its answer", async () => {
    const { json: invoice } = await post({ amount: "1.00", currency: "USD" }, "key-for-create");
    const cancel = () =>
      callRoute(cancelRoute, {
        apiKey: shop.apiKey,
        method: "POST",
        path: `/api/v1/invoices/${invoice.id}/cancel`,
        params: { id: invoice.id },
        headers: { "idempotency-key": "key-cancel" },
      });
    const first = await cancel();
    const second = await cancel();
    expect(first.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.json).toEqual(first.json);
  });

  it("refuses a key that is not 1 to 255 printable characters", async () => {
    const tooLong = await post({ amount: "1.00", currency: "USD" }, "k".repeat(256));
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.param).toBe("Idempotency-Key");
  });
});
