import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { events } from "../db/schema";

export type InvoiceTimelineEvent = { id: string; type: string; created_at: string };

/** One invoice's events, oldest first: its timeline. Scoped to the merchant. */
export async function listInvoiceEvents(
  executor: Executor,
  merchantId: string,
  invoiceId: string,
): Promise<InvoiceTimelineEvent[]> {
  const rows = await executor
    .select({ id: events.id, type: events.type, createdAt: events.createdAt })
    .from(events)
    .where(and(eq(events.merchantId, merchantId), eq(events.invoiceId, invoiceId)))
    .orderBy(asc(events.createdAt), asc(events.id))
    .limit(500);
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    created_at: row.createdAt.toISOString(),
  }));
}
