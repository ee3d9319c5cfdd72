import "server-only";
import { getPaymentChains, type PaymentChain } from "../chains/registry";
import type { DatabaseHandle } from "../db/client";
import { createChainWatcher } from "../payments/watcher/chainWatcher";
import type { ChainWatcher, ChainWatcherOptions } from "../payments/watcher/types";
import { createWatcherLock } from "../payments/watcher/watcherLock";
import type { Job } from "./job";

/**
 * One payment watcher per configured chain; only the instance holding a chain's lock runs its
 * (see watcherLock).
 */
export function chainWatchersJob(
  handle: DatabaseHandle,
  options: {
    chains?: readonly PaymentChain[];
    watcher?: Partial<Omit<ChainWatcherOptions, "db" | "chain" | "lock">>;
  } = {},
): Job & { watchers: ChainWatcher[] } {
  const watchers = (options.chains ?? getPaymentChains()).map((chain) =>
    createChainWatcher({
      ...options.watcher,
      db: handle.db,
      chain,
      lock: createWatcherLock(handle, chain.id),
    }),
  );
  return {
    name: "Payment watchers",
    watchers,
    start: () => {
      for (const watcher of watchers) watcher.start();
    },
    stop: async () => {
      await Promise.all(watchers.map((watcher) => watcher.stop()));
    },
  };
}
