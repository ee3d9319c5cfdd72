import "server-only";
import {
  type Address,
  BlockNotFoundError,
  createPublicClient,
  encodeEventTopics,
  erc20Abi,
  formatLog,
  type Hash,
  http,
  numberToHex,
  type PublicClient,
  parseEventLogs,
  webSocket,
} from "viem";
import type { PaymentChain } from "../../chains/registry";
import { describeRpcError } from "../../chains/rpcError";
import { getConfig } from "../../config/config";
import type { Database } from "../../db/client";
import type { InvoiceRow } from "../../invoices/present";
import { confirmPayments } from "../ledger/confirmPayments";
import { settleTransfers, yieldToEventLoop } from "../ledger/settleTransfers";
import {
  candidateTransfers,
  MAX_TRANSFERS_PER_TRANSACTION,
  splitTransfers,
  type TransferLog,
  type WatchedTransaction,
} from "../matching/matchTransfers";
import { recheckSubmissions } from "../submission/submissionChecks";
import { type BlockRef, type Cursor, loadCursor, saveCursor, saveWatcherStatus } from "./cursor";
import {
  type Backoff,
  backoffDelay,
  DEFAULT_BACKOFF,
  describeWatcherError,
  isRangeTooLarge,
  retryAfterMs,
} from "./retry";
import type { WatcherLock } from "./watcherLock";
import { endWatching, loadWatchSet, type WatchSet } from "./watchList";

/** How far back a chain's first pass starts, and how far a reorg deeper than the saved
 * checkpoints rewinds: rescanning is harmless (a transfer credits once), missing is not. */
export const LOOKBACK_BLOCKS = 256n;
/** eth_getLogs topic lists longer than this are left out: recipients are matched in memory. */
const MAX_TOPIC_RECIPIENTS = 100;
/** Logs decoded between turns of the event loop. */
const LOG_CHUNK = 100;

export type ChainWatcherOptions = {
  db: Database;
  chain: PaymentChain;
  /** JSON-RPC endpoint (default: the chain's). */
  rpcUrl?: string;
  /** WebSocket endpoint for new heads (default: the chain's; null: poll only). */
  wsUrl?: string | null;
  /** Poll for a new head this often without a live subscription (default: half the block time, 0.5 to 2 s). */
  pollIntervalMs?: number;
  rpcTimeoutMs?: number;
  /** Largest eth_getLogs block range to ask for; halves when the RPC says it is too large. */
  maxLogRange?: number;
  backoff?: Backoff;
  /** Only the holder runs passes (see watcherLock); absent: always. */
  lock?: WatcherLock;
  lockRetryMs?: number;
  /** After a transfer is credited and committed (benchmarks, logs). */
  onCredited?: (event: CreditedEvent) => void;
};

export type CreditedEvent = {
  invoice: InvoiceRow;
  txHash: Hash;
  via: "reference" | "manual";
  blockNumber: bigint;
  /** Date.now() right after the commit. */
  at: number;
};

export type PassSummary = {
  head: bigint;
  /** Blocks scanned in this pass (0 when there was nothing new). */
  blocks: number;
  logs: number;
  candidates: number;
  credited: number;
  ignored: number;
  reorg: boolean;
  /**
   * Milliseconds: eth_getLogs; reading the candidate transactions; deciding which invoice each
   * transfer pays (filter, reference and manual-amount lookups); crediting.
   */
  timings: { logsMs: number; transactionsMs: number; matchMs: number; creditMs: number };
};

export type ChainWatcher = {
  readonly chain: PaymentChain;
  readonly client: PublicClient;
  /** One pass: new head, reorg check, new ranges, confirmations, posted hashes. */
  runOnce(): Promise<PassSummary>;
  start(): void;
  stop(): Promise<void>;
  status(): {
    running: boolean;
    active: boolean;
    lastError: string | null;
    lastPass: PassSummary | null;
  };
};

type Head = BlockRef & { parentHash: Hash; timestamp: Date };

/**
 * The chain watcher: one loop per chain that finds payments nobody posted a hash for. Each pass
 * reads the Transfer logs of the chain's stablecoins for the blocks since its cursor (one
 * eth_getLogs per range, whatever the number of open invoices), keeps the transfers to watched
 * recipients, reads only those transactions to find an invoice reference, and credits them
 * through creditTransfers, like the fast path. The cursor (block number and hash) is saved after
 * each range, so a restart resumes where it stopped; a cursor that is no longer on the chain
 * walks back to the last checkpoint that is.
 */
