import "server-only";
import { createPublicClient, http, type PublicClient } from "viem";
import { createChainReader } from "./chainReader";
import { saveWatcherStatus } from "./cursor";
import { createHeadSubscription } from "./headSubscription";
import { createPass } from "./pass";
import { backoffDelay, DEFAULT_BACKOFF, describeWatcherError, retryAfterMs } from "./retry";
import type { ChainWatcher, ChainWatcherOptions, PassSummary } from "./types";

/** A failure already said is said again after this long at the earliest, not once a retry. */
const REPEAT_LOG_MS = 60_000;

/**
 * The chain watcher: one loop per chain that finds payments nobody posted a hash for. Each pass
 * (see pass.ts) reads the Transfer logs of the chain's stablecoins for the blocks since its
 * cursor (one eth_getLogs per range, whatever the number of open invoices), keeps the transfers
 * to watched recipients, reads only those transactions, and credits them like the fast path.
 * New heads wake it through a subscription where there is one; it polls otherwise. With a lock,
 * only its holder runs passes, and a lost lock stops them at once.
 */
export function createChainWatcher(options: ChainWatcherOptions): ChainWatcher {
  const { db, chain } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const blockTime = chain.chain.blockTime ?? 2000;
  const pollIntervalMs = options.pollIntervalMs ?? Math.min(2000, Math.max(500, blockTime / 2));
  const wsUrl = options.wsUrl === undefined ? chain.wsUrl : options.wsUrl;
  const rpcClient = (batch: boolean) =>
    createPublicClient({
      chain: chain.chain,
      transport: http(options.rpcUrl ?? chain.rpcUrl, {
        timeout: options.rpcTimeoutMs ?? 10_000,
        // The loop retries whole passes with backoff; a retry inside one call would hide faults.
        retryCount: 0,
        // Posted hashes are asked about in one JSON-RPC batch per pass, whatever their number.
        batch: batch ? { batchSize: 200 } : false,
      }),
    }) as PublicClient;
  const client = rpcClient(false);
  const reader = createChainReader(chain, client);

  let running = false;
  let stopped = true;
  let active = false;
  let loopDone: Promise<void> = Promise.resolve();
  let lastError: string | null = null;
  let lastPass: PassSummary | null = null;
  let wakeOnStop: (() => void) | null = null;
  let wakeOnBlock: (() => void) | null = null;

  const heads = createHeadSubscription(chain, wsUrl, () => wakeOnBlock?.());
  const pass = createPass({
    db,
    chain,
    reader,
    readHead: async () => heads.takeHead() ?? reader.latestHead(),
    client,
    batchClient: rpcClient(true),
    maxLogRange: options.maxLogRange ?? 1000,
    onCredited: options.onCredited,
  });

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

  // A lost lock ends the wait at once, so this instance stops watching before another starts.
  options.lock?.onLost(() => wakeOnStop?.());

  async function loop(): Promise<void> {
    let failures = 0;
    const loggedAt = new Map<string, number>();
    while (!stopped) {
      if (options.lock && !options.lock.held) {
        if (active) {
          active = false;
          await heads.close();
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
      heads.open();
      try {
        lastPass = await pass.run();
        failures = 0;
        lastError = null;
      } catch (error) {
        failures++;
        const message = describeWatcherError(error);
        if (Date.now() - (loggedAt.get(message) ?? 0) > REPEAT_LOG_MS) {
          console.error(`${chain.name} watcher: ${message}; retrying.`);
          loggedAt.set(message, Date.now());
        }
        lastError = message;
        pass.forgetSavedStatus();
        await saveWatcherStatus(db, chain.id, {
          head: null,
          error: message,
          now: new Date(),
        }).catch(() => {});
        await sleep(Math.max(backoffDelay(failures, backoff), retryAfterMs(error) ?? 0), false);
        continue;
      }
      // With a live subscription a new block wakes the loop; the timer is the safety net.
      const subscribed = heads.liveWithin(4 * pollIntervalMs);
      await sleep(subscribed ? 4 * pollIntervalMs : pollIntervalMs, true);
    }
  }

  return {
    chain,
    client,
    runOnce: () => pass.run(),
    start() {
      if (running) return;
      running = true;
      stopped = false;
      loopDone = loop().finally(async () => {
        running = false;
        active = false;
        await heads.close();
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
