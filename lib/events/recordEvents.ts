import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { newId } from "../ids";
import type { ApiInvoice } from "../invoices/present";

/**
 * Appends events and, in the same statement, their webhook deliveries: one pending delivery per
 * endpoint of the merchant (same mode, not deleted) that subscribes to the event's type. A
 * disabled endpoint gets its rows too: disabling pauses deliveries, it does not drop them. Callers pass
 * the transaction that made the change, so a change, its events and their deliveries are
 * written together or not at all (the transactional outbox).
 */
export async function recordEvents(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    invoiceId: string | null;
    types: readonly string[];
    data: unknown;
    now: Date;
    /** Deliver only to this endpoint (test events), regardless of its subscriptions. */
    onlyEndpointId?: string;
  },
): Promise<string[]> {
  if (parameters.types.length === 0) return [];
  const data = JSON.stringify(parameters.data);
  const rows = parameters.types.map((type, index) => ({
    id: newId("evt", parameters.now.getTime()),
    type,
    // Same transaction, same instant: keep their order readable by time.
    createdAt: new Date(parameters.now.getTime() + index).toISOString(),
  }));
  const values = sql.join(
    rows.map(
      (row) =>
        sql`(${row.id}, ${parameters.merchantId}, ${parameters.invoiceId}, ${parameters.livemode}, ${row.type}, ${data}::jsonb, ${row.createdAt}::timestamptz)`,
    ),
    sql`, `,
  );
  const endpointFilter = parameters.onlyEndpointId
    ? sql`e.id = ${parameters.onlyEndpointId}`
    : sql`(e.enabled_events ? inserted.type or e.enabled_events ? '*')`;
  await executor.execute(sql`
    with inserted as (
      insert into events (id, merchant_id, invoice_id, livemode, type, data, created_at)
      values ${values}
      returning id, merchant_id, livemode, type, created_at
    )
    insert into webhook_deliveries
      (id, endpoint_id, event_id, merchant_id, status, attempts, next_attempt_at, created_at)
    select 'whd_' || substr(md5(inserted.id || ':' || e.id), 1, 26), e.id, inserted.id,
      inserted.merchant_id, 'pending', 0, inserted.created_at, inserted.created_at
    from inserted
    join webhook_endpoints e
      on e.merchant_id = inserted.merchant_id and e.livemode = inserted.livemode
      and e.deleted_at is null and ${endpointFilter}
  `);
  return rows.map((row) => row.id);
}

/** Appends invoice events (with their webhook deliveries); the data is the invoice as it is now. */
export async function recordInvoiceEvents(
  executor: Executor,
  parameters: { merchantId: string; invoice: ApiInvoice; types: readonly string[]; now: Date },
): Promise<void> {
  await recordEvents(executor, {
    merchantId: parameters.merchantId,
    livemode: parameters.invoice.livemode,
    invoiceId: parameters.invoice.id,
    types: parameters.types,
    data: parameters.invoice,
    now: parameters.now,
  });
}
