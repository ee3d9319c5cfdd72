import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getAddress, type Hash, type Hex } from "viem";
import { ApiError } from "../api/errors";
import { findPaymentChain, publicClientFor } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import { getConfig } from "../config/config";
import type { Database } from "../db/client";
import { paymentSubmissions, payments } from "../db/schema";
import { newId } from "../ids";
import { findInvoice, lockInvoice, refreshInvoice } from "../invoices/invoices";
import type { InvoiceRow, PaymentRow } from "../invoices/present";
import { acceptsPaymentAt } from "../invoices/state";
import { tokenToCurrencyUnits } from "../money/currencies";
import { inspectTransaction, type RejectionCode } from "./inspectTransaction";
import { saveSubmission } from "./submissions";

export type SubmitPaymentResult =
  /** The receipt is not there yet; the hash is kept and checked again. */
  | { outcome: "pending"; invoice: InvoiceRow }
  /** The transfer is credited to this invoice (now or earlier). */
  | { outcome: "credited"; invoice: InvoiceRow; payments: PaymentRow[] }
  | { outcome: "rejected"; code: RejectionCode };

/**
 * Verifies a transaction hash posted for an invoice and credits its transfers: the fast path
 * that runs as soon as the shopper's wallet returns a hash. Safe to call any number of times,
 * concurrently, for the same hash: a transfer credits at most one invoice (UNIQUE index).
 */
export async function submitPayment(
  db: Database,
  parameters: { invoiceId: string; chainId: number; txHash: Hash; now?: Date },
): Promise<SubmitPaymentResult> {
  const now = parameters.now ?? new Date();
  const txHash = parameters.txHash.toLowerCase() as Hash;
  const invoice = await findInvoice(db, parameters.invoiceId);
  if (!invoice) throw new ApiError(404, "resource_not_found", "No such invoice.", "id");

  const options = invoice.paymentOptions.filter((option) => option.chainId === parameters.chainId);
  const chain = findPaymentChain(parameters.chainId);
  if (options.length === 0 || !chain) return { outcome: "rejected", code: "wrong_chain" };
  if (invoice.status === "canceled") return { outcome: "rejected", code: "invoice_not_payable" };

  let inspection: Awaited<ReturnType<typeof inspectTransaction>>;
  try {
    inspection = await inspectTransaction({
      client: publicClientFor(chain),
      options,
      reference: invoice.reference as Hex,
      txHash,
    });
  } catch (error) {
    console.error(
      `Reading transaction ${txHash} on chain ${chain.id} failed: ${describeRpcError(error)}`,
    );
    throw new ApiError(
      503,
      "chain_unavailable",
      `${chain.name} could not be reached to check the transaction; try again in a moment.`,
    );
  }

  const submission = { invoiceId: invoice.id, chainId: chain.id, txHash, now };
  if (inspection.kind === "pending") {
    await saveSubmission(db, { ...submission, status: "pending" });
    return { outcome: "pending", invoice };
  }
  if (inspection.kind === "rejected") {
    await markRejectedIfSubmitted(db, { ...submission, code: inspection.code });
    return { outcome: "rejected", code: inspection.code };
  }

  const { monitoringWindowSeconds } = getConfig();
  const result = await db.transaction(async (tx): Promise<SubmitPaymentResult> => {
    const locked = await lockInvoice(tx, invoice.id);
    if (!locked) throw new ApiError(404, "resource_not_found", "No such invoice.", "id");
    if (!acceptsPaymentAt(locked, inspection.block.timestamp, monitoringWindowSeconds)) {
      return { outcome: "rejected", code: "invoice_not_payable" };
    }
    const status: "confirmed" | "confirming" =
      inspection.confirmations >= chain.confirmations ? "confirmed" : "confirming";
    const inserted = await tx
      .insert(payments)
      .values(
        inspection.transfers.map((transfer) => ({
          id: newId("pay", now.getTime()),
          invoiceId: locked.id,
          chainId: chain.id,
          txHash,
          logIndex: transfer.logIndex,
          blockNumber: inspection.block.number,
          blockHash: inspection.block.hash,
          blockTimestamp: inspection.block.timestamp,
          fromAddress: getAddress(transfer.from),
          tokenAddress: transfer.option.token.address,
          tokenSymbol: transfer.option.token.symbol,
          tokenDecimals: transfer.option.token.decimals,
          amount: transfer.amount,
          currencyAmount: tokenToCurrencyUnits(transfer.amount, transfer.option.token.decimals),
          status,
          confirmations: inspection.confirmations,
          createdAt: now,
          confirmedAt: status === "confirmed" ? now : null,
        })),
      )
      .onConflictDoNothing({ target: [payments.chainId, payments.txHash, payments.logIndex] })
      .returning({ id: payments.id });

    if (inserted.length === 0) {
      const owners = await tx
        .select({ invoiceId: payments.invoiceId })
        .from(payments)
        .where(
          and(
            eq(payments.chainId, chain.id),
            eq(payments.txHash, txHash),
            inArray(
              payments.logIndex,
              inspection.transfers.map((transfer) => transfer.logIndex),
            ),
          ),
        );
      if (owners.some((owner) => owner.invoiceId !== locked.id)) {
        return { outcome: "rejected", code: "transaction_already_used" };
      }
    }
    const refreshed = await refreshInvoice(tx, locked, now);
    await saveSubmission(tx, { ...submission, status: "credited" });
    return { outcome: "credited", invoice: refreshed.invoice, payments: refreshed.payments };
  });

  if (result.outcome === "rejected") {
    await markRejectedIfSubmitted(db, { ...submission, code: result.code });
  }
  return result;
}

/** A hash first seen pending that turns out not to pay the invoice: remember why, for the page. */
async function markRejectedIfSubmitted(
  db: Database,
  parameters: {
    invoiceId: string;
    chainId: number;
    txHash: string;
    code: RejectionCode;
    now: Date;
  },
): Promise<void> {
  const { code, ...submission } = parameters;
  const [existing] = await db
    .select({ id: paymentSubmissions.id })
    .from(paymentSubmissions)
    .where(
      and(
        eq(paymentSubmissions.invoiceId, submission.invoiceId),
        eq(paymentSubmissions.chainId, submission.chainId),
        eq(paymentSubmissions.txHash, submission.txHash),
      ),
    )
    .limit(1);
  if (existing) await saveSubmission(db, { ...submission, status: "rejected", errorCode: code });
}
