import "server-only";
import type { PublicClient } from "viem";
import type { PaymentChain } from "../../chains/registry";
import type { Database } from "../../db/client";
import { confirmPayments } from "../ledger/confirmPayments";
import { recheckSubmissions } from "../submission/submissionChecks";
import type { TransferLog } from "../transfers";
import { canonicalCursor, LOOKBACK_BLOCKS } from "./canonicalCursor";
import type { ChainReader } from "./chainReader";
import { creditRange } from "./creditRange";
import { loadCursor, saveCursor, saveWatcherStatus } from "./cursor";
import { isRangeTooLarge } from "./retry";
import type { CreditedEvent, Head, PassSummary } from "./types";
import { endWatching, loadWatchSet } from "./watchList";

/** Ranges that worked in a row before the range is doubled back towards its largest. */
const RANGE_GROWTH_AFTER = 20;
/** The head is saved for /api/health at least this often while passes run. */
const HEARTBEAT_MS = 10_000;

export type Pass = {
  /** One pass: new head, reorg check, new ranges, confirmations, posted hashes. */
  run(): Promise<PassSummary>;
  /** After a failure: the next pass that works saves its status at once. */
  forgetSavedStatus(): void;
};

/**
 * A watcher's pass over its chain. Each range since the cursor is read with one eth_getLogs
 * (halved while the RPC says it is too large, grown back after 20 that work), credited, and the
 * cursor saved after it, so a restart resumes where it stopped.
 */
export function createPass(parameters: {
  db: Database;
  chain: PaymentChain;
  reader: ChainReader;
  /** The newest head: announced by the subscription, else asked for. */
  readHead: () => Promise<Head>;
  /** Reads confirmations with this client; posted hashes with the batching one. */
  client: PublicClient;
  batchClient: PublicClient;
  maxLogRange: number;
  onCredited?: (event: CreditedEvent) => void;
}): Pass {
  const { db, chain, reader, maxLogRange } = parameters;
  let logRange = maxLogRange;
  let rangeSuccesses = 0;
  let statusSaved: { head: bigint | null; at: number } = { head: null, at: 0 };

  async function run(): Promise<PassSummary> {
    const now = new Date();
    const head = await parameters.readHead();
    const summary: PassSummary = {
      head: head.number,
      blocks: 0,
      logs: 0,
      candidates: 0,
      credited: 0,
      ignored: 0,
      reorg: false,
      timings: { logsMs: 0, transactionsMs: 0, matchMs: 0, creditMs: 0 },
    };

    let cursor = await loadCursor(db, chain.id);
    if (!cursor) {
      const start = head.number > LOOKBACK_BLOCKS ? head.number - LOOKBACK_BLOCKS : 0n;
      const block = start === head.number ? head : await reader.blockAt(start);
      if (!block) throw new Error(`The RPC does not have block ${start} yet.`);
      cursor = await saveCursor(db, chain.id, null, block, now);
    }

    // A head below the cursor is a node that is behind (or a shorter fork): nothing new yet.
    if (head.number >= cursor.number) {
      const verified = await canonicalCursor({ db, chain, reader, cursor, head, now });
      summary.reorg = verified !== null && verified.hash !== cursor.hash;
      cursor = verified;
    } else {
      cursor = null;
    }

    while (cursor && cursor.number < head.number) {
      const from = cursor.number + 1n;
      const last = from + BigInt(logRange) - 1n;
      const to = last < head.number ? last : head.number;
      // The range end's hash is read before its logs: if the chain changes in between, the saved
      // cursor is the stale one and the next pass walks back and reads the range again.
      const end = to === head.number ? head : await reader.blockAt(to);
      if (!end) break;
      const watch = await loadWatchSet(db, chain.id);
      let logs: TransferLog[] = [];
      if (watch.recipients.size > 0) {
        const started = performance.now();
        try {
          logs = await reader.transferLogs(from, to, watch.recipients);
        } catch (error) {
          if (isRangeTooLarge(error) && to > from) {
            logRange = Math.max(1, Math.floor(Number(to - from + 1n) / 2));
            rangeSuccesses = 0;
            continue;
          }
          throw error;
        }
        summary.timings.logsMs += performance.now() - started;
      }
      if (logs.some((log) => log.blockNumber === end.number && log.blockHash !== end.hash)) {
        throw new Error(`${chain.name} changed while block ${to} was being read; reading again.`);
      }
      summary.logs += logs.length;
      await creditRange({
        db,
        chain,
        reader,
        logs,
        recipients: watch.recipients,
        head,
        known: [head, end],
        summary,
        onCredited: parameters.onCredited,
      });
      cursor = await saveCursor(db, chain.id, cursor, end, new Date());
      await endWatching(db, chain.id, end.timestamp, new Date());
      summary.blocks += Number(to - from + 1n);
      if (logRange < maxLogRange && ++rangeSuccesses >= RANGE_GROWTH_AFTER) {
        logRange = Math.min(maxLogRange, logRange * 2);
        rangeSuccesses = 0;
      }
    }

    await confirmPayments(db, chain, now, { client: parameters.client, head: head.number });
    await recheckSubmissions(db, now, { chainId: chain.id, client: parameters.batchClient });
    // The head and heartbeat for /api/health: on a new head, else every 10 seconds.
    if (head.number !== statusSaved.head || now.getTime() - statusSaved.at >= HEARTBEAT_MS) {
      await saveWatcherStatus(db, chain.id, { head: head.number, error: null, now });
      statusSaved = { head: head.number, at: now.getTime() };
    }
    return summary;
  }

  return {
    run,
    forgetSavedStatus() {
      statusSaved = { head: null, at: 0 };
    },
  };
}
