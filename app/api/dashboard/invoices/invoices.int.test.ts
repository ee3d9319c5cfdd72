import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as submitPaymentRoute } from "@/app/api/checkout/[id]/payments/route";
import { EXPORT_COLUMNS } from "@/lib/dashboard/invoiceExport";
import { getDb } from "@/lib/db/client";
import { invoices } from "@/lib/db/schema";
import {
  type SessionHeaders,
  signedInMerchant,
  TEST_PUBLIC_URL,
} from "@/lib/tooling/testing/dashboard";
import { callRoute } from "@/lib/tooling/testing/fixtures";
import { newInvoice, payByWallet, postHash, usdcOption } from "@/lib/tooling/testing/payments";
import { GET as exportRoute } from "./export/route";
import { POST as createRoute, GET as listRoute } from "./route";

type Shop = Awaited<ReturnType<typeof signedInMerchant>>;
let shop: Shop;
let other: Shop;

beforeAll(async () => {
  shop = await signedInMerchant({ name: "Form Shop" });
  other = await signedInMerchant({ name: "Other Shop" });
});

const create = (body: unknown, headers: Partial<SessionHeaders> = shop.headers) =>
  callRoute(createRoute, { path: "/api/dashboard/invoices", body, headers });

const list = (query = "", headers: Partial<SessionHeaders> = shop.headers) =>
  callRoute(listRoute, { path: `/api/dashboard/invoices${query}`, headers });

