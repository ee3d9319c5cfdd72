import "server-only";
import { and, desc, eq, ne, or, type SQL, sql } from "drizzle-orm";
import { getAddress } from "viem";
import { z } from "zod";
import type { Executor } from "../../db/client";
import { unmatchedPayments } from "../../db/schema";
import { invalidParameter } from "../../errors";
import { eventsStatement } from "../../events/recordEvents";
import { newId } from "../../ids";
import {
  type CurrencyCode,
  formatCurrencyAmount,
  tokenToCurrencyUnits,
} from "../../money/currencies";
import { type ListResponse, limitParam } from "../../pagination";
import { asHex } from "../../schemaFields";
import { type MatchChain, tokenOf, type UnmatchedTransfer } from "../matching/matchTransfers";
import type { unmatchedPaymentSchema } from "./schemas";

export type UnmatchedPaymentRow = typeof unmatchedPayments.$inferSelect;

/** Rows one transaction may add: past it, a spray of transfers is summed up in the log only. */
export const MAX_UNMATCHED_PER_TRANSACTION = 20;
const ROWS_PER_STATEMENT = 10;

/** Derived from its schema, the one source of the API's shape. */
export type ApiUnmatchedPayment = z.output<typeof unmatchedPaymentSchema>;

export function presentUnmatchedPayment(row: UnmatchedPaymentRow): ApiUnmatchedPayment {
  return {
    id: row.id,
    object: "unmatched_payment",
    livemode: row.livemode,
    reason: row.reason,
    invoice: row.invoiceId,
    chain_id: row.chainId,
    tx_hash: asHex(row.txHash),
    log_index: row.logIndex,
    block_number: row.blockNumber.toString(),
    from: asHex(row.fromAddress),
    to: asHex(row.toAddress),
    token: asHex(row.tokenAddress),
    token_symbol: row.tokenSymbol,
    token_decimals: row.tokenDecimals,
    amount: row.amount.toString(),
    currency_amount: formatCurrencyAmount(
      tokenToCurrencyUnits(row.amount, row.tokenDecimals),
      row.currency as CurrencyCode,
    ),
    currency: row.currency,
    created_at: row.createdAt.toISOString(),
  };
}

/**
 * Records transfers that credited nothing, each for the merchant it was paid to, once (a UNIQUE
 * index per merchant and transfer), and emits payment.unmatched for each new one that is not
 * dust: two statements per ten rows. At most MAX_UNMATCHED_PER_TRANSACTION per
 * transaction. `merchantsAt` says whose address a transfer that named no invoice went to.
 * Returns the rows written.
 */
export async function recordUnmatchedPayments(
  executor: Executor,
  parameters: {
    chain: MatchChain;
    transfers: readonly UnmatchedTransfer[];
    merchantsAt: ReadonlyMap<string, string[]>;
    blockTimestamp: (blockHash: string) => Date;
    now: Date;
  },
): Promise<UnmatchedPaymentRow[]> {
  const { chain, now } = parameters;
  const perTransaction = new Map<string, number>();
  const values: (typeof unmatchedPayments.$inferInsert)[] = [];
  for (const transfer of parameters.transfers) {
    const { log } = transfer;
    const hash = log.transactionHash.toLowerCase();
    const count = perTransaction.get(hash) ?? 0;
    if (count >= MAX_UNMATCHED_PER_TRANSACTION) continue;
    perTransaction.set(hash, count + 1);
    const token = tokenOf(chain, log.token);
    if (!token) continue;
    const owners = transfer.invoice
      ? [{ merchantId: transfer.invoice.merchantId, livemode: transfer.invoice.livemode }]
      : (parameters.merchantsAt.get(log.to.toLowerCase()) ?? []).map((merchantId) => ({
          merchantId,
          livemode: !chain.testnet,
        }));
    for (const owner of owners) {
      values.push({
        id: newId("unp", now.getTime()),
        merchantId: owner.merchantId,
        livemode: owner.livemode,
        invoiceId: transfer.invoice?.id ?? null,
        reason: transfer.reason,
        chainId: chain.id,
        txHash: hash,
        logIndex: log.logIndex,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        blockTimestamp: parameters.blockTimestamp(log.blockHash),
        fromAddress: getAddress(log.from),
        toAddress: getAddress(log.to),
        tokenAddress: token.address,
        tokenSymbol: token.symbol,
        tokenDecimals: token.decimals,
        amount: log.value,
        currency: token.currency,
        createdAt: now,
      });
    }
  }
  // Ten rows a statement: each statement lets the event loop turn, so no single one is long.
  const written: UnmatchedPaymentRow[] = [];
  for (let at = 0; at < values.length; at += ROWS_PER_STATEMENT) {
    const rows = await executor
      .insert(unmatchedPayments)
      .values(values.slice(at, at + ROWS_PER_STATEMENT))
      .onConflictDoNothing()
      .returning();
    const announced = rows.filter((row) => row.reason !== "below_minimum");
    if (announced.length > 0) {
      const events = eventsStatement(
        announced.map((row) => ({
          merchantId: row.merchantId,
          livemode: row.livemode,
          invoiceId: row.invoiceId,
          types: ["payment.unmatched"],
          data: presentUnmatchedPayment(row),
          now,
        })),
      );
      await executor.execute(sql`with ${events.ctes} select 1`);
    }
    written.push(...rows);
  }
  return written;
}

