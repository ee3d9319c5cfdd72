import "server-only";
import type { Hash } from "viem";
import type { PaymentChain } from "../../chains/registry";
import { getConfig } from "../../config/config";
import type { Database } from "../../db/client";
import { settleTransfers } from "../ledger/settleTransfers";
import {
  candidateTransfers,
  MAX_TRANSFERS_PER_TRANSACTION,
  splitTransfers,
} from "../matching/matchTransfers";
import type { TransferLog } from "../transfers";
import type { ChainReader } from "./chainReader";
import type { CreditedEvent, Head, PassSummary } from "./types";

/**
 * Credits the transfers of one block range to watched recipients: reads only the transactions of
 * those worth a look (dust and past a transaction's cap need none), and settles them like the
 * fast path (see settleTransfers). Adds what it did to `summary`.
 */
export async function creditRange(parameters: {
  db: Database;
  chain: PaymentChain;
  reader: ChainReader;
  logs: readonly TransferLog[];
  recipients: ReadonlySet<string>;
  head: Head;
  /** Blocks already read, so their times need no request. */
  known: readonly Head[];
  summary: PassSummary;
  onCredited?: (event: CreditedEvent) => void;
}): Promise<void> {
  const { db, chain, reader, head, summary } = parameters;
  const filterStarted = performance.now();
  const candidates = candidateTransfers(parameters.logs, parameters.recipients);
  summary.candidates += candidates.length;
  summary.timings.matchMs += performance.now() - filterStarted;
  if (candidates.length === 0) return;

  const { payable } = splitTransfers(chain, candidates, getConfig().dustFloor);
  const fetchStarted = performance.now();
  const hashes = [...new Set(payable.map((log) => log.transactionHash.toLowerCase() as Hash))];
  const transactions = await reader.transactionsOf(hashes);
  summary.timings.transactionsMs += performance.now() - fetchStarted;

  const timestamps = new Map(parameters.known.map((block) => [block.hash, block.timestamp]));
  const creditStarted = performance.now();
  const report = await settleTransfers(db, {
    chain,
    logs: candidates,
    transactions,
    head: head.number,
    blockTimestamp: async (blockHash) => timestamps.get(blockHash) ?? reader.blockTime(blockHash),
  });
  summary.timings.matchMs += report.matchMs;
  summary.timings.creditMs += performance.now() - creditStarted - report.matchMs;
  summary.ignored += report.unmatched.length + report.skipped;
  if (report.skipped > 0) {
    console.warn(
      `${chain.name}: ${report.skipped} transfers past ${MAX_TRANSFERS_PER_TRANSACTION} in one transaction were not looked at.`,
    );
  }
  for (const { assignment, result } of report.credited) {
    if (result.outcome === "credited" && result.inserted > 0) {
      summary.credited += result.inserted;
      parameters.onCredited?.({
        invoice: result.invoice,
        txHash: assignment.txHash,
        via: assignment.via,
        blockNumber: assignment.blockNumber,
        at: Date.now(),
      });
    } else if (result.outcome === "rejected") {
      summary.ignored += assignment.transfers.length;
      console.warn(
        `${chain.name}: transaction ${assignment.txHash} pays invoice ${assignment.invoiceId}, which cannot take it (${result.code}); not credited.`,
      );
    }
  }
}
