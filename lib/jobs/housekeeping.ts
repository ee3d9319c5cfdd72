import "server-only";
import type { Database } from "../db/client";
import { expireOverdueInvoices } from "../invoices/expireInvoices";
import { releaseFinishedManualAmounts } from "../invoices/manualAmounts";
import { confirmPendingRefunds } from "../refunds/refunds";
import { intervalJob, type Job } from "./job";
import { purgeExpiredIdempotencyKeys } from "./purgeIdempotencyKeys";

/** Manual amounts of canceled (and paid) invoices are let go of this often. */
export const RELEASE_EVERY_MS = 30_000;
/** Refunds still confirming are checked against the chain this often. */
export const REFUNDS_EVERY_MS = 5_000;
/** Expired idempotency keys are deleted this often (and at the first run after start). */
export const IDEMPOTENCY_PURGE_EVERY_MS = 3_600_000;

/**
 * Housekeeping every instance may do, each a job of its own: expiring overdue invoices (claimed
 * with SKIP LOCKED), releasing finished manual amounts, confirming refunds recorded before they had
 * the chain's confirmations, deleting idempotency keys past their 24 hours. `everyMs` (default 1 s)
 * paces the expiry sweep and the first run of the others.
 */
export function housekeepingJobs(db: Database, options: { everyMs?: number } = {}): Job[] {
  const everyMs = options.everyMs ?? 1000;
  return [
    intervalJob({ name: "Invoice expiry", everyMs, run: () => expireOverdueInvoices(db) }),
    intervalJob({
      name: "Idempotency keys",
      everyMs: IDEMPOTENCY_PURGE_EVERY_MS,
      first: everyMs,
      run: () => purgeExpiredIdempotencyKeys(db),
    }),
    intervalJob({
      name: "Refund confirmation",
      everyMs: REFUNDS_EVERY_MS,
      first: everyMs,
      run: () => confirmPendingRefunds(db),
    }),
    intervalJob({
      name: "Manual amounts",
      everyMs: RELEASE_EVERY_MS,
      first: everyMs,
      run: () => releaseFinishedManualAmounts(db, new Date()),
    }),
  ];
}
