import "server-only";
import { and, asc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/client";
import { invoices, payments } from "../db/schema";
import type { InvoiceRow } from "../invoices/present";
import { type CurrencyCode, formatCurrencyAmount } from "../money/currencies";
import { csvRow } from "./csv";

export const EXPORT_COLUMNS = [
  "id",
  "created_at",
  "status",
  "exception",
  "currency",
  "amount",
  "amount_paid",
  "amount_refunded",
  "order_id",
  "description",
  "paid_at",
  "payment_tx_hashes",
] as const;

/** Rows read from the database per query, so a long range never sits in memory at once. */
export const EXPORT_BATCH_SIZE = 500;

const calendarDay = z
  .string("must be a date such as 2026-11-25")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-11-25")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, "is not a calendar date");

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD: whole UTC days, both included. */
export const exportRangeQuery = z
  .strictObject({ from: calendarDay, to: calendarDay })
  .superRefine((range, context) => {
    if (range.to < range.from) {
      context.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
    }
  })
  .transform((range) => ({
    ...range,
    start: new Date(`${range.from}T00:00:00Z`),
    /**
     * The instant after the last day: created_at < end. A range reaching past tomorrow ends
     * tomorrow (nothing is created later), so a far day such as 9999-12-31 is never sent to the
     * database as a year it cannot read.
     */
    end: new Date(
      Math.min(
        new Date(`${range.to}T00:00:00Z`).getTime() + 86_400_000,
        Date.now() + 2 * 86_400_000,
      ),
    ),
  }));

export type ExportRange = z.output<typeof exportRangeQuery>;

export function exportFilename(range: Pick<ExportRange, "from" | "to">): string {
  return `invoices-${range.from}-to-${range.to}.csv`;
}

function invoiceRecord(invoice: InvoiceRow, txHashes: readonly string[]): string {
  const currency = invoice.currency as CurrencyCode;
  return csvRow([
    invoice.id,
    invoice.createdAt.toISOString(),
    invoice.status,
    invoice.exception,
    currency,
    formatCurrencyAmount(invoice.amount, currency),
    formatCurrencyAmount(invoice.amountPaid, currency),
    formatCurrencyAmount(invoice.amountRefunded, currency),
    invoice.orderId,
    invoice.description,
    invoice.paidAt?.toISOString() ?? null,
    txHashes.join(" "),
  ]);
}

/**
 * The CSV of the merchant's invoices (one mode) created in the range, oldest first: the header,
 * then one chunk per batch of invoices read by keyset (created_at, id), each with its payments.
 */
export async function* invoiceCsvChunks(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    range: Pick<ExportRange, "start" | "end">;
    batchSize?: number;
  },
): AsyncGenerator<string> {
  const batchSize = parameters.batchSize ?? EXPORT_BATCH_SIZE;
  yield csvRow(EXPORT_COLUMNS);
  let afterId: string | null = null;
  for (;;) {
    const conditions: SQL[] = [
      eq(invoices.merchantId, parameters.merchantId),
      eq(invoices.livemode, parameters.livemode),
      gte(invoices.createdAt, parameters.range.start),
      lt(invoices.createdAt, parameters.range.end),
    ];
    if (afterId) {
      // The cursor's own stored time (microseconds), not a JS Date's milliseconds.
      conditions.push(
        sql`(${invoices.createdAt}, ${invoices.id}) > (select i.created_at, i.id from invoices i where i.id = ${afterId})`,
      );
    }
    const batch = await executor
      .select()
      .from(invoices)
      .where(and(...conditions))
      .orderBy(asc(invoices.createdAt), asc(invoices.id))
      .limit(batchSize);
    if (batch.length === 0) return;
    const hashes = await executor
      .select({ invoiceId: payments.invoiceId, txHash: payments.txHash })
      .from(payments)
      .where(
        inArray(
          payments.invoiceId,
          batch.map((invoice) => invoice.id),
        ),
      )
      .orderBy(asc(payments.blockTimestamp), asc(payments.logIndex));
    const byInvoice = new Map<string, string[]>();
    for (const { invoiceId, txHash } of hashes) {
      const list = byInvoice.get(invoiceId) ?? [];
      // One transaction can carry two transfers to the same invoice: list its hash once.
      if (!list.includes(txHash)) list.push(txHash);
      byInvoice.set(invoiceId, list);
    }
    yield batch.map((invoice) => invoiceRecord(invoice, byInvoice.get(invoice.id) ?? [])).join("");
    if (batch.length < batchSize) return;
    afterId = batch[batch.length - 1]!.id;
  }
}

/** The chunks as a byte stream, read one batch at a time as the client takes them. */
export function csvStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
