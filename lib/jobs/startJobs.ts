import "server-only";
import { getPaymentChains, type PaymentChain } from "../chains/registry";
import type { DatabaseHandle } from "../db/client";
import type { ChainWatcher, ChainWatcherOptions } from "../payments/watcher/types";
import { chainWatchersJob } from "./chainWatchers";
import { housekeepingJobs } from "./housekeeping";
import type { Job } from "./job";
import { relayerJobs } from "./relayer";
import { webhookSenderJob } from "./webhookSender";

export type JobsHandle = { watchers: ChainWatcher[]; jobs: Job[]; stop(): Promise<void> };
const state = globalThis as typeof globalThis & { __checkoutJobs?: JobsHandle };

/**
 * The background work of a process (the app server or `npm run worker`): the payment watchers,
 * the housekeeping and the webhook sender, each a job with a start and a stop. Once per process.
 */
export function startJobs(
  handle: DatabaseHandle,
  options: {
    chains?: readonly PaymentChain[];
    /** Pace of the housekeeping (default 1 s). */
    everyMs?: number;
    watcher?: Partial<Omit<ChainWatcherOptions, "db" | "chain" | "lock">>;
    /** Send webhooks too (default true). */
    webhooks?: boolean;
    /** Tend the gasless relayer too (default true). */
    relayer?: boolean;
  } = {},
): JobsHandle {
  if (state.__checkoutJobs) return state.__checkoutJobs;
  const watching = chainWatchersJob(handle, options);
  const jobs: Job[] = [
    watching,
    ...housekeepingJobs(handle.db, { everyMs: options.everyMs }),
    ...(options.webhooks === false ? [] : [webhookSenderJob(handle.db)]),
    ...(options.relayer === false
      ? []
      : relayerJobs(handle.db, options.chains ?? getPaymentChains(), { everyMs: options.everyMs })),
  ];
  for (const job of jobs) job.start();
  const started: JobsHandle = {
    watchers: watching.watchers,
    jobs,
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
      state.__checkoutJobs = undefined;
    },
  };
  state.__checkoutJobs = started;
  return started;
}
