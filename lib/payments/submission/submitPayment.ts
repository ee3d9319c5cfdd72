import "server-only";
import type { Address, Hash, Hex, PublicClient } from "viem";
import { findPaymentChain, type PaymentChain, publicClientFor } from "../../chains/registry";
import { describeRpcError, shortMessageOf } from "../../chains/rpcError";
import type { Database } from "../../db/client";
import { DomainError } from "../../errors";
import type { InvoiceRow, PaymentRow } from "../../invoices/present";
import { findInvoice } from "../../invoices/queries";
import { type SettleReport, settleTransfers } from "../ledger/settleTransfers";
import { inputPaysReference } from "../matching/binding";
import { type ReadTransaction, readTransaction } from "./readTransaction";
import type { RejectionCode } from "./rejections";
import {
  findSubmission,
  liveSubmissionsOf,
  MAX_LIVE_PER_CLIENT,
  SUBMISSION_PATIENCE_MS,
  saveSubmission,
  trimUnseen,
  unseenRecheckDelay,
} from "./submissions";

export type SubmitPaymentResult =
  /**
   * The receipt is not there yet; the hash is kept and checked again. known: the node has the
   * transaction waiting to be mined, and it sets out to pay this invoice (false: a hint only).
   */
  | { outcome: "pending"; invoice: InvoiceRow; known: boolean }
  /** The transfer is credited to this invoice (now or earlier). */
  | { outcome: "credited"; invoice: InvoiceRow; payments: PaymentRow[]; alsoCredited: string[] }
  | { outcome: "rejected"; code: RejectionCode; alsoCredited: string[] };

/**
 * Verifies a transaction hash posted for an invoice and credits its transfers: the fast path
 * that runs as soon as the shopper's wallet returns a hash. Every transfer of the transaction is
 * credited to the invoice its own call names, whichever invoice the hash was posted to (the
 * others are listed in alsoCredited). Safe to call any number of times, concurrently, for the
 * same hash: a transfer credits at most one invoice (UNIQUE index).
 *
 * A hash the node does not know is kept as `unseen`: a hint that is asked about again, holding
 * nothing (the invoice stays payable and cancelable). One the node has is `pending` (on its way)
 * only when its input sets out to pay this invoice.
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
    /** Who posted it: live hashes are capped per client address. */
    clientAddress?: string | null;
  },
): Promise<SubmitPaymentResult> {
  const now = parameters.now ?? new Date();
  const txHash = parameters.txHash.toLowerCase() as Hash;
  const invoice = await findInvoice(db, parameters.invoiceId);
  if (!invoice) throw new DomainError("resource_not_found", "No such invoice.", "id");

  const chain = findPaymentChain(parameters.chainId);
  // A canceled invoice is not refused here: a transfer that paid it anyway is recorded
  // (paid_after_cancel) so the merchant learns of the money.
  if (!chain) return { outcome: "rejected", code: "wrong_chain", alsoCredited: [] };

  const key = { invoiceId: invoice.id, chainId: chain.id, txHash };
  const clientAddress = parameters.clientAddress ?? null;
  if (clientAddress && !(await findSubmission(db, key))) {
    const since = new Date(now.getTime() - SUBMISSION_PATIENCE_MS);
    if ((await liveSubmissionsOf(db, clientAddress, since)) >= MAX_LIVE_PER_CLIENT) {
      throw new DomainError(
        "too_many_pending_payments",
        "Too many transactions posted from here are still waiting to be mined; the payment is still found once it is mined.",
        "tx_hash",
      );
    }
  }

  const client = parameters.client ?? publicClientFor(chain);
  let read: ReadTransaction;
  try {
    read = await readTransaction(client, chain, txHash);
  } catch (error) {
    console.error(
      `Reading transaction ${txHash} on chain ${chain.id} failed: ${describeRpcError(error)}`,
    );
    throw new DomainError(
      "chain_unavailable",
      `${chain.name} could not be reached to check the transaction; try again in a moment.`,
    );
  }

  if (read.kind === "unknown") {
    await saveSubmission(db, {
      ...key,
      status: "unseen",
      clientAddress,
      nextCheckAt: new Date(now.getTime() + unseenRecheckDelay(0)),
      now,
    });
    await trimUnseen(db, invoice.id, now);
    return { outcome: "pending", invoice, known: false };
  }
  if (read.kind === "pending") {
    if (!inputPaysReference(read.input, invoice.reference as Hex, recipientsOf(invoice))) {
      return rejectSubmission(db, { ...key, code: "reference_mismatch", now });
    }
    await saveSubmission(db, {
      ...key,
      status: "pending",
      sender: read.sender,
      clientAddress,
      now,
    });
    return { outcome: "pending", invoice, known: true };
  }
  if (read.kind === "failed") {
    return rejectSubmission(db, { ...key, code: "transaction_failed", now });
  }

  let report: SettleReport;
  try {
    report = await settleMined(db, { chain, client, txHash, read, postedFor: invoice.id, now });
  } catch (error) {
    // A database failure is the server's (500); only the chain's node failing is a 503.
    if (shortMessageOf(error) === null) throw error;
    console.error(`Reading blocks on chain ${chain.id} failed: ${describeRpcError(error)}`);
    throw new DomainError(
      "chain_unavailable",
      `${chain.name} could not be reached to check the transaction; try again in a moment.`,
    );
  }
  const alsoCredited = report.credited
    .filter(
      ({ assignment, result }) =>
        assignment.invoiceId !== invoice.id && result.outcome === "credited",
    )
    .map(({ assignment }) => assignment.invoiceId);
  const mine = report.credited.find(({ assignment }) => assignment.invoiceId === invoice.id);
  if (mine?.result.outcome === "credited") {
    return {
      outcome: "credited",
      invoice: mine.result.invoice,
      payments: mine.result.payments,
      alsoCredited,
    };
  }
  const code =
    mine?.result.outcome === "rejected" ? mine.result.code : whyNotPaid(invoice, chain, report);
  const rejected = await rejectSubmission(db, { ...key, code, now });
  return { ...rejected, alsoCredited };
}

