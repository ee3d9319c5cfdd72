import "server-only";
import { and, eq } from "drizzle-orm";
import type { Hash, Hex, PublicClient } from "viem";
import { ApiError } from "../api/errors";
import { findPaymentChain, publicClientFor } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import type { Database } from "../db/client";
import { paymentSubmissions } from "../db/schema";
import { findInvoice } from "../invoices/invoices";
import type { InvoiceRow, PaymentRow } from "../invoices/present";
import { creditTransfers } from "./creditTransfers";
import { inspectTransaction, type RejectionCode } from "./inspectTransaction";
import { saveSubmission } from "./submissions";

export type SubmitPaymentResult =
  /**
   * The receipt is not there yet; the hash is kept and checked again. known: the node has the
   * transaction waiting to be mined (false: it never saw it, or dropped it).
   */
  | { outcome: "pending"; invoice: InvoiceRow; known: boolean }
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
  parameters: {
    invoiceId: string;
    chainId: number;
    txHash: Hash;
    now?: Date;
    /** The RPC client to read with (default: the chain's shared client). */
    client?: PublicClient;
  },
): Promise<SubmitPaymentResult> {
  const now = parameters.now ?? new Date();
  const txHash = parameters.txHash.toLowerCase() as Hash;
  const invoice = await findInvoice(db, parameters.invoiceId);
  if (!invoice) throw new ApiError(404, "resource_not_found", "No such invoice.", "id");

  const options = invoice.paymentOptions.filter((option) => option.chainId === parameters.chainId);
  const chain = findPaymentChain(parameters.chainId);
  // A canceled invoice is not refused here: a transfer that paid it anyway is recorded
  // (paid_after_cancel) so the merchant learns of the money.
  if (options.length === 0 || !chain) return { outcome: "rejected", code: "wrong_chain" };

  let inspection: Awaited<ReturnType<typeof inspectTransaction>>;
  try {
    inspection = await inspectTransaction({
      client: parameters.client ?? publicClientFor(chain),
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
    await saveSubmission(db, { ...submission, status: "pending", sender: inspection.sender });
    return { outcome: "pending", invoice, known: inspection.sender !== null };
  }
  if (inspection.kind === "rejected") {
    await markRejectedIfSubmitted(db, { ...submission, code: inspection.code });
    return { outcome: "rejected", code: inspection.code };
  }

  const result = await creditTransfers(db, {
    invoiceId: invoice.id,
    chain,
    txHash,
    transfers: inspection.transfers,
    block: inspection.block,
    confirmations: inspection.confirmations,
    sender: inspection.sender,
    posted: true,
    now,
  });
  if (result.outcome === "rejected") {
    await markRejectedIfSubmitted(db, { ...submission, code: result.code });
    return result;
  }
  return { outcome: "credited", invoice: result.invoice, payments: result.payments };
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
