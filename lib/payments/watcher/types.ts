import type { Hash, PublicClient } from "viem";
import type { PaymentChain } from "../../chains/registry";
import type { Database } from "../../db/client";
import type { InvoiceRow } from "../../invoices/present";
import type { BlockRef } from "./cursor";
import type { Backoff } from "./retry";
import type { WatcherLock } from "./watcherLock";

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

/** A block as the watcher keeps it: where it is, what it follows, when it was mined. */
export type Head = BlockRef & { parentHash: Hash; timestamp: Date };
