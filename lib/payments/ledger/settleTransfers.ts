import "server-only";
import type { Hash } from "viem";
import type { PaymentChain } from "../../chains/registry";
import { getConfig } from "../../config/config";
import type { Database } from "../../db/client";
import {
  findManualHolders,
  findReferencedInvoices,
  merchantsPaidAt,
} from "../matching/matchLookups";
import {
  assignTransfers,
  bindCandidates,
  boundReferences,
  splitTransfers,
  type TransferAssignment,
  type UnmatchedTransfer,
  unboundTransfers,
  type WatchedTransaction,
} from "../matching/matchTransfers";
import type { TransferLog } from "../transfers";
import { type CreditTransfersResult, creditTransfers } from "./creditTransfers";
import { recordUnmatchedPayments } from "./unmatchedPayments";

export type SettledAssignment = { assignment: TransferAssignment; result: CreditTransfersResult };

export type SettleReport = {
  credited: SettledAssignment[];
  /** Transfers that credited nothing, dust included (each recorded for its merchant). */
  unmatched: UnmatchedTransfer[];
  /** Transfers looked at (above the dust floor), dust, and those past a transaction's cap. */
  payable: TransferLog[];
  dust: TransferLog[];
  skipped: number;
  /** Milliseconds binding transfers to references and looking the references up. */
  matchMs: number;
};

/** Lets the event loop run other work (requests) between chunks of a long pass. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Matches transfers seen on one chain to invoices and credits them: the one path both the chain
 * watcher (a range of blocks) and the fast path (one posted transaction) take. Dust is set aside;
 * every other transfer is bound to the reference its own call carries (linear in the inputs,
 * yielding between large ones), the named invoices and the held manual amounts are looked up
 * once for all, each invoice is credited its transfers in a transaction of its own, and what
 * credited nothing is recorded for the merchant it was paid to.
 */
export async function settleTransfers(
  db: Database,
  parameters: {
    chain: PaymentChain;
    /** Transfer logs of the chain's tokens with a non-zero amount. */
    logs: readonly TransferLog[];
    transactions: ReadonlyMap<string, WatchedTransaction>;
    /** The head that confirmations are counted against. */
    head: bigint;
    blockTimestamp: (blockHash: Hash) => Promise<Date>;
    /** The invoice the checkout posted this transaction for, if it was posted. */
    postedFor?: string | null;
    now?: Date;
  },
): Promise<SettleReport> {
  const { chain, transactions, head } = parameters;
  const now = parameters.now ?? new Date();
  const { payable, dust, skipped } = splitTransfers(chain, parameters.logs, getConfig().dustFloor);

  const matchStarted = performance.now();
  const bindings = await bindCandidates(payable, transactions, yieldToEventLoop);
  const referenced = await findReferencedInvoices(db, boundReferences(bindings));
  const manualHolders = await findManualHolders(
    db,
    chain.id,
    unboundTransfers(chain.id, payable, bindings, referenced),
  );
  const report = assignTransfers({
    chain,
    candidates: payable,
    transactions,
    bindings,
    referenced,
    manualHolders,
  });
  const matchMs = performance.now() - matchStarted;

  const timestamps = new Map<string, Date>();
  const timestampOf = async (blockHash: Hash) => {
    let timestamp = timestamps.get(blockHash);
    if (!timestamp) {
      timestamp = await parameters.blockTimestamp(blockHash);
      timestamps.set(blockHash, timestamp);
    }
    return timestamp;
  };

  const credited: SettledAssignment[] = [];
  const unmatched: UnmatchedTransfer[] = [...report.unmatched];
  const named = new Map(referenced.map((invoice) => [invoice.id, invoice]));
  for (const assignment of report.assignments) {
    const depth = head - assignment.blockNumber + 1n;
    const result = await creditTransfers(db, {
      invoiceId: assignment.invoiceId,
      chain,
      txHash: assignment.txHash,
      transfers: assignment.transfers,
      block: {
        number: assignment.blockNumber,
        hash: assignment.blockHash,
        timestamp: await timestampOf(assignment.blockHash),
      },
      confirmations: depth > 0n ? Number(depth) : 0,
      sender: assignment.sender,
      posted: parameters.postedFor === assignment.invoiceId,
      via: assignment.via,
      now,
    });
    credited.push({ assignment, result });
    if (result.outcome === "rejected" && result.code === "invoice_not_payable") {
      const invoice = named.get(assignment.invoiceId);
      for (const transfer of assignment.transfers) {
        const log = parameters.logs.find(
          (candidate) =>
            candidate.transactionHash.toLowerCase() === assignment.txHash &&
            candidate.logIndex === transfer.logIndex,
        );
        if (log && invoice && assignment.via === "reference") {
          unmatched.push({ log, reason: "invoice_not_payable", invoice });
        }
      }
    }
  }

  // Dust last: a transaction's cap on recorded rows keeps what the merchant must act on first.
  for (const log of dust) unmatched.push({ log, reason: "below_minimum", invoice: null });
  if (unmatched.length > 0) {
    const blockTimes = new Map<string, Date>();
    for (const { log } of unmatched) {
      if (!blockTimes.has(log.blockHash))
        blockTimes.set(log.blockHash, await timestampOf(log.blockHash));
    }
    const merchantsAt = await merchantsPaidAt(
      db,
      chain.id,
      unmatched.filter((transfer) => !transfer.invoice).map((transfer) => transfer.log.to),
    );
    await db.transaction((tx) =>
      recordUnmatchedPayments(tx, {
        chain,
        transfers: unmatched,
        merchantsAt,
        blockTimestamp: (blockHash) => blockTimes.get(blockHash)!,
        now,
      }),
    );
  }
  return { credited, unmatched, payable, dust, skipped, matchMs };
}
