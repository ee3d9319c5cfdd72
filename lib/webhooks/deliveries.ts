import "server-only";
import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Executor } from "../db/client";
import { events, webhookAttempts, webhookDeliveries } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { recordEvents } from "../events/recordEvents";
import { type ListResponse, limitParam } from "../pagination";
import type { webhookDeliverySchema } from "./schemas";
import { attemptDelivery, type DeliveryRow, leaseMs } from "./sender";

export type ApiWebhookAttempt = {
  attempt: number;
  started_at: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
};

/** Derived from its schema, the one source of the API's shape. */
export type ApiWebhookDelivery = z.output<typeof webhookDeliverySchema>;

function present(
  delivery: DeliveryRow,
  eventType: string,
  history: (typeof webhookAttempts.$inferSelect)[],
): ApiWebhookDelivery {
  return {
    id: delivery.id,
    object: "webhook_delivery",
    endpoint_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    last_status_code: delivery.lastStatusCode,
    last_latency_ms: delivery.lastLatencyMs,
    last_error: delivery.lastError,
    next_attempt_at:
      delivery.status === "pending" ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
    created_at: delivery.createdAt.toISOString(),
    completed_at: delivery.completedAt?.toISOString() ?? null,
    attempt_history: history.map((attempt) => ({
      attempt: attempt.attempt,
      started_at: attempt.startedAt.toISOString(),
      status_code: attempt.statusCode,
      latency_ms: attempt.latencyMs,
      error: attempt.error,
    })),
  };
}

async function presentMany(executor: Executor, rows: DeliveryRow[]): Promise<ApiWebhookDelivery[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [types, history] = await Promise.all([
    executor
      .select({ id: events.id, type: events.type })
      .from(events)
      .where(
        inArray(
          events.id,
          rows.map((row) => row.eventId),
        ),
      ),
    executor
      .select()
      .from(webhookAttempts)
      .where(inArray(webhookAttempts.deliveryId, ids))
      .orderBy(asc(webhookAttempts.id)),
  ]);
  const typeOf = new Map(types.map((row) => [row.id, row.type]));
  return rows.map((row) =>
    present(
      row,
      typeOf.get(row.eventId) ?? "",
      history.filter((attempt) => attempt.deliveryId === row.id),
    ),
  );
}

export const listDeliveriesQuery = z.strictObject({
  status: z.enum(["pending", "succeeded", "failed"]).optional(),
  limit: limitParam,
  starting_after: z
    .string()
    .optional()
    .meta({ description: "A delivery id: return those created before it." }),
});

/** An endpoint's deliveries, newest first (the caller checked the endpoint is the merchant's). */
export async function listDeliveries(
  executor: Executor,
  endpointId: string,
  query: z.output<typeof listDeliveriesQuery>,
): Promise<ListResponse<ApiWebhookDelivery>> {
  const limit = query.limit ?? 20;
  const conditions: SQL[] = [eq(webhookDeliveries.endpointId, endpointId)];
  if (query.status) conditions.push(eq(webhookDeliveries.status, query.status));
  if (query.starting_after) {
    const [cursor] = await executor
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.id, query.starting_after),
          eq(webhookDeliveries.endpointId, endpointId),
        ),
      );
    if (!cursor) {
      throw new DomainError(
        "parameter_invalid",
        "Invalid starting_after: no such delivery.",
        "starting_after",
      );
    }
    conditions.push(
      sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`,
    );
  }
  const rows = await executor
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  return {
    object: "list",
    data: await presentMany(executor, rows.slice(0, limit)),
    has_more: rows.length > limit,
  };
}

export async function getDelivery(executor: Executor, endpointId: string, deliveryId: string) {
  const [row] = await executor
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)));
  if (!row) throw notFound("delivery", "delivery_id");
  return row;
}

/**
 * Sends a delivery again now, whatever its state, and answers with the result. A failed one that
 * now succeeds is marked succeeded; otherwise its schedule is left as it was.
 */
export async function redeliver(
  db: Database,
  endpointId: string,
  deliveryId: string,
): Promise<ApiWebhookDelivery> {
  await getDelivery(db, endpointId, deliveryId);
  const now = new Date();
  // Take the same lease a sender takes, so the background sender cannot send it at the same time.
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs()) })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now)),
      ),
    )
    .returning();
  if (!claimed) {
    throw new DomainError(
      "delivery_in_progress",
      "This delivery is being sent right now; try again in a moment.",
    );
  }
  await attemptDelivery(db, claimed, { now, final: "keep" });
  const [after] = await presentMany(db, [await getDelivery(db, endpointId, deliveryId)]);
  return after!;
}

/** Queues a webhook.test event for one endpoint; the sender delivers it within a second. */
export async function sendTestEvent(
  db: Database,
  parameters: { merchantId: string; livemode: boolean; endpointId: string },
): Promise<ApiWebhookDelivery> {
  const now = new Date();
  const [eventId] = await db.transaction((tx) =>
    recordEvents(tx, {
      merchantId: parameters.merchantId,
      livemode: parameters.livemode,
      invoiceId: null,
      types: ["webhook.test"],
      data: {
        message: "A test event from your checkout; no invoice changed.",
        endpoint_id: parameters.endpointId,
      },
      now,
      onlyEndpointId: parameters.endpointId,
    }),
  );
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.eventId, eventId!),
        eq(webhookDeliveries.endpointId, parameters.endpointId),
      ),
    );
  const [delivery] = await presentMany(db, rows);
  return delivery!;
}
