import "server-only";
import { and, eq } from "drizzle-orm";
import { getConfig } from "../config/config";
import type { Executor } from "../db/client";
import { invoices, paymentSubmissions } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { recordInvoiceEvents } from "../events/recordEvents";
import { type InvoiceRow, presentInvoice } from "./present";
import { invoicePayments, lockInvoice } from "./queries";

/**
 * Cancels an invoice while nothing has been paid, is being confirmed, or is on its way (a hash the
 * checkout posted whose receipt is not mined yet); a 409 otherwise. The change and its
 * invoice.canceled event are written in the caller's transaction.
 */
export async function cancelInvoice(
  executor: Executor,
  id: string,
  now = new Date(),
): Promise<InvoiceRow> {
  const invoice = await lockInvoice(executor, id);
  if (!invoice) throw notFound("invoice");
  if (invoice.status === "canceled") return invoice;
  const rows = await invoicePayments(executor, id);
  if (invoice.status !== "open" || rows.length > 0) {
    throw new DomainError(
      "invoice_not_cancelable",
      `The invoice is ${invoice.status}${rows.length > 0 ? " and has payments" : ""}; only an open invoice with nothing paid can be canceled.`,
    );
  }
  // A hash posted after this check is not lost: once mined it is recorded as paid_after_cancel.
  const [inFlight] = await executor
    .select({ txHash: paymentSubmissions.txHash })
    .from(paymentSubmissions)
    .where(and(eq(paymentSubmissions.invoiceId, id), eq(paymentSubmissions.status, "pending")))
    .limit(1);
  if (inFlight) {
    throw new DomainError(
      "invoice_not_cancelable",
      `A payment for this invoice is on its way (transaction ${inFlight.txHash} is not mined yet), so it cannot be canceled now; try again if that transaction fails or is given up.`,
    );
  }
  const [canceled] = await executor
    .update(invoices)
    .set({ status: "canceled", canceledAt: now, updatedAt: now })
    .where(eq(invoices.id, id))
    .returning();
  await recordInvoiceEvents(executor, {
    merchantId: invoice.merchantId,
    invoice: presentInvoice(canceled!, rows, getConfig().publicUrl),
    types: ["invoice.canceled"],
    now,
  });
  return canceled!;
}
