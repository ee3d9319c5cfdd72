import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import { getAddress, type Hash } from "viem";
import type { PaymentChain } from "../../chains/registry";
import { getConfig } from "../../config/config";
import type { Database } from "../../db/client";
import { paymentSubmissions, payments } from "../../db/schema";
import { newId } from "../../ids";
import { syncManualAmounts } from "../../invoices/manualAmounts";
import type { InvoiceRow, PaymentRow } from "../../invoices/present";
import { lockInvoice } from "../../invoices/queries";
import { refreshInvoice } from "../../invoices/refreshInvoice";
import { acceptsPaymentAt } from "../../invoices/state";
import { tokenToCurrencyUnits } from "../../money/currencies";
import { LIVE_STATUSES, saveSubmission } from "../submission/submissions";
import type { IncludedBlock, MatchedTransfer, TransactionSender } from "../transfers";
import { forgetUnmatched } from "./unmatchedPayments";

export type CreditTransfersParameters = {
  invoiceId: string;
  chain: Pick<PaymentChain, "id" | "confirmations">;
  txHash: Hash;
  /** The transaction's Transfer logs that pay this invoice's options. */
  transfers: readonly MatchedTransfer[];
  block: IncludedBlock;
  /** Blocks on top of and including the transaction's block. */
  confirmations: number;
  sender: TransactionSender | null;
  /** True when the checkout page posted this hash (its submission is recorded as credited). */
  posted: boolean;
  /** How the transfers name the invoice; a manual amount cannot pay an invoice made after it. */
  via?: "reference" | "manual";
  now: Date;
};

/** Block timestamps and the server's clock may disagree by this much. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export type CreditTransfersResult =
  | { outcome: "credited"; invoice: InvoiceRow; payments: PaymentRow[]; inserted: number }
  | {
      outcome: "rejected";
      code: "invoice_not_payable" | "transaction_already_used" | "reference_mismatch";
    };

/**
 * Credits a transaction's transfers to an invoice: the one place both the fast path (a posted
 * hash) and the chain watcher record money. One database transaction: lock the invoice, insert
 * the payments (the UNIQUE (chain, tx, log) index makes a second credit do nothing), recompute
 * the invoice and its events, and settle the invoice's manual amounts and posted hashes.
 */
export async function creditTransfers(
  db: Database,
  parameters: CreditTransfersParameters,
): Promise<CreditTransfersResult> {
  const { chain, block, transfers, now } = parameters;
  const txHash = parameters.txHash.toLowerCase() as Hash;
  const { monitoringWindowSeconds } = getConfig();

  return db.transaction(async (tx): Promise<CreditTransfersResult> => {
    const locked = await lockInvoice(tx, parameters.invoiceId);
    if (!locked || !acceptsPaymentAt(locked, block.timestamp, monitoringWindowSeconds)) {
      return { outcome: "rejected", code: "invoice_not_payable" };
    }
    if (
      parameters.via === "manual" &&
      block.timestamp.getTime() < locked.createdAt.getTime() - CLOCK_SKEW_MS
    ) {
      return { outcome: "rejected", code: "reference_mismatch" };
    }

    const earlier = await tx
      .select({ invoiceId: payments.invoiceId, blockHash: payments.blockHash })
      .from(payments)
      .where(and(eq(payments.chainId, chain.id), eq(payments.txHash, txHash)));
    // Re-mined in another block after a reorg: its log indexes may differ, so adding rows here
    // could count it twice. confirmPayments moves the rows it already has instead.
    const moved = earlier.some((row) => row.blockHash !== block.hash);

    let inserted: { id: string }[] = [];
    if (!moved && transfers.length > 0) {
      const status: PaymentRow["status"] =
        parameters.confirmations >= chain.confirmations ? "confirmed" : "confirming";
      inserted = await tx
        .insert(payments)
        .values(
          transfers.map((transfer) => ({
            id: newId("pay", now.getTime()),
            invoiceId: locked.id,
            chainId: chain.id,
            txHash,
            logIndex: transfer.logIndex,
            blockNumber: block.number,
            blockHash: block.hash,
            blockTimestamp: block.timestamp,
            fromAddress: getAddress(transfer.from),
            tokenAddress: transfer.option.token.address,
            tokenSymbol: transfer.option.token.symbol,
            tokenDecimals: transfer.option.token.decimals,
            amount: transfer.amount,
            currencyAmount: tokenToCurrencyUnits(transfer.amount, transfer.option.token.decimals),
            status,
            confirmations: parameters.confirmations,
            createdAt: now,
            confirmedAt: status === "confirmed" ? now : null,
          })),
        )
        .onConflictDoNothing({ target: [payments.chainId, payments.txHash, payments.logIndex] })
        .returning({ id: payments.id });
    }

    if (inserted.length === 0) {
      const owners = moved
        ? earlier
        : await tx
            .select({ invoiceId: payments.invoiceId })
            .from(payments)
            .where(
              and(
                eq(payments.chainId, chain.id),
                eq(payments.txHash, txHash),
                inArray(
                  payments.logIndex,
                  transfers.map((transfer) => transfer.logIndex),
                ),
              ),
            );
      if (owners.some((owner) => owner.invoiceId !== locked.id)) {
        return { outcome: "rejected", code: "transaction_already_used" };
      }
    }

    if (inserted.length > 0) {
      await forgetUnmatched(tx, {
        chainId: chain.id,
        txHash,
        logIndexes: transfers.map((transfer) => transfer.logIndex),
      });
    }
    const refreshed = await refreshInvoice(tx, locked, now);
    const invoice = await syncManualAmounts(tx, refreshed.invoice, now);

    const submission = { invoiceId: locked.id, chainId: chain.id, txHash, now };
    if (parameters.posted) {
      await saveSubmission(tx, { ...submission, status: "credited", sender: parameters.sender });
    } else {
      await tx
        .update(paymentSubmissions)
        .set({ status: "credited", errorCode: null, nextCheckAt: null, updatedAt: now })
        .where(
          and(
            eq(paymentSubmissions.invoiceId, locked.id),
            eq(paymentSubmissions.chainId, chain.id),
            eq(paymentSubmissions.txHash, txHash),
            inArray(paymentSubmissions.status, [...LIVE_STATUSES]),
          ),
        );
    }
    if (parameters.sender) {
      // A hash the page posted whose nonce this transaction used: sped up or replaced in the
      // wallet. It can never land, and the replacement is what paid.
      await tx
        .update(paymentSubmissions)
        .set({ status: "replaced", nextCheckAt: null, updatedAt: now })
        .where(
          and(
            eq(paymentSubmissions.invoiceId, locked.id),
            eq(paymentSubmissions.chainId, chain.id),
            inArray(paymentSubmissions.status, [...LIVE_STATUSES]),
            eq(paymentSubmissions.fromAddress, parameters.sender.from.toLowerCase()),
            eq(paymentSubmissions.nonce, parameters.sender.nonce),
            ne(paymentSubmissions.txHash, txHash),
          ),
        );
    }
    return {
      outcome: "credited",
      invoice,
      payments: refreshed.payments,
      inserted: inserted.length,
    };
  });
}
