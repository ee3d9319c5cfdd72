import "server-only";
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { invoices, payments } from "../db/schema";
import { INVOICE_STATUSES, type InvoiceStatus } from "../invoices/state";

export const OVERVIEW_DAYS = 30;

/** One token on one chain: what a stack segment of the chart and a legend entry stand for. */
export type ReceiptSeries = {
  currency: string;
  chainId: number;
  tokenSymbol: string;
  tokenDecimals: number;
  /** Token base units received on each day of `days`, same order. */
  perDay: bigint[];
  total: bigint;
};

export type DailyReceipts = {
  /** UTC days, oldest first, "YYYY-MM-DD"; the last is today. */
  days: string[];
  series: ReceiptSeries[];
};

/** The UTC days ending with `now`'s, oldest first. */
export function utcDays(now: Date, count = OVERVIEW_DAYS): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, index) =>
    new Date(today - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10),
  );
}

const paymentDay = sql<string>`to_char((${payments.blockTimestamp} at time zone 'UTC')::date, 'YYYY-MM-DD')`;

/**
 * Confirmed payments to the merchant's invoices in one mode, summed per UTC day (of the block
 * that carried them), invoice currency, chain and token: one grouped query for the whole chart.
 */
export async function dailyReceipts(
  executor: Executor,
  parameters: { merchantId: string; livemode: boolean; now?: Date; days?: number },
): Promise<DailyReceipts> {
  const days = utcDays(parameters.now ?? new Date(), parameters.days ?? OVERVIEW_DAYS);
  const since = new Date(`${days[0]}T00:00:00Z`);
  const rows = await executor
    .select({
      day: paymentDay,
      currency: invoices.currency,
      chainId: payments.chainId,
      tokenSymbol: payments.tokenSymbol,
      tokenDecimals: payments.tokenDecimals,
      // numeric sums can outgrow any JS number: read them as text, then bigint.
      amount: sql<string>`sum(${payments.amount})::text`,
    })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(
      and(
        eq(invoices.merchantId, parameters.merchantId),
        eq(invoices.livemode, parameters.livemode),
        eq(payments.status, "confirmed"),
        gte(payments.blockTimestamp, since),
      ),
    )
    .groupBy(
      paymentDay,
      invoices.currency,
      payments.chainId,
      payments.tokenSymbol,
      payments.tokenDecimals,
    );

  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const byKey = new Map<string, ReceiptSeries>();
  for (const row of rows) {
    const index = dayIndex.get(row.day);
    // A block stamped after `now` (clock skew) belongs to no day of the chart.
    if (index === undefined) continue;
    const key = `${row.currency}:${row.chainId}:${row.tokenSymbol}:${row.tokenDecimals}`;
    let series = byKey.get(key);
    if (!series) {
      series = {
        currency: row.currency,
        chainId: row.chainId,
        tokenSymbol: row.tokenSymbol,
        tokenDecimals: row.tokenDecimals,
        perDay: days.map(() => 0n),
        total: 0n,
      };
      byKey.set(key, series);
    }
    const amount = BigInt(row.amount);
    series.perDay[index] = (series.perDay[index] ?? 0n) + amount;
    series.total += amount;
  }
  const series = [...byKey.values()].sort(
    (a, b) =>
      a.currency.localeCompare(b.currency) ||
      a.chainId - b.chainId ||
      a.tokenSymbol.localeCompare(b.tokenSymbol),
  );
  return { days, series };
}

export type InvoiceCounts = Record<InvoiceStatus, number>;

/** How many of the merchant's invoices (in one mode) are in each status: one grouped query. */
export async function invoiceCounts(
  executor: Executor,
  parameters: { merchantId: string; livemode: boolean },
): Promise<InvoiceCounts> {
  const rows = await executor
    .select({ status: invoices.status, count: sql<string>`count(*)::text` })
    .from(invoices)
    .where(
      and(
        eq(invoices.merchantId, parameters.merchantId),
        eq(invoices.livemode, parameters.livemode),
      ),
    )
    .groupBy(invoices.status);
  const counts = Object.fromEntries(INVOICE_STATUSES.map((status) => [status, 0])) as InvoiceCounts;
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export type LatestPayment = {
  invoiceId: string;
  chainId: number;
  txHash: string;
  tokenSymbol: string;
  tokenDecimals: number;
  /** Token base units. */
  amount: bigint;
  status: "confirming" | "confirmed";
  receivedAt: Date;
};

/** The merchant's most recent payments in one mode, newest block first. */
export async function latestPayments(
  executor: Executor,
  parameters: { merchantId: string; livemode: boolean; limit?: number },
): Promise<LatestPayment[]> {
  return executor
    .select({
      invoiceId: payments.invoiceId,
      chainId: payments.chainId,
      txHash: payments.txHash,
      tokenSymbol: payments.tokenSymbol,
      tokenDecimals: payments.tokenDecimals,
      amount: payments.amount,
      status: payments.status,
      receivedAt: payments.blockTimestamp,
    })
    .from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(
      and(
        eq(invoices.merchantId, parameters.merchantId),
        eq(invoices.livemode, parameters.livemode),
      ),
    )
    .orderBy(desc(payments.blockTimestamp), desc(payments.blockNumber), desc(payments.logIndex))
    .limit(parameters.limit ?? 10);
}