/** A transfer credited after all (a later look found its invoice) is no longer unmatched. */
export async function forgetUnmatched(
  executor: Executor,
  transfer: { chainId: number; txHash: string; logIndexes: readonly number[] },
): Promise<void> {
  if (transfer.logIndexes.length === 0) return;
  await executor
    .delete(unmatchedPayments)
    .where(
      and(
        eq(unmatchedPayments.chainId, transfer.chainId),
        eq(unmatchedPayments.txHash, transfer.txHash),
        or(...transfer.logIndexes.map((index) => eq(unmatchedPayments.logIndex, index))),
      ),
    );
}

/** GET /api/v1/unmatched-payments query parameters. */
export const listUnmatchedPaymentsQuery = z.strictObject({
  reason: z
    .enum(unmatchedPayments.reason.enumValues)
    .optional()
    .meta({ description: "Only those recorded for this reason." }),
  invoice: z
    .string()
    .regex(/^inv_[0-9a-z]{26}$/, "must be an invoice id (inv_…)")
    .optional()
    .meta({ description: "An invoice id: only the transfers whose reference named it." }),
  limit: limitParam,
  starting_after: z
    .string()
    .optional()
    .meta({ description: "An unmatched payment's id: return those recorded before it." }),
});

export type ListUnmatchedPaymentsQuery = z.output<typeof listUnmatchedPaymentsQuery>;

/**
 * A merchant's unmatched payments in one mode, newest first, a page at a time. `hideDust` (the
 * dashboard's default, not an API parameter) leaves out transfers below the dust floor.
 */
export async function listUnmatchedPayments(
  executor: Executor,
  parameters: {
    merchantId: string;
    livemode: boolean;
    query: ListUnmatchedPaymentsQuery;
    hideDust?: boolean;
  },
): Promise<ListResponse<ApiUnmatchedPayment>> {
  const { merchantId, livemode, query } = parameters;
  const limit = query.limit ?? 20;
  const conditions: SQL[] = [
    eq(unmatchedPayments.merchantId, merchantId),
    eq(unmatchedPayments.livemode, livemode),
  ];
  if (query.reason) conditions.push(eq(unmatchedPayments.reason, query.reason));
  if (query.invoice) conditions.push(eq(unmatchedPayments.invoiceId, query.invoice));
  if (parameters.hideDust) conditions.push(ne(unmatchedPayments.reason, "below_minimum"));
  if (query.starting_after) {
    const [cursor] = await executor
      .select({ id: unmatchedPayments.id, createdAt: unmatchedPayments.createdAt })
      .from(unmatchedPayments)
      .where(and(eq(unmatchedPayments.id, query.starting_after), ...conditions.slice(0, 2)));
    if (!cursor) {
      throw invalidParameter(
        "starting_after",
        "Invalid starting_after: no such unmatched payment.",
      );
    }
    conditions.push(
      sql`(${unmatchedPayments.createdAt}, ${unmatchedPayments.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`,
    );
  }
  const rows = await executor
    .select()
    .from(unmatchedPayments)
    .where(and(...conditions))
    .orderBy(desc(unmatchedPayments.createdAt), desc(unmatchedPayments.id))
    .limit(limit + 1);
  return {
    object: "list",
    data: rows.slice(0, limit).map(presentUnmatchedPayment),
    has_more: rows.length > limit,
  };
}

/** The unmatched payments whose reference named this invoice (the invoice's page lists them). */
export async function invoiceUnmatchedPayments(
  executor: Executor,
  parameters: { merchantId: string; invoiceId: string },
): Promise<ApiUnmatchedPayment[]> {
  const rows = await executor
    .select()
    .from(unmatchedPayments)
    .where(
      and(
        eq(unmatchedPayments.merchantId, parameters.merchantId),
        eq(unmatchedPayments.invoiceId, parameters.invoiceId),
      ),
    )
    .orderBy(desc(unmatchedPayments.createdAt), desc(unmatchedPayments.id))
    .limit(50);
  return rows.map(presentUnmatchedPayment);
}
