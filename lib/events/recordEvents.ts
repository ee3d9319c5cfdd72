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
  return events.ids[0]!;
}

/**
 * The events and their deliveries as two data-modifying CTEs (`inserted_events`,
 * `inserted_deliveries`), for a statement that writes them together with the change itself:
 * one round trip instead of two. Takes the events of one change, or of several changes written
 * in one statement; needs at least one type, and one onlyEndpointId for all or none.
 */
export function eventsStatement(parameters: EventsParameters | readonly EventsParameters[]): {
  ids: string[][];
  ctes: SQL;
} {
  const groups: readonly EventsParameters[] =
    "types" in parameters ? [parameters as EventsParameters] : parameters;
  const onlyEndpointId = groups[0]?.onlyEndpointId;
  if (groups.some((group) => group.onlyEndpointId !== onlyEndpointId)) {
    throw new Error(
      "eventsStatement: events for one endpoint and for all cannot share a statement",
    );
  }
  const ids: string[][] = [];
  const values: SQL[] = [];
  for (const group of groups) {
    const data = JSON.stringify(group.data);
    const groupIds: string[] = [];
    group.types.forEach((type, index) => {
      const id = newId("evt", group.now.getTime());
      // Same transaction, same instant: keep their order readable by time.
      const createdAt = new Date(group.now.getTime() + index).toISOString();
      groupIds.push(id);
      values.push(
        sql`(${id}, ${group.merchantId}, ${group.invoiceId}, ${group.livemode}, ${type}, ${data}::jsonb, ${createdAt}::timestamptz)`,
      );
    });
    ids.push(groupIds);
  }
  if (values.length === 0) throw new Error("eventsStatement: no events");
  const endpointFilter = onlyEndpointId
    ? sql`e.id = ${onlyEndpointId}`
    : sql`(e.enabled_events ? inserted_events.type or e.enabled_events ? '*')`;
  const ctes = sql`
    inserted_events as (
      insert into events (id, merchant_id, invoice_id, livemode, type, data, created_at)
      values ${sql.join(values, sql`, `)}
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
  return { ids, ctes };
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