/** Credits every transfer of a mined transaction (see settleTransfers). */
export async function settleMined(
  db: Database,
  parameters: {
    chain: PaymentChain;
    client: PublicClient;
    txHash: Hash;
    read: Extract<ReadTransaction, { kind: "mined" }>;
    postedFor: string | null;
    now: Date;
    head?: bigint;
  },
): Promise<SettleReport> {
  const { chain, client, read } = parameters;
  const head = parameters.head ?? (await client.getBlockNumber({ cacheTime: 0 }));
  return settleTransfers(db, {
    chain,
    logs: read.logs,
    transactions: new Map([[parameters.txHash, { input: read.input, sender: read.sender }]]),
    head,
    blockTimestamp: async (blockHash) => {
      const block = await client.getBlock({ blockHash });
      return new Date(Number(block.timestamp) * 1000);
    },
    postedFor: parameters.postedFor,
    now: parameters.now,
  });
}

/** Where the invoice is paid: its options' recipients, lowercase. */
function recipientsOf(invoice: InvoiceRow): Address[] {
  return [...new Set(invoice.paymentOptions.map((option) => option.recipient))];
}

/** Why a mined transaction credited nothing to this invoice. */
export function whyNotPaid(
  invoice: InvoiceRow,
  chain: PaymentChain,
  report: SettleReport,
): RejectionCode {
  const named = report.unmatched.find((transfer) => transfer.invoice?.id === invoice.id);
  if (named) {
    return named.reason === "invoice_not_payable" ? "invoice_not_payable" : "token_not_accepted";
  }
  const onChain = invoice.paymentOptions.filter((option) => option.chainId === chain.id);
  const recipients = new Set(
    (onChain.length > 0 ? onChain : invoice.paymentOptions).map((option) =>
      option.recipient.toLowerCase(),
    ),
  );
  const toMerchant = (log: { to: string }) => recipients.has(log.to.toLowerCase());
  if (report.payable.some(toMerchant)) return "reference_mismatch";
  if (report.dust.some(toMerchant)) return "amount_too_small";
  return "no_matching_transfer";
}

/** A hash that does not pay the invoice: a live submission of it remembers why, for the page. */
async function rejectSubmission(
  db: Database,
  parameters: {
    invoiceId: string;
    chainId: number;
    txHash: string;
    code: RejectionCode;
    now: Date;
  },
): Promise<{ outcome: "rejected"; code: RejectionCode; alsoCredited: string[] }> {
  const { code, ...key } = parameters;
  if (await findSubmission(db, key)) {
    await saveSubmission(db, { ...key, status: "rejected", errorCode: code });
  }
  return { outcome: "rejected", code, alsoCredited: [] };
}