export function createChainWatcher(options: ChainWatcherOptions): ChainWatcher {
  const { db, chain } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const blockTime = chain.chain.blockTime ?? 2000;
  const pollIntervalMs = options.pollIntervalMs ?? Math.min(2000, Math.max(500, blockTime / 2));
  const wsUrl = options.wsUrl === undefined ? chain.wsUrl : options.wsUrl;
  const client = createPublicClient({
    chain: chain.chain,
    transport: http(options.rpcUrl ?? chain.rpcUrl, {
      timeout: options.rpcTimeoutMs ?? 10_000,
      // The loop retries whole passes with backoff; a retry inside one call would hide faults.
      retryCount: 0,
    }),
  }) as PublicClient;
  // Posted hashes are asked about in one JSON-RPC batch per pass, whatever their number.
  const batchClient = createPublicClient({
    chain: chain.chain,
    transport: http(options.rpcUrl ?? chain.rpcUrl, {
      timeout: options.rpcTimeoutMs ?? 10_000,
      retryCount: 0,
      batch: { batchSize: 200 },
    }),
  }) as PublicClient;
  const maxLogRange = options.maxLogRange ?? 1000;
  let logRange = maxLogRange;
  let rangeSuccesses = 0;

  let running = false;
  let stopped = true;
  let active = false;
  let loopDone: Promise<void> = Promise.resolve();
  let lastError: string | null = null;
  let lastPass: PassSummary | null = null;
  let wakeOnStop: (() => void) | null = null;
  let wakeOnBlock: (() => void) | null = null;
  let socket: { unwatch: () => void; close: () => Promise<void> } | null = null;
  let socketHead: Head | null = null;
  let socketHeadAt = 0;
  let statusSaved: { head: bigint | null; at: number } = { head: null, at: 0 };

  // ── reading the chain ──────────────────────────────────────────────────────────────────────

  const toHead = (block: {
    number: bigint | null;
    hash: Hash | null;
    parentHash: Hash;
    timestamp: bigint;
  }): Head | null =>
    block.number === null || block.hash === null
      ? null
      : {
          number: block.number,
          hash: block.hash,
          parentHash: block.parentHash,
          timestamp: new Date(Number(block.timestamp) * 1000),
        };

  async function blockAt(number: bigint): Promise<Head | null> {
    try {
      return toHead(await client.getBlock({ blockNumber: number }));
    } catch (error) {
      // A node behind the one that gave us the head does not have the block yet.
      if (error instanceof BlockNotFoundError) return null;
      throw error;
    }
  }

  async function readHead(): Promise<Head> {
    const fresh = socketHead;
    socketHead = null;
    if (fresh) return fresh;
    const head = toHead(await client.getBlock({ blockTag: "latest" }));
    if (!head) throw new Error("The RPC answered the latest block without a number or hash.");
    return head;
  }

  async function transferLogs(from: bigint, to: bigint, watch: WatchSet): Promise<TransferLog[]> {
    const recipients = [...watch.recipients] as Address[];
    const topics = encodeEventTopics({
      abi: erc20Abi,
      eventName: "Transfer",
      args: recipients.length <= MAX_TOPIC_RECIPIENTS ? { to: recipients } : undefined,
    });
    const raw = await client.request({
      method: "eth_getLogs",
      params: [
        {
          address: chain.tokens.map((token) => token.address),
          topics,
          fromBlock: numberToHex(from),
          toBlock: numberToHex(to),
        },
      ],
    });
    const logs: TransferLog[] = [];
    // Decoded a chunk at a time: a block of thousands of transfers does not hold the event loop.
    for (let at = 0; at < raw.length; at += LOG_CHUNK) {
      if (at > 0) await yieldToEventLoop();
      const decoded = parseEventLogs({
        abi: erc20Abi,
        eventName: "Transfer",
        logs: raw.slice(at, at + LOG_CHUNK).map((log) => formatLog(log)),
        strict: true,
      });
      for (const log of decoded) {
        if (log.removed || log.blockHash === null || log.transactionHash === null) continue;
        logs.push({
          token: log.address,
          from: log.args.from,
          to: log.args.to,
          value: log.args.value,
          blockNumber: log.blockNumber!,
          blockHash: log.blockHash!,
          transactionHash: log.transactionHash!,
          logIndex: log.logIndex!,
        });
      }
    }
    return logs;
  }

  async function transactionsOf(hashes: readonly Hash[]): Promise<Map<string, WatchedTransaction>> {
    const found = new Map<string, WatchedTransaction>();
    let next = 0;
    const worker = async () => {
      while (next < hashes.length) {
        const hash = hashes[next++]!;
        const transaction = await client.getTransaction({ hash });
        found.set(hash.toLowerCase(), {
          input: transaction.input,
          sender: { from: transaction.from, nonce: transaction.nonce },
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, hashes.length) }, worker));
    return found;
  }

  // ── one pass ───────────────────────────────────────────────────────────────────────────────

  async function walkBack(cursor: Cursor, now: Date): Promise<Cursor | null> {
    for (const checkpoint of [...cursor.checkpoints].reverse()) {
      const number = BigInt(checkpoint.number);
      if (number >= cursor.number) continue;
      const block = await blockAt(number);
      if (!block) return null;
      if (block.hash === checkpoint.hash) {
        console.warn(`${chain.name}: blocks after ${number} were reorganised; reading them again.`);
        return saveCursor(db, chain.id, cursor, block, now, true);
      }
    }
    const number = cursor.number > LOOKBACK_BLOCKS ? cursor.number - LOOKBACK_BLOCKS : 0n;
    const block = await blockAt(number);
    if (!block) return null;
    console.warn(
      `${chain.name}: a reorg went deeper than the saved checkpoints; reading again from block ${number}.`,
    );
    return saveCursor(db, chain.id, { ...cursor, checkpoints: [] }, block, now, true);
  }

  /** The cursor if it is still on the chain, the walked-back one if not; null: node behind. */
  async function verifiedCursor(cursor: Cursor, head: Head, now: Date): Promise<Cursor | null> {
    let canonical: boolean;
    if (head.number === cursor.number) canonical = head.hash === cursor.hash;
    else if (head.number === cursor.number + 1n) canonical = head.parentHash === cursor.hash;
    else {
      const block = await blockAt(cursor.number);
      if (!block) return null;
      canonical = block.hash === cursor.hash;
    }
    return canonical ? cursor : walkBack(cursor, now);
  }

  async function credit(
    logs: TransferLog[],
    watch: WatchSet,
    head: Head,
    known: readonly Head[],
    summary: PassSummary,
  ): Promise<void> {
    const filterStarted = performance.now();
    const candidates = candidateTransfers(logs, watch.recipients);
    summary.candidates += candidates.length;
    summary.timings.matchMs += performance.now() - filterStarted;
    if (candidates.length === 0) return;

    // Dust and transfers past a transaction's cap need no transaction read.
    const { payable } = splitTransfers(chain, candidates, getConfig().dustFloor);
    const fetchStarted = performance.now();
    const hashes = [...new Set(payable.map((log) => log.transactionHash.toLowerCase() as Hash))];
    const transactions = await transactionsOf(hashes);
    summary.timings.transactionsMs += performance.now() - fetchStarted;

    const timestamps = new Map(known.map((block) => [block.hash, block.timestamp]));
    const creditStarted = performance.now();
    const report = await settleTransfers(db, {
      chain,
      logs: candidates,
      transactions,
      head: head.number,
      blockTimestamp: async (blockHash) => {
        const cached = timestamps.get(blockHash);
        if (cached) return cached;
        const block = await client.getBlock({ blockHash });
        return new Date(Number(block.timestamp) * 1000);
      },
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
        options.onCredited?.({
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

  async function pass(): Promise<PassSummary> {
    const now = new Date();
    const head = await readHead();
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
      const block = start === head.number ? head : await blockAt(start);
      if (!block) throw new Error(`The RPC does not have block ${start} yet.`);
      cursor = await saveCursor(db, chain.id, null, block, now);
    }

    // A head below the cursor is a node that is behind (or a shorter fork): nothing new yet.
    if (head.number >= cursor.number) {
      const verified = await verifiedCursor(cursor, head, now);
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
      const end = to === head.number ? head : await blockAt(to);
      if (!end) break;
      const watch = await loadWatchSet(db, chain.id);
      let logs: TransferLog[] = [];
      if (watch.recipients.size > 0) {
        const started = performance.now();
        try {
          logs = await transferLogs(from, to, watch);
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
      await credit(logs, watch, head, [head, end], summary);
      cursor = await saveCursor(db, chain.id, cursor, end, new Date());
      await endWatching(db, chain.id, end.timestamp, new Date());
      summary.blocks += Number(to - from + 1n);
      if (logRange < maxLogRange && ++rangeSuccesses >= 20) {
        logRange = Math.min(maxLogRange, logRange * 2);
        rangeSuccesses = 0;
      }
    }

    await confirmPayments(db, chain, now, { client, head: head.number });
    await recheckSubmissions(db, now, { chainId: chain.id, client: batchClient });
    // The head and heartbeat for /api/health: on a new head, else every 10 seconds.
    if (head.number !== statusSaved.head || now.getTime() - statusSaved.at >= 10_000) {
      await saveWatcherStatus(db, chain.id, { head: head.number, error: null, now });
      statusSaved = { head: head.number, at: now.getTime() };
    }
    return summary;
  }

  // ── the loop ───────────────────────────────────────────────────────────────────────────────

  /** Waits `ms`; stop() always ends the wait early, a new block only when `untilBlock`. */
  const sleep = (ms: number, untilBlock: boolean) =>
    new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        wakeOnStop = null;
        wakeOnBlock = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      wakeOnStop = finish;
      wakeOnBlock = untilBlock ? finish : null;
    });

  function subscribe(): void {
    if (!wsUrl || socket) return;
    const wsClient = createPublicClient({
      chain: chain.chain,
      transport: webSocket(wsUrl, { keepAlive: true, reconnect: true, retryCount: 0 }),
    });
    let reported = false;
    const unwatch = wsClient.watchBlocks({
      poll: false,
      onBlock: (block) => {
        const head = toHead(block);
        if (!head) return;
        socketHead = head;
        socketHeadAt = Date.now();
        wakeOnBlock?.();
      },
      onError: (error) => {
        if (!reported)
          console.warn(
            `${chain.name}: new-block subscription failed (${describeRpcError(error)}); polling.`,
          );
        reported = true;
      },
    });
    socket = {
      unwatch,
      close: async () => {
        unwatch();
        const rpc = await wsClient.transport.getRpcClient().catch(() => null);
        rpc?.close();
      },
    };
  }

  async function unsubscribe(): Promise<void> {
    const current = socket;
    socket = null;
    socketHead = null;
    await current?.close().catch(() => {});
  }

  // A lost lock ends the wait at once, so this instance stops watching before another starts.
  options.lock?.onLost(() => wakeOnStop?.());

  async function loop(): Promise<void> {
    let failures = 0;
    const loggedAt = new Map<string, number>();
    while (!stopped) {
      if (options.lock && !options.lock.held) {
        if (active) {
          active = false;
          await unsubscribe();
          console.warn(`${chain.name}: lost the watcher lock; another instance takes over.`);
        }
        if (!(await options.lock.tryAcquire())) {
          await sleep(options.lockRetryMs ?? 2000, false);
          continue;
        }
      }
      if (!active) {
        active = true;
        console.log(`Payment watcher for ${chain.name} (chain ${chain.id}) is running.`);
      }
      subscribe();
      try {
        lastPass = await pass();
        failures = 0;
        lastError = null;
      } catch (error) {
        failures++;
        const message = describeWatcherError(error);
        // Each distinct failure is logged once a minute at most, not once a retry.
        if (Date.now() - (loggedAt.get(message) ?? 0) > 60_000) {
          console.error(`${chain.name} watcher: ${message}; retrying.`);
          loggedAt.set(message, Date.now());
        }
        lastError = message;
        // The next pass that works records the recovery at once, not at the next heartbeat.
        statusSaved = { head: null, at: 0 };
        await saveWatcherStatus(db, chain.id, {
          head: null,
          error: message,
          now: new Date(),
        }).catch(() => {});
        await sleep(Math.max(backoffDelay(failures, backoff), retryAfterMs(error) ?? 0), false);
        continue;
      }
      // With a live subscription a new block wakes the loop; the timer is the safety net.
      const subscribed = socket !== null && Date.now() - socketHeadAt < 4 * pollIntervalMs;
      await sleep(subscribed ? 4 * pollIntervalMs : pollIntervalMs, true);
    }
  }

  return {
    chain,
    client,
    runOnce: pass,
    start() {
      if (running) return;
      running = true;
      stopped = false;
      loopDone = loop().finally(async () => {
        running = false;
        active = false;
        await unsubscribe();
        await options.lock?.release();
      });
    },
    async stop() {
      stopped = true;
      wakeOnStop?.();
      await loopDone;
    },
    status: () => ({ running, active, lastError, lastPass }),
  };
}
