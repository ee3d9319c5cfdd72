import "server-only";
import { purgeExpiredIdempotencyKeys } from "../api/idempotency";
import { getPaymentChains, type PaymentChain } from "../chains/registry";
import { describeRpcError } from "../chains/rpcError";
import type { DatabaseHandle } from "../db/client";
import { expireOverdueInvoices } from "../invoices/expireInvoices";
import { releaseFinishedManualAmounts } from "../invoices/manualAmounts";
import {
  type ChainWatcher,
  type ChainWatcherOptions,
  createChainWatcher,
} from "../payments/watcher/chainWatcher";
import { createWatcherLock } from "../payments/watcher/watcherLock";
import { confirmPendingRefunds } from "../refunds/refunds";

export type MonitorHandle = { watchers: ChainWatcher[]; stop(): Promise<void> };
const state = globalThis as typeof globalThis & { __checkoutMonitor?: MonitorHandle };

/** Manual amounts of canceled (and paid) invoices are let go of this often. */
const RELEASE_EVERY_MS = 30_000;
/** Refunds still confirming are checked against the chain this often. */
const REFUNDS_EVERY_MS = 5_000;
/** Expired idempotency keys are deleted this often (and at the first pass after start). */
export const IDEMPOTENCY_PURGE_EVERY_MS = 3_600_000;

/**
 * The payment engine of a process: one watcher per configured chain (only the instance holding
 * the chain's lock runs it; see watcherLock), and the housekeeping every instance may do
 * (expiring overdue invoices, claimed with SKIP LOCKED; releasing finished manual amounts;
 * confirming refunds recorded before they had the chain's confirmations; deleting idempotency
 * keys past their 24 hours).
 */
export function startPaymentMonitor(
  handle: DatabaseHandle,
  options: {
    chains?: readonly PaymentChain[];
    intervalMs?: number;
    watcher?: Partial<Omit<ChainWatcherOptions, "db" | "chain" | "lock">>;
  } = {},
): MonitorHandle {
  if (state.__checkoutMonitor) return state.__checkoutMonitor;
  const { db } = handle;
  const intervalMs = options.intervalMs ?? 1000;
  const watchers = (options.chains ?? getPaymentChains()).map((chain) =>
    createChainWatcher({
      ...options.watcher,
      db,
      chain,
      lock: createWatcherLock(handle, chain.id),
    }),
  );
  for (const watcher of watchers) watcher.start();

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastError = "";
  let releasedAt = 0;
  let refundsCheckedAt = 0;
  let keysPurgedAt = 0;
  const housekeeping = async () => {
    const now = new Date();
    await expireOverdueInvoices(db, now);
    // Database-only work comes before the refunds check, which a chain outage makes throw.
    if (now.getTime() - keysPurgedAt >= IDEMPOTENCY_PURGE_EVERY_MS) {
      await purgeExpiredIdempotencyKeys(db, now);
      keysPurgedAt = now.getTime();
    }
    if (now.getTime() - refundsCheckedAt >= REFUNDS_EVERY_MS) {
      refundsCheckedAt = now.getTime();
      await confirmPendingRefunds(db);
    }
    if (now.getTime() - releasedAt >= RELEASE_EVERY_MS) {
      await releaseFinishedManualAmounts(db, now);
      releasedAt = now.getTime();
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = housekeeping()
        .then(() => {
          lastError = "";
        })
        .catch((error: unknown) => {
          const message = describeRpcError(error);
          // Say it once per distinct failure, not once a second.
          if (message !== lastError) console.error(`Payment housekeeping: ${message}`);
          lastError = message;
        })
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  const monitor: MonitorHandle = {
    watchers,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all([running, ...watchers.map((watcher) => watcher.stop())]);
      state.__checkoutMonitor = undefined;
    },
  };
  state.__checkoutMonitor = monitor;
  return monitor;
}
