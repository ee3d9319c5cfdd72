import "server-only";
import { and, asc, desc, eq, gte, inArray, like, lte, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/client";
import { invoices, payments } from "../db/schema";
import { DomainError } from "../errors";
import { type ListResponse, limitParam, timestampParam } from "../pagination";
import { refundsByInvoice } from "../refunds/queries";
import { type ApiInvoice, type PaymentRow, presentInvoice } from "./present";
import { INVOICE_STATUSES } from "./state";

/** GET /api/v1/invoices query parameters. */
export const listInvoicesQuery = z.strictObject({
  status: z.enum(INVOICE_STATUSES).optional(),
  order_id: z.string().min(1).max(200).optional(),
  "created[gte]": timestampParam.optional(),
  "created[lte]": timestampParam.optional(),
  limit: limitParam,
  starting_after: z
    .string()
    .optional()
    .meta({ description: "An invoice id: return the invoices created before it." }),
});

export type ListInvoicesQuery = z.output<typeof listInvoicesQuery>;

/** An invoice whose id is the term, or whose order id is it or starts with it (case-sensitive). */
function searchCondition(term: string): SQL {
  const prefix = `${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return or(eq(invoices.id, term), like(invoices.orderId, prefix)) as SQL;
}

/** A merchant's invoices in one mode, newest first, a page at a time. */
export async function listInvoices(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    query: ListInvoicesQuery;
    publicUrl: string;
    /** The dashboard's search box (not an API parameter): an invoice id, or an order id or its start. */
    search?: string;
  },
): Promise<ListResponse<ApiInvoice>> {
  const { merchantId, livemode, query } = parameters;
  const limit = query.limit ?? 20;
  const conditions: SQL[] = [eq(invoices.merchantId, merchantId), eq(invoices.livemode, livemode)];
  if (query.status) conditions.push(eq(invoices.status, query.status));
  if (query.order_id) conditions.push(eq(invoices.orderId, query.order_id));
  if (parameters.search) conditions.push(searchCondition(parameters.search));
  if (query["created[gte]"]) conditions.push(gte(invoices.createdAt, query["created[gte]"]));
  if (query["created[lte]"]) conditions.push(lte(invoices.createdAt, query["created[lte]"]));
  if (query.starting_after) {
    const [cursor] = await executor
      .select({ id: invoices.id, createdAt: invoices.createdAt })
      .from(invoices)
      .where(
        and(
          eq(invoices.id, query.starting_after),
          eq(invoices.merchantId, merchantId),
          eq(invoices.livemode, livemode),
        ),
      );
    if (!cursor) {
      throw new DomainError(
        "parameter_invalid",
        "Invalid starting_after: no such invoice.",
        "starting_after",
      );
    }
    conditions.push(
      sql`(${invoices.createdAt}, ${invoices.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`,
    );
  }

  const rows = await executor
    .select()
    .from(invoices)
    .where(and(...conditions))
    .orderBy(desc(invoices.createdAt), desc(invoices.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const paymentRows =
    page.length === 0
      ? []
      : await executor
          .select()
          .from(payments)
          .where(
            inArray(
              payments.invoiceId,
              page.map((invoice) => invoice.id),
            ),
          )
          .orderBy(asc(payments.blockTimestamp), asc(payments.createdAt));
  const byInvoice = new Map<string, PaymentRow[]>();
  for (const payment of paymentRows) {
    const list = byInvoice.get(payment.invoiceId) ?? [];
    list.push(payment);
    byInvoice.set(payment.invoiceId, list);
  }
  const refunds = await refundsByInvoice(
    executor,
    page.filter((invoice) => invoice.amountPaid > 0n).map((invoice) => invoice.id),
  );
  return {
    object: "list",
    data: page.map((invoice) =>
      presentInvoice(
        invoice,
        byInvoice.get(invoice.id) ?? [],
        parameters.publicUrl,
        refunds.get(invoice.id) ?? [],
      ),
    ),
    has_more: rows.length > limit,
  };
}
