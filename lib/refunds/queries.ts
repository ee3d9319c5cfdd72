import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/client";
import { refunds } from "../db/schema";
import type { RefundRow } from "./present";

export async function invoiceRefunds(executor: Executor, invoiceId: string): Promise<RefundRow[]> {
  return executor
    .select()
    .from(refunds)
    .where(eq(refunds.invoiceId, invoiceId))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
}

/** The refunds of several invoices (a page of a list), grouped by invoice id. */
export async function refundsByInvoice(
  executor: Executor,
  invoiceIds: readonly string[],
): Promise<Map<string, RefundRow[]>> {
  const byInvoice = new Map<string, RefundRow[]>();
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await executor
    .select()
    .from(refunds)
    .where(inArray(refunds.invoiceId, [...invoiceIds]))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  for (const row of rows) {
    const list = byInvoice.get(row.invoiceId) ?? [];
    list.push(row);
    byInvoice.set(row.invoiceId, list);
  }
  return byInvoice;
}
