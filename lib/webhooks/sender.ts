import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getConfig } from "../config/config";
import type { Database } from "../db/client";
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from "../db/schema";
import { presentEvent } from "../events/payload";
import { describeFailure } from "../logSafe";
import { type PostResult, postWebhook } from "./httpPost";
import { DEFAULT_RETRY_DELAYS_SECONDS, nextAttemptDelayMs } from "./schedule";
import { signWebhook } from "./signing";

/**
 * How long a claimed delivery is held by its sender (WEBHOOK_LEASE_MS, 60 s by default). It is
 * renewed before every attempt, so it only has to outlast one attempt (WEBHOOK_TIMEOUT_MS, 10 s)
 * and its bookkeeping, however long the sender's batch takes.
 */
export function leaseMs(): number {
  return getConfig().webhookLeaseMs;
}

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
type EndpointRow = typeof webhookEndpoints.$inferSelect;

/**
 * Claims up to `limit` due deliveries for this sender: FOR UPDATE SKIP LOCKED makes concurrent
 * senders (other app instances) take different rows, and the lease keeps them from taking a row
 * while it is being sent. A sender that dies lets its lease run out; another takes the row then.
 * Each row's `lockedUntil` is its lease token: the holder renews and records only while the row
 * still carries the value it set.
 * A disabled endpoint's deliveries are not taken: they wait, pending, until it is enabled again
 * (a deleted endpoint's are, to be marked failed).
 */
export async function claimDueDeliveries(
  db: Database,
  now: Date,
  limit: number,
): Promise<DeliveryRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs()).toISOString();
  const at = now.toISOString();
  const result = await db.execute(sql`
    update webhook_deliveries set locked_until = ${leaseUntil}::timestamptz
    where id in (
      select d.id from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id
      where d.status = 'pending' and d.next_attempt_at <= ${at}::timestamptz
        and (d.locked_until is null or d.locked_until < ${at}::timestamptz)
        and (e.enabled or e.deleted_at is not null)
      order by d.next_attempt_at, d.created_at, d.id
      limit ${limit}
      for update of d skip locked
    )
    returning id
  `);
  const ids = (result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
  if (ids.length === 0) return [];
  return db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.id, ids));
}

/** The delivery's row still carries the lease this sender set: nobody else has claimed it since. */
function stillHeld(delivery: DeliveryRow) {
  return and(
    eq(webhookDeliveries.id, delivery.id),
    delivery.lockedUntil
      ? eq(webhookDeliveries.lockedUntil, delivery.lockedUntil)
      : isNull(webhookDeliveries.lockedUntil),
  );
}

/**
 * Extends the lease on the rows this sender still holds (all claimed together, so one token) and
 * returns them with the new token, in the same order; a row another sender took meanwhile is
 * left out, so it is never sent by two at once.
 */
