import "server-only";
import type { Executor } from "../db/client";
import { events } from "../db/schema";
import { newId } from "../ids";
import type { ApiInvoice } from "../invoices/present";

/** Appends invoice events; callers pass the transaction that made the change. */
export async function recordInvoiceEvents(
  executor: Executor,
  parameters: { merchantId: string; invoice: ApiInvoice; types: readonly string[]; now: Date },
): Promise<void> {
  if (parameters.types.length === 0) return;
  await executor.insert(events).values(
    parameters.types.map((type, index) => ({
      id: newId("evt", parameters.now.getTime()),
      merchantId: parameters.merchantId,
      invoiceId: parameters.invoice.id,
      livemode: parameters.invoice.livemode,
      type,
      data: parameters.invoice as unknown as Record<string, unknown>,
      // Same transaction, same instant: keep their order readable by time.
      createdAt: new Date(parameters.now.getTime() + index),
    })),
  );
}
