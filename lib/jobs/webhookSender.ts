import "server-only";
import type { Database } from "../db/client";
import { failPausedDeliveriesPastWindow } from "../webhooks/pausedDeliveries";
import { deliverDueWebhooks, retryDelays } from "../webhooks/sender";
import { intervalJob, type Job } from "./job";

const PAUSED_SWEEP_EVERY_MS = 60_000;

/**
 * The delivery loop: every half second it sends what is due. Runs in every app instance and in
 * `npm run worker`; SKIP LOCKED and the lease keep them from sending one delivery twice at once.
 * The schedule lives in the database, so a restart loses nothing.
 */
export function webhookSenderJob(db: Database, everyMs = 500): Job {
  let sweptAt = 0;
  return intervalJob({
    name: "Webhook sender",
    everyMs,
    run: async (stopped) => {
      if (Date.now() - sweptAt >= PAUSED_SWEEP_EVERY_MS) {
        await failPausedDeliveriesPastWindow(db, { now: new Date(), retryDelays: retryDelays() });
        sweptAt = Date.now();
      }
      // Keep going while full batches come back: a backlog drains without waiting.
      while (!stopped() && (await deliverDueWebhooks(db)) >= 20) {}
    },
  });
}