export async function renewLeases(
  db: Database,
  held: readonly DeliveryRow[],
  now = new Date(),
): Promise<DeliveryRow[]> {
  const token = held[0]?.lockedUntil;
  if (!token) return [];
  const lockedUntil = new Date(now.getTime() + leaseMs());
  const renewed = await db
    .update(webhookDeliveries)
    .set({ lockedUntil })
    .where(
      and(
        inArray(
          webhookDeliveries.id,
          held.map((row) => row.id),
        ),
        eq(webhookDeliveries.lockedUntil, token),
        eq(webhookDeliveries.status, "pending"),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  const ids = new Set(renewed.map((row) => row.id));
  return held.filter((row) => ids.has(row.id)).map((row) => ({ ...row, lockedUntil }));
}

function signingSecrets(endpoint: EndpointRow, now: Date) {
  const previousValid =
    endpoint.previousSecret !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt.getTime() > now.getTime();
  return { current: endpoint.secret, previous: previousValid ? endpoint.previousSecret : null };
}

/** Sends one claimed delivery once, records the attempt, and schedules what comes next. */
export async function attemptDelivery(
  db: Database,
  delivery: DeliveryRow,
  options: { now?: Date; retryDelays?: readonly number[]; final?: "schedule" | "keep" } = {},
): Promise<PostResult> {
  const now = options.now ?? new Date();
  const [row] = await db
    .select({ endpoint: webhookEndpoints, event: events })
    .from(webhookEndpoints)
    .innerJoin(events, eq(events.id, delivery.eventId))
    .where(eq(webhookEndpoints.id, delivery.endpointId));
  if (!row) throw new Error(`delivery ${delivery.id} has no endpoint or event`);
  const { endpoint, event } = row;
  const keep = options.final === "keep";

  // Disabled after the claim: a pause, not a failure. The row waits for the endpoint, untouched.
  if (!endpoint.enabled && !endpoint.deletedAt && !keep) {
    await db.update(webhookDeliveries).set({ lockedUntil: null }).where(stillHeld(delivery));
    return { statusCode: null, latencyMs: 0, error: "the endpoint is disabled", excerpt: null };
  }

  let result: PostResult;
  if (endpoint.deletedAt || !endpoint.enabled) {
    result = {
      statusCode: null,
      latencyMs: 0,
      error: endpoint.deletedAt ? "the endpoint was deleted" : "the endpoint is disabled",
      excerpt: null,
    };
  } else {
    const body = JSON.stringify(presentEvent(event));
    result = await postWebhook({
      url: endpoint.url,
      body,
      headers: signWebhook(signingSecrets(endpoint, now), event.id, now, body),
      livemode: endpoint.livemode,
      timeoutMs: getConfig().webhookTimeoutMs,
    });
  }

  const succeeded =
    result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const attempts = delivery.attempts + 1;
  const finished = new Date();
  const blocked = endpoint.deletedAt !== null || !endpoint.enabled;
  const delay =
    succeeded || blocked
      ? null
      : nextAttemptDelayMs(attempts, options.retryDelays ?? retryDelays());
  let status: DeliveryRow["status"] = delivery.status;
  if (succeeded) status = "succeeded";
  else if (!keep) status = delay === null ? "failed" : "pending";

  const recorded = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({
        status,
        attempts,
        lockedUntil: null,
        lastAttemptAt: now,
        lastStatusCode: result.statusCode,
        lastLatencyMs: result.latencyMs,
        lastError: succeeded ? null : (result.error ?? `answered ${result.statusCode}`),
        ...(keep && !succeeded
          ? {}
          : {
              nextAttemptAt:
                status === "pending" && delay !== null
                  ? new Date(finished.getTime() + delay)
                  : null,
              completedAt: status === "pending" ? null : finished,
            }),
      })
      .where(stillHeld(delivery))
      .returning({ id: webhookDeliveries.id });
    // Only the holder of the claim writes the outcome; a sender that lost it records nothing.
    if (!updated) return false;
    await tx.insert(webhookAttempts).values({
      deliveryId: delivery.id,
      attempt: attempts,
      startedAt: now,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: result.error,
      responseExcerpt: result.excerpt,
    });
    if (succeeded && endpoint.flaggedAt) {
      await tx
        .update(webhookEndpoints)
        .set({ flaggedAt: null })
        .where(eq(webhookEndpoints.id, endpoint.id));
    } else if (status === "failed" && !blocked && !endpoint.flaggedAt) {
      await tx
        .update(webhookEndpoints)
        .set({ flaggedAt: finished })
        .where(eq(webhookEndpoints.id, endpoint.id));
    }
    return true;
  });
  if (!recorded) {
    console.warn(
      `Webhook delivery ${delivery.id}: its lease ran out during the attempt; not recorded.`,
    );
  }
  return result;
}

export function retryDelays(): readonly number[] {
  return getConfig().webhookRetryDelays ?? DEFAULT_RETRY_DELAYS_SECONDS;
}

/**
 * One pass: claim what is due and send it. Endpoints are served side by side (a few at a time);
 * each endpoint's deliveries go one after another, oldest event first, so a receiver sees events
 * in the order they happened unless a retry intervenes. Returns how many were attempted.
 */
export async function deliverDueWebhooks(
  db: Database,
  options: { now?: Date; limit?: number; concurrency?: number } = {},
): Promise<number> {
  const claimed = await claimDueDeliveries(db, options.now ?? new Date(), options.limit ?? 20);
  const byEndpoint = new Map<string, DeliveryRow[]>();
  for (const delivery of claimed) {
    byEndpoint.set(delivery.endpointId, [...(byEndpoint.get(delivery.endpointId) ?? []), delivery]);
  }
  const queues = [...byEndpoint.values()].map((list) =>
    list.sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.eventId < b.eventId ? -1 : 1),
    ),
  );
  const workers = Array.from(
    { length: Math.min(options.concurrency ?? 8, queues.length) },
    async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        let waiting = queue;
        while (waiting.length > 0) {
          // Before each attempt the rest of the queue is held for another lease: a slow
          // endpoint cannot make this batch outlive its claim and be sent by another sender too.
          const [delivery, ...rest] = await renewLeases(db, waiting).catch((error) => {
            console.error(`Webhook leases: ${describeFailure(error)}`);
            return [];
          });
          if (!delivery) break;
          waiting = rest;
          try {
            await attemptDelivery(db, delivery);
          } catch (error) {
            console.error(`Webhook delivery ${delivery.id}: ${describeFailure(error)}`);
          }
        }
      }
    },
  );
  await Promise.all(workers);
  return claimed.length;
}

/** Deliveries that waited for a disabled endpoint past the retry window are failed this often. */
