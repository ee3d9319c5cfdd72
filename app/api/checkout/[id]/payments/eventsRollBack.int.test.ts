import { and, eq, sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook-endpoints/route";
import { getDb } from "@/lib/db/client";
import { events, invoices, payments, webhookDeliveries } from "@/lib/db/schema";
import { callRoute, createMerchant } from "@/lib/tooling/testing/fixtures";
import { newInvoice, payByWallet, postHash, usdcOption } from "@/lib/tooling/testing/payments";
import { POST as submitPaymentRoute } from "./route";

// A fault injected inside the database, in the very transaction that pays the invoice.
async function failInsertsInto(table: string, when: string) {
  const db = await getDb();
  await db.execute(
    sql.raw(`create or replace function fail_on_purpose() returns trigger language plpgsql as $$
      begin raise exception 'failing on purpose'; end $$`),
  );
  await db.execute(
    sql.raw(`create trigger fail_on_purpose before insert on ${table}
      for each row when (${when}) execute function fail_on_purpose()`),
  );
}

afterEach(async () => {
  const db = await getDb();
  for (const table of ["events", "payment_submissions"]) {
    await db.execute(sql.raw(`drop trigger if exists fail_on_purpose on ${table}`));
  }
});

async function paidInvoiceAttempt(failing: { table: string; when: string }) {
  const { apiKey } = await createMerchant();
  const endpoint = await callRoute(createEndpointRoute, {
    apiKey,
    body: { url: "http://127.0.0.1:9/hooks" },
  });
  expect(endpoint.status).toBe(201);
  const invoice = await newInvoice(apiKey, { amount: "2.00" });
  const hash = await payByWallet(3, usdcOption(invoice));
  await failInsertsInto(failing.table, failing.when);
  const posted = await postHash(submitPaymentRoute, invoice.id, hash);
  expect(posted.status).toBe(500);

  const db = await getDb();
  // Nothing of the change survived: not the status, not the payment, not the event, not its webhook.
  const [row] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
  expect(row).toMatchObject({ status: "open", amountPaid: 0n });
  expect(await db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toEqual([]);
  const written = await db
    .select({ type: events.type, id: events.id })
    .from(events)
    .where(eq(events.invoiceId, invoice.id));
  expect(written.map((event) => event.type)).toEqual(["invoice.created"]);
  const queued = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpoint.json.id));
  expect(queued.map((delivery) => delivery.eventId)).toEqual([written[0]!.id]);

  // Once the fault is gone the same hash pays it, with exactly one invoice.paid and its webhook.
  await db.execute(sql.raw(`drop trigger fail_on_purpose on ${failing.table}`));
  expect((await postHash(submitPaymentRoute, invoice.id, hash)).json.invoice.status).toBe("paid");
  const paidEvents = await db
    .select()
    .from(events)
    .where(and(eq(events.invoiceId, invoice.id), eq(events.type, "invoice.paid")));
  expect(paidEvents).toHaveLength(1);
  const deliveries = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.eventId, paidEvents[0]!.id));
  expect(deliveries).toHaveLength(1);
}

it("a failure writing the event rolls back the invoice change it describes", async () => {
  await paidInvoiceAttempt({ table: "events", when: "new.type = 'invoice.paid'" });
});

it("a failure after the event was written rolls the event back with the change", async () => {
  await paidInvoiceAttempt({ table: "payment_submissions", when: "new.status = 'credited'" });
});
