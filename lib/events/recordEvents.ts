import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { newId } from "../ids";
import type { ApiInvoice } from "../invoices/present";

export type EventsParameters = {
  merchantId: string;
  livemode: boolean;
  invoiceId: string | null;
  types: readonly string[];
  data: unknown;
  now: Date;
  /** Deliver only to this endpoint (test events), regardless of its subscriptions. */
  onlyEndpointId?: string;
};

/**
 * Appends events and, in the same statement, their webhook deliveries: one pending delivery per
 * endpoint of the merchant (same mode, not deleted) that subscribes to the event's type. A
 * disabled endpoint gets its rows too: disabling pauses deliveries, it does not drop them. Callers pass
 * the transaction that made the change, so a change, its events and their deliveries are
 * written together or not at all (the transactional outbox).
 */
export async function recordEvents(
  executor: Executor,
  parameters: EventsParameters,
): Promise<string[]> {
  if (parameters.types.length === 0) return [];
  const events = eventsStatement(parameters);
  await executor.execute(sql`with ${events.ctes} select 1`);
  return events.ids;
}

/**
 * The events and their deliveries as two data-modifying CTEs (`inserted_events`,
 * `inserted_deliveries`), for a statement that writes them together with the change itself:
 * one round trip instead of two. Needs at least one type.
 */
export function eventsStatement(parameters: EventsParameters): { ids: string[]; ctes: SQL } {
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
    : sql`(e.enabled_events ? inserted_events.type or e.enabled_events ? '*')`;
  const ctes = sql`
    inserted_events as (
      insert into events (id, merchant_id, invoice_id, livemode, type, data, created_at)
      values ${values}
      returning id, merchant_id, livemode, type, created_at
    ),
    inserted_deliveries as (
      insert into webhook_deliveries
        (id, endpoint_id, event_id, merchant_id, status, attempts, next_attempt_at, created_at)
      select 'whd_' || substr(md5(inserted_events.id || ':' || e.id), 1, 26), e.id, inserted_events.id,
        inserted_events.merchant_id, 'pending', 0, inserted_events.created_at, inserted_events.created_at
      from inserted_events
      join webhook_endpoints e
        on e.merchant_id = inserted_events.merchant_id and e.livemode = inserted_events.livemode
        and e.deleted_at is null and ${endpointFilter}
      returning id
    )`;
  return { ids: rows.map((row) => row.id), ctes };
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
