import "server-only";
import { eq } from "drizzle-orm";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import { invoices } from "../db/schema";
import { recordInvoiceEvents } from "../events/recordEvents";
import { invoiceRefunds } from "../refunds/queries";
import { type InvoiceRow, type PaymentRow, presentInvoice } from "./present";
import { invoicePayments } from "./queries";
import { computeInvoiceState, eventTypesForChange } from "./state";

/**
 * Recomputes status, exception and amounts from the invoice's payments and the clock, saves any
 * change and appends its events. Call inside a transaction, after lockInvoice.
 */
export async function refreshInvoice(
  executor: Executor,
  invoice: InvoiceRow,
  now: Date = new Date(),
  change: { paymentDropped?: boolean } = {},
): Promise<{ invoice: InvoiceRow; payments: PaymentRow[]; eventTypes: string[] }> {
  const rows = await invoicePayments(executor, invoice.id);
  const state = computeInvoiceState({
    amount: invoice.amount,
    expiresAt: invoice.expiresAt,
    canceled: invoice.status === "canceled",
    payments: rows.map((row) => ({
      currencyAmount: row.currencyAmount,
      status: row.status,
      blockTimestamp: row.blockTimestamp,
      sequence: `${row.chainId}:${row.blockNumber.toString().padStart(20, "0")}:${String(row.logIndex).padStart(8, "0")}`,
    })),
    now,
    underpaymentToleranceBps: invoice.underpaymentToleranceBps,
  });
  const eventTypes = eventTypesForChange(invoice, state, change);
  const changed =
    state.status !== invoice.status ||
    state.exception !== invoice.exception ||
    state.amountPaid !== invoice.amountPaid;
  if (!changed) return { invoice, payments: rows, eventTypes: [] };

  // Refunds ride along in the event's invoice; only an invoice with money in can have any.
  const refundRows = invoice.amountPaid > 0n ? await invoiceRefunds(executor, invoice.id) : [];
  const [updated] = await executor
    .update(invoices)
    .set({
      status: state.status,
      exception: state.exception,
      amountPaid: state.amountPaid,
      paidAt: state.status === "paid" ? (invoice.paidAt ?? now) : null,
      updatedAt: now,
    })
    .where(eq(invoices.id, invoice.id))
    .returning();
  await recordInvoiceEvents(executor, {
    merchantId: invoice.merchantId,
    invoice: presentInvoice(updated!, rows, getConfig().publicUrl, refundRows),
    types: eventTypes,
    now,
  });
  return { invoice: updated!, payments: rows, eventTypes };
}
