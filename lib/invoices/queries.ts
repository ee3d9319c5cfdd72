import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { invoices, payments } from "../db/schema";
import { notFound } from "../errors";
import { isStorableText } from "../storableText";
import type { InvoiceRow, PaymentRow } from "./present";

/** The invoice with this id, or null (also for an id that cannot be stored, such as one with a NUL). */
export async function findInvoice(executor: Executor, id: string): Promise<InvoiceRow | null> {
  if (!isStorableText(id)) return null;
  const [invoice] = await executor.select().from(invoices).where(eq(invoices.id, id)).limit(1);
  return invoice ?? null;
}

/** The invoice when it belongs to this merchant and mode; a 404 otherwise, as if it did not exist. */
export async function findMerchantInvoice(
  executor: Executor,
  merchantId: string,
  livemode: boolean,
  id: string,
): Promise<InvoiceRow> {
  const [invoice] = await executor
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.id, id),
        eq(invoices.merchantId, merchantId),
        eq(invoices.livemode, livemode),
      ),
    )
    .limit(1);
  if (!invoice) throw notFound("invoice");
  return invoice;
}

export async function invoicePayments(
  executor: Executor,
  invoiceId: string,
): Promise<PaymentRow[]> {
  return executor
    .select()
    .from(payments)
    .where(eq(payments.invoiceId, invoiceId))
    .orderBy(asc(payments.blockTimestamp), asc(payments.createdAt));
}

/** Locks the invoice row for the rest of the transaction. */
export async function lockInvoice(executor: Executor, id: string): Promise<InvoiceRow | null> {
  const [invoice] = await executor.select().from(invoices).where(eq(invoices.id, id)).for("update");
  return invoice ?? null;
}