async function download(query: string, headers: Partial<SessionHeaders> = shop.headers) {
  const response = await exportRoute(
    new Request(`${TEST_PUBLIC_URL}/api/dashboard/invoices/export${query}`, { headers }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function invoiceCount(merchantId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ value: count() })
    .from(invoices)
    .where(eq(invoices.merchantId, merchantId));
  return row!.value;
}

/** A parser good enough for the exporter's own output (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += char;
  }
  return rows;
}

const today = () => new Date().toISOString().slice(0, 10);

describe("POST /api/dashboard/invoices", () => {
  it("creates an invoice with the API's schema and code, in the dashboard's mode", async () => {
    const { status, json } = await create({
      amount: "12.50",
      currency: "eur",
      description: "Two mugs",
      order_id: "form-1",
      expires_in: 3600,
      redirect_url: "https://shop.example/thanks",
      items: [{ name: "Mug", quantity: 2, unit_amount: "6.25" }],
    });
    expect(status, JSON.stringify(json)).toBe(201);
    expect(json).toMatchObject({
      object: "invoice",
      livemode: false,
      status: "open",
      amount: "12.50",
      currency: "EUR",
      order_id: "form-1",
      description: "Two mugs",
      redirect_url: "https://shop.example/thanks",
      items: [{ name: "Mug", quantity: 2, unit_amount: "6.25" }],
    });
    expect(json.checkout_url).toBe(`${TEST_PUBLIC_URL}/pay/${json.id}`);
    const lifetime = new Date(json.expires_at).getTime() - new Date(json.created_at).getTime();
    expect(lifetime).toBe(3600_000);
    const db = await getDb();
    const [row] = await db.select().from(invoices).where(eq(invoices.id, json.id));
    expect(row!.merchantId).toBe(shop.merchant.id);
    // Listed for its merchant, and neither listed nor found for another.
    expect((await list(`?q=${json.id}`)).json.data.map((i: { id: string }) => i.id)).toEqual([
      json.id,
    ]);
    expect((await list("", other.headers)).json.data).toEqual([]);
    expect((await list(`?q=${json.id}`, other.headers)).json.data).toEqual([]);
  });

  it("refuses bad input naming the field, and creates nothing", async () => {
    const before = await invoiceCount(shop.merchant.id);
    const cases: [unknown, string, RegExp][] = [
      [{ currency: "USD" }, "amount", /Missing required parameter: amount/],
      [{ amount: "1.234", currency: "USD" }, "amount", /at most 2 decimal places/],
      [{ amount: "0", currency: "USD" }, "amount", /greater than 0/],
      [{ amount: "5", currency: "GBP" }, "currency", /USD or EUR/],
      [{ amount: "5", currency: "USD", expires_in: 10 }, "expires_in", /at least 60/],
      [
        { amount: "5", currency: "USD", redirect_url: "javascript:alert(1)" },
        "redirect_url",
        /http/,
      ],
      [
        {
          amount: "5.00",
          currency: "USD",
          items: [{ name: "Tea", quantity: 2, unit_amount: "2.00" }],
        },
        "items",
        /add up to amount/,
      ],
      [
        {
          amount: "5.00",
          currency: "USD",
          items: [{ name: "Tea", quantity: 1, unit_amount: "x" }],
        },
        "items.0.unit_amount",
        /decimal number/,
      ],
      [{ amount: "5", currency: "USD", colour: "red" }, "colour", /Unknown parameter/],
    ];
    for (const [body, param, message] of cases) {
      const { status, json } = await create(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error.param).toBe(param);
      expect(json.error.message).toMatch(message);
    }
    expect(await invoiceCount(shop.merchant.id)).toBe(before);
  });

  it("401 without a session, 403 without the CSRF token or from another origin: nothing created", async () => {
    const before = await invoiceCount(shop.merchant.id);
    const body = { amount: "1.00", currency: "USD" };
    const { cookie, origin } = shop.headers;
    const anonymous = await create(body, { origin });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("session_missing");
    const noToken = await create(body, { cookie, origin });
    expect(noToken.status).toBe(403);
    expect(noToken.json.error.code).toBe("csrf_failed");
    const wrongToken = await create(body, { ...shop.headers, "x-csrf-token": "0".repeat(43) });
    expect(wrongToken.status).toBe(403);
    const crossSite = await create(body, { ...shop.headers, origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(await invoiceCount(shop.merchant.id)).toBe(before);
  });
});

describe("GET /api/dashboard/invoices", () => {
  it("filters by status, finds by invoice id or order id (or its start), pages with starting_after; only the merchant's own", async () => {
    const merchant = await signedInMerchant({ name: "Search Shop" });
    const rival = await signedInMerchant({ name: "Rival Shop" });
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      created.push((await newInvoice(merchant.apiKey, { order_id: `order-${100 + i}` })).id);
    }
    const paid = await newInvoice(merchant.apiKey, { order_id: "paid-1", amount: "1.00" });
    const posted = await postHash(
      submitPaymentRoute,
      paid.id,
      await payByWallet(1, usdcOption(paid)),
    );
    expect(posted.status).toBe(200);
    // The rival uses the same order ids.
    const rivalInvoice = await newInvoice(rival.apiKey, { order_id: "order-100" });

    const first = await list("", merchant.headers);
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(20);
    expect(first.json.has_more).toBe(true);
    expect(first.json.data[0].id).toBe(paid.id);
    const second = await list(`?starting_after=${first.json.data[19].id}`, merchant.headers);
    expect(second.json.has_more).toBe(false);
    const all = [...first.json.data, ...second.json.data].map((invoice) => invoice.id);
    expect(all).toEqual([paid.id, ...[...created].reverse()]);

    const paidOnly = await list("?status=paid", merchant.headers);
    expect(paidOnly.json.data.map((invoice: { id: string }) => invoice.id)).toEqual([paid.id]);
    expect(paidOnly.json.data[0]).toMatchObject({ status: "paid", amount_paid: "1.00" });

    const byOrder = await list("?q=order-100", merchant.headers);
    expect(byOrder.json.data.map((invoice: { id: string }) => invoice.id)).toEqual([created[0]]);
    const byPrefix = await list("?q=order-11", merchant.headers);
    expect(byPrefix.json.data).toHaveLength(10);
    const byId = await list(`?q=${created[5]}`, merchant.headers);
    expect(byId.json.data.map((invoice: { id: string }) => invoice.id)).toEqual([created[5]]);
    // LIKE wildcards are searched for literally.
    expect((await list("?q=order-1_0", merchant.headers)).json.data).toEqual([]);
    expect((await list("?q=%25", merchant.headers)).json.data).toEqual([]);
    const combined = await list("?q=order-1&status=paid", merchant.headers);
    expect(combined.json.data).toEqual([]);

    // Another merchant's invoice: never listed, never found by id, not usable as a cursor.
    expect((await list(`?q=${rivalInvoice.id}`, merchant.headers)).json.data).toEqual([]);
    const rivalCursor = await list(`?starting_after=${rivalInvoice.id}`, merchant.headers);
    expect(rivalCursor.status).toBe(400);
    expect(rivalCursor.json.error.param).toBe("starting_after");
    const rivalSees = await list("?q=order-1", rival.headers);
    expect(rivalSees.json.data.map((invoice: { id: string }) => invoice.id)).toEqual([
      rivalInvoice.id,
    ]);
  });

  it("names a bad filter; needs a session", async () => {
    const bad = await list("?status=lost");
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe("status");
    const { origin } = shop.headers;
    expect((await list("", { origin })).status).toBe(401);
  });
});

describe("GET /api/dashboard/invoices/export", () => {
  it("streams the range's invoices as CSV: decimal amounts, tx hashes, formula-safe cells, only this merchant's", async () => {
    const merchant = await signedInMerchant({ name: "Export Shop" });
    const rival = await signedInMerchant({ name: "Export Rival" });
    const plain = await newInvoice(merchant.apiKey, {
      amount: "7.05",
      order_id: "exp-1",
      description: 'Coffee, "large"',
    });
    const evil = await newInvoice(merchant.apiKey, {
      amount: "1.00",
      currency: "EUR",
      order_id: '=HYPERLINK("http://evil.example")',
      description: "@SUM(A1:A9)",
    });
    const paid = await newInvoice(merchant.apiKey, { amount: "3.00", order_id: "exp-3" });
    const hash = await payByWallet(2, usdcOption(paid));
    expect((await postHash(submitPaymentRoute, paid.id, hash)).status).toBe(200);
    await newInvoice(rival.apiKey, { order_id: "rival-secret" });

    const { status, headers, text } = await download(
      `?from=${today()}&to=${today()}`,
      merchant.headers,
    );
    expect(status, text).toBe(200);
    expect(headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(headers.get("content-disposition")).toBe(
      `attachment; filename="invoices-${today()}-to-${today()}.csv"`,
    );
    expect(text).not.toContain("rival-secret");
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows.slice(1).map((row) => row[0])).toEqual([plain.id, evil.id, paid.id]);
    const column = (row: string[], name: (typeof EXPORT_COLUMNS)[number]) =>
      row[EXPORT_COLUMNS.indexOf(name)];
    const [, first, second, third] = rows as [string[], string[], string[], string[]];
    expect(column(first, "amount")).toBe("7.05");
    expect(column(first, "amount_paid")).toBe("0.00");
    expect(column(first, "status")).toBe("open");
    expect(column(first, "description")).toBe('Coffee, "large"');
    expect(column(first, "created_at")).toBe(plain.created_at);
    expect(column(second, "currency")).toBe("EUR");
    expect(column(second, "order_id")).toBe('\'=HYPERLINK("http://evil.example")');
    expect(column(second, "description")).toBe("'@SUM(A1:A9)");
    expect(column(third, "status")).toBe("paid");
    expect(column(third, "amount_paid")).toBe("3.00");
    expect(column(third, "paid_at")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(column(third, "payment_tx_hashes")).toBe(hash);

    // A range reaching far past today has them all.
    const far = parseCsv((await download(`?from=2020-01-01&to=9999-12-31`, merchant.headers)).text);
    expect(far.slice(1).map((row) => row[0])).toEqual([plain.id, evil.id, paid.id]);
    // Days before the invoices: only the header.
    const empty = await download("?from=2020-01-01&to=2020-01-31", merchant.headers);
    expect(empty.text).toBe(`${EXPORT_COLUMNS.join(",")}\r\n`);
    // The rival's export has only its own.
    const theirs = parseCsv((await download(`?from=${today()}&to=${today()}`, rival.headers)).text);
    expect(theirs).toHaveLength(2);
    expect(column(theirs[1]!, "order_id")).toBe("rival-secret");
  });

  it("pages through more invoices than one batch without losing or repeating one", async () => {
    const { invoiceCsvChunks } = await import("@/lib/dashboard/invoiceExport");
    const merchant = await signedInMerchant({ name: "Batch Shop" });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await newInvoice(merchant.apiKey)).id);
    const start = new Date(`${today()}T00:00:00Z`);
    const chunks: string[] = [];
    for await (const chunk of invoiceCsvChunks(await getDb(), {
      merchantId: merchant.merchant.id,
      livemode: false,
      range: { start, end: new Date(start.getTime() + 86_400_000) },
      batchSize: 3,
    })) {
      chunks.push(chunk);
    }
    // Header, batches of 3, 3 and 1.
    expect(chunks).toHaveLength(4);
    expect(
      parseCsv(chunks.join(""))
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(ids);
  });

  it("a bad, reversed or missing range is a 400 naming the parameter; no session is a 401", async () => {
    const cases: [string, string][] = [
      ["", "from"],
      ["?from=2026-11-01", "to"],
      ["?from=2026-13-01&to=2026-12-01", "from"],
      ["?from=2026-02-30&to=2026-03-01", "from"],
      ["?from=2026-11-01&to=tomorrow", "to"],
      ["?from=2026-11-02&to=2026-11-01", "to"],
      ["?from=2026-11-01&to=2026-11-02&extra=1", "extra"],
    ];
    for (const [query, param] of cases) {
      const { status, text } = await download(query);
      expect(status, query).toBe(400);
      expect(JSON.parse(text).error.param, query).toBe(param);
    }
    const anonymous = await download(`?from=${today()}&to=${today()}`, {});
    expect(anonymous.status).toBe(401);
  });
});
